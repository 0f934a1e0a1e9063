//! SIGHUP (the SSH connection dropped, the pty closed), SIGTERM, and a terminal
//! that went away without either: the loop sees a flag, saves and exits.
//! Ctrl-Z arrives as a key in raw mode; stopping is done by raising SIGTSTP
//! ourselves once the terminal is restored.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rustix::event::{PollFd, PollFlags};
use signal_hook::consts::{SIGHUP, SIGTERM, SIGTSTP};

use super::saver::Closer;

#[derive(Debug, Clone)]
pub struct Signals {
    terminate: Arc<AtomicBool>,
    /// Set by the runtime once the loop has ended and it is closing down itself.
    ended: Arc<AtomicBool>,
}

/// After the flag is set the loop normally ends within one poll (200 ms). If it
/// has not after this long, it is stuck: crossterm's input reader spins on a
/// terminal that returns end-of-file or EIO once the pty is gone, inside its
/// own `poll`, and never returns.
const GRACE: Duration = Duration::from_secs(1);

/// How long the watchdog waits for the saver's last write before exiting: the
/// whole exit stays within 2 s of the signal or hang-up.
const WATCHDOG_FLUSH: Duration = Duration::from_millis(900);

/// How often the watchdog looks at the flags and the terminal.
const TICK: Duration = Duration::from_millis(100);

impl Signals {
    /// Registers the flags and starts the watchdog that guarantees the exit;
    /// `closer` lets it save what the saver holds if it must end the process.
    pub fn register(closer: Closer) -> io::Result<Self> {
        let terminate = Arc::new(AtomicBool::new(false));
        for signal in [SIGHUP, SIGTERM] {
            signal_hook::flag::register(signal, Arc::clone(&terminate))?;
        }
        let signals = Self {
            terminate,
            ended: Arc::new(AtomicBool::new(false)),
        };
        let watched = signals.clone();
        std::thread::spawn(move || watchdog(&watched, &closer));
        Ok(signals)
    }

    /// A hang-up or termination was asked for, or the terminal is gone.
    pub fn terminate_requested(&self) -> bool {
        self.terminate.load(Ordering::SeqCst)
    }

    /// The loop has ended: the runtime flushes and exits on its own (bounded),
    /// so the watchdog must not cut it short.
    pub fn loop_ended(&self) {
        self.ended.store(true, Ordering::SeqCst);
    }
}

/// Stops the process as Ctrl-Z would have (returns when it is continued).
pub fn stop_self() -> io::Result<()> {
    signal_hook::low_level::raise(SIGTSTP)
}

/// Raises the flag when the terminal hangs up, and ends the process if the
/// loop has not ended `GRACE` after the flag: first the saver writes what it
/// holds (every change the screen showed was already sent to it), or puts it
/// in the recovery file.
fn watchdog(signals: &Signals, closer: &Closer) {
    while !signals.terminate_requested() {
        std::thread::sleep(TICK);
        if terminal_hung_up() {
            signals.terminate.store(true, Ordering::SeqCst);
        }
    }
    std::thread::sleep(GRACE);
    if signals.ended.load(Ordering::SeqCst) {
        return;
    }
    let _ = closer.close(None, WATCHDOG_FLUSH);
    // 128 + SIGHUP, as a shell reports a hang-up.
    std::process::exit(129);
}

/// Whether standard input (the terminal crossterm reads) has hung up. `poll`
/// reports it without reading anything, so no key is taken from the loop.
fn terminal_hung_up() -> bool {
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match rustix::event::poll(&mut fds, Some(&zero)) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => false,
    }
}
