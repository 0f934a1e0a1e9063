//! SIGHUP (the SSH connection dropped, the pty closed) and SIGTERM: the loop
//! sees a flag, saves and exits. Ctrl-Z arrives as a key in raw mode; stopping
//! is done by raising SIGTSTP ourselves once the terminal is restored.

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::sidecar::Document;

use signal_hook::consts::{SIGHUP, SIGTERM, SIGTSTP};

#[derive(Debug, Clone)]
pub struct Signals {
    terminate: Arc<AtomicBool>,
}

/// A document whose last save failed, and where its recovery file goes: what
/// the watchdog writes if it has to end the process.
pub type Unsaved = Arc<Mutex<Option<(PathBuf, Document)>>>;

/// After SIGHUP/SIGTERM the loop normally ends within one poll (200 ms). If it
/// has not after this long, it is stuck: crossterm's input reader spins on a
/// terminal that returns end-of-file once the pty is gone.
const GRACE: Duration = Duration::from_secs(1);

impl Signals {
    /// Registers the flags and starts the watchdog that guarantees the exit.
    pub fn register(unsaved: Unsaved) -> io::Result<Self> {
        let terminate = Arc::new(AtomicBool::new(false));
        for signal in [SIGHUP, SIGTERM] {
            signal_hook::flag::register(signal, Arc::clone(&terminate))?;
        }
        let watched = Arc::clone(&terminate);
        std::thread::spawn(move || watchdog(&watched, &unsaved));
        Ok(Self { terminate })
    }

    /// A hang-up or termination was asked for.
    pub fn terminate_requested(&self) -> bool {
        self.terminate.load(Ordering::SeqCst)
    }
}

/// Stops the process as Ctrl-Z would have (returns when it is continued).
pub fn stop_self() -> io::Result<()> {
    signal_hook::low_level::raise(SIGTSTP)
}

/// Ends the process if it has not ended `GRACE` after a termination signal.
/// Every decision shown is already on disk (saves are synchronous); one whose
/// save failed goes to the recovery file first.
fn watchdog(terminate: &AtomicBool, unsaved: &Unsaved) {
    while !terminate.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(GRACE);
    let pending = unsaved.lock().ok().and_then(|mut slot| slot.take());
    if let Some((recovery, document)) = pending {
        let _ = crate::sidecar::save(&recovery, &document);
    }
    // 128 + SIGHUP, as a shell reports a hang-up.
    std::process::exit(129);
}
