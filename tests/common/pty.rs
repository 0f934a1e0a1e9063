//! Running the real `margin` binary in a pseudo-terminal at 80x24: keys in,
//! the raw byte stream out (for escape-sequence checks) and the screen as a
//! VT100 parser sees it. Waits poll the screen with a generous deadline; no
//! test depends on how fast anything is.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;
const DEADLINE: Duration = Duration::from_secs(20);

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    /// Set when the reader has seen the end of the output (the program is gone).
    ended: Arc<AtomicBool>,
}

impl Pty {
    /// Starts `margin ARGS` in `dir` with extra environment variables.
    pub fn spawn(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_margin"));
        command.args(args);
        command.cwd(dir);
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pair.slave.spawn_command(command).expect("spawn margin");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        let ended = Arc::new(AtomicBool::new(false));
        let end = Arc::clone(&ended);
        std::thread::spawn(move || {
            let mut chunk = [0; 4096];
            while let Ok(read) = reader.read(&mut chunk) {
                if read == 0 {
                    break;
                }
                sink.lock()
                    .expect("output lock")
                    .extend_from_slice(&chunk[..read]);
            }
            end.store(true, Ordering::SeqCst);
        });
        Self {
            child,
            master: pair.master,
            writer,
            output,
            ended,
        }
    }

    /// Every byte the program wrote to the terminal so far.
    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().expect("output lock").clone()
    }

    /// The screen as a VT100 terminal shows it now.
    pub fn screen(&self) -> String {
        let size = |cells| std::num::NonZeroU16::new(cells).expect("non-zero size");
        let mut parser = vt100::Parser::new(size(ROWS), size(COLS), 0);
        parser.process(&self.raw());
        parser.screen().contents()
    }

    pub fn wait_for(&self, needle: &str) {
        self.wait_until(&format!("{needle:?} never appeared"), |screen| {
            screen.contains(needle)
        });
    }

    /// Waits until `needle` is no longer on the screen.
    pub fn wait_gone(&self, needle: &str) {
        self.wait_until(&format!("{needle:?} never went"), |screen| {
            !screen.contains(needle)
        });
    }

    fn wait_until(&self, failure: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.screen()) {
            assert!(
                start.elapsed() < DEADLINE,
                "{failure}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, bytes: &str) {
        let writer = &mut self.writer;
        writer.write_all(bytes.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
    }

    /// Sends a key and waits for its effect to show.
    pub fn key(&mut self, bytes: &str, then: &str) {
        self.send(bytes);
        self.wait_for(then);
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Sends a signal with the shell's `kill`.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("kill -{name} {}", self.pid()))
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Whether the terminal is back in canonical (cooked) mode with echo.
    pub fn cooked(&self) -> bool {
        let termios = self.master.get_termios().expect("termios");
        let flags = format!("{:?}", termios.local_flags);
        flags.contains("ICANON") && flags.contains("ECHO")
    }

    /// Waits for the program to exit and for the last of its output to be
    /// read; panics if it does not.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                while !self.ended.load(Ordering::SeqCst) {
                    assert!(start.elapsed() < DEADLINE, "output never ended");
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status;
            }
            assert!(start.elapsed() < DEADLINE, "margin did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The restore sequences: mouse off, bracketed paste off, alternate screen
    /// left, cursor shown, in the byte stream after the program's last frame.
    pub fn restored_terminal(&self) -> bool {
        let raw = self.raw();
        let last_leave = find_last(&raw, b"\x1b[?1049l");
        last_leave.is_some_and(|leave| {
            let after_enter = find_last(&raw, b"\x1b[?1049h").is_none_or(|enter| enter < leave);
            after_enter
                && find_last(&raw, b"\x1b[?2004l").is_some()
                && find_last(&raw, b"\x1b[?1000l").is_some()
                && find_last(&raw, b"\x1b[?25h")
                    .is_some_and(|show| show > leave || leave - show < 64)
        })
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
