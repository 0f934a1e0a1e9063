//! Merging two versions of one sidecar after a conflict (two sessions, or a
//! session and a `git pull`): the union of their annotations by id; for an id in
//! both that differs, the one updated later wins.

use std::collections::HashMap;
use std::time::SystemTime;

use compact_str::CompactString;

use super::model::{Annotation, Document};

/// What `merge_by_id` found, for the reviewer to check. Ids in each list are in
/// the merged document's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeByIdReport {
    /// Only in ours: kept.
    pub only_ours: Vec<CompactString>,
    /// Only in theirs: added.
    pub only_theirs: Vec<CompactString>,
    /// In both and different; ours was updated later (or at the same time).
    pub ours_won: Vec<CompactString>,
    /// In both and different; theirs was updated later.
    pub theirs_won: Vec<CompactString>,
}

impl MergeByIdReport {
    /// True when both versions held the same annotations.
    pub fn is_empty(&self) -> bool {
        self.only_ours.is_empty()
            && self.only_theirs.is_empty()
            && self.ours_won.is_empty()
            && self.theirs_won.is_empty()
    }
}

/// The union of `ours` and `theirs` by annotation id. Everything outside the
/// annotations (article, detector, unknown fields) is ours, with unknown
/// top-level fields only theirs added.
pub fn merge_by_id(ours: &Document, theirs: &Document) -> (Document, MergeByIdReport) {
    let mut report = MergeByIdReport::default();
    let mut merged = ours.clone();
    for (key, value) in &theirs.extra {
        merged
            .extra
            .entry(key.clone())
            .or_insert_with(|| value.clone());
    }
    let theirs_by_id: HashMap<&str, &Annotation> = theirs
        .annotations
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    for annotation in &mut merged.annotations {
        match theirs_by_id.get(annotation.id.as_str()) {
            None => report.only_ours.push(annotation.id.clone()),
            Some(&their) if their == annotation => {}
            Some(&their) if updated_at(their) > updated_at(annotation) => {
                report.theirs_won.push(annotation.id.clone());
                annotation.clone_from(their);
            }
            Some(_) => report.ours_won.push(annotation.id.clone()),
        }
    }
    let ours_ids: std::collections::HashSet<&str> =
        ours.annotations.iter().map(|a| a.id.as_str()).collect();
    for their in &theirs.annotations {
        if !ours_ids.contains(their.id.as_str()) {
            report.only_theirs.push(their.id.clone());
            merged.annotations.push(their.clone());
        }
    }
    (merged, report)
}

/// When an annotation was last changed; one never stamped (or stamped with
/// something that is not RFC 3339) counts as the oldest.
fn updated_at(annotation: &Annotation) -> Option<SystemTime> {
    annotation
        .updated()
        .and_then(|stamp| humantime::parse_rfc3339_weak(stamp).ok())
}
