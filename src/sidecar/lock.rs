//! One writer per sidecar: an advisory lock (flock, through std's
//! `File::try_lock`) on a separate lock file beside it. The sidecar itself cannot
//! carry the lock, because every save renames a new file over it.
//!
//! The lock file records who holds it ("user@host, pid N, since <RFC 3339>") for
//! the message the second session shows. The kernel drops the lock when the
//! holder's process ends in any way, SIGKILL included, so a stale lock file
//! never blocks anyone: its text is simply overwritten by the next holder.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read as _, Seek as _, Write as _};
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// `story.txt.annotations.json` -> `story.txt.annotations.json.lock`.
pub fn lock_path_for(sidecar: &Path) -> PathBuf {
    let mut name = sidecar.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    sidecar.with_file_name(name)
}

/// A held lock; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct Lock {
    /// Kept open only to hold the lock: closing it releases the lock.
    _file: File,
    path: PathBuf,
}

/// The outcome of trying to take the lock.
#[derive(Debug)]
pub enum Acquired {
    Held(Lock),
    /// Someone else holds it; this is what their lock file says.
    Busy {
        holder: String,
    },
}

impl Lock {
    /// Tries once to take the lock at `path` without waiting.
    pub fn try_acquire(path: &Path) -> io::Result<Acquired> {
        // Another holder may remove the file between our open and our lock (it
        // removes it when it ends): then we would hold a lock on a file nobody
        // else can find. Retry until the locked file is the one at `path`.
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Ok(Acquired::Busy {
                        holder: read_holder(&mut file),
                    });
                }
                Err(TryLockError::Error(error)) => return Err(error),
            }
            if is_same_file(&file, path)? {
                write_holder(&mut file)?;
                return Ok(Acquired::Held(Self {
                    _file: file,
                    path: path.to_path_buf(),
                }));
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock, so nobody can take a lock
        // on it in between; closing `file` then releases the lock. A failure only
        // leaves a harmless stale lock file.
        let _ = std::fs::remove_file(&self.path);
    }
}

fn is_same_file(file: &File, path: &Path) -> io::Result<bool> {
    let held = file.metadata()?;
    match std::fs::metadata(path) {
        Ok(current) => Ok(held.dev() == current.dev() && held.ino() == current.ino()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

/// The holder's description, for a message; never trusted beyond that.
fn read_holder(file: &mut File) -> String {
    let mut text = String::new();
    // The holder writes its line right after locking; a short or unreadable
    // file just gives a vaguer message.
    let _ = file.take(512).read_to_string(&mut text);
    // One line: the holder's text ends up in a one-line status message.
    let holder = text.lines().next().unwrap_or_default().trim();
    if holder.is_empty() {
        "another margin session".to_owned()
    } else {
        holder.to_owned()
    }
}

fn write_holder(file: &mut File) -> io::Result<()> {
    file.set_len(0)?;
    file.rewind()?;
    writeln!(file, "{}", holder_description())
}

/// "user@host, pid N, since <RFC 3339>".
pub fn holder_description() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map_or_else(|_| "localhost".to_owned(), |host| host.trim().to_owned());
    let since = humantime::format_rfc3339_seconds(SystemTime::now());
    format!("{user}@{host}, pid {}, since {since}", std::process::id())
}
