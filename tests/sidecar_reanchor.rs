//! Re-anchoring when the article changed: exact, moved, `needs_review`, orphaned;
//! statuses untouched, nothing deleted, source and cue moved along.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use margin::article::Article;
use margin::detect::{Candidate, Kind};
use margin::sidecar::reanchor::REANCHORED_FROM;
use margin::sidecar::validate::{check_against_article, span_text};
use margin::sidecar::{Anchor, Document, Status, build, merge_candidates, reanchor};
use proptest::prelude::*;

fn article(text: &str) -> Article {
    Article::from_string(Path::new("story.txt"), text.to_owned())
}

/// A document on `text` with one quote per `needle` (found by byte search).
fn document_with(text: &str, needles: &[&str]) -> Document {
    let article = article(text);
    let mut document = build::new_document(&article, Path::new("story.txt.annotations.json"));
    let candidates: Vec<Candidate> = needles
        .iter()
        .map(|needle| {
            let start = text.find(needle).unwrap();
            Candidate {
                kind: Kind::Quote,
                span: start..start + needle.len(),
                style: None,
                speaker: None,
                source: None,
                cue: None,
                score: 0.5,
                reasons: margin::detect::Reasons::default(),
            }
        })
        .collect();
    merge_candidates(&mut document, &article, &candidates);
    document
}

#[test]
fn the_four_outcomes() {
    let old = "Intro. \"Taxes will fall,\" she said. Later: \"We won,\" he said. Finally \"the end is near\" someone said.";
    let mut document = document_with(
        old,
        &[
            "she said",
            "\"Taxes will fall,\"",
            "\"We won,\"",
            "\"the end is near\"",
        ],
    );
    for annotation in &mut document.annotations {
        annotation.status = Status::Confirmed;
    }
    // "she said" stays put; the taxes quote moves; "We won" is gone; the end quote is edited a little.
    let new = "Intro. Also: \"Taxes will fall,\" she said. Later: he said. Finally \"the end is nigh\" someone said.";
    let new = &new.replacen(
        "Also: \"Taxes will fall,\" she said",
        "\"Taxes will fall,\" she said",
        1,
    );
    let new = new.replacen("Intro. ", "Intro. Much more text up front. ", 1);
    let article = article(&new);
    let report = reanchor(&mut document, &article);
    assert_eq!(document.annotations.len(), 4, "nothing deleted");
    assert!(
        document
            .annotations
            .iter()
            .all(|a| a.status == Status::Confirmed)
    );
    let by_text = |prefix: &str| {
        document
            .annotations
            .iter()
            .find(|a| {
                a.text.starts_with(prefix)
                    || a.extra
                        .get(REANCHORED_FROM)
                        .is_some_and(|from| from["text"].as_str().unwrap().starts_with(prefix))
            })
            .unwrap()
    };
    assert_eq!(by_text("\"Taxes").anchor, Anchor::Moved);
    assert_eq!(by_text("she said").anchor, Anchor::Moved);
    assert_eq!(by_text("\"We won").anchor, Anchor::Orphaned);
    let edited = by_text("\"the end");
    assert_eq!(edited.anchor, Anchor::NeedsReview);
    assert_eq!(edited.text, "\"the end is nigh\"");
    assert_eq!(
        report.moved + report.exact + report.needs_review + report.orphaned,
        4
    );
    assert_eq!(report.orphaned, 1);
    // Every placed annotation agrees with the new article; the file validates.
    for annotation in document
        .annotations
        .iter()
        .filter(|a| a.anchor != Anchor::Orphaned)
    {
        assert_eq!(
            span_text(&article, annotation.start, annotation.end),
            Some(annotation.text.as_str())
        );
    }
    check_against_article(Path::new("s"), &document, &article).unwrap();
    let bytes = margin::sidecar::io::to_bytes(&document);
    margin::sidecar::io::parse(Path::new("s"), &bytes).unwrap();
}

#[test]
fn of_several_occurrences_the_one_with_matching_context_wins() {
    let old = "A said \"yes\" loudly. B said \"yes\" quietly.";
    let mut document = document_with(old, &[]);
    let article_old = article(old);
    let second = old.rfind("\"yes\"").unwrap();
    let candidate = Candidate {
        kind: Kind::Quote,
        span: second..second + 5,
        style: None,
        speaker: None,
        source: Some(old.find('B').unwrap()..old.find('B').unwrap() + 1),
        cue: None,
        score: 0.5,
        reasons: margin::detect::Reasons::default(),
    };
    merge_candidates(&mut document, &article_old, &[candidate]);
    let new = "Preface. A said \"yes\" loudly. B said \"yes\" quietly.";
    let article = article(new);
    reanchor(&mut document, &article);
    let annotation = &document.annotations[0];
    assert_eq!(annotation.anchor, Anchor::Moved);
    assert_eq!(annotation.start as usize, new.rfind("\"yes\"").unwrap());
    let source = annotation.source.as_ref().unwrap();
    assert_eq!(source.start as usize, new.find('B').unwrap());
    assert_eq!(span_text(&article, source.start, source.end), Some("B"));
}

#[test]
fn an_unchanged_article_changes_nothing_and_wrong_text_is_invalid() {
    let text = "He said \"hello\" today.";
    let mut document = document_with(text, &["\"hello\""]);
    let before = document.clone();
    reanchor(&mut document, &article(text));
    assert_eq!(document, before);
    document.annotations[0].text = "\"howdy\"".into();
    let error = check_against_article(Path::new("s.json"), &document, &article(text)).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("text does not match the article at 8..15"),
        "{error}"
    );
}

#[test]
fn orphans_with_absurd_offsets_from_a_hostile_file_stay_orphans() {
    let text = "He said \"hello\" today.";
    let mut document = document_with(text, &["\"hello\"", "He said"]);
    let huge = u64::MAX - 3;
    for (annotation, start) in document.annotations.iter_mut().zip([huge, 1 << 63]) {
        annotation.anchor = Anchor::Orphaned;
        annotation.start = start;
        annotation.end = start + 3;
        annotation.text = "zzz".into();
        annotation.source = Some(Box::new(margin::sidecar::TextSpan {
            start,
            end: start + 1,
            text: "z".into(),
        }));
    }
    let report = reanchor(&mut document, &article("Something else entirely."));
    assert_eq!(report.orphaned, 2);
    assert_eq!(document.annotations[0].start, huge);
}

/// Texts made of words (some with CJK, emoji, combining marks, CRLF) separated
/// by spaces; spans and edits fall on word boundaries.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,6}",
        Just("日本語".to_owned()),
        Just("👩‍👩‍👧".to_owned()),
        Just("e\u{301}te\u{301}".to_owned()),
        Just("שלום".to_owned()),
        Just("x\r\ny".to_owned()),
        Just("\t".to_owned()),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Insert { at: usize, words: Vec<String> },
    Delete { at: usize, len: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), proptest::collection::vec(word(), 1..4))
            .prop_map(|(at, words)| Edit::Insert { at, words }),
        (any::<usize>(), 1_usize..4).prop_map(|(at, len)| Edit::Delete { at, len }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Edits outside every span leave each annotation exact or moved, its text
    /// found at its new offsets, its status unchanged.
    #[test]
    fn edits_outside_the_spans_keep_every_annotation(
        words in proptest::collection::vec(word(), 8..40),
        spans in proptest::collection::vec((any::<usize>(), 1_usize..4), 1..5),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        let n = words.len();
        // Word i is covered by a span [first, last) of words.
        let spans: Vec<(usize, usize)> = spans.iter().map(|&(at, len)| (at % n, (at % n + len).min(n))).collect();
        let covered = |i: usize| spans.iter().any(|&(a, b)| i >= a && i < b);
        let join = |words: &[String]| words.join(" ");
        let old = join(&words);
        // Byte ranges of spans in the old text.
        let offsets: Vec<usize> = words.iter().scan(0, |pos, w| { let at = *pos; *pos += w.len() + 1; Some(at) }).collect();
        let article_old = article(&old);
        let mut document = build::new_document(&article_old, Path::new("s.json"));
        let candidates: Vec<Candidate> = spans.iter().map(|&(a, b)| Candidate {
            kind: Kind::Claim, span: offsets[a]..offsets[b - 1] + words[b - 1].len(),
            style: None, speaker: None, source: None, cue: None, score: 0.5, reasons: margin::detect::Reasons::default(),
        }).collect();
        merge_candidates(&mut document, &article_old, &candidates);
        for annotation in &mut document.annotations { annotation.status = Status::Rejected; }

        // Apply edits to the word list, never touching a covered word.
        let mut tagged: Vec<(String, bool)> = words.iter().enumerate().map(|(i, w)| (w.clone(), covered(i))).collect();
        for edit in edits {
            match edit {
                Edit::Insert { at, words } => {
                    let at = at % (tagged.len() + 1);
                    // Not between two words of one span.
                    if at > 0 && at < tagged.len() && tagged[at - 1].1 && tagged[at].1 { continue; }
                    for (k, w) in words.into_iter().enumerate() { tagged.insert(at + k, (w, false)); }
                }
                Edit::Delete { at, len } => {
                    let at = at % tagged.len();
                    let end = (at + len).min(tagged.len());
                    if tagged[at..end].iter().any(|(_, c)| *c) || end - at >= tagged.len() { continue; }
                    tagged.drain(at..end);
                }
            }
        }
        let new = tagged.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>().join(" ");
        let article_new = article(&new);
        let count = document.annotations.len();
        reanchor(&mut document, &article_new);
        prop_assert_eq!(document.annotations.len(), count);
        for annotation in &document.annotations {
            prop_assert!(matches!(annotation.anchor, Anchor::Exact | Anchor::Moved), "{:?} in {:?}", annotation, new);
            prop_assert_eq!(span_text(&article_new, annotation.start, annotation.end), Some(annotation.text.as_str()));
            prop_assert_eq!(annotation.status, Status::Rejected);
        }
    }
}
