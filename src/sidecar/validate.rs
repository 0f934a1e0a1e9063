//! What a parsed sidecar must satisfy before margin trusts it. Serde already
//! refused wrong types, unknown `status`/`kind` values and too-deep nesting; this
//! checks the meaning: the offset unit, unique ids, spans that fit the article
//! and agree with their text.
//!
//! Orphaned annotations keep the offsets they had in an older version of the
//! article, so only their internal consistency is checked.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::io::SidecarError;
use super::model::{Anchor, Annotation, Document, OFFSET_UNIT, TextSpan};
use crate::article::Article;

/// How an annotation is named in messages: its index, and its id when it has one.
pub fn annotation_place(index: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("annotation {index} (id {})", Value::from(id)),
        None => format!("annotation {index}"),
    }
}

/// Checks a parsed document on its own (without the article).
pub fn validate(path: &Path, document: &Document) -> Result<(), SidecarError> {
    if document.offset_unit != OFFSET_UNIT {
        return Err(SidecarError::invalid(
            path,
            "offset_unit",
            format!("is {:?}, expected \"{OFFSET_UNIT}\"", document.offset_unit),
        ));
    }
    let mut first_index_of_id: HashMap<&str, usize> =
        HashMap::with_capacity(document.annotations.len());
    for (index, annotation) in document.annotations.iter().enumerate() {
        let place = || annotation_place(index, Some(&annotation.id));
        if annotation.id.is_empty() {
            return Err(SidecarError::invalid(path, place(), "empty id"));
        }
        if let Some(first) = first_index_of_id.insert(&annotation.id, index) {
            return Err(SidecarError::invalid(
                path,
                place(),
                format!("duplicate id (also annotation {first})"),
            ));
        }
        check_annotation(annotation, document.article.codepoints)
            .map_err(|message| SidecarError::invalid(path, place(), message))?;
    }
    Ok(())
}

fn check_annotation(annotation: &Annotation, codepoints: u64) -> Result<(), String> {
    let bound = (annotation.anchor != Anchor::Orphaned).then_some(codepoints);
    check_span(
        "",
        annotation.start,
        annotation.end,
        &annotation.text,
        bound,
    )?;
    for (name, span) in [("source", &annotation.source), ("cue", &annotation.cue)] {
        if let Some(span) = span {
            check_span(name, span.start, span.end, &span.text, bound)?;
        }
    }
    if let Some(original) = &annotation.original
        && original.end < original.start
    {
        return Err(format!(
            "original: end {} is before start {}",
            original.end, original.start
        ));
    }
    Ok(())
}

/// `start <= end <= bound`, and `text` is exactly `end - start` code points.
fn check_span(
    name: &str,
    start: u64,
    end: u64,
    text: &str,
    bound: Option<u64>,
) -> Result<(), String> {
    let label = if name.is_empty() {
        String::new()
    } else {
        format!("{name}: ")
    };
    if end < start {
        return Err(format!("{label}end {end} is before start {start}"));
    }
    if let Some(bound) = bound
        && end > bound
    {
        return Err(format!(
            "{label}end {end} is past the article's end ({bound} code points)"
        ));
    }
    let length = text.chars().count() as u64;
    if length != end - start {
        return Err(format!(
            "{label}text is {length} code points long but the span {start}..{end} is {}",
            end - start
        ));
    }
    Ok(())
}

/// Checks a document against the article it says it annotates, when the
/// article's hash is the recorded one: every placed span's text must be the
/// article's text there. (When the hash differs, re-anchor instead.)
pub fn check_against_article(
    path: &Path,
    document: &Document,
    article: &Article,
) -> Result<(), SidecarError> {
    if document.article.sha256 != article.sha256() {
        return Ok(());
    }
    if document.article.codepoints != article.codepoints() as u64 {
        return Err(SidecarError::invalid(
            path,
            "article.codepoints",
            format!(
                "is {} but the article has {} code points",
                document.article.codepoints,
                article.codepoints()
            ),
        ));
    }
    for (index, annotation) in document.annotations.iter().enumerate() {
        if annotation.anchor == Anchor::Orphaned {
            continue;
        }
        let own = Some((annotation.start, annotation.end, annotation.text.as_str()));
        let spans = [
            ("", own),
            ("source: ", as_parts(annotation.source.as_deref())),
            ("cue: ", as_parts(annotation.cue.as_deref())),
        ];
        for (label, span) in spans {
            if let Some((start, end, text)) = span
                && span_text(article, start, end) != Some(text)
            {
                return Err(SidecarError::invalid(
                    path,
                    annotation_place(index, Some(&annotation.id)),
                    format!("{label}text does not match the article at {start}..{end}"),
                ));
            }
        }
    }
    Ok(())
}

fn as_parts(span: Option<&TextSpan>) -> Option<(u64, u64, &str)> {
    span.map(|span| (span.start, span.end, span.text.as_str()))
}

/// The article's text between two code-point offsets, if both are in it.
pub fn span_text(article: &Article, start: u64, end: u64) -> Option<&str> {
    let start = article.byte_at(usize::try_from(start).ok()?)?;
    let end = article.byte_at(usize::try_from(end).ok()?)?;
    article.text().get(start..end)
}
