//! Merging a detector run into an existing sidecar: decisions kept, rejected
//! candidates never return, ids stable and unique. Linear in the number of
//! annotations and candidates (a hash index by kind and span).

use std::collections::HashSet;

use super::build::{IdAllocator, annotation_from_candidate, text_span};
use super::model::Document;
use crate::article::Article;
use crate::detect::{Candidate, Kind};

/// What a merge changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Candidates that were new and were added as pending annotations.
    pub added: usize,
    /// Candidates that matched an annotation already in the document.
    pub kept: usize,
}

/// What makes a candidate "the same annotation": its kind and span.
type SpanKey = (Kind, u64, u64);

/// Adds to `document` every candidate that is not already there. A candidate is
/// already there when an annotation has its kind and span, now or before a
/// person edited it (`original`): an edited or rejected proposal is never
/// proposed again. `document` must be anchored to `article` (see `reanchor`).
pub fn merge_candidates(
    document: &mut Document,
    article: &Article,
    candidates: &[Candidate],
) -> MergeReport {
    let mut known: HashSet<SpanKey> = HashSet::with_capacity(document.annotations.len() * 2);
    for annotation in &document.annotations {
        known.insert((annotation.kind, annotation.start, annotation.end));
        if let Some(original) = &annotation.original {
            known.insert((original.kind, original.start, original.end));
        }
    }
    let mut ids = IdAllocator::for_document(document);
    let mut report = MergeReport::default();
    for candidate in candidates {
        let span = text_span(article, &candidate.span);
        if !known.insert((candidate.kind, span.start, span.end)) {
            report.kept += 1;
            continue;
        }
        let mut annotation = annotation_from_candidate(article, candidate);
        annotation.id = ids.allocate(
            annotation.kind,
            annotation.start,
            annotation.end,
            &annotation.text,
        );
        document.annotations.push(annotation);
        report.added += 1;
    }
    report
}
