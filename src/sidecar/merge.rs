//! Merging a detector run into an existing sidecar: decisions kept, rejected
//! candidates never return, ids stable.

use super::build::annotation_from_candidate;
use super::model::Document;
use crate::article::Article;
use crate::detect::Candidate;

/// What a merge changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Candidates that were new and were added as pending annotations.
    pub added: usize,
    /// Candidates that matched an annotation already in the document.
    pub kept: usize,
}

/// Adds to `document` every candidate that is not already there (same kind and span).
pub fn merge_candidates(
    document: &mut Document,
    article: &Article,
    candidates: &[Candidate],
) -> MergeReport {
    let mut report = MergeReport::default();
    for candidate in candidates {
        let annotation = annotation_from_candidate(article, candidate);
        let exists = document.annotations.iter().any(|existing| {
            existing.kind == annotation.kind
                && existing.start == annotation.start
                && existing.end == annotation.end
        });
        if exists {
            report.kept += 1;
        } else {
            document.annotations.push(annotation);
            report.added += 1;
        }
    }
    report
}
