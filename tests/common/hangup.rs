//! A pseudo-terminal the test owns outright, so that it can really hang up:
//! closing its only master descriptor is what the kernel sees when an SSH
//! connection drops. `margin` runs on it without making it its controlling
//! terminal, so the hang-up comes with no SIGHUP: the process must notice
//! the dead terminal on its own. Waits poll with a generous deadline; nothing
//! depends on how fast anything is.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::os::fd::{AsFd as _, OwnedFd};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fs::{Mode, OFlags};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

use super::pty::{COLS, ROWS};

const DEADLINE: Duration = Duration::from_secs(20);

pub struct HangUpPty {
    /// `None` once hung up.
    master: Option<File>,
    pub child: Child,
    parser: vt100::Parser,
}

impl HangUpPty {
    /// Starts `margin ARGS` in `dir` on a new pty at 80x24.
    pub fn spawn(args: &[&str], dir: &Path) -> Self {
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        let size = rustix::termios::Winsize {
            ws_row: ROWS,
            ws_col: COLS,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        rustix::termios::tcsetwinsize(&master, size).expect("window size");
        // NOCTTY: the pty must not become the test's controlling terminal
        // either; CLOEXEC: the only copies margin gets are its standard streams
        // (a master inherited by margin would keep the terminal alive).
        let slave: OwnedFd = rustix::fs::open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .expect("open the pty's slave");
        let slave = File::from(slave);
        let stdio = || Stdio::from(slave.try_clone().expect("dup slave"));
        let child = Command::new(env!("CARGO_BIN_EXE_margin"))
            .args(args)
            .current_dir(dir)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(stdio())
            .stdout(stdio())
            .stderr(stdio())
            .spawn()
            .expect("spawn margin");
        let size = |cells| std::num::NonZeroU16::new(cells).expect("non-zero size");
        Self {
            master: Some(File::from(master)),
            child,
            parser: vt100::Parser::new(size(ROWS), size(COLS), 0),
        }
    }

    /// Reads what the program wrote, waiting at most `patience` for it.
    fn pump(&mut self, patience: Duration) {
        let Some(master) = self.master.as_mut() else {
            return;
        };
        let mut fds = [PollFd::from_borrowed_fd(master.as_fd(), PollFlags::IN)];
        let timeout = Timespec {
            tv_sec: 0,
            tv_nsec: i64::from(patience.subsec_nanos()),
        };
        if rustix::event::poll(&mut fds, Some(&timeout)).unwrap_or(0) > 0
            && fds[0].revents().contains(PollFlags::IN)
        {
            let mut chunk = [0; 8192];
            if let Ok(read) = master.read(&mut chunk) {
                self.parser.process(&chunk[..read]);
            }
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn wait_for(&mut self, needle: &str) {
        let start = Instant::now();
        while !self.screen().contains(needle) {
            assert!(
                start.elapsed() < DEADLINE,
                "{needle:?} never appeared; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, bytes: &str) {
        let master = self.master.as_mut().expect("not hung up");
        master.write_all(bytes.as_bytes()).expect("write keys");
    }

    /// Closes the terminal's far end, as a dropped connection does.
    pub fn hang_up(&mut self) {
        self.master = None;
    }

    /// User + system CPU time the program has used so far, in clock ticks
    /// (1/100 s), and whether it has exited (a zombie, not yet waited for).
    pub fn cpu_ticks(&self) -> (u64, bool) {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .expect("the child is not waited for yet, so its /proc entry stays");
        // Fields after the command name (which may hold spaces) in parentheses.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .expect("stat format")
            .1
            .split_whitespace()
            .collect();
        let ticks = |index: usize| fields[index].parse::<u64>().expect("clock ticks");
        (ticks(11) + ticks(12), fields[0] == "Z")
    }

    /// Waits until the program has exited; returns its CPU ticks at the end,
    /// the time it took from the call, and its exit status.
    pub fn wait_exit(&mut self) -> (u64, Duration, ExitStatus) {
        let start = Instant::now();
        loop {
            let (ticks, exited) = self.cpu_ticks();
            if exited {
                let elapsed = start.elapsed();
                return (ticks, elapsed, self.child.wait().expect("wait"));
            }
            assert!(start.elapsed() < DEADLINE, "margin did not exit");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for HangUpPty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
