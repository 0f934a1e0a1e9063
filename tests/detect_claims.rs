//! The claim detector and the sentence splitter on text written for these tests,
//! plus the user's own article.
#![allow(clippy::unwrap_used)]

use margin::detect::claims::features::{self, FEATURES, Table};
use margin::detect::claims::{detect_claims, score_sentence};
use margin::detect::sentences::sentence_ranges;
use margin::detect::{Candidate, Kind, detect};
use margin::text::{ceil_grapheme, floor_grapheme};

const SEED: &str = include_str!("../sample_articles/ryabkov-seed.txt");

fn sentences(text: &str) -> Vec<&str> {
    sentence_ranges(text).map(|range| &text[range]).collect()
}

fn claim_texts<'a>(text: &'a str, candidates: &[Candidate]) -> Vec<&'a str> {
    candidates
        .iter()
        .filter(|c| c.kind == Kind::Claim)
        .map(|c| &text[c.span.clone()])
        .collect()
}

/// The single claim `detect_claims` finds in `sentence`, which must be all of it.
fn sole_claim(sentence: &str) -> Candidate {
    let claims = detect_claims(sentence);
    assert_eq!(
        claims.len(),
        1,
        "expected one claim in {sentence:?}, got {claims:?}"
    );
    assert_eq!(claims[0].span, 0..sentence.len());
    claims.into_iter().next().unwrap()
}

fn assert_not_claim(sentence: &str) {
    let claims = detect_claims(sentence);
    assert!(
        claims.is_empty(),
        "{sentence:?} should not be a claim: {claims:?}"
    );
}

// --- sentence splitting -------------------------------------------------

#[test]
fn splits_on_terminators_and_keeps_them() {
    assert_eq!(
        sentences("Prices rose. Did they? Yes!  They did."),
        ["Prices rose.", "Did they?", "Yes!", "They did."]
    );
}

#[test]
fn abbreviations_do_not_end_sentences() {
    assert_eq!(
        sentences("Mr. Brooks met Dr. Chen on Sept. 12 at No. 5 Main St. in Ohio. Talks ended."),
        [
            "Mr. Brooks met Dr. Chen on Sept. 12 at No. 5 Main St. in Ohio.",
            "Talks ended."
        ]
    );
}

#[test]
fn dotted_acronyms_and_initials_split_only_before_a_clear_sentence_start() {
    assert_eq!(
        sentences("U.S. troops left. J. K. Rowling spoke in the U.S. The crowd cheered."),
        [
            "U.S. troops left.",
            "J. K. Rowling spoke in the U.S.",
            "The crowd cheered."
        ]
    );
}

#[test]
fn decimals_and_lowercase_continuations_do_not_split() {
    assert_eq!(
        sentences("Growth was 2.5 percent, e.g. in March. It slowed."),
        ["Growth was 2.5 percent, e.g. in March.", "It slowed."]
    );
}

#[test]
fn closing_quotes_stay_with_their_sentence() {
    assert_eq!(
        sentences("He said, \"We won.\" She said, “We lost.” Then (they left.) Done."),
        [
            "He said, \"We won.\"",
            "She said, “We lost.”",
            "Then (they left.)",
            "Done."
        ]
    );
}

#[test]
fn paragraphs_headlines_and_crlf() {
    let text = "Exports Fall Sharply\r\n\r\nExports fell 12 percent.\r\nImports rose\r\nslightly in May.\r\n";
    assert_eq!(
        sentences(text),
        [
            "Exports Fall Sharply",
            "Exports fell 12 percent.",
            "Imports rose\r\nslightly in May."
        ]
    );
}

#[test]
fn cjk_full_stops_and_ellipses() {
    assert_eq!(
        sentences("東京は晴れ。大阪は雨！ Wait… What happened?"),
        ["東京は晴れ。", "大阪は雨！", "Wait…", "What happened?"]
    );
}

#[test]
fn ranges_are_trimmed_and_on_grapheme_boundaries() {
    let text = "  👍🏽 Sales rose 5% 🎉.\r\n\r\n日本の輸出は増えた。 Café\u{301} prices fell.\u{a0} ";
    let ranges: Vec<_> = sentence_ranges(text).collect();
    assert_eq!(ranges.len(), 3);
    for range in ranges {
        for at in [range.start, range.end] {
            assert!(text.is_char_boundary(at));
            assert_eq!(floor_grapheme(text, at), at);
            assert_eq!(ceil_grapheme(text, at), at);
        }
        let sentence = &text[range];
        assert_eq!(sentence, sentence.trim(), "trimmed");
    }
}

#[test]
fn empty_and_blank_text_have_no_sentences() {
    assert!(sentences("").is_empty());
    assert!(sentences(" \r\n\n\t ").is_empty());
}

// --- features that make a claim ----------------------------------------

/// `sentence` is a claim, and the explicit feature `feature` fired on it.
fn assert_claim_with_feature(sentence: &str, feature: usize) {
    sole_claim(sentence);
    let values = features::analyze(sentence, &Table::lexicon(), |_| {});
    assert!(
        values[feature] > 0.0,
        "{sentence:?}: feature {:?} did not fire",
        FEATURES[feature].name
    );
}

#[test]
fn percentages_and_superlatives_are_claims() {
    assert_claim_with_feature(
        "Unemployment in Ohio fell to 4.1% in March.",
        features::PERCENT,
    );
    assert_claim_with_feature(
        "Turnout reached 61 percent, the highest in decades.",
        features::SUPERLATIVE,
    );
}

#[test]
fn money_is_a_claim() {
    assert_claim_with_feature(
        "The city council approved a budget of $4.2 million for road repairs last year.",
        features::MONEY,
    );
}

#[test]
fn dates_and_named_entities_are_claims() {
    assert_claim_with_feature(
        "The European Commission fined the company in 2019 for breaking competition rules.",
        features::NAMED_ENTITY,
    );
    assert_claim_with_feature(
        "The treaty was signed in Geneva on Wednesday by both governments.",
        features::DATE,
    );
}

#[test]
fn comparisons_are_claims() {
    assert_claim_with_feature(
        "Wheat exports were lower than in any year since the drought, according to the ministry.",
        features::COMPARISON,
    );
}

#[test]
fn statistics_words_are_claims() {
    assert_claim_with_feature(
        "The unemployment rate among young workers has doubled since the factory closed.",
        features::STATISTIC,
    );
}

#[test]
fn negated_facts_are_claims() {
    assert_claim_with_feature(
        "The agency has not published its inspection reports since 2015.",
        features::NEGATED_FACT,
    );
}

#[test]
fn a_claim_inside_a_quote_is_a_claim() {
    let text = "“Exports fell 12 percent in 2023,” the trade minister said on Monday.";
    sole_claim(text);
}

#[test]
fn a_checkworthy_headline_is_a_claim() {
    let text =
        "Unemployment Falls to 3.5 Percent, Lowest Since 1969\n\nThe figures surprised economists.";
    let claims = detect_claims(text);
    assert_eq!(
        claim_texts(text, &claims)[0],
        "Unemployment Falls to 3.5 Percent, Lowest Since 1969"
    );
}

#[test]
fn candidates_carry_a_score_reasons_and_no_quote_fields() {
    let claim = sole_claim("Inflation rose to 9.1 percent in June, the highest rate in 40 years.");
    assert!(claim.score > 0.5 && claim.score <= 1.0);
    assert!(!claim.reasons.is_empty() && claim.reasons.len() <= 4);
    assert_eq!(
        (
            claim.kind,
            claim.style,
            &claim.speaker,
            &claim.source,
            &claim.cue
        ),
        (Kind::Claim, None, &None, &None, &None)
    );
}

#[test]
fn reasons_name_the_strongest_features_first() {
    let claim = sole_claim("Inflation rose to 9.1 percent in June, the highest rate in 40 years.");
    assert_eq!(&claim.reasons[0], "percentage");
    let weak = score_sentence("The council met.");
    assert!(
        weak.reasons
            .iter()
            .all(|r| r != "percentage" && r != "money")
    );
}

#[test]
fn stronger_evidence_scores_higher() {
    let vague = score_sentence("The council discussed the roads.").score;
    let factual =
        score_sentence("The council spent $4.2 million on 37 miles of roads in 2023.").score;
    assert!(factual > vague, "{factual} <= {vague}");
}

// --- what is not a claim ------------------------------------------------

#[test]
fn questions_are_not_claims() {
    assert_not_claim("Why did the government wait so long to act?");
    assert_not_claim("Is this really what voters want from their leaders?");
}

#[test]
fn opinions_are_not_claims() {
    assert_not_claim("I think this is a terrible idea and people deserve better.");
    assert_not_claim("We should be proud of what our community has become.");
}

#[test]
fn hedges_and_predictions_are_not_claims() {
    assert_not_claim("Maybe things will get better, perhaps sooner than we think.");
    assert_not_claim("I will fight for you every single day.");
}

#[test]
fn imperatives_and_short_exclamations_are_not_claims() {
    assert_not_claim("Let me be clear about this.");
    assert_not_claim("Thank you!");
    assert_not_claim("What a night!");
}

// --- the user's article -------------------------------------------------

#[test]
fn seed_article_factual_claims_are_found() {
    let claims = claim_texts(SEED, &detect(SEED));
    for expected in [
        "a memo was delivered to the US ambassador in Moscow on Wednesday",
        "Russia has been working for half a year to ratify the Convention",
        "He accused the Americans of obstructing this process since 2001.",
        "the United States had not yet destroyed its stockpile of chemical weapons",
        "there are currently no relations between Russia and NATO",
    ] {
        assert!(
            claims.iter().any(|claim| claim.contains(expected)),
            "missing claim {expected:?} in {claims:#?}"
        );
    }
}

#[test]
fn seed_article_furniture_is_never_a_claim() {
    let claims = claim_texts(SEED, &detect(SEED));
    for furniture in [
        "See also",
        "Cover image source",
        "Leave a Reply",
        "Your email address",
    ] {
        assert!(
            claims.iter().all(|claim| !claim.contains(furniture)),
            "{furniture:?} proposed as a claim"
        );
    }
}

#[test]
fn claim_spans_are_on_grapheme_boundaries_in_mixed_text() {
    let text =
        "🇺🇦 Кийв: exports fell 12% in 2023.\r\n\r\n北京 said imports rose 5 percent in May 👍🏽.";
    let claims = detect_claims(text);
    assert!(!claims.is_empty());
    for claim in claims {
        for at in [claim.span.start, claim.span.end] {
            assert_eq!(floor_grapheme(text, at), at);
        }
    }
}

// --- any text -----------------------------------------------------------

mod any_text {
    use super::*;
    use proptest::prelude::*;

    /// Text built from the pieces that trip splitters and offset code.
    fn news_like() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Mr.",
            " ",
            "U.S.",
            "3.5",
            "%",
            "$",
            "\r\n",
            "\n\n",
            ".",
            "?",
            "!",
            "…",
            "\"",
            "”",
            "’",
            "\u{a0}",
            "\u{301}",
            "👍🏽",
            "🇺🇦",
            "日本",
            "。",
            "No.",
            " 5",
            "The",
            "rose",
            "Getty Images",
            "(Photo: AP)",
            "By Jane Doe",
            "Read more",
            "e.g.",
            "J.",
            "'",
            "(",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn sentences_are_ordered_disjoint_and_on_grapheme_boundaries(text in news_like()) {
            let mut last_end = 0;
            for range in sentence_ranges(&text) {
                prop_assert!(last_end <= range.start && range.start < range.end);
                prop_assert_eq!(floor_grapheme(&text, range.start), range.start);
                prop_assert_eq!(floor_grapheme(&text, range.end), range.end);
                last_end = range.end;
            }
        }

        #[test]
        fn claims_and_furniture_are_well_formed(text in news_like()) {
            for claim in detect_claims(&text) {
                prop_assert!((0.0..=1.0).contains(&claim.score));
                prop_assert_eq!(floor_grapheme(&text, claim.span.start), claim.span.start);
                prop_assert_eq!(floor_grapheme(&text, claim.span.end), claim.span.end);
            }
            let furniture = margin::detect::furniture::furniture_ranges(&text);
            for pair in furniture.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
            for range in furniture {
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            }
        }
    }
}
