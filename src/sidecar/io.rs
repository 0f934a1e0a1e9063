//! Where a sidecar lives, and reading and writing it. A loaded file is never
//! trusted: its size is checked before reading, its syntax and version before its
//! shape, and its shape before its meaning (see `validate`).

use std::fs::File;
use std::io::{BufReader, Read, Seek as _, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;
use serde_json::error::Category;
use sha2::{Digest as _, Sha256};

use super::durable::{self, Faults};
use super::model::{Document, FORMAT_NAME, FORMAT_VERSION};
use super::validate;

/// The largest sidecar margin reads, about 700,000 annotations. It must hold
/// what margin writes: a 10 MB article with 50,000 candidates gives about 40 MB,
/// one as dense as the sample articles (166,739) 120 MB. Anything far larger
/// is not one of ours and would only exhaust memory.
pub const MAX_SIDECAR_BYTES: u64 = 512 * 1024 * 1024;

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

/// The sidecar at `path`, or `None` when there is none yet, with the decisions
/// of its journal (a session that ended before its final save) folded in.
pub fn load(path: &Path) -> Result<Option<Document>, SidecarError> {
    let Some((mut document, hash)) = load_with_hash(path)? else {
        return Ok(None);
    };
    let (_, edits) = super::journal::Journal::read(path, Some(&hash))?;
    super::journal::replay(path, edits, &mut document)?;
    Ok(Some(document))
}

/// The SHA-256 of a file's bytes.
pub type Hash = [u8; 32];

/// Big enough that reading or writing a large sidecar costs few system calls.
pub(crate) const IO_BUFFER: usize = 256 * 1024;

/// The sidecar at `path` (size-checked, parsed, validated) and the hash of the
/// bytes it was parsed from, or `None` when there is none. The file is
/// streamed: its bytes are never held whole in memory (a 50,000-annotation
/// sidecar is 39 MB), and the hash is taken as they go by.
pub(crate) fn load_with_hash(path: &Path) -> Result<Option<(Document, Hash)>, SidecarError> {
    let Some(file) = open_existing(path)? else {
        return Ok(None);
    };
    let read_error = |source| SidecarError::Read {
        path: path.to_path_buf(),
        source,
    };
    let metadata = file.metadata().map_err(read_error)?;
    if !metadata.is_file() {
        return Err(read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    if metadata.len() > MAX_SIDECAR_BYTES {
        return Err(too_large(path, metadata.len()));
    }
    let mut hasher = Sha256::new();
    let document = parse_from(path, Some(&mut hasher), &mut || {
        (&file).rewind()?;
        // The file may grow between the check and the read: never read past the limit.
        Ok((&file).take(MAX_SIDECAR_BYTES + 1))
    })?;
    Ok(Some((document, hasher.finalize().into())))
}

/// The file at `path` opened for reading, or `None` when there is none.
fn open_existing(path: &Path) -> Result<Option<File>, SidecarError> {
    match File::open(path) {
        Ok(file) => Ok(Some(file)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SidecarError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn too_large(path: &Path, size: u64) -> SidecarError {
    SidecarError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit: MAX_SIDECAR_BYTES,
    }
}

/// The hash of the file at `path` as it is now, or `None` when there is none;
/// read in blocks, never whole.
pub(crate) fn hash_file(path: &Path) -> Result<Option<Hash>, SidecarError> {
    let Some(file) = open_existing(path)? else {
        return Ok(None);
    };
    let mut hashing = HashingWriter::new(std::io::sink());
    std::io::copy(&mut BufReader::with_capacity(IO_BUFFER, file), &mut hashing).map_err(
        |source| SidecarError::Read {
            path: path.to_path_buf(),
            source,
        },
    )?;
    Ok(Some(hashing.finish().1))
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
    parse_from(path, None, &mut || Ok(bytes))
}

/// Parses and validates the sidecar that `open` reads from its start each time
/// it is called; the first reading also feeds `hasher`. Only a file that
/// turns out to be bad is read again, to say why.
fn parse_from<R: Read>(
    path: &Path,
    hasher: Option<&mut Sha256>,
    open: &mut dyn FnMut() -> std::io::Result<R>,
) -> Result<Document, SidecarError> {
    let read_error = |source| SidecarError::Read {
        path: path.to_path_buf(),
        source,
    };
    // The tap sits below the buffer, so it sees blocks while serde_json reads
    // the buffer byte by byte.
    let tap = Tap::new(open().map_err(read_error)?, hasher);
    let mut reader = BufReader::with_capacity(IO_BUFFER, tap);
    let parsed: Result<Document, _> = serde_json::from_reader(&mut reader);
    let tap = reader.into_inner();
    if tap.count > MAX_SIDECAR_BYTES {
        return Err(too_large(path, tap.count));
    }
    // Anything but an object is refused at its first byte: serde would read an
    // array's items as the fields, and might even accept them.
    if let Some((byte, line, column)) = tap.first
        && byte != b'{'
    {
        return Err(SidecarError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: "expected a JSON object".to_owned(),
        });
    }
    let document = match parsed {
        Ok(document) => document,
        Err(error) if error.classify() == Category::Io => return Err(read_error(error.into())),
        Err(error) => {
            // The header is judged first, so that another format or a newer
            // version is refused for what it is, not for its shape.
            let mut again = || {
                open()
                    .map(|reader| BufReader::with_capacity(IO_BUFFER, reader))
                    .map_err(read_error)
            };
            let header: Header = serde_json::from_reader(again()?)
                .map_err(|error| parse_error(path, &error, None))?;
            check_header(path, &header)?;
            let place = if error.classify() == Category::Data {
                failing_annotation(again()?)
            } else {
                None
            };
            return Err(parse_error(path, &error, place.as_deref()));
        }
    };
    check_header(
        path,
        &Header {
            format: Some(Value::from(document.format.as_str())),
            version: Some(Value::from(document.version)),
        },
    )?;
    validate::validate(path, &document)?;
    Ok(document)
}

/// A reader that counts the bytes read, feeds them to a hasher, and notes the
/// first byte that is not whitespace and where it is (line and column from 1).
struct Tap<'h, R> {
    inner: R,
    hasher: Option<&'h mut Sha256>,
    count: u64,
    first: Option<(u8, usize, usize)>,
    line: usize,
    column: usize,
}

impl<'h, R> Tap<'h, R> {
    fn new(inner: R, hasher: Option<&'h mut Sha256>) -> Self {
        Self {
            inner,
            hasher,
            count: 0,
            first: None,
            line: 1,
            column: 1,
        }
    }

    fn note(&mut self, bytes: &[u8]) {
        self.count += bytes.len() as u64;
        if let Some(hasher) = self.hasher.as_mut() {
            hasher.update(bytes);
        }
        if self.first.is_some() {
            return;
        }
        for &byte in bytes {
            match byte {
                b'\n' => {
                    self.line += 1;
                    self.column = 1;
                }
                b' ' | b'\t' | b'\r' => self.column += 1,
                _ => {
                    self.first = Some((byte, self.line, self.column));
                    return;
                }
            }
        }
    }
}

impl<R: Read> Read for Tap<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.note(&buffer[..read]);
        Ok(read)
    }
}

/// A writer that hashes what goes through it, so that a save knows the hash
/// of the bytes it wrote without holding them.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
        }
    }

    pub(crate) fn finish(self) -> (W, Hash) {
        (self.inner, self.hasher.finalize().into())
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
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
fn failing_annotation(reader: impl Read) -> Option<String> {
    let value: Value = serde_json::from_reader(reader).ok()?;
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

/// Writes the exact bytes of a document: pretty-printed, keys in contract
/// order, annotations sorted, trailing newline. Streamed, so a save never
/// holds the whole file in memory.
pub fn write_document(writer: impl Write, document: &Document) -> std::io::Result<()> {
    let mut writer = writer;
    serde_json::to_writer_pretty(&mut writer, document).map_err(std::io::Error::other)?;
    writer.write_all(b"\n")
}

/// The exact bytes written for a document (see [`write_document`]).
pub fn to_bytes(document: &Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail, nor can serialising this model: every map
    // key is a string, no value is a non-finite float that JSON cannot hold
    // (scores come from JSON or are rounded).
    let _ = write_document(&mut bytes, document);
    bytes
}

/// Replaces the sidecar at `path` with `document` by a durable replace. This
/// does no locking and no conflict check: the review screen saves through a
/// [`super::Store`], which does.
pub fn save(path: &Path, document: &Document) -> Result<(), SidecarError> {
    durable::replace(path, &Faults::none(), |file| write_document(file, document)).map_err(
        |source| SidecarError::Write {
            path: path.to_path_buf(),
            source,
        },
    )
}
