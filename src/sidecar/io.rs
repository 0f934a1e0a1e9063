//! Where a sidecar lives, and reading and writing it. A loaded file is never
//! trusted: its size is checked before reading, its syntax and version before its
//! shape, and its shape before its meaning (see `validate`).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::durable::{self, Faults};
use super::model::{Document, FORMAT_NAME, FORMAT_VERSION};
use super::validate;

/// The largest sidecar margin reads. A 50,000-annotation sidecar is about 45 MB;
/// anything far larger is not one of ours and would only exhaust memory.
pub const MAX_SIDECAR_BYTES: u64 = 64 * 1024 * 1024;

/// Every way loading or saving a sidecar fails. Each message is one line that
/// names the file and the place in it.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("{path}: cannot read: {source}", path = .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not a sidecar of the expected shape (JSON syntax, types,
    /// unknown `status`/`kind` values, nesting too deep).
    #[error("{path}:{line}:{column}: not a margin sidecar: {message}", path = .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: cannot save: {source}", path = .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {size} bytes is over the limit of {limit} bytes for a sidecar", path = .path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// Well-formed but wrong: `place` is `format`, `annotation 3 (id "q1")`, ...
    #[error("{path}: {place}: {message}", path = .path.display())]
    Invalid {
        path: PathBuf,
        place: String,
        message: String,
    },
    #[error("{path}: written by a newer margin (format version {version}; this margin reads version {FORMAT_VERSION}); upgrade margin to open it", path = .path.display())]
    NewerVersion { path: PathBuf, version: u64 },
    /// Someone else changed the sidecar since this session loaded or saved it.
    /// Nothing was overwritten: theirs is at `path`, ours at `conflict_path`.
    #[error("{path}: changed on disk by someone else since it was loaded; not overwritten, your version was saved to {conflict_path}", path = .path.display(), conflict_path = .conflict_path.display())]
    Conflict {
        path: PathBuf,
        conflict_path: PathBuf,
    },
    /// The store is read-only (locked, invalid, not writable, or `--read-only`).
    #[error("{path}: read-only: {reason}", path = .path.display())]
    ReadOnly { path: PathBuf, reason: String },
}

impl SidecarError {
    /// True when the file's content is at fault (as opposed to the file system).
    pub fn is_bad_data(&self) -> bool {
        matches!(
            self,
            Self::Parse { .. }
                | Self::TooLarge { .. }
                | Self::Invalid { .. }
                | Self::NewerVersion { .. }
        )
    }

    pub(crate) fn invalid(
        path: &Path,
        place: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::Invalid {
            path: path.to_path_buf(),
            place: place.into(),
            message: message.into(),
        }
    }
}

/// `story.txt` -> `story.txt.annotations.json`, in the article's directory.
pub fn sidecar_path_for(article: &Path) -> PathBuf {
    let mut name = article.file_name().unwrap_or_default().to_os_string();
    name.push(".annotations.json");
    article.with_file_name(name)
}

/// The sidecar at `path`, or `None` when there is none yet.
pub fn load(path: &Path) -> Result<Option<Document>, SidecarError> {
    load_bytes(path)?
        .map(|bytes| parse(path, &bytes))
        .transpose()
}

/// The raw bytes of the sidecar at `path` (size-checked), or `None` when there is none.
pub(crate) fn load_bytes(path: &Path) -> Result<Option<Vec<u8>>, SidecarError> {
    let read_error = |source| SidecarError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(read_error(source)),
    };
    let metadata = file.metadata().map_err(read_error)?;
    if !metadata.is_file() {
        return Err(read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    let too_large = |size| SidecarError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit: MAX_SIDECAR_BYTES,
    };
    if metadata.len() > MAX_SIDECAR_BYTES {
        return Err(too_large(metadata.len()));
    }
    // The file may grow between the check and the read: never read past the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_SIDECAR_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_SIDECAR_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

/// The fields read before anything else, so that a file of another format or a
/// newer version is refused for what it is, not for a confusing shape error.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    version: Option<Value>,
}

/// Parses and validates a sidecar's bytes; `path` is only for messages.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Document, SidecarError> {
    check_is_object(path, bytes)?;
    let header: Header =
        serde_json::from_slice(bytes).map_err(|error| parse_error(path, &error, None))?;
    check_header(path, &header)?;
    let document: Document = serde_json::from_slice(bytes).map_err(|error| {
        let place = (error.classify() == serde_json::error::Category::Data)
            .then(|| failing_annotation(bytes))
            .flatten();
        parse_error(path, &error, place.as_deref())
    })?;
    validate::validate(path, &document)?;
    Ok(document)
}

/// A sidecar is one JSON object: anything else is refused at its first byte
/// (serde would read an array's items as the fields, and complain later).
fn check_is_object(path: &Path, bytes: &[u8]) -> Result<(), SidecarError> {
    let Some(at) = bytes.iter().position(|byte| !byte.is_ascii_whitespace()) else {
        return Ok(()); // Empty: serde reports "EOF while parsing".
    };
    if bytes[at] == b'{' {
        return Ok(());
    }
    let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
    let column = at - memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |newline| newline + 1) + 1;
    Err(SidecarError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: "expected a JSON object".to_owned(),
    })
}

fn check_header(path: &Path, header: &Header) -> Result<(), SidecarError> {
    match &header.format {
        Some(Value::String(format)) if format == FORMAT_NAME => {}
        Some(other) => {
            return Err(SidecarError::invalid(
                path,
                "format",
                format!("is {other}, expected \"{FORMAT_NAME}\""),
            ));
        }
        None => {
            return Err(SidecarError::invalid(
                path,
                "format",
                "missing: not a margin sidecar",
            ));
        }
    }
    match header.version.as_ref().map(Value::as_u64) {
        Some(Some(FORMAT_VERSION)) => Ok(()),
        Some(Some(version)) if version > FORMAT_VERSION => Err(SidecarError::NewerVersion {
            path: path.to_path_buf(),
            version,
        }),
        Some(_) => Err(SidecarError::invalid(
            path,
            "version",
            format!(
                "is {}, expected {FORMAT_VERSION}",
                header
                    .version
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string)
            ),
        )),
        None => Err(SidecarError::invalid(path, "version", "missing")),
    }
}

fn parse_error(path: &Path, error: &serde_json::Error, place: Option<&str>) -> SidecarError {
    // serde_json appends " at line L column C"; the position goes first instead.
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    SidecarError::Parse {
        path: path.to_path_buf(),
        line: error.line(),
        column: error.column(),
        message: match place {
            Some(place) => format!("{place}: {message}"),
            None => message.to_owned(),
        },
    }
}

/// Which annotation a data error is in, as "annotation 3 (id \"q1\")", found by
/// reading the annotations one by one. Only run after an error, so its cost
/// does not matter.
fn failing_annotation(bytes: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    let annotations = value.get("annotations")?.as_array()?;
    annotations
        .iter()
        .enumerate()
        .find_map(|(index, annotation)| {
            serde_json::from_value::<super::model::Annotation>(annotation.clone())
                .is_err()
                .then(|| {
                    validate::annotation_place(index, annotation.get("id").and_then(Value::as_str))
                })
        })
}

/// The exact bytes written for a document: pretty-printed, keys in contract
/// order, annotations sorted, trailing newline.
pub fn to_bytes(document: &Document) -> Vec<u8> {
    // Serialising this model cannot fail: every map key is a string, no value is
    // a non-finite float that JSON cannot hold (scores come from JSON or are rounded).
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Replaces the sidecar at `path` with `document` by a durable replace. This
/// does no locking and no conflict check: the review screen saves through a
/// [`super::Store`], which does.
pub fn save(path: &Path, document: &Document) -> Result<(), SidecarError> {
    durable::replace(path, &to_bytes(document), &Faults::none()).map_err(|source| {
        SidecarError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}
