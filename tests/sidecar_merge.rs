//! Merging detector runs into a sidecar: decisions kept, rejected candidates
//! never return, ids stable and unique; linear at 50,000 annotations.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use margin::article::Article;
use margin::detect::{Candidate, Kind};
use margin::sidecar::build::{IdAllocator, annotation_id};
use margin::sidecar::{Original, Status, Store, build, io, merge_by_id, merge_candidates};

fn claim(span: std::ops::Range<usize>) -> Candidate {
    Candidate {
        kind: Kind::Claim,
        span,
        style: None,
        speaker: None,
        source: None,
        cue: None,
        score: 0.5,
        reasons: vec!["test".into()].into(),
    }
}

/// An article of `n` numbered sentences and one claim candidate per sentence.
fn corpus(n: usize) -> (Article, Vec<Candidate>) {
    let mut text = String::new();
    let mut candidates = Vec::with_capacity(n);
    for i in 0..n {
        let start = text.len();
        write!(text, "Sentence {i} says prices rose {i}%.").unwrap();
        candidates.push(claim(start..text.len()));
        text.push(' ');
    }
    (
        Article::from_string(Path::new("story.txt"), text),
        candidates,
    )
}

#[test]
fn decisions_are_kept_and_rejected_or_edited_candidates_never_return() {
    let (article, candidates) = corpus(4);
    let mut document = build::new_document(&article, Path::new("story.txt.annotations.json"));
    let first = merge_candidates(&mut document, &article, &candidates);
    assert_eq!((first.added, first.kept), (4, 0));
    let ids: Vec<_> = document.annotations.iter().map(|a| a.id.clone()).collect();
    document.annotations[0].status = Status::Rejected;
    document.annotations[1].status = Status::Confirmed;
    // A person narrowed annotation 2: its detector span is kept in `original`.
    let edited = &mut document.annotations[2];
    edited.original = Some(Box::new(Original {
        start: edited.start,
        end: edited.end,
        kind: edited.kind,
        speaker: None,
        extra: serde_json::Map::new(),
    }));
    edited.start += 1;
    edited.text = edited.text.chars().skip(1).collect::<String>().into();
    edited.edited = true;

    let again = merge_candidates(&mut document, &article, &candidates);
    assert_eq!((again.added, again.kept), (0, 4));
    assert_eq!(document.annotations.len(), 4);
    assert_eq!(document.annotations[0].status, Status::Rejected);
    assert_eq!(document.annotations[1].status, Status::Confirmed);
    let ids_after: Vec<_> = document.annotations.iter().map(|a| a.id.clone()).collect();
    assert_eq!(ids, ids_after, "ids are stable");
}

#[test]
fn colliding_ids_are_resolved_deterministically() {
    let mut first = IdAllocator::default();
    let mut second = IdAllocator::default();
    let a = first.allocate(Kind::Quote, 1, 2, "x");
    let b = first.allocate(Kind::Quote, 1, 2, "x");
    assert_eq!(a, annotation_id(Kind::Quote, 1, 2, "x"));
    assert_ne!(a, b);
    assert_eq!(second.allocate(Kind::Quote, 1, 2, "x"), a);
    assert_eq!(second.allocate(Kind::Quote, 1, 2, "x"), b);
}

#[test]
fn merge_by_id_is_a_union_where_the_later_update_wins() {
    let (article, candidates) = corpus(3);
    let mut base = build::new_document(&article, Path::new("s.json"));
    merge_candidates(&mut base, &article, &candidates[..2]);
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.annotations[0].status = Status::Confirmed;
    ours.annotations[0].review_mut().updated = Some("2026-11-28T10:00:00Z".into());
    theirs.annotations[0].status = Status::Rejected;
    theirs.annotations[0].review_mut().updated = Some("2026-11-28T11:00:00Z".into());
    merge_candidates(&mut theirs, &article, &candidates[2..]);
    let (merged, report) = merge_by_id(&ours, &theirs);
    assert_eq!(merged.annotations.len(), 3);
    assert_eq!(merged.annotations[0].status, Status::Rejected);
    assert_eq!(report.theirs_won, vec![base.annotations[0].id.clone()]);
    assert_eq!(report.only_theirs.len(), 1);
    assert!(report.only_ours.is_empty() && report.ours_won.is_empty());
}

/// Not a timed test (nothing is asserted about time): prints the figures
/// recorded in docs/RELIABILITY.md, and proves merge and save work at this size.
#[test]
fn fifty_thousand_annotations_merge_save_and_load() {
    const N: usize = 50_000;
    let (article, candidates) = corpus(N);
    let dir = tempfile::tempdir().unwrap();
    let sidecar = dir.path().join("story.txt.annotations.json");
    let mut document = build::new_document(&article, &sidecar);

    let started = Instant::now();
    let report = merge_candidates(&mut document, &article, &candidates);
    let first_merge = started.elapsed();
    assert_eq!(report.added, N);
    let started = Instant::now();
    let report = merge_candidates(&mut document, &article, &candidates);
    let second_merge = started.elapsed();
    assert_eq!(report.kept, N);
    let unique: std::collections::HashSet<&str> =
        document.annotations.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(unique.len(), N);

    let mut store = Store::open(&sidecar, false).unwrap().store;
    let started = Instant::now();
    store.save(&document).unwrap();
    let first_save = started.elapsed();
    let started = Instant::now();
    store.save(&document).unwrap();
    let second_save = started.elapsed();
    let size = std::fs::metadata(&sidecar).unwrap().len();
    let started = Instant::now();
    let loaded = io::load(&sidecar).unwrap().unwrap();
    let load = started.elapsed();
    assert_eq!(loaded.annotations.len(), N);
    assert!(
        size < io::MAX_SIDECAR_BYTES,
        "a 50,000-annotation sidecar must load"
    );
    eprintln!(
        "50k annotations: merge {first_merge:?} (new) / {second_merge:?} (all known), \
         save {first_save:?} / {second_save:?}, load {load:?}, {size} bytes"
    );
}

/// Not a timed test: prints the figure recorded in docs/RELIABILITY.md, and
/// proves that an insertion at the top moves 50,000 annotations, all exactly.
#[test]
fn fifty_thousand_annotations_reanchor_after_an_insertion_at_the_top() {
    const N: usize = 50_000;
    let (article, candidates) = corpus(N);
    let mut document = build::new_document(&article, Path::new("s.json"));
    merge_candidates(&mut document, &article, &candidates);
    let edited = Article::from_string(
        Path::new("story.txt"),
        format!("A new first paragraph. {}", article.text()),
    );
    let started = Instant::now();
    let report = margin::sidecar::reanchor(&mut document, &edited);
    let elapsed = started.elapsed();
    assert_eq!(report.moved, N, "{report:?}");
    eprintln!("50k annotations: re-anchor after an insertion {elapsed:?}");
}

/// The screen, import and batch keep annotations in the order the sidecar is
/// written in, so a document in memory equals the one loaded back: a claim
/// and a quote on the same span go "claim" before "quote", as written.
#[test]
fn annotations_sort_as_the_sidecar_writes_them() {
    let article = Article::from_string(
        Path::new("a.txt"),
        "\"Taxes rose by 4 percent,\" she said.".to_owned(),
    );
    let quote = Candidate {
        kind: Kind::Quote,
        ..claim(0..26)
    };
    let mut annotations = vec![
        build::annotation_from_candidate(&article, &quote),
        build::annotation_from_candidate(&article, &claim(0..26)),
        build::annotation_from_candidate(&article, &claim(1..5)),
    ];
    margin::sidecar::sort_annotations(&mut annotations);
    let order: Vec<(u64, Kind)> = annotations.iter().map(|a| (a.start, a.kind)).collect();
    assert_eq!(
        order,
        [(0, Kind::Claim), (0, Kind::Quote), (1, Kind::Claim)]
    );
    let mut document = build::new_document(&article, Path::new("a.txt.annotations.json"));
    document.annotations = annotations;
    let written = io::to_bytes(&document);
    let loaded = io::parse(Path::new("a.txt.annotations.json"), &written).unwrap();
    assert_eq!(loaded.annotations, document.annotations);
}
