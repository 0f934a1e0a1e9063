//! SIGHUP (the SSH connection dropped, the pty closed) and SIGTERM: the loop
//! sees a flag, saves and exits. Ctrl-Z arrives as a key in raw mode; stopping
//! is done by raising SIGTSTP ourselves once the terminal is restored.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGHUP, SIGTERM, SIGTSTP};

#[derive(Debug, Clone)]
pub struct Signals {
    terminate: Arc<AtomicBool>,
}

impl Signals {
    pub fn register() -> io::Result<Self> {
        let terminate = Arc::new(AtomicBool::new(false));
        for signal in [SIGHUP, SIGTERM] {
            signal_hook::flag::register(signal, Arc::clone(&terminate))?;
        }
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
