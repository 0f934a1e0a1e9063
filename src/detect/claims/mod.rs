//! Check-worthy factual claims: every sentence (and a headline) is scored from
//! explicit features, refined by learned word and bigram weights, and proposed
//! when the score reaches the threshold that maximised F1 on the `ClaimBuster` data.

pub mod features;
pub mod lexicon;
pub mod model;
pub mod weights;

use super::sentences::sentence_ranges;
use super::{Candidate, Kind};

pub use model::{Model, Scored};

/// Every candidate claim in `text`.
pub fn detect_claims(text: &str) -> Vec<Candidate> {
    let model = Model::shipped();
    sentence_ranges(text)
        .filter_map(|range| {
            let scored = model.score_claim(&text[range.clone()])?;
            Some(Candidate {
                kind: Kind::Claim,
                span: range,
                style: None,
                speaker: None,
                source: None,
                cue: None,
                score: scored.score,
                reasons: scored.reasons,
            })
        })
        .collect()
}

/// Check-worthiness of one sentence, 0..=1, with the reasons.
pub fn score_sentence(sentence: &str) -> Scored {
    Model::shipped().score(sentence)
}
