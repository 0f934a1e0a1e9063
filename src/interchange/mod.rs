//! Interchange and team work: exporting annotations to other tools' formats,
//! importing theirs, comparing two annotators, corpus statistics and batches.
//!
//! Everything here works on the public sidecar API (`load`, `save`, `build`,
//! `merge`, the model): it never reaches into how the sidecar is stored.

pub mod batch;
pub mod compare;
pub mod corpus;
pub mod evaluate;
pub mod export;
pub mod import;
pub mod stats;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::article::{Article, ArticleError, ReadOptions};
use crate::sidecar::{self, Document, SidecarError, build, reanchor};

/// Why an article and its sidecar could not be loaded together.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Article(#[from] ArticleError),
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
}

/// An article with the sidecar document that belongs to it.
#[derive(Debug, Clone)]
pub struct Annotated {
    pub article: Article,
    pub document: Document,
    pub sidecar: PathBuf,
}

impl Annotated {
    /// Reads `article_path` and the sidecar beside it. A missing sidecar is an
    /// empty document (nothing reviewed yet); a sidecar made on another version
    /// of the article is re-anchored in memory, never saved from here.
    pub fn load(article_path: &Path, options: ReadOptions) -> Result<Self, LoadError> {
        let article = Article::read(article_path, options)?;
        let sidecar = sidecar::sidecar_path_for(article_path);
        let document = match sidecar::load(&sidecar)? {
            Some(mut document) => {
                if document.article.sha256 != article.sha256() {
                    reanchor::reanchor(&mut document, &article);
                }
                document
            }
            None => build::new_document(&article, &sidecar),
        };
        Ok(Self {
            article,
            document,
            sidecar,
        })
    }
}

/// The byte range of a code-point span, when it lies inside the text.
pub fn byte_range(article: &Article, start: u64, end: u64) -> Option<Range<usize>> {
    let start = article.byte_at(usize::try_from(start).ok()?)?;
    let end = article.byte_at(usize::try_from(end).ok()?)?;
    (start <= end).then_some(start..end)
}

/// True when the article holds exactly `text` at the code-point span: only such
/// spans are written out, so that every export slices back to its own text.
pub fn span_holds(article: &Article, start: u64, end: u64, text: &str) -> bool {
    byte_range(article, start, end).is_some_and(|range| &article.text()[range] == text)
}

/// The current time as the sidecar writes it (RFC 3339, UTC, seconds).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
