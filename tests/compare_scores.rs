//! Compare on hand-built pairs whose scores are worked out by hand here.
#![allow(clippy::unwrap_used, clippy::float_cmp)]

#[path = "fixtures/interchange/support.rs"]
mod support;

use margin::article::Article;
use margin::detect::{Candidate, Kind};
use margin::interchange::compare::{Counts, Difference, Matching, compare};
use margin::sidecar::{Annotation, Document, Status, build};

/// An ASCII article, so code points and bytes coincide.
fn article() -> Article {
    Article::from_string(std::path::Path::new("a.txt"), "x".repeat(1000))
}

fn span(kind: Kind, start: usize, end: usize, status: Status) -> Annotation {
    let candidate = Candidate {
        kind,
        span: start..end,
        style: None,
        speaker: None,
        source: None,
        cue: None,
        score: 0.5,
        reasons: margin::detect::Reasons::default(),
    };
    let mut annotation = build::annotation_from_candidate(&article(), &candidate);
    annotation.status = status;
    annotation
}

fn quote(start: usize, end: usize) -> Annotation {
    span(Kind::Quote, start, end, Status::Confirmed)
}

fn claim(start: usize, end: usize) -> Annotation {
    span(Kind::Claim, start, end, Status::Confirmed)
}

fn doc(annotations: Vec<Annotation>) -> Document {
    let mut document =
        build::new_document(&article(), std::path::Path::new("a.txt.annotations.json"));
    document.annotations = annotations;
    document
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap();
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

#[test]
fn exact_and_overlap_scores_per_kind() {
    let a = doc(vec![
        quote(0, 10),
        quote(20, 30),
        quote(40, 60),
        quote(100, 110),
        claim(0, 50),
    ]);
    let b = doc(vec![
        quote(0, 10),    // exact match
        quote(22, 30),   // overlaps [20,30) by 8 >= half of 8: overlap match
        quote(55, 70),   // overlaps [40,60) by 5 < half of 15: no match
        quote(200, 210), // nothing there
        claim(10, 20),   // inside [0,50): overlap 10 >= half of 10
    ]);
    let comparison = compare(&a, &b);
    let quotes = comparison.by_kind[&Kind::Quote];
    assert_eq!(
        quotes.exact,
        Counts {
            reference: 4,
            candidate: 4,
            matched: 1
        }
    );
    close(quotes.exact.precision(), 0.25);
    close(quotes.exact.recall(), 0.25);
    close(quotes.exact.f1(), 0.25);
    assert_eq!(quotes.overlap.matched, 2);
    close(quotes.overlap.precision(), 0.5);
    close(quotes.overlap.recall(), 0.5);
    close(quotes.overlap.f1(), 0.5);
    let claims = comparison.by_kind[&Kind::Claim];
    assert_eq!(claims.exact.matched, 0);
    close(claims.exact.f1(), 0.0);
    close(claims.overlap.precision(), 1.0);
    close(claims.overlap.recall(), 1.0);
}

#[test]
fn the_overlap_rule_is_half_of_the_shorter_span() {
    let rule = Matching::Overlap;
    assert!(
        rule.matches((0, 10), (5, 20)),
        "5 of the shorter 10: exactly half"
    );
    assert!(!rule.matches((0, 10), (6, 20)), "4 of 10");
    assert!(
        rule.matches((0, 100), (40, 42)),
        "a short span inside a long one"
    );
    assert!(
        !rule.matches((0, 10), (10, 20)),
        "touching is not overlapping"
    );
    assert!(Matching::Exact.matches((3, 9), (3, 9)));
    assert!(!Matching::Exact.matches((3, 9), (3, 10)));
}

#[test]
fn matching_is_one_to_one_and_prefers_the_larger_overlap() {
    let a = doc(vec![quote(0, 10)]);
    let b = doc(vec![quote(2, 10), quote(0, 10)]);
    let comparison = compare(&a, &b);
    let quotes = comparison.by_kind[&Kind::Quote];
    assert_eq!(
        quotes.overlap,
        Counts {
            reference: 1,
            candidate: 2,
            matched: 1
        }
    );
    close(quotes.overlap.precision(), 0.5);
    close(quotes.overlap.recall(), 1.0);
    close(quotes.overlap.f1(), 2.0 / 3.0);
    // The exact [0,10) took A's span; [2,10) is B's extra.
    let extra: Vec<_> = comparison
        .disagreements
        .iter()
        .filter(|d| d.differences == [Difference::OnlyInCandidate])
        .collect();
    assert_eq!(extra.len(), 1);
    assert_eq!(extra[0].b.as_ref().unwrap().start, 2);
}

/// The textbook example (Wikipedia, "Cohen's kappa"): 50 items; both say yes
/// to 20, A yes and B no to 5, A no and B yes to 10, both no to 15.
/// Observed 35/50 = 0.7; by chance 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4.
#[test]
fn cohens_kappa_on_the_textbook_example() {
    let cells = [
        (20, Status::Confirmed, Status::Confirmed),
        (5, Status::Confirmed, Status::Rejected),
        (10, Status::Rejected, Status::Confirmed),
        (15, Status::Rejected, Status::Rejected),
    ];
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut position = 0;
    for (count, status_a, status_b) in cells {
        for _ in 0..count {
            a.push(span(Kind::Claim, position, position + 5, status_a));
            b.push(span(Kind::Claim, position, position + 5, status_b));
            position += 10;
        }
    }
    let comparison = compare(&doc(a), &doc(b));
    assert_eq!(comparison.statuses.pairs(), 50);
    close(comparison.statuses.observed(), 0.7);
    close(comparison.statuses.kappa(), 0.4);
    // Spans asserted: A confirmed 25, B confirmed 30, both 20.
    let claims = comparison.by_kind[&Kind::Claim].overlap;
    assert_eq!(
        claims,
        Counts {
            reference: 25,
            candidate: 30,
            matched: 20
        }
    );
    let status_disagreements = comparison
        .disagreements
        .iter()
        .filter(|d| d.differences.contains(&Difference::Status))
        .count();
    assert_eq!(status_disagreements, 15);
}

#[test]
fn kappa_is_undefined_when_chance_agreement_is_certain() {
    let a = doc(vec![quote(0, 10), quote(20, 30)]);
    let comparison = compare(&a, &a.clone());
    close(comparison.statuses.observed(), 1.0);
    assert_eq!(comparison.statuses.kappa(), None);
    assert!(comparison.disagreements.is_empty());
    let empty = compare(&doc(vec![]), &doc(vec![]));
    assert_eq!(empty.statuses.observed(), None);
    assert_eq!(empty.by_kind[&Kind::Quote].overlap.precision(), None);
}

#[test]
fn disagreements_name_every_difference() {
    let mut a_quote = quote(0, 10);
    a_quote.speaker = Some("Ana".into());
    let mut b_quote = span(Kind::Quote, 0, 12, Status::Pending);
    b_quote.speaker = Some("Bo".into());
    let mut a_claim = claim(50, 60);
    a_claim.review_mut().label = Some("false".into());
    let mut b_claim = claim(50, 60);
    b_claim.review_mut().label = Some("true".into());
    let comparison = compare(
        &doc(vec![a_quote, a_claim, quote(80, 90)]),
        &doc(vec![b_quote, b_claim]),
    );
    let differences: Vec<_> = comparison
        .disagreements
        .iter()
        .map(|d| d.differences.clone())
        .collect();
    assert_eq!(
        differences,
        [
            vec![
                Difference::Status,
                Difference::Boundaries,
                Difference::Speaker
            ],
            vec![Difference::OnlyInReference],
            vec![Difference::Verdict],
        ]
    );
}

#[test]
fn speaker_attribution_is_scored_over_matched_quotes() {
    let named = |start, end, speaker: Option<&str>| {
        let mut annotation = quote(start, end);
        annotation.speaker = speaker.map(Into::into);
        annotation
    };
    let a = doc(vec![
        named(0, 10, Some("Jo Kim")),
        named(20, 30, Some("Ana López")),
        named(40, 50, Some("the mayor")),
        named(60, 70, None),
    ]);
    let b = doc(vec![
        named(0, 10, Some("jo  kim")), // same, case and spacing aside
        named(20, 30, Some("Bo")),     // different
        named(40, 50, None),           // missing
        named(60, 70, Some("Jo Kim")), // A names nobody: not compared
    ]);
    let speakers = compare(&a, &b).by_kind[&Kind::Quote].speakers;
    assert_eq!((speakers.compared, speakers.same), (3, 1));
    close(speakers.accuracy(), 1.0 / 3.0);
}

#[test]
fn same_person_matches_a_name_by_its_last_word() {
    use margin::interchange::compare::same_person;
    assert!(same_person("Mr. Trump", "Donald Trump"));
    assert!(same_person("Clinton's", "Hillary Clinton"));
    assert!(same_person("The council", "council"));
    assert!(!same_person("Jo Kim", "Ana López"));
    assert!(!same_person("", "Ana López"), "nobody is not a name");
}

#[test]
fn totals_are_micro_averaged() {
    // Article 1: 1 of 1 matched; article 2: 1 of 3 matched.
    let first = compare(&doc(vec![quote(0, 10)]), &doc(vec![quote(0, 10)]));
    let second = compare(
        &doc(vec![quote(0, 10), quote(20, 30), quote(40, 50)]),
        &doc(vec![quote(0, 10)]),
    );
    let mut total = first.clone();
    total.add(&second);
    let quotes = total.by_kind[&Kind::Quote].overlap;
    assert_eq!(
        quotes,
        Counts {
            reference: 4,
            candidate: 2,
            matched: 2
        }
    );
    close(quotes.recall(), 0.5); // not the macro mean (1 + 1/3) / 2
}

#[test]
fn the_command_compares_files_and_directories_in_json() {
    use support::{annotated, quote as q, run_ok};
    let text = "Ana said \"we build\" and Bo said \"we wait\" today.\n";
    let dir = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    let confirmed = Status::Confirmed;
    let (a_path, _) = annotated(
        &a_dir,
        "one.txt",
        text,
        &[
            q("\"we build\"").status(confirmed),
            q("\"we wait\"").status(confirmed),
        ],
    );
    let (b_path, _) = annotated(
        &b_dir,
        "one.txt",
        text,
        &[
            q("\"we build\"").status(confirmed),
            q("\"we wait\"").status(Status::Rejected),
        ],
    );
    annotated(
        &a_dir,
        "two.txt",
        text,
        &[q("\"we build\"").status(confirmed)],
    );
    annotated(
        &b_dir,
        "two.txt",
        text,
        &[q("\"we build\"").status(confirmed)],
    );
    annotated(&b_dir, "three.txt", text, &[]);

    let single: serde_json::Value = serde_json::from_str(&run_ok(&[
        "compare",
        a_path.to_str().unwrap(),
        margin::sidecar::sidecar_path_for(&b_path).to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(single["by_kind"]["quote"]["precision"], 1.0);
    assert_eq!(single["by_kind"]["quote"]["recall"], 0.5);
    assert_eq!(single["status_agreement"]["observed"], 0.5);
    assert_eq!(single["disagreements"].as_array().unwrap().len(), 1);

    let dirs: serde_json::Value = serde_json::from_str(&run_ok(&[
        "compare",
        a_dir.to_str().unwrap(),
        b_dir.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(dirs["files"].as_array().unwrap().len(), 2);
    // In total: A asserts 3, B 2, matched 2.
    assert_eq!(dirs["total"]["by_kind"]["quote"]["precision"], 1.0);
    assert_eq!(dirs["total"]["by_kind"]["quote"]["recall"], 2.0 / 3.0);
    assert_eq!(dirs["only_in_b"], serde_json::json!(["three.txt"]));

    let text_report = run_ok(&["compare", a_dir.to_str().unwrap(), b_dir.to_str().unwrap()]);
    assert!(
        text_report.contains("== total (2 files, micro-averaged) =="),
        "{text_report}"
    );
}
