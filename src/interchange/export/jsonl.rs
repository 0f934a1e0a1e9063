//! JSONL: one line per article, `{"text", "meta", "spans"}`, the shape spaCy,
//! Prodigy and doccano read. Offsets are code points, so that in Python
//! `text[span["start"]:span["end"]] == span["text"]`.

use serde::Serialize;

use super::{ArticleExport, label, status_name};
use crate::sidecar::{Annotation, TextSpan};

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    meta: Meta<'a>,
    spans: Vec<Span<'a>>,
}

#[derive(Serialize)]
struct Meta<'a> {
    path: String,
    sha256: &'a str,
    codepoints: usize,
}

/// One span. `label` is what the tools group by; the other fields are ours.
#[derive(Serialize)]
struct Span<'a> {
    start: u64,
    end: u64,
    label: &'static str,
    text: &'a str,
    id: &'a str,
    kind: &'static str,
    status: &'static str,
    speaker: Option<&'a str>,
    style: Option<&'static str>,
    verdict: Option<&'a str>,
    note: &'a str,
    source: Option<&'a TextSpan>,
    cue: Option<&'a TextSpan>,
}

impl<'a> Span<'a> {
    fn new(annotation: &'a Annotation) -> Self {
        Self {
            start: annotation.start,
            end: annotation.end,
            label: label(annotation.kind),
            text: &annotation.text,
            id: &annotation.id,
            kind: annotation.kind.as_str(),
            status: status_name(annotation.status),
            speaker: annotation.speaker.as_deref(),
            style: annotation.style.map(crate::detect::Style::as_str),
            verdict: annotation.label(),
            note: annotation.note(),
            source: annotation.source.as_deref(),
            cue: annotation.cue.as_deref(),
        }
    }
}

/// The article's line, with its newline.
pub fn line(export: &ArticleExport<'_>) -> String {
    let line = Line {
        text: export.article.text(),
        meta: Meta {
            path: export.article.path().to_string_lossy().into_owned(),
            sha256: export.article.sha256(),
            codepoints: export.article.codepoints(),
        },
        spans: export.annotations.iter().map(|a| Span::new(a)).collect(),
    };
    // Serialising plain strings and numbers into a String cannot fail.
    let mut text = serde_json::to_string(&line).unwrap_or_default();
    text.push('\n');
    text
}
