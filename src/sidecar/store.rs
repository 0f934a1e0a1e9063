//! One open sidecar: where it is, whether this session may write it, and saving
//! it safely. The review screen talks to the file only through a `Store`.
//!
//! What a writable store promises (docs/RELIABILITY.md has the tests):
//! - it holds the sidecar's lock for as long as it lives: one writer per sidecar;
//! - every save is a durable replace: old or new file, never a mix, never empty;
//! - a change recorded (`record`) is in the journal beside the sidecar, fsynced,
//!   in milliseconds; the next full save folds it in, and a load replays it;
//! - a save never overwrites a file someone else changed since this store loaded
//!   or saved it (compared by content hash): ours goes to a `.conflict` file;
//! - a sidecar that does not parse or validate is never written;
//! - what cannot be written (a read-only file or directory) is known at open.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::durable::{self, Faults};
use super::io::{self, Hash, SidecarError};
use super::journal::{self, Edit, Journal};
use super::lock::{self, Acquired, Lock};
use super::model::Document;
use super::reanchor::{ReanchorReport, reanchor};
use super::validate;
use crate::article::Article;

/// Why a store will not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// `--read-only` was given.
    Requested,
    /// Another session holds the lock ("user@host, pid 123, since ...").
    Locked { holder: String },
    /// The sidecar on disk does not parse or is not valid; it is left untouched.
    Invalid { message: String },
    /// The sidecar or its directory cannot be written.
    NotWritable { message: String },
}

impl std::fmt::Display for ReadOnlyReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Requested => f.write_str("--read-only"),
            Self::Locked { holder } => write!(f, "locked by {holder}"),
            Self::Invalid { message } => write!(f, "sidecar invalid: {message}"),
            Self::NotWritable { message } => write!(f, "cannot write: {message}"),
        }
    }
}

/// An open sidecar.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    read_only: Option<ReadOnlyReason>,
    /// Held while writable; dropping the store releases it.
    lock: Option<Lock>,
    /// Hash of the sidecar's bytes as this store last loaded or saved them;
    /// `None` when there was no sidecar. A save goes ahead only if the file on
    /// disk still has this hash.
    known: Option<Hash>,
    /// Changes recorded since the last full save; folded in by the next one.
    journal: Journal,
    faults: Faults,
}

/// What `Store::open` found on disk.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    /// The sidecar's document, or `None` when there is no sidecar yet (or it is
    /// invalid: then the store is read-only with the reason). Its journal, if
    /// a session left one, is already replayed into it.
    pub document: Option<Document>,
    /// The journal's changes when there is no sidecar to replay them into:
    /// the caller applies them to the new document ([`Store::replay`]).
    pub journal: Vec<Edit>,
}

impl Store {
    /// Opens the sidecar at `path` for this session. A sidecar that cannot be
    /// used for writing gives a read-only store with the reason, not an error;
    /// an error means it cannot be read at all.
    pub fn open(path: &Path, read_only: bool) -> Result<Opened, SidecarError> {
        let mut store = Self {
            path: path.to_path_buf(),
            read_only: read_only.then_some(ReadOnlyReason::Requested),
            lock: None,
            known: None,
            journal: Journal::unread(path),
            faults: Faults::none(),
        };
        if !read_only {
            // Lock before reading, so that what we read is what we may replace.
            store.read_only = store.take_lock();
        }
        let loaded = io::load_with_hash(path).and_then(|loaded| {
            let (document, known) = loaded.unzip();
            let (journal, edits) = Journal::read(path, known.as_ref())?;
            Ok((document, known, journal, edits))
        });
        let (mut document, known, journal, mut edits) = match loaded {
            Ok(loaded) => loaded,
            Err(error) if error.is_bad_data() => {
                store.become_read_only(ReadOnlyReason::Invalid {
                    message: error.to_string(),
                });
                return Ok(Opened {
                    store,
                    document: None,
                    journal: Vec::new(),
                });
            }
            Err(error) => return Err(error),
        };
        store.known = known;
        store.journal = journal;
        if let Some(loaded) = document.as_mut()
            && store.replay(std::mem::take(&mut edits), loaded).is_err()
        {
            document = None;
        }
        if store.read_only.is_none()
            && let Err(message) = check_writable(path)
        {
            store.become_read_only(ReadOnlyReason::NotWritable { message });
        }
        if store.read_only.is_none() {
            remove_stale_temp_files(path);
        }
        Ok(Opened {
            store,
            document,
            journal: edits,
        })
    }

    /// Applies a journal's changes to `document` (see [`Opened::journal`]).
    /// When the result is not a valid sidecar the store turns read-only with
    /// the reason, which is also returned.
    pub fn replay(
        &mut self,
        edits: Vec<Edit>,
        document: &mut Document,
    ) -> Result<(), SidecarError> {
        journal::replay(&self.path, edits, document).inspect_err(|error| {
            self.become_read_only(ReadOnlyReason::Invalid {
                message: error.to_string(),
            });
        })
    }

    /// Records changes in the journal, fsynced: once this returns they survive
    /// a crash, and the next full save ([`Store::save`]) folds them in. Takes
    /// milliseconds whatever the sidecar's size. Does nothing when read-only.
    pub fn record(&mut self, edits: &[Edit]) -> Result<(), SidecarError> {
        if self.read_only.is_some() || edits.is_empty() {
            return Ok(());
        }
        self.journal
            .append(edits, self.known.as_ref())
            .map_err(|source| SidecarError::Write {
                path: journal::journal_path_for(&self.path),
                source,
            })
    }

    /// Whether a journal is waiting to be folded in by a full save.
    pub fn has_journal(&self) -> bool {
        self.journal.exists()
    }

    /// The lock, or why this store cannot have it.
    fn take_lock(&mut self) -> Option<ReadOnlyReason> {
        match Lock::try_acquire(&lock::lock_path_for(&self.path)) {
            Ok(Acquired::Held(lock)) => {
                self.lock = Some(lock);
                None
            }
            Ok(Acquired::Busy { holder }) => Some(ReadOnlyReason::Locked { holder }),
            Err(error) => Some(ReadOnlyReason::NotWritable {
                message: format!("cannot create the lock file: {error}"),
            }),
        }
    }

    /// Makes the store read-only for `reason`, which replaces a less telling
    /// one (an invalid file matters more than `--read-only`).
    fn become_read_only(&mut self, reason: ReadOnlyReason) {
        // A read-only session must not keep a writer out.
        self.lock = None;
        self.read_only = Some(reason);
    }

    /// Fits a just-opened `document` to the article it annotates: when the
    /// article is the one recorded (same hash), every span must agree with it,
    /// else the sidecar is invalid and this store turns read-only (the file is
    /// never overwritten); when the article changed, re-anchors the annotations.
    pub fn fit_to_article(&mut self, document: &mut Document, article: &Article) -> ReanchorReport {
        if let Err(error) = validate::check_against_article(&self.path, document, article) {
            self.become_read_only(ReadOnlyReason::Invalid {
                message: error.to_string(),
            });
        }
        reanchor(document, article)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why this store does not write, if it does not.
    pub fn read_only(&self) -> Option<&ReadOnlyReason> {
        self.read_only.as_ref()
    }

    /// Writes `document` durably. Does nothing when read-only.
    ///
    /// Fails with [`SidecarError::Conflict`] when the file on disk is no longer
    /// the one this store loaded or last saved: it is left as it is and
    /// `document` goes to [`Store::conflict_path`]. Fails with
    /// [`SidecarError::Write`] when the file system does (full disk, I/O
    /// error): the sidecar on disk is then the old one, whole, and a later save
    /// can succeed. In every failure `document` is still the caller's to keep.
    pub fn save(&mut self, document: &Document) -> Result<(), SidecarError> {
        if self.read_only.is_some() {
            return Ok(());
        }
        let disk_hash = io::hash_file(&self.path)?;
        // A sidecar deleted by someone else loses nothing when written again.
        if disk_hash.is_some() && disk_hash != self.known {
            return Err(self.keep_ours_aside(document));
        }
        let mut written = None;
        let result = durable::replace(&self.path, &self.faults, |file| {
            // The hasher goes below a buffer of its own: serde_json writes a
            // few bytes at a time, and hashing each piece cost 0.3 s at 39 MB.
            let mut buffered =
                BufWriter::with_capacity(io::IO_BUFFER, io::HashingWriter::new(file));
            io::write_document(&mut buffered, document)?;
            let hashing = buffered
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            written = Some(hashing.finish().1);
            Ok(())
        });
        match result {
            Ok(()) => {
                self.known = written;
                // Everything the journal held is in the sidecar now.
                self.journal.remove().map_err(|source| SidecarError::Write {
                    path: journal::journal_path_for(&self.path),
                    source,
                })
            }
            Err(source) => {
                // If only the directory fsync failed, the new file is in place:
                // it is ours now, and the next save must not call it a conflict.
                if written.is_some() && io::hash_file(&self.path).ok().flatten() == written {
                    self.known = written;
                }
                Err(SidecarError::Write {
                    path: self.path.clone(),
                    source,
                })
            }
        }
    }

    /// Writes `document` to the conflict file and gives the error to report.
    /// The journal goes once the conflict file holds everything: replayed over
    /// someone else's sidecar, it would undo their changes.
    fn keep_ours_aside(&mut self, document: &Document) -> SidecarError {
        let conflict_path = self.conflict_path();
        let result = durable::replace(&conflict_path, &Faults::none(), |file| {
            io::write_document(file, document)
        })
        .and_then(|()| self.journal.remove());
        match result {
            Ok(()) => SidecarError::Conflict {
                path: self.path.clone(),
                conflict_path,
            },
            Err(source) => SidecarError::Write {
                path: conflict_path,
                source,
            },
        }
    }

    /// Where a save that met a conflict put this session's version.
    pub fn conflict_path(&self) -> PathBuf {
        with_suffix(&self.path, ".conflict")
    }

    /// Loads the sidecar as it is on disk now and makes it the base of the next
    /// save. After a conflict: `theirs = store.reload()?`, then
    /// `merge_by_id(&ours, &theirs)`, then `store.save(&merged)`.
    pub fn reload(&mut self) -> Result<Option<Document>, SidecarError> {
        let (document, known) = io::load_with_hash(&self.path)?.unzip();
        self.known = known;
        Ok(document)
    }

    /// Where the recovery file of this sidecar is (whether or not there is one).
    pub fn recovery_path(&self) -> PathBuf {
        with_suffix(&self.path, ".recovery")
    }

    /// Writes what is in memory to a recovery file beside the sidecar (never over
    /// it), for the next start to offer; returns where it went. A store that
    /// does not own the sidecar (read-only) writes nothing: the recovery file
    /// belongs to the session holding the lock.
    pub fn write_recovery(&self, document: &Document) -> Result<PathBuf, SidecarError> {
        if let Some(reason) = &self.read_only {
            return Err(SidecarError::ReadOnly {
                path: self.path.clone(),
                reason: reason.to_string(),
            });
        }
        let recovery = self.recovery_path();
        io::save(&recovery, document)?;
        Ok(recovery)
    }

    /// The recovery file a previous session left, if there is one: offer to
    /// restore it ([`Store::restore_recovery`]) or to discard it.
    pub fn find_recovery(&self) -> Option<PathBuf> {
        let path = self.recovery_path();
        path.is_file().then_some(path)
    }

    /// The document in the recovery file, validated like any sidecar.
    pub fn load_recovery(&self) -> Result<Option<Document>, SidecarError> {
        io::load(&self.recovery_path())
    }

    /// Saves the recovery file's document as the sidecar, then removes the
    /// recovery file; returns the document (or `None` if there was none).
    pub fn restore_recovery(&mut self) -> Result<Option<Document>, SidecarError> {
        let Some(document) = self.load_recovery()? else {
            return Ok(None);
        };
        if self.read_only.is_some() {
            return Err(SidecarError::ReadOnly {
                path: self.path.clone(),
                reason: self
                    .read_only
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            });
        }
        self.save(&document)?;
        self.discard_recovery()?;
        Ok(Some(document))
    }

    /// Removes the recovery file (no error if there is none).
    pub fn discard_recovery(&self) -> Result<(), SidecarError> {
        let path = self.recovery_path();
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(SidecarError::Write { path, source }),
        }
    }

    /// Makes the next saves fail at a chosen step (tests of full disks and
    /// failing fsyncs; see `durable::Faults`).
    #[doc(hidden)]
    pub fn inject_faults(&mut self, faults: Faults) {
        self.faults = faults;
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Whether saving can work, found now rather than at the first save: the
/// sidecar (if any) must be writable, and so must the directory its temp file
/// and rename go to. Probed by doing it, which also covers read-only mounts
/// and ACLs; the probe writes nothing to the sidecar.
fn check_writable(path: &Path) -> Result<(), String> {
    let target = durable::resolve_symlinks(path).map_err(|error| error.to_string())?;
    match std::fs::OpenOptions::new().append(true).open(&target) {
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(format!("{}: {error}", target.display())),
    }
    let dir = durable::parent_dir(&target);
    durable::temp_builder(&durable::temp_prefix(&target), None)
        .tempfile_in(dir)
        .map(drop)
        .map_err(|error| format!("directory {}: {error}", dir.display()))
}

/// Removes temp files a crashed save of this sidecar left behind. Only called
/// while holding the lock, so no other save of this sidecar is running.
fn remove_stale_temp_files(path: &Path) {
    let Ok(target) = durable::resolve_symlinks(path) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(durable::parent_dir(&target)) else {
        return;
    };
    for entry in entries.flatten() {
        if durable::is_temp_file_of(&target, &entry.file_name().to_string_lossy()) {
            // Best effort: a temp file that stays is only clutter.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
