//! Turning another tool's annotations into sidecar annotations (origin `import`)
//! and merging them into a document without touching a person's decisions.
//!
//! Each format module parses text against an [`Article`] and touches no file, so
//! an evaluation can import a gold set and compare it in memory:
//! `compare(&brat::parse(ann, &article, &options)?.document, &detected)`.

pub mod brat;
pub mod jsonl;

use std::collections::BTreeMap;
use std::ops::Range;

use compact_str::format_compact;

use super::byte_range;
use crate::article::Article;
use crate::detect::{Kind, Style};
use crate::sidecar::sort_annotations;
use crate::sidecar::{
    Annotation, Document, Origin, Review, Status, TextSpan, build, sidecar_path_for,
};
use crate::text::floor_grapheme;

/// How an imported annotation's reason begins: "imported from brat T3",
/// "imported from jsonl line 2". The fragments of one discontinuous brat span
/// share theirs, which is how an evaluation knows them for one content.
pub const IMPORTED_FROM: &str = "imported from ";

/// `detector.version` of a document made by an import: the detector has not run
/// on it, so `detect --write` does not take it for current.
pub const NOT_DETECTED: &str = "none";

/// A problem in the imported file, at a line (1-based). Shown as
/// `<line>: <problem>`; the caller puts the file name in front.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}: {problem}")]
pub struct ImportError {
    pub line: usize,
    pub problem: String,
}

impl ImportError {
    pub fn new(line: usize, problem: impl Into<String>) -> Self {
        Self {
            line,
            problem: problem.into(),
        }
    }
}

/// How imported annotations are filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Who made them.
    pub annotator: Option<String>,
    /// Their status when the file does not give one: another tool's
    /// annotations are usually decisions already, hence `confirmed`.
    pub status: Status,
    /// `created`/`updated` of new annotations (RFC 3339); `None` leaves them empty.
    pub timestamp: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            annotator: None,
            status: Status::Confirmed,
            timestamp: None,
        }
    }
}

/// What a parse produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// A new document for the article holding the imported annotations.
    pub document: Document,
    /// Types or labels that are not quotes or claims, and how often they were
    /// skipped (brat `Discard`, a doccano `PERSON`, ...).
    pub ignored: BTreeMap<String, usize>,
}

impl Imported {
    fn new(
        article: &Article,
        annotations: Vec<Annotation>,
        ignored: BTreeMap<String, usize>,
    ) -> Self {
        let mut document = build::new_document(article, &sidecar_path_for(article.path()));
        NOT_DETECTED.clone_into(&mut document.detector.version);
        document.annotations = annotations;
        sort_annotations(&mut document.annotations);
        // Corpora sometimes mark the same span twice (overlapping discontinuous
        // spans share fragments): one kind and span is one annotation, the first.
        document.annotations.dedup_by(|later, first| {
            (later.kind, later.start, later.end) == (first.kind, first.start, first.end)
        });
        Self { document, ignored }
    }
}

/// What merging an import into a document did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// New annotations.
    pub added: usize,
    /// Pending, unedited annotations that took the import's status and filled
    /// their empty fields from it.
    pub filled: usize,
    /// Annotations a person had decided or edited: left exactly as they were.
    pub kept: usize,
}

/// Merges `imported` into `document`: an annotation with the same kind and span
/// is the same annotation. A decision (not pending, or edited) is never changed.
pub fn merge(document: &mut Document, imported: Vec<Annotation>) -> MergeReport {
    let mut report = MergeReport::default();
    for incoming in imported {
        let existing = document.annotations.iter_mut().find(|existing| {
            existing.kind == incoming.kind
                && existing.start == incoming.start
                && existing.end == incoming.end
        });
        match existing {
            None => {
                document.annotations.push(incoming);
                report.added += 1;
            }
            Some(existing) if existing.status != Status::Pending || existing.edited => {
                report.kept += 1;
            }
            Some(existing) => {
                fill(existing, incoming);
                report.filled += 1;
            }
        }
    }
    sort_annotations(&mut document.annotations);
    report
}

/// An undecided annotation takes the import's decision and whatever it lacks.
fn fill(existing: &mut Annotation, incoming: Annotation) {
    existing.status = incoming.status;
    existing.speaker = existing.speaker.take().or(incoming.speaker);
    existing.source = existing.source.take().or(incoming.source);
    existing.cue = existing.cue.take().or(incoming.cue);
    existing.style = existing.style.or(incoming.style);
    let ours = existing
        .review
        .take()
        .map(|review| *review)
        .unwrap_or_default();
    let theirs = incoming.review.map(|review| *review).unwrap_or_default();
    existing.review = Review {
        label: ours.label.or(theirs.label),
        note: if ours.note.is_empty() {
            theirs.note
        } else {
            ours.note
        },
        annotator: ours.annotator.or(theirs.annotator),
        created: ours.created,
        updated: theirs.updated.or(ours.updated),
    }
    .into_boxed();
}

/// A code-point span of the article checked for use: inside the text, not
/// empty, not splitting a character cluster. Returns its byte range.
pub fn checked_span(article: &Article, start: u64, end: u64) -> Result<Range<usize>, String> {
    let length = article.codepoints();
    if start >= end {
        return Err(format!("empty or reversed span {start}..{end}"));
    }
    let range = byte_range(article, start, end).ok_or_else(|| {
        format!("span {start}..{end} is past the end of the article ({length} code points)")
    })?;
    let text = article.text();
    for (offset, byte) in [(start, range.start), (end, range.end)] {
        if floor_grapheme(text, byte) != byte {
            return Err(format!(
                "offset {offset} falls inside a character (a cluster such as an emoji with a modifier)"
            ));
        }
    }
    Ok(range)
}

/// Checks that the article holds `expected` at a span, when the file gave a text.
pub fn check_text(article: &Article, range: &Range<usize>, expected: &str) -> Result<(), String> {
    let found = &article.text()[range.clone()];
    if found == expected {
        return Ok(());
    }
    Err(format!(
        "text {} does not match the article there ({})",
        preview(expected),
        preview(found)
    ))
}

/// A short quoted preview of text for a one-line message.
pub fn preview(text: &str) -> String {
    const MAX: usize = 40;
    let mut shown: String = text.chars().take(MAX).collect();
    if text.chars().nth(MAX).is_some() {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// The parts of an imported annotation a format supplies.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub status: Option<Status>,
    pub speaker: Option<String>,
    pub source: Option<TextSpan>,
    pub cue: Option<TextSpan>,
    pub style: Option<Style>,
    pub label: Option<String>,
    pub note: String,
    /// Where it came from, for `reasons` ("brat T3", "jsonl line 2").
    pub from: String,
}

/// A new imported annotation over a checked byte range.
pub fn annotation(
    article: &Article,
    kind: Kind,
    range: &Range<usize>,
    fields: Fields,
    options: &ImportOptions,
) -> Annotation {
    Annotation {
        status: fields.status.unwrap_or(options.status),
        speaker: fields.speaker.map(Into::into),
        source: fields.source.map(Box::new),
        cue: fields.cue.map(Box::new),
        style: if kind == Kind::Quote {
            fields.style
        } else {
            None
        },
        reasons: Box::new([format_compact!("{IMPORTED_FROM}{}", fields.from)]),
        review: Review {
            label: fields.label.map(Into::into),
            note: fields.note.into(),
            annotator: options.annotator.as_deref().map(Into::into),
            created: options.timestamp.as_deref().map(Into::into),
            updated: options.timestamp.as_deref().map(Into::into),
        }
        .into_boxed(),
        ..build::placed(article, kind, range, Origin::Import)
    }
}

/// A status by its sidecar name.
pub fn parse_status(name: &str) -> Option<Status> {
    match name {
        "pending" => Some(Status::Pending),
        "confirmed" => Some(Status::Confirmed),
        "rejected" => Some(Status::Rejected),
        _ => None,
    }
}

/// A quote style by its sidecar name.
pub fn parse_style(name: &str) -> Option<Style> {
    match name {
        "direct" => Some(Style::Direct),
        "indirect" => Some(Style::Indirect),
        "mixed" => Some(Style::Mixed),
        _ => None,
    }
}

/// The sidecar document after importing `annotations` for `article`: merged
/// into `existing` (re-anchored first if the article changed since), or into a
/// new document marked as not yet detected.
pub fn into_sidecar(
    existing: Option<Document>,
    article: &Article,
    sidecar_path: &std::path::Path,
    annotations: Vec<Annotation>,
) -> (Document, MergeReport) {
    let mut document = existing.unwrap_or_else(|| {
        let mut document = build::new_document(article, sidecar_path);
        NOT_DETECTED.clone_into(&mut document.detector.version);
        document
    });
    if document.article.sha256 != article.sha256() {
        crate::sidecar::reanchor::reanchor(&mut document, article);
    }
    let report = merge(&mut document, annotations);
    (document, report)
}
