//! Where a sidecar lives, and reading and writing it.

use std::path::{Path, PathBuf};

use super::model::Document;

#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("{path}: cannot read: {source}", path = .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
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
}

/// `story.txt` -> `story.txt.annotations.json`, in the article's directory.
pub fn sidecar_path_for(article: &Path) -> PathBuf {
    let mut name = article.file_name().unwrap_or_default().to_os_string();
    name.push(".annotations.json");
    article.with_file_name(name)
}

/// The sidecar at `path`, or `None` when there is none yet.
pub fn load(path: &Path) -> Result<Option<Document>, SidecarError> {
    match std::fs::read(path) {
        Ok(bytes) => parse(path, &bytes).map(Some),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SidecarError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Parses a sidecar's bytes; `path` is only for messages.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Document, SidecarError> {
    serde_json::from_slice(bytes).map_err(|error| SidecarError::Parse {
        path: path.to_path_buf(),
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })
}

/// The exact bytes written for a document: pretty-printed, trailing newline.
pub fn to_bytes(document: &Document) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Replaces the sidecar at `path` with `document`.
pub fn save(path: &Path, document: &Document) -> Result<(), SidecarError> {
    let write = |source| SidecarError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(write)?;
    std::io::Write::write_all(&mut temp, &to_bytes(document)).map_err(write)?;
    temp.as_file().sync_all().map_err(write)?;
    temp.persist(path).map_err(|error| write(error.error))?;
    Ok(())
}
