//! Property tests: on text made of the pieces that break offsets (emoji with
//! modifiers, CJK, combining marks, CRLF, tabs, quotes), every exported span
//! slices back by code points, and brat and JSONL exports import back to the
//! same spans.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use margin::article::Article;
use margin::detect::{Candidate, Kind};
use margin::interchange::export::{ArticleExport, Selection, brat, jsonl};
use margin::interchange::import::{self, ImportOptions};
use margin::sidecar::{Annotation, Status, build};
use proptest::prelude::*;

const PIECES: [&str; 12] = [
    "word",
    " ",
    "\r\n",
    "\n",
    "\t",
    "e\u{301}",
    "\u{1f44d}\u{1f3fd}",
    "\u{65e5}\u{672c}",
    "\u{201c}",
    "\"",
    "\u{1f469}\u{200d}\u{1f467}",
    ",",
];

/// Text from the pieces, and the byte offsets between pieces (all of them
/// grapheme boundaries, since no piece starts with a combining mark).
fn text_and_cuts(pieces: &[usize]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut cuts = vec![0];
    for &piece in pieces {
        text.push_str(PIECES[piece]);
        cuts.push(text.len());
    }
    (text, cuts)
}

fn annotations(
    article: &Article,
    cuts: &[usize],
    picks: &[(usize, usize, bool)],
) -> Vec<Annotation> {
    let mut annotations: Vec<Annotation> = Vec::new();
    for &(a, b, quote) in picks {
        let (start, end) = (cuts[a % cuts.len()], cuts[b % cuts.len()]);
        let (start, end) = (start.min(end), start.max(end));
        let span = &article.text()[start..end];
        // brat cannot hold a span of nothing but line breaks.
        if span.trim_matches(['\r', '\n']).is_empty() {
            continue;
        }
        let candidate = Candidate {
            kind: if quote { Kind::Quote } else { Kind::Claim },
            span: start..end,
            style: None,
            speaker: None,
            source: None,
            cue: None,
            score: 0.5,
            reasons: margin::detect::Reasons::default(),
        };
        let mut annotation = build::annotation_from_candidate(article, &candidate);
        annotation.status = Status::Confirmed;
        if !annotations.iter().any(|x| {
            (x.kind, x.start, x.end) == (annotation.kind, annotation.start, annotation.end)
        }) {
            annotations.push(annotation);
        }
    }
    annotations
}

fn spans(annotations: &[Annotation]) -> Vec<(Kind, u64, u64, String)> {
    let mut spans: Vec<_> = annotations
        .iter()
        .map(|a| (a.kind, a.start, a.end, a.text.to_string()))
        .collect();
    spans.sort();
    spans
}

/// A span without the line breaks at its ends.
fn without_end_breaks(
    (kind, start, end, text): (Kind, u64, u64, String),
) -> (Kind, u64, u64, String) {
    let is_break = |c: char| c == '\r' || c == '\n';
    let leading = text.chars().take_while(|&c| is_break(c)).count() as u64;
    let trailing = text.chars().rev().take_while(|&c| is_break(c)).count() as u64;
    let trimmed = text.trim_matches(is_break).to_owned();
    (kind, start + leading, end - trailing, trimmed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn exports_slice_back_and_import_to_the_same_spans(
        pieces in prop::collection::vec(0..PIECES.len(), 1..40),
        picks in prop::collection::vec((0..64usize, 0..64usize, any::<bool>()), 0..6),
    ) {
        let (text, cuts) = text_and_cuts(&pieces);
        let article = Article::from_string(Path::new("story.txt"), text.clone());
        let mut document = build::new_document(&article, Path::new("story.txt.annotations.json"));
        document.annotations = annotations(&article, &cuts, &picks);
        let export = ArticleExport::from_parts(&article, &document, Selection::All);
        prop_assert_eq!(export.annotations.len(), document.annotations.len());

        // JSONL: code-point slicing gives each span's text.
        let line: serde_json::Value = serde_json::from_str(&jsonl::line(&export)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for span in line["spans"].as_array().unwrap() {
            let start = usize::try_from(span["start"].as_u64().unwrap()).unwrap();
            let end = usize::try_from(span["end"].as_u64().unwrap()).unwrap();
            prop_assert_eq!(chars[start..end].iter().collect::<String>(), span["text"].as_str().unwrap());
        }
        let options = ImportOptions::default();
        let from_jsonl = import::jsonl::parse(&jsonl::line(&export), &article, &options).unwrap();
        prop_assert_eq!(spans(&from_jsonl.document.annotations), spans(&document.annotations));

        // brat: fragments around line breaks come back as the one span; line
        // breaks at either end cannot be written on a T line and are dropped.
        let from_brat = import::brat::parse(&brat::ann(&export), &article, &options).unwrap();
        let mut expected: Vec<_> = spans(&document.annotations).into_iter().map(without_end_breaks).collect();
        expected.sort();
        expected.dedup();
        prop_assert_eq!(spans(&from_brat.document.annotations), expected);
    }
}
