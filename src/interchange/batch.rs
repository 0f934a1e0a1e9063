//! Pre-annotating a corpus (`detect --write DIR`): every article under a
//! directory gets the detector's candidates merged into its sidecar, in
//! parallel, without touching a decision.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{LoadError, corpus};
use crate::article::{Article, ReadOptions};
use crate::sidecar::sort_annotations;
use crate::sidecar::{self, Document, build, merge, reanchor};

/// What happened to one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The sidecar was created or updated; `added` new candidates.
    Written { added: usize },
    /// The sidecar is current: same article, same detector version.
    Skipped,
}

/// An article that could not be processed, and why (one line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    pub error: String,
}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub written: usize,
    pub skipped: usize,
    /// Candidates added over all written sidecars.
    pub added: usize,
    /// Bytes of article text read (for throughput figures).
    pub bytes: u64,
    pub failed: Vec<Failure>,
}

/// The articles a batch over `dir` works on.
pub fn articles(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(corpus::walk(dir)?.articles)
}

/// Runs the detector over `articles` on every core; `done` is called once per
/// article as it finishes (for a progress bar), from any thread.
pub fn run(articles: &[PathBuf], options: ReadOptions, done: &(dyn Fn() + Sync)) -> BatchReport {
    let results: Vec<(PathBuf, Result<Processed, LoadError>)> = articles
        .par_iter()
        .map(|path| {
            let result = process(path, options);
            done();
            (path.clone(), result)
        })
        .collect();
    let mut report = BatchReport::default();
    for (path, result) in results {
        match result {
            Ok((Outcome::Written { added }, bytes)) => {
                report.written += 1;
                report.added += added;
                report.bytes += bytes;
            }
            Ok((Outcome::Skipped, bytes)) => {
                report.skipped += 1;
                report.bytes += bytes;
            }
            Err(error) => report.failed.push(Failure {
                path,
                error: error.to_string(),
            }),
        }
    }
    report
}

/// What happened to an article, and its size in bytes.
pub type Processed = (Outcome, u64);

/// True when `document` already holds this detector's run on this article.
pub fn is_current(document: &Document, article: &Article) -> bool {
    let fresh = build::new_document(article, Path::new(""));
    document.article.sha256 == article.sha256()
        && document.detector.name == fresh.detector.name
        && document.detector.version == fresh.detector.version
}

/// Detects one article and merges into its sidecar; returns what happened and
/// the article's size in bytes.
pub fn process(path: &Path, options: ReadOptions) -> Result<Processed, LoadError> {
    let article = Article::read(path, options)?;
    let bytes = article.text().len() as u64;
    let sidecar_path = sidecar::sidecar_path_for(path);
    let existing = sidecar::load(&sidecar_path)?;
    if existing
        .as_ref()
        .is_some_and(|document| is_current(document, &article))
    {
        return Ok((Outcome::Skipped, bytes));
    }
    let candidates = crate::detect::detect(article.text());
    let fresh = build::new_document(&article, &sidecar_path);
    let mut document = existing.unwrap_or_else(|| fresh.clone());
    if document.article.sha256 != article.sha256() {
        reanchor::reanchor(&mut document, &article);
    }
    let report = merge::merge_candidates(&mut document, &article, &candidates);
    // Record the run; unknown fields of these objects are kept.
    document.article.sha256 = fresh.article.sha256;
    document.article.codepoints = fresh.article.codepoints;
    document.detector.name = fresh.detector.name;
    document.detector.version = fresh.detector.version;
    sort_annotations(&mut document.annotations);
    sidecar::save(&sidecar_path, &document)?;
    Ok((
        Outcome::Written {
            added: report.added,
        },
        bytes,
    ))
}
