//! The detector evaluation (`examples/eval_quotes.rs`) on a small brat corpus
//! written for the project: `tests/fixtures/evaluate/library.{txt,ann}`, in
//! `PolNeAR`'s shape (Source, Cue, Content and Attribution spans tied by `E`
//! lines). The expected scores are worked out by hand below.
//!
//! Gold quotes (the `she added` content is two fragments with words between
//! them, so two quotes; `she` and `She` resolve to the nearest named Source,
//! "Ortiz"):
//!
//! | gold content                      | category | detector finds it as        |
//! | --------------------------------- | -------- | --------------------------- |
//! | the building came in under budget | reported | indirect, Paul Brandt       |
//! | "Every child ..."                 | direct   | direct, Lena Ortiz          |
//! | "We will keep the doors ..."      | direct   | direct, Lena Ortiz          |
//! | "because nobody should ..."       | direct   | direct, Lena Ortiz          |
//! | a reading room for teenagers      | reported | indirect, Lena Ortiz        |
//! | to open a second branch (hopes)   | other    | indirect, council           |
//! | most families want (survey shows) | other    | not found                   |
//!
//! and the detector's "the old library should become a museum" (indirect)
//! has no gold: a false find.
#![allow(clippy::unwrap_used)]

use margin::article::{Article, ReadOptions};
use margin::detect::{Candidate, Kind, Reasons};
use margin::interchange::compare::{CategoryCounts, Difference, SpeakerCounts};
use margin::interchange::evaluate::{
    ArticleEvaluation, QuoteCategory, evaluate_article, same_speaker_or_mention,
};
use margin::sidecar::build;

fn evaluation() -> ArticleEvaluation {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evaluate");
    let article = Article::read(&fixtures.join("library.txt"), ReadOptions::default()).unwrap();
    let ann = std::fs::read_to_string(fixtures.join("library.ann")).unwrap();
    evaluate_article(&ann, &article).unwrap()
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap();
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

#[test]
fn quotes_are_scored_per_category_over_one_matching() {
    let quotes = evaluation().quotes.counts;
    let direct = quotes[&QuoteCategory::Direct];
    assert_eq!(
        direct,
        CategoryCounts {
            reference: 3,
            reference_matched: 3,
            // The two fragments of the "she added" content are one content.
            reference_units: 2,
            reference_units_matched: 2,
            candidate: 3,
            candidate_matched: 3,
            speakers: SpeakerCounts {
                compared: 3,
                same: 3
            },
        }
    );
    close(direct.f1(), 1.0);
    // The council's hope (gold "other") is found by a reported-speech
    // prediction: right for that prediction, recalled for "other".
    let reported = quotes[&QuoteCategory::Reported];
    assert_eq!(
        reported,
        CategoryCounts {
            reference: 2,
            reference_matched: 2,
            reference_units: 2,
            reference_units_matched: 2,
            candidate: 4,
            candidate_matched: 3,
            speakers: SpeakerCounts {
                compared: 3,
                same: 3
            },
        }
    );
    close(reported.precision(), 0.75);
    close(reported.recall(), 1.0);
    close(reported.f1(), 2.0 * 0.75 / 1.75);
    let other = quotes[&QuoteCategory::Other];
    assert_eq!((other.reference, other.reference_matched), (2, 1));
    assert_eq!(
        other.precision(),
        None,
        "no prediction is of category other"
    );
    close(other.recall(), 0.5);
    assert_eq!(
        (other.reference_units, other.reference_units_matched),
        (2, 1)
    );
    close(other.unit_recall(), 0.5);
}

#[test]
fn the_categories_split_the_same_comparison_margin_compare_makes() {
    let evaluation = evaluation();
    let overall = evaluation.comparison.by_kind[&Kind::Quote];
    assert_eq!(
        (
            overall.overlap.reference,
            overall.overlap.candidate,
            overall.overlap.matched
        ),
        (7, 7, 6)
    );
    let split = evaluation.quotes.counts.values();
    let matched: usize = split.clone().map(|counts| counts.candidate_matched).sum();
    let recalled: usize = split.map(|counts| counts.reference_matched).sum();
    assert_eq!((matched, recalled), (6, 6));
    // compare's own speaker rule wants the same name, case and spacing aside:
    // only "Paul Brandt" passes; "Ortiz" is not "Lena Ortiz" there.
    assert_eq!((overall.speakers.compared, overall.speakers.same), (6, 1));
    let unmatched: Vec<(Difference, &str)> = evaluation
        .comparison
        .disagreements
        .iter()
        .filter(|disagreement| disagreement.kind == Kind::Quote)
        .filter_map(|disagreement| match disagreement.differences[..] {
            [difference @ (Difference::OnlyInReference | Difference::OnlyInCandidate)] => {
                let span = disagreement.a.as_ref().or(disagreement.b.as_ref())?;
                Some((difference, span.text.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        unmatched,
        [
            (
                Difference::OnlyInCandidate,
                "the old library should become a museum"
            ),
            (
                Difference::OnlyInReference,
                "most families want Sunday hours"
            ),
        ]
    );
}

#[test]
fn a_resolved_description_matches_the_gold_mention_but_a_pronoun_needs_the_name() {
    let text = "The president said it. He said more.";
    let article = Article::from_string(std::path::Path::new("a.txt"), text.to_owned());
    let quote = |speaker: &str, source: std::ops::Range<usize>| {
        let candidate = Candidate {
            kind: Kind::Quote,
            span: 0..3,
            style: None,
            speaker: Some(speaker.to_owned()),
            source: Some(source),
            cue: None,
            score: 0.5,
            reasons: Reasons::default(),
        };
        build::annotation_from_candidate(&article, &candidate)
    };
    let (president, he) = (0..13, 23..25);
    // The gold keeps "The president" as written; the detector names him.
    let gold = quote("The president", president.clone());
    assert!(same_speaker_or_mention(&gold, &quote("Obama", president)));
    // The gold resolved "He" to a name: pointing at "He" is not enough.
    let gold = quote("Jo Kim", he.clone());
    assert!(!same_speaker_or_mention(&gold, &quote("Obama", he.clone())));
    assert!(same_speaker_or_mention(&gold, &quote("Mr. Kim", he)));
}
