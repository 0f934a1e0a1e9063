//! Merging a detector run into an existing sidecar: decisions kept, rejected
//! candidates never return, ids stable and unique. O((n + m) log n) for n
//! annotations and m candidates.

use std::borrow::Borrow;
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

/// What makes a candidate "the same annotation": its span and kind.
type SpanKey = (u64, u64, Kind);

/// Adds to `document` every candidate that is not already there. A candidate is
/// already there when an annotation has its kind and span, now or before a
/// person edited it (`original`): an edited or rejected proposal is never
/// proposed again. `document` must be anchored to `article` (see `reanchor`).
///
/// Memory matters: this runs while a 10 MB article's 50,000 annotations and
/// as many candidates are all held. What is known is a sorted list searched by
/// halves (24 bytes a span, where a hash set took twice that and more while
/// growing); ids are only gathered once a candidate is new; and candidates
/// given by value are dropped one by one as they become annotations.
pub fn merge_candidates<C: Borrow<Candidate>>(
    document: &mut Document,
    article: &Article,
    candidates: impl IntoIterator<Item = C>,
) -> MergeReport {
    let mut known: Vec<SpanKey> = document
        .annotations
        .iter()
        .flat_map(|annotation| {
            let original = annotation.original.as_ref();
            std::iter::once((annotation.start, annotation.end, annotation.kind))
                .chain(original.map(|original| (original.start, original.end, original.kind)))
        })
        .collect();
    known.sort_unstable();
    let mut added: HashSet<SpanKey> = HashSet::new();
    let mut ids: Option<IdAllocator> = None;
    let mut report = MergeReport::default();
    for candidate in candidates {
        let candidate = candidate.borrow();
        let span = text_span(article, &candidate.span);
        let key = (span.start, span.end, candidate.kind);
        if known.binary_search(&key).is_ok() || !added.insert(key) {
            report.kept += 1;
            continue;
        }
        let mut annotation = annotation_from_candidate(article, candidate);
        annotation.id = ids
            .get_or_insert_with(|| IdAllocator::for_document(document))
            .allocate(
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
