//! The shipped scorer: a logistic model over the explicit features plus the
//! learned word and bigram weights, built once from the generated weights file.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::features::{self, Explicit, FEATURE_COUNT, FEATURES, Table};
use super::weights;

/// The lexical terms together must add this much before they are named as a
/// reason; below it they only nudge the score.
const WORDING_REASON_MIN: f32 = 0.5;
const WORDING_REASON: &str = "wording typical of claims";

/// The strongest few are enough for a reviewer, and keep candidates small.
const MAX_REASONS: usize = 4;

/// A sentence's check-worthiness and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// In 0..=1.
    pub score: f32,
    /// The features that raised the score most, strongest first.
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

    /// Like [`Model::score`], but `None` below the threshold, where reasons
    /// would be wasted work.
    pub fn score_claim(&self, sentence: &str) -> Option<Scored> {
        let (log_odds, lexical, x) = self.log_odds(sentence);
        let score = sigmoid(log_odds);
        (score >= self.threshold).then(|| Scored {
            score,
            reasons: self.reasons(&x, lexical),
        })
    }

    /// The names of the strongest positive contributions, strongest first.
    /// Kept in a small array on the stack; the returned vector is allocated at
    /// its final size, since candidates can be many.
    fn reasons(&self, x: &Explicit, lexical: f32) -> Vec<Cow<'static, str>> {
        let mut top = TopReasons::default();
        let explicit = FEATURES.iter().zip(x.iter().zip(&self.explicit));
        for (info, (value, weight)) in explicit {
            if let Some(reason) = info.reason {
                top.offer(value * weight, reason);
            }
        }
        // The wording is a sum over many terms, not one thing a reviewer can
        // point at: it goes after the named features, in the last slot.
        let wording = lexical >= WORDING_REASON_MIN;
        let named = top.len.min(MAX_REASONS - usize::from(wording));
        let mut reasons = Vec::with_capacity(named + usize::from(wording));
        reasons.extend(
            top.entries[..named]
                .iter()
                .map(|(_, reason)| Cow::Borrowed(*reason)),
        );
        if wording {
            reasons.push(Cow::Borrowed(WORDING_REASON));
        }
        reasons
    }
}

/// The `MAX_REASONS` largest positive contributions seen so far, in descending order.
#[derive(Default)]
struct TopReasons {
    entries: [(f32, &'static str); MAX_REASONS],
    len: usize,
}

impl TopReasons {
    fn offer(&mut self, contribution: f32, reason: &'static str) {
        if contribution <= 0.0 {
            return;
        }
        let at = self.entries[..self.len].partition_point(|(c, _)| *c >= contribution);
        if at == MAX_REASONS {
            return;
        }
        self.len = (self.len + 1).min(MAX_REASONS);
        self.entries.copy_within(at..self.len - 1, at + 1);
        self.entries[at] = (contribution, reason);
    }
}

fn sigmoid(log_odds: f32) -> f32 {
    1.0 / (1.0 + (-log_odds).exp())
}
