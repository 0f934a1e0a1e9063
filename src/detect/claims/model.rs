//! The shipped scorer: a logistic model over the explicit features plus the
//! learned word and bigram weights, built once from the generated weights file.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::features::{self, Explicit, FEATURE_COUNT, FEATURES, Table};
use super::weights;

/// The lexical terms together must add this much before they are named as a
/// reason; below it they only nudge the score.
const WORDING_REASON_MIN: f32 = 0.5;

/// A sentence's check-worthiness and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// In 0..=1.
    pub score: f32,
    /// The explicit features that raised the score, strongest first.
    pub reasons: Vec<Cow<'static, str>>,
}

/// Weights for the explicit features and the vocabulary, and the threshold.
pub struct Model {
    table: Table,
    bias: f32,
    explicit: [f32; FEATURE_COUNT],
    /// Candidates are emitted from this score up.
    pub threshold: f32,
}

impl Model {
    /// The model in the generated weights file.
    pub fn shipped() -> &'static Self {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            let mut table = Table::lexicon();
            for (spelling, weight) in weights::TERMS {
                table.add_weight(spelling, *weight);
            }
            Self {
                table,
                bias: weights::BIAS,
                explicit: weights::EXPLICIT,
                threshold: weights::THRESHOLD,
            }
        })
    }

    /// The raw log-odds of one sentence and its explicit features.
    fn log_odds(&self, sentence: &str) -> (f32, f32, Explicit) {
        let mut lexical = 0.0;
        let x = features::analyze(sentence, &self.table, |term| lexical += term.weight);
        let explicit: f32 = x.iter().zip(&self.explicit).map(|(v, w)| v * w).sum();
        (self.bias + explicit + lexical, lexical, x)
    }

    /// Check-worthiness of one sentence, with reasons.
    pub fn score(&self, sentence: &str) -> Scored {
        let (log_odds, lexical, x) = self.log_odds(sentence);
        Scored {
            score: sigmoid(log_odds),
            reasons: self.reasons(&x, lexical),
        }
    }

    /// Check-worthiness alone, for the many sentences that fall below the threshold.
    pub fn score_only(&self, sentence: &str) -> f32 {
        sigmoid(self.log_odds(sentence).0)
    }

    fn reasons(&self, x: &Explicit, lexical: f32) -> Vec<Cow<'static, str>> {
        let mut raised: Vec<(f32, &'static str)> = FEATURES
            .iter()
            .zip(x.iter().zip(&self.explicit))
            .filter_map(|(info, (value, weight))| {
                let contribution = value * weight;
                (contribution > 0.0).then_some((contribution, info.reason?))
            })
            .collect();
        if lexical >= WORDING_REASON_MIN {
            raised.push((lexical, "wording typical of claims"));
        }
        raised.sort_by(|a, b| b.0.total_cmp(&a.0));
        raised.into_iter().map(|(_, reason)| Cow::Borrowed(reason)).collect()
    }
}

fn sigmoid(log_odds: f32) -> f32 {
    1.0 / (1.0 + (-log_odds).exp())
}
