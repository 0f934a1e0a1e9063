//! JSONL import: what `export --format jsonl` writes (spaCy/Prodigy `spans`),
//! and doccano's `label` lists (`[[start, end, "LABEL"], ...]`).
//!
//! The line whose `text` is the article's text is imported (a file may hold a
//! whole corpus). Labels `QUOTE` and `CLAIM` (any case) become quotes and
//! claims; other labels are skipped and counted. Offsets are code points.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{
    Fields, ImportError, ImportOptions, Imported, annotation, check_text, checked_span,
    parse_status, parse_style,
};
use crate::article::Article;
use crate::detect::Kind;
use crate::sidecar::{Annotation, TextSpan};

/// Only the text: other tools' records may hold fields of other shapes, and
/// only the article's own record is read in full.
#[derive(Debug, Deserialize)]
struct TextOnly {
    text: String,
}

/// The article's record (its text is already known to match).
#[derive(Debug, Deserialize)]
struct Line {
    #[serde(default)]
    spans: Vec<Span>,
    /// doccano: `[[start, end, "LABEL"], ...]`.
    #[serde(default)]
    label: Vec<(u64, u64, String)>,
}

#[derive(Debug, Default, Deserialize)]
struct Span {
    start: u64,
    end: u64,
    label: String,
    text: Option<String>,
    status: Option<String>,
    speaker: Option<String>,
    style: Option<String>,
    verdict: Option<String>,
    #[serde(default)]
    note: Option<String>,
    source: Option<TextSpan>,
    cue: Option<TextSpan>,
}

/// Parses the line of `jsonl` that holds `article`'s text.
pub fn parse(
    jsonl: &str,
    article: &Article,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut lines = 0;
    for (number, raw) in jsonl.lines().enumerate() {
        let line_number = number + 1;
        if raw.trim().is_empty() {
            continue;
        }
        lines += 1;
        let not_a_record = |error: serde_json::Error| {
            ImportError::new(line_number, format!("not a JSONL record: {error}"))
        };
        let record: TextOnly = serde_json::from_str(raw).map_err(not_a_record)?;
        if record.text == article.text() {
            let line: Line = serde_json::from_str(raw).map_err(not_a_record)?;
            return from_line(line, line_number, article, options);
        }
    }
    Err(ImportError::new(
        lines.max(1),
        format!(
            "none of the {lines} records has the article's text (its \"text\" must equal the article exactly)"
        ),
    ))
}

fn from_line(
    line: Line,
    line_number: usize,
    article: &Article,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let doccano = line.label.into_iter().map(|(start, end, label)| Span {
        start,
        end,
        label,
        ..Span::default()
    });
    let mut annotations = Vec::new();
    let mut ignored = BTreeMap::new();
    for (index, span) in line.spans.into_iter().chain(doccano).enumerate() {
        let error = |problem: String| {
            ImportError::new(line_number, format!("span {}: {problem}", index + 1))
        };
        let Some(kind) = kind_of(&span.label) else {
            *ignored.entry(span.label).or_default() += 1;
            continue;
        };
        annotations.push(convert(span, kind, article, options, line_number).map_err(error)?);
    }
    Ok(Imported::new(article, annotations, ignored))
}

fn convert(
    span: Span,
    kind: Kind,
    article: &Article,
    options: &ImportOptions,
    line_number: usize,
) -> Result<Annotation, String> {
    let range = checked_span(article, span.start, span.end)?;
    if let Some(text) = &span.text {
        check_text(article, &range, text)?;
    }
    let role = |role: Option<TextSpan>, name: &str| -> Result<Option<TextSpan>, String> {
        let Some(role) = role else { return Ok(None) };
        let range =
            checked_span(article, role.start, role.end).map_err(|e| format!("{name}: {e}"))?;
        check_text(article, &range, &role.text).map_err(|e| format!("{name}: {e}"))?;
        Ok(Some(role))
    };
    let status = span
        .status
        .map(|name| parse_status(&name).ok_or_else(|| format!("unknown status {name:?}")))
        .transpose()?;
    let style = span
        .style
        .map(|name| parse_style(&name).ok_or_else(|| format!("unknown style {name:?}")))
        .transpose()?;
    let fields = Fields {
        status,
        speaker: span.speaker,
        source: role(span.source, "source")?,
        cue: role(span.cue, "cue")?,
        style,
        label: span.verdict,
        note: span.note.unwrap_or_default(),
        from: format!("jsonl line {line_number}"),
    };
    Ok(annotation(article, kind, &range, fields, options))
}

fn kind_of(label: &str) -> Option<Kind> {
    match label.to_ascii_lowercase().as_str() {
        "quote" => Some(Kind::Quote),
        "claim" => Some(Kind::Claim),
        _ => None,
    }
}
