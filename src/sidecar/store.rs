//! One open sidecar: where it is, whether this session may write it, and saving
//! it safely. The review screen talks to the file only through a `Store`.

use std::path::{Path, PathBuf};

use super::io::{self, SidecarError};
use super::model::Document;

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
}

/// What `Store::open` found on disk.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    /// The sidecar's document, or `None` when there is no sidecar yet.
    pub document: Option<Document>,
}

impl Store {
    /// Opens the sidecar at `path` for this session. A sidecar that cannot be
    /// used for writing gives a read-only store with the reason, not an error;
    /// an error means it cannot be read at all.
    pub fn open(path: &Path, read_only: bool) -> Result<Opened, SidecarError> {
        let document = match io::load(path) {
            Ok(document) => document,
            Err(error @ SidecarError::Parse { .. }) => {
                return Ok(Opened {
                    store: Self {
                        path: path.to_path_buf(),
                        read_only: Some(ReadOnlyReason::Invalid {
                            message: error.to_string(),
                        }),
                    },
                    document: None,
                });
            }
            Err(error) => return Err(error),
        };
        Ok(Opened {
            store: Self {
                path: path.to_path_buf(),
                read_only: read_only.then_some(ReadOnlyReason::Requested),
            },
            document,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why this store does not write, if it does not.
    pub fn read_only(&self) -> Option<&ReadOnlyReason> {
        self.read_only.as_ref()
    }

    /// Writes `document` durably. Does nothing when read-only.
    pub fn save(&mut self, document: &Document) -> Result<(), SidecarError> {
        if self.read_only.is_some() {
            return Ok(());
        }
        io::save(&self.path, document)
    }

    /// Writes what is in memory to a recovery file beside the sidecar (never over
    /// it), for the next start to offer; returns where it went.
    pub fn write_recovery(&self, document: &Document) -> Result<PathBuf, SidecarError> {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".recovery");
        let recovery = self.path.with_file_name(name);
        io::save(&recovery, document)?;
        Ok(recovery)
    }
}
