//! Waiting for the terminal with our own `poll(2)`, so that a terminal that
//! went away is seen at once and nothing spins on it.
//!
//! crossterm's reader loops until a read says "would block": on a pty whose
//! other end closed, every read returns end-of-file or EIO, so crossterm's
//! `poll` and `read` never return and burn a core. Its own wait cannot tell a
//! hang-up from input. So the loop waits here instead, on the descriptor
//! crossterm reads, and calls crossterm only when there is input and no
//! hang-up. A resize arrives as SIGWINCH, which crossterm handles inside its
//! own wait; a pipe registered for SIGWINCH wakes this wait too.

use std::fs::File;
use std::io::{self, IsTerminal as _, Read as _};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags, Timespec};
use signal_hook::SigId;
use signal_hook::consts::SIGWINCH;

/// What ended a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Input is waiting: crossterm can read it without blocking.
    Input,
    /// The terminal changed size.
    Resized,
    /// The terminal is gone (hang-up or error): do not read it again.
    HungUp,
    /// Nothing happened within the time given.
    Timeout,
}

/// The terminal's input as crossterm reads it, and the SIGWINCH pipe.
pub struct Input {
    /// `/dev/tty` when standard input is not the terminal (crossterm reads the
    /// same then); `None`: standard input.
    tty: Option<File>,
    resized: UnixStream,
    registration: SigId,
}

impl Input {
    pub fn new() -> io::Result<Self> {
        let tty = if io::stdin().is_terminal() {
            None
        } else {
            Some(File::open("/dev/tty")?)
        };
        let (resized, sender) = UnixStream::pair()?;
        resized.set_nonblocking(true)?;
        let registration = signal_hook::low_level::pipe::register(SIGWINCH, sender)?;
        Ok(Self {
            tty,
            resized,
            registration,
        })
    }

    fn terminal(&self) -> BorrowedFd<'_> {
        self.tty
            .as_ref()
            .map_or_else(|| rustix::stdio::stdin(), |tty| tty.as_fd())
    }

    /// Waits up to `timeout` for input, a resize or a hang-up. A hang-up wins
    /// over input that is still waiting: the terminal is gone either way.
    pub fn wait(&self, timeout: Duration) -> io::Result<Wake> {
        let mut fds = [
            PollFd::from_borrowed_fd(self.terminal(), PollFlags::IN),
            PollFd::new(&self.resized, PollFlags::IN),
        ];
        let timeout = Timespec {
            tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(timeout.subsec_nanos()),
        };
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) => {}
            // A signal (SIGWINCH, SIGTERM): the caller looks at its flags.
            Err(rustix::io::Errno::INTR) => return Ok(Wake::Timeout),
            Err(error) => return Err(error.into()),
        }
        let terminal = fds[0].revents();
        if terminal.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            return Ok(Wake::HungUp);
        }
        if fds[1].revents().contains(PollFlags::IN) {
            // Several resizes in a row are one redraw.
            let mut drain = [0; 64];
            while matches!((&self.resized).read(&mut drain), Ok(read) if read > 0) {}
            return Ok(Wake::Resized);
        }
        if terminal.contains(PollFlags::IN) {
            return Ok(Wake::Input);
        }
        Ok(Wake::Timeout)
    }
}

impl Drop for Input {
    fn drop(&mut self) {
        signal_hook::low_level::unregister(self.registration);
    }
}
