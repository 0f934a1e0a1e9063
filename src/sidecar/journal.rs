//! The journal: one line per change, appended and fsynced beside the sidecar
//! (`story.txt.annotations.json.journal`), so that a decision is on disk in
//! milliseconds whatever the sidecar's size. Rewriting a 50,000-annotation
//! sidecar takes 0.3–0.7 s; a decision made during such a rewrite used to wait
//! for it and then for its own, over the one-second promise.
//!
//! The sidecar stays the contract format and the only file other programs need
//! to read once a session has ended: the journal is folded into it by the
//! session's full save (when it leaves the article or ends), then removed. A
//! session that was killed before that leaves the journal, and the next load
//! (`Store::open`, `sidecar::load`) replays it.
//!
//! Format: a first line naming the format and the hash of the sidecar the
//! changes apply to, then one compact JSON object per line,
//! `{"upsert":{...annotation...}}` or `{"remove":"id"}`, replayed in order.
//! A crash can only cut the last line short: a last line without its newline
//! is ignored (it was never reported as saved). Any other bad line, or a
//! journal recorded against another version of the sidecar, makes the sidecar
//! invalid (read-only, with the reason), never silently dropped.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead as _, BufReader, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::io::{Hash, MAX_SIDECAR_BYTES, SidecarError};
use super::model::{Annotation, Document};
use super::{durable, validate};

/// One change to one annotation, as recorded in the journal and as the screen
/// hands it to the saver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// The annotation as it is now (added or changed), found by id.
    Upsert(Box<Annotation>),
    /// The annotation with this id is gone (an addition undone).
    Remove(CompactString),
}

impl Edit {
    /// Makes this change to `document`. Order is left to the caller: the file
    /// is sorted when it is written.
    pub fn apply(self, document: &mut Document) {
        let annotations = &mut document.annotations;
        match self {
            Self::Upsert(annotation) => {
                match annotations
                    .iter_mut()
                    .find(|stored| stored.id == annotation.id)
                {
                    Some(stored) => *stored = *annotation,
                    None => annotations.push(*annotation),
                }
            }
            Self::Remove(id) => annotations.retain(|stored| stored.id != id),
        }
    }
}

const FORMAT: &str = "margin-journal";
const VERSION: u64 = 1;

/// The journal's first line.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u64,
    /// Hex SHA-256 of the sidecar the changes apply to; `None`: no sidecar yet.
    sidecar_sha256: Option<String>,
}

/// `story.txt.annotations.json` -> `story.txt.annotations.json.journal`.
pub fn journal_path_for(sidecar: &Path) -> PathBuf {
    let mut name = sidecar.file_name().unwrap_or_default().to_os_string();
    name.push(".journal");
    sidecar.with_file_name(name)
}

/// The journal of one sidecar, as its store writes it.
#[derive(Debug)]
pub(crate) struct Journal {
    path: PathBuf,
    /// Open for appending once this session has written to it.
    file: Option<File>,
    /// Where the last whole line ends (0: no journal). Anything after it (a
    /// line cut short by a crash or a failed write) is cut off before the next
    /// append, so a torn line never ends up in the middle.
    len: u64,
}

impl Journal {
    /// The journal of the sidecar at `sidecar`, not read yet: taken as absent.
    pub(crate) fn unread(sidecar: &Path) -> Self {
        Self {
            path: journal_path_for(sidecar),
            file: None,
            len: 0,
        }
    }

    /// Reads the journal of the sidecar at `sidecar`, whose bytes hash to
    /// `base` (`None`: no sidecar): the changes it holds, in order.
    pub(crate) fn read(
        sidecar: &Path,
        base: Option<&Hash>,
    ) -> Result<(Self, Vec<Edit>), SidecarError> {
        let path = journal_path_for(sidecar);
        let bad = |line: usize, message: String| SidecarError::Parse {
            path: path.clone(),
            line,
            column: 1,
            message,
        };
        let mut journal = Self::unread(sidecar);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok((journal, Vec::new()));
            }
            Err(source) => return Err(SidecarError::Read { path, source }),
        };
        let mut reader = BufReader::new(file.take(MAX_SIDECAR_BYTES));
        let mut edits = Vec::new();
        let mut line = Vec::new();
        for number in 1.. {
            line.clear();
            let read =
                reader
                    .read_until(b'\n', &mut line)
                    .map_err(|source| SidecarError::Read {
                        path: path.clone(),
                        source,
                    })?;
            // The end, or a last line cut short by a crash: never reported saved.
            if read == 0 || line.last() != Some(&b'\n') {
                break;
            }
            if number == 1 {
                let header: Header = serde_json::from_slice(&line)
                    .map_err(|error| bad(number, format!("not a margin journal: {error}")))?;
                check_header(&path, &header, base)?;
            } else {
                edits.push(
                    serde_json::from_slice(&line)
                        .map_err(|error| bad(number, format!("bad journal line: {error}")))?,
                );
            }
            journal.len += read as u64;
        }
        Ok((journal, edits))
    }

    /// Whether there is a journal on disk that a full save would fold in.
    pub(crate) fn exists(&self) -> bool {
        self.len > 0
    }

    /// Appends `edits` and fsyncs them: once this returns, they survive a
    /// crash. A new journal records `base`, the hash of the sidecar on disk.
    pub(crate) fn append(&mut self, edits: &[Edit], base: Option<&Hash>) -> io::Result<()> {
        let mut lines = Vec::new();
        if self.len == 0 {
            let header = Header {
                format: FORMAT.to_owned(),
                version: VERSION,
                sidecar_sha256: base.map(hex),
            };
            serde_json::to_writer(&mut lines, &header)?;
            lines.push(b'\n');
        }
        for edit in edits {
            // Compact JSON escapes every newline inside strings: one edit, one line.
            serde_json::to_writer(&mut lines, edit)?;
            lines.push(b'\n');
        }
        // After an error the file is reopened, and cut back to the last whole
        // line, by the next append.
        self.write(&lines)
    }

    fn write(&mut self, lines: &[u8]) -> io::Result<()> {
        let created = self.len == 0;
        // Taken out: after an error it is dropped, and reopened next time.
        let mut file = if let Some(file) = self.file.take() {
            file
        } else {
            let mut file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&self.path)?;
            file.set_len(self.len)?;
            file.seek(SeekFrom::Start(self.len))?;
            file
        };
        file.write_all(lines)?;
        file.sync_data()?;
        if created {
            // The new file's name must survive a crash too.
            File::open(durable::parent_dir(&self.path))?.sync_all()?;
        }
        self.len += lines.len() as u64;
        self.file = Some(file);
        Ok(())
    }

    /// Removes the journal once a full save holds everything in it.
    pub(crate) fn remove(&mut self) -> io::Result<()> {
        self.file = None;
        match std::fs::remove_file(&self.path) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        self.len = 0;
        Ok(())
    }
}

fn check_header(path: &Path, header: &Header, base: Option<&Hash>) -> Result<(), SidecarError> {
    if header.format != FORMAT || header.version != VERSION {
        return Err(SidecarError::invalid(
            path,
            "journal",
            format!(
                "format {:?} version {}, expected {FORMAT:?} version {VERSION}",
                header.format, header.version
            ),
        ));
    }
    if header.sidecar_sha256.as_deref() != base.map(hex).as_deref() {
        return Err(SidecarError::invalid(
            path,
            "journal",
            "holds changes to another version of the sidecar (it was replaced since); \
             they were not applied: merge them by hand, then delete the journal",
        ));
    }
    Ok(())
}

/// Applies the journal's `edits` to the sidecar's `document`, in order, and
/// checks the result like any loaded sidecar.
pub(crate) fn replay(
    sidecar: &Path,
    edits: Vec<Edit>,
    document: &mut Document,
) -> Result<(), SidecarError> {
    if edits.is_empty() {
        return Ok(());
    }
    for edit in edits {
        edit.apply(document);
    }
    validate::validate(&journal_path_for(sidecar), document)
}

fn hex(hash: &Hash) -> String {
    use std::fmt::Write as _;
    hash.iter()
        .fold(String::with_capacity(64), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}
