//! Reading an article: strict UTF-8, a BOM that is not text, sizes checked before
//! reading, binaries refused. The text is never normalised (CRLF and tabs stay),
//! because every offset in a sidecar counts the article's own code points.

use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::text::{Excerpt, OffsetIndex};

/// Default ceiling on an article's size; `--max-size` raises it.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The ceiling `--max-size` can raise it to, 4 GiB: the review screen keeps
/// byte offsets as `u32`, half the memory of `usize` for its 300,000 line
/// starts and 50,000 spans of a 10 MB article.
pub const MAX_ARTICLE_BYTES: u64 = u32::MAX as u64 - 1;

/// How far a NUL byte is looked for to call a file binary (as git and grep do).
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("{path}: cannot read: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a regular file", path = .path.display())]
    NotAFile { path: PathBuf },
    #[error("{path}: {size} bytes is over the limit of {limit} bytes (raise it with --max-size)", path = .path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: invalid UTF-8 at byte {byte} (line {line}, column {column}); convert it first, e.g. `iconv -f latin1 -t utf-8`", path = .path.display())]
    InvalidUtf8 {
        path: PathBuf,
        byte: usize,
        line: usize,
        column: usize,
    },
    #[error("{path}: the file is {encoding} (it starts with a byte-order mark); convert it to UTF-8 first, e.g. `iconv -f {encoding} -t utf-8`", path = .path.display())]
    WideEncoding {
        path: PathBuf,
        encoding: &'static str,
    },
    #[error("{path}: binary file (a NUL byte at byte {byte}); margin reads plain text", path = .path.display())]
    Binary { path: PathBuf, byte: usize },
}

impl ArticleError {
    /// True when the file could not be opened or read at all (as opposed to being
    /// read and found unusable): the CLI maps this to exit code 66 or 74.
    pub fn is_io(&self) -> bool {
        matches!(self, Self::Io { .. } | Self::NotAFile { .. })
    }
}

/// Options for reading an article.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// An article's text with what the sidecar needs to know about the file.
#[derive(Debug, Clone)]
pub struct Article {
    path: PathBuf,
    /// Shared with the annotations' excerpts, which are ranges of it.
    text: Arc<String>,
    sha256: String,
    offsets: OffsetIndex,
}

impl Article {
    /// Reads and checks the file at `path`.
    pub fn read(path: &Path, options: ReadOptions) -> Result<Self, ArticleError> {
        let io = |source| ArticleError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        let metadata = file.metadata().map_err(io)?;
        if !metadata.is_file() {
            return Err(ArticleError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        let limit = options.max_bytes.min(MAX_ARTICLE_BYTES);
        let too_large = |size| ArticleError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        };
        if metadata.len() > limit {
            return Err(too_large(metadata.len()));
        }
        // The file may grow between the check and the read: never read past the limit.
        let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
        file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        Self::from_bytes(path, bytes)
    }

    /// Checks and decodes bytes that were read from `path`.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self, ArticleError> {
        if let Some(encoding) = wide_encoding(&bytes) {
            return Err(ArticleError::WideEncoding {
                path: path.to_path_buf(),
                encoding,
            });
        }
        if let Some(byte) = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)]) {
            return Err(ArticleError::Binary {
                path: path.to_path_buf(),
                byte,
            });
        }
        let sha256 = hex_sha256(&bytes);
        let bom = if bytes.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        let text = match std::str::from_utf8(&bytes[bom..]) {
            Ok(_) => {
                let mut bytes = bytes;
                bytes.drain(..bom);
                String::from_utf8(bytes).unwrap_or_default()
            }
            Err(error) => {
                let valid = &bytes[bom..bom + error.valid_up_to()];
                let (line, column) = line_and_column(valid);
                return Err(ArticleError::InvalidUtf8 {
                    path: path.to_path_buf(),
                    byte: bom + error.valid_up_to(),
                    line,
                    column,
                });
            }
        };
        Ok(Self::from_text(path, text, sha256))
    }

    fn from_text(path: &Path, text: String, sha256: String) -> Self {
        let offsets = OffsetIndex::new(&text);
        Self {
            path: path.to_path_buf(),
            text: Arc::new(text),
            sha256,
            offsets,
        }
    }

    /// An article that exists only in memory (tests, benchmarks, stdin).
    pub fn from_string(path: &Path, text: String) -> Self {
        let sha256 = hex_sha256(text.as_bytes());
        Self::from_text(path, text, sha256)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text, without a UTF-8 BOM.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// `text()[range]`, sharing the article's text rather than copying it.
    ///
    /// # Panics
    /// When `range` is not a char-boundary range of the text, like slicing.
    pub fn excerpt(&self, range: Range<usize>) -> Excerpt {
        Excerpt::shared(&self.text, range)
    }

    /// The shared text itself, for [`Excerpt::share_at`].
    pub fn shared_text(&self) -> &Arc<String> {
        &self.text
    }

    /// Hex SHA-256 of the file's bytes as read (a BOM included).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Number of code points in the text.
    pub fn codepoints(&self) -> usize {
        self.offsets.char_len()
    }

    pub fn offsets(&self) -> &OffsetIndex {
        &self.offsets
    }

    /// Code-point offset of a byte offset into `text()`.
    pub fn char_at(&self, byte: usize) -> Option<usize> {
        self.offsets.to_char(&self.text, byte)
    }

    /// Byte offset into `text()` of a code-point offset.
    pub fn byte_at(&self, char_offset: usize) -> Option<usize> {
        self.offsets.to_byte(&self.text, char_offset)
    }
}

/// Hex SHA-256 of some bytes, as the sidecar writes it.
pub fn hex_sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\x00\x00") {
        Some("UTF-32LE")
    } else if bytes.starts_with(b"\x00\x00\xFE\xFF") {
        Some("UTF-32BE")
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some("UTF-16LE")
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// 1-based line and column (in code points) just after `valid`.
fn line_and_column(valid: &[u8]) -> (usize, usize) {
    let line_start = memchr::memrchr(b'\n', valid).map_or(0, |newline| newline + 1);
    let line = memchr::memchr_iter(b'\n', valid).count() + 1;
    let column = String::from_utf8_lossy(&valid[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Article, ArticleError> {
        Article::from_bytes(Path::new("story.txt"), bytes.to_vec())
    }

    #[test]
    fn utf8_bom_is_not_text_but_is_hashed() {
        let article = read(b"\xEF\xBB\xBFHi").expect("valid");
        assert_eq!(article.text(), "Hi");
        assert_eq!(article.sha256(), hex_sha256(b"\xEF\xBB\xBFHi"));
    }

    #[test]
    fn invalid_utf8_names_byte_line_and_column() {
        let error = read(b"ok\n\xC3\xA9t\xE9").expect_err("invalid");
        assert!(matches!(
            error,
            ArticleError::InvalidUtf8 {
                byte: 6,
                line: 2,
                column: 3,
                ..
            }
        ));
        assert!(
            error
                .to_string()
                .starts_with("story.txt: invalid UTF-8 at byte 6")
        );
    }

    #[test]
    fn wide_encodings_and_binaries_are_refused() {
        assert!(matches!(
            read(b"\xFF\xFEH\x00"),
            Err(ArticleError::WideEncoding {
                encoding: "UTF-16LE",
                ..
            })
        ));
        assert!(matches!(
            read(b"\xFF\xFE\x00\x00"),
            Err(ArticleError::WideEncoding {
                encoding: "UTF-32LE",
                ..
            })
        ));
        assert!(matches!(
            read(b"PK\x03\x04\x00"),
            Err(ArticleError::Binary { byte: 4, .. })
        ));
    }

    #[test]
    fn crlf_tabs_and_emptiness_are_kept() {
        assert_eq!(read(b"a\r\n\tb").expect("valid").text(), "a\r\n\tb");
        assert_eq!(read(b"").expect("valid").codepoints(), 0);
    }

    #[test]
    fn every_kind_of_invalid_utf8_is_refused_at_its_byte() {
        let cases: [(&[u8], usize); 6] = [
            (b"ab\xC0\x80", 2),         // overlong encoding of NUL
            (b"ab\xE0\x80\xAF", 2),     // overlong '/'
            (b"ab\xED\xA0\x80", 2),     // UTF-16 surrogate
            (b"ab\xE2\x82", 2),         // truncated at the end
            (b"ab\x80cd", 2),           // stray continuation byte
            (b"ab\xF5\x80\x80\x80", 2), // past U+10FFFF
        ];
        for (bytes, at) in cases {
            match read(bytes) {
                Err(ArticleError::InvalidUtf8 {
                    byte,
                    line: 1,
                    column: 3,
                    ..
                }) => assert_eq!(byte, at),
                other => panic!("{bytes:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn big_endian_wide_encodings_are_refused() {
        for (bytes, name) in [
            (&b"\xFE\xFF\x00H"[..], "UTF-16BE"),
            (&b"\x00\x00\xFE\xFF\x00\x00\x00H"[..], "UTF-32BE"),
        ] {
            assert!(
                matches!(read(bytes), Err(ArticleError::WideEncoding { encoding, .. }) if encoding == name)
            );
        }
    }

    #[test]
    fn a_huge_sparse_file_is_refused_from_its_size_without_reading_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("huge.txt");
        let file = File::create(&path).expect("create");
        // 2 GB that occupy no disk: reading it would take seconds and 2 GB of memory.
        file.set_len(2 * 1024 * 1024 * 1024).expect("sparse");
        let error = Article::read(&path, ReadOptions::default()).expect_err("too large");
        assert!(matches!(
            error,
            ArticleError::TooLarge {
                size: 2_147_483_648,
                ..
            }
        ));
    }

    #[test]
    fn empty_whitespace_and_one_long_line_are_text() {
        assert_eq!(read(b"").expect("empty").text(), "");
        assert_eq!(read(b" \n\t\r\n ").expect("whitespace").codepoints(), 6);
        let line = vec![b'a'; 10 * 1024 * 1024];
        assert_eq!(
            read(&line).expect("10 MB line").codepoints(),
            10 * 1024 * 1024
        );
    }

    #[test]
    fn a_directory_is_not_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = Article::read(dir.path(), ReadOptions::default()).expect_err("a directory");
        assert!(error.is_io(), "{error}");
    }
}
