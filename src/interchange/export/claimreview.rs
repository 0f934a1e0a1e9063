//! schema.org `ClaimReview` (JSON-LD), the markup search engines read from fact
//! checks: one per claim that has a verdict.
//!
//! `url` should be the page that publishes the fact check; the export cannot
//! know it and writes the article's `file://` URI with the annotation's id as
//! fragment, for the publisher to replace.

use serde_json::{Value, json};

use super::ArticleExport;
use crate::detect::Kind;
use crate::sidecar::Annotation;

pub const CONTEXT: &str = "https://schema.org";

/// A `ClaimReview` for each exported claim of the article that has a verdict.
pub fn reviews(export: &ArticleExport<'_>) -> Vec<Value> {
    export
        .annotations
        .iter()
        .filter(|annotation| annotation.kind == Kind::Claim)
        .filter_map(|annotation| {
            let verdict = annotation.label()?;
            Some(review(export, annotation, verdict))
        })
        .collect()
}

fn review(export: &ArticleExport<'_>, annotation: &Annotation, verdict: &str) -> Value {
    let mut item = json!({
        "@type": "Claim",
        "appearance": { "@type": "CreativeWork", "url": export.uri() },
    });
    if let Some(speaker) = export.speaker_of(annotation) {
        item["author"] = json!({ "@type": "Person", "name": speaker });
    }
    let mut review = json!({
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": format!("{}#{}", export.uri(), annotation.id),
        "claimReviewed": annotation.text,
        "itemReviewed": item,
        "reviewRating": { "@type": "Rating", "alternateName": verdict },
    });
    if !annotation.note().is_empty() {
        review["reviewBody"] = json!(annotation.note());
    }
    if let Some(annotator) = annotation.annotator() {
        review["author"] = json!({ "@type": "Person", "name": annotator });
    }
    if let Some(date) = annotation.updated().or(annotation.created()) {
        review["datePublished"] = json!(date.get(..10).unwrap_or(date));
    }
    review
}
