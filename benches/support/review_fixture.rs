//! The review screen's large fixture, shared by `benches/ui.rs` and
//! `examples/review_fixture.rs` so that the memory measured on the real binary
//! and the speeds measured by criterion are of the same files: an ASCII
//! article with a quote every other paragraph, and its sidecar with one
//! pending quote per quoted paragraph (at 10 MiB, 56,668 annotations, 39 MB
//! of JSON).

use std::fmt::Write as _;
use std::path::Path;

use margin::article::Article;
use margin::detect::{Candidate, Kind};
use margin::sidecar::build::new_document;
use margin::sidecar::{Document, merge_candidates};

const QUOTE: &str = "\"We will act on this now, and we will not wait,\"";

/// An article of about `bytes` bytes with one quote every other paragraph.
pub fn article_text(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut paragraph = 0;
    while text.len() < bytes {
        let written = if paragraph % 2 == 0 {
            write!(
                text,
                "{QUOTE} said Official {paragraph}, speaking in the capital.\n\n"
            )
        } else {
            write!(
                text,
                "Unemployment rose to {paragraph} percent last year, the statistics office reported on Monday.\n\n"
            )
        };
        written.expect("writing to a String");
        paragraph += 1;
    }
    text
}

/// A document with a pending quote for every quoted paragraph (merged as the
/// detector's would be, so that ids stay unique however many there are).
pub fn document_for(article: &Article, sidecar: &Path) -> Document {
    let text = article.text();
    let mut document = new_document(article, sidecar);
    let candidates: Vec<Candidate> = text
        .match_indices(QUOTE)
        .map(|(start, _)| Candidate {
            kind: Kind::Quote,
            span: start..start + QUOTE.len(),
            style: None,
            speaker: Some("Official".to_owned()),
            source: None,
            cue: None,
            score: 0.9,
            reasons: vec!["paired quotation marks".into()].into(),
        })
        .collect();
    merge_candidates(&mut document, article, &candidates);
    document
}
