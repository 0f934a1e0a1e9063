//! The durable replace, as databases and careful editors do it: write a temp file
//! in the same directory, fsync it, rename it over the target, fsync the
//! directory. A crash at any instant leaves the complete old or the complete new
//! file; a failure at any step leaves the old file untouched and no temp file.
//!
//! A symlinked target stays a symlink (the file it points to is replaced) and a
//! replaced file keeps its permission bits.
//!
//! Each step can be made to fail on purpose ([`Faults`]) so that tests can prove
//! what happens on a full disk or a failing fsync without a broken disk.

use std::fs::{File, Permissions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// One step of a durable replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Creating the temp file.
    Create,
    /// Writing the bytes into it.
    Write,
    /// fsync of the temp file.
    Fsync,
    /// Renaming it over the target.
    Rename,
    /// fsync of the directory, making the rename durable.
    DirFsync,
}

/// Failures to inject into the next saves: `step` fails `times` times with
/// `kind`, then saving works again. Compiled in always, so the code tested is the
/// code shipped; only tests set it (through `Store::inject_faults`).
#[derive(Debug, Default)]
pub struct Faults {
    plan: Option<(Step, io::ErrorKind)>,
    remaining: AtomicU32,
}

impl Faults {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn fail(step: Step, kind: io::ErrorKind, times: u32) -> Self {
        Self {
            plan: Some((step, kind)),
            remaining: AtomicU32::new(times),
        }
    }

    fn check(&self, step: Step) -> io::Result<()> {
        match self.plan {
            Some((planned, kind))
                if planned == step
                    && self
                        .remaining
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                        .is_ok() =>
            {
                Err(io::Error::new(kind, format!("injected fault at {step:?}")))
            }
            _ => Ok(()),
        }
    }
}

/// Durably replaces the file at `path` (or, if `path` is a symlink, the file it
/// points to) with what `write` writes. `write` gets a buffered writer into
/// the temp file, so the content is streamed and never held whole.
pub fn replace(
    path: &Path,
    faults: &Faults,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_symlinks(path)?;
    let dir = parent_dir(&target);
    let permissions = match std::fs::metadata(&target) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    faults.check(Step::Create)?;
    let prefix = temp_prefix(&target);
    let mut temp = temp_builder(&prefix, permissions.as_ref()).tempfile_in(dir)?;
    if let Some(permissions) = permissions {
        // The mode given at creation was cut by the umask: set it exactly.
        temp.as_file().set_permissions(permissions)?;
    }
    // From here on, an error drops `temp`, which deletes the temp file; a later
    // save starts over with a fresh one (never fsync a file whose fsync failed).
    faults.check(Step::Write)?;
    let mut buffered = BufWriter::with_capacity(super::io::IO_BUFFER, temp.as_file_mut());
    write(&mut buffered)?;
    buffered.flush()?;
    drop(buffered);
    faults.check(Step::Fsync)?;
    temp.as_file().sync_all()?;
    faults.check(Step::Rename)?;
    temp.persist(&target).map_err(|error| error.error)?;
    faults.check(Step::DirFsync)?;
    File::open(dir)?.sync_all()
}

/// Temp files are named `.story.txt.annotations.json.XXXXXX.tmp`, so that a
/// left-over one (after a crash) says what it was, and `Store` can remove it.
pub(crate) fn temp_builder<'a>(
    prefix: &'a str,
    permissions: Option<&Permissions>,
) -> tempfile::Builder<'a, 'a> {
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(prefix)
        .rand_bytes(TEMP_RANDOM_CHARS)
        .suffix(TEMP_SUFFIX)
        .permissions(
            permissions
                .cloned()
                .unwrap_or_else(|| Permissions::from_mode(0o666)),
        );
    builder
}

const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM_CHARS: usize = 6;

/// Whether `name` is the name of one of `target`'s temp files.
pub(crate) fn is_temp_file_of(target: &Path, name: &str) -> bool {
    name.strip_prefix(&temp_prefix(target))
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// `.story.txt.annotations.json.`, the start of the name of `target`'s temp files.
pub(crate) fn temp_prefix(target: &Path) -> String {
    format!(
        ".{}.",
        target.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// The directory a file is in ("." for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Follows symlinks from `path` to the file they end at (which may not exist
/// yet); `path` itself when it is not a symlink.
pub fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    // The same limit as the kernel's (ELOOP).
    const MAX_LINKS: usize = 40;
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = parent_dir(&current).join(link);
            }
            Ok(_) => return Ok(current),
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other(format!(
        "too many levels of symbolic links at {}",
        path.display()
    )))
}
