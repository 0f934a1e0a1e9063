//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` holding an
//! `Annotation` per span, each targeting the article with a `TextQuoteSelector`
//! (exact, prefix, suffix: re-finds the span if the text moves) and a
//! `TextPositionSelector` (code points, as the W3C model defines positions).

use serde_json::{Value, json};

use super::ArticleExport;
use crate::sidecar::Annotation;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The annotations of one article.
pub fn annotations(export: &ArticleExport<'_>) -> Vec<Value> {
    export
        .annotations
        .iter()
        .map(|annotation| one(export, annotation))
        .collect()
}

/// A collection of annotations (of any number of articles).
pub fn collection(items: &[Value]) -> Value {
    json!({
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "margin annotations",
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

fn one(export: &ArticleExport<'_>, annotation: &Annotation) -> Value {
    let (prefix, suffix) = export.context(annotation);
    let mut value = json!({
        "@context": CONTEXT,
        "id": format!("urn:margin:{}:{}", export.article.sha256(), annotation.id),
        "type": "Annotation",
        "motivation": if annotation.label().is_some() { "assessing" } else { "tagging" },
        "body": bodies(annotation),
        "target": {
            "source": export.uri(),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.text,
                    "prefix": prefix,
                    "suffix": suffix,
                },
                {
                    "type": "TextPositionSelector",
                    "start": annotation.start,
                    "end": annotation.end,
                },
            ],
        },
    });
    let optional = [
        ("created", annotation.created()),
        ("modified", annotation.updated()),
    ];
    for (key, field) in optional {
        if let Some(field) = field {
            value[key] = json!(field);
        }
    }
    if let Some(annotator) = annotation.annotator() {
        value["creator"] = json!({ "type": "Person", "name": annotator });
    }
    value
}

/// The kind as a tag; the verdict as an assessment; the speaker as what the
/// target identifies (who said it); the note as a comment.
fn bodies(annotation: &Annotation) -> Vec<Value> {
    let text_body = |purpose: &str, value: &str| json!({ "type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain" });
    let mut bodies = vec![text_body("tagging", annotation.kind.as_str())];
    if let Some(label) = annotation.label() {
        bodies.push(text_body("assessing", label));
    }
    if let Some(speaker) = &annotation.speaker {
        bodies.push(text_body("identifying", speaker));
    }
    if !annotation.note().is_empty() {
        bodies.push(text_body("commenting", annotation.note()));
    }
    bodies
}
