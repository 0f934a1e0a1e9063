//! The shipped scorer: a logistic model over the explicit features plus the
//! learned word and bigram weights, built once from the generated weights file.

use std::sync::OnceLock;

use super::features::{self, Explicit, FEATURE_COUNT, FEATURES, Table};
use super::weights;
use crate::detect::Reasons;

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
    pub reasons: Reasons,
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
            reasons: self.reasons(&x, lexical).into(),
        }
    }

    /// Like [`Model::score`], but `None` below the threshold, where reasons
    /// would be wasted work.
    pub fn score_claim(&self, sentence: &str) -> Option<Scored> {
        let (log_odds, lexical, x) = self.log_odds(sentence);
        let score = sigmoid(log_odds);
        (score >= self.threshold).then(|| Scored {
            score,
            reasons: self.reasons(&x, lexical).into(),
        })
    }

    /// The strongest positive contributions, strongest first, picked with a
    /// small array on the stack.
    fn reasons(&self, x: &Explicit, lexical: f32) -> ClaimReasons {
        let mut top = TopReasons::default();
        let explicit = FEATURES.iter().zip(x.iter().zip(&self.explicit));
        for (code, (info, (value, weight))) in explicit.enumerate() {
            if info.reason.is_some() {
                top.offer(value * weight, code as u8);
            }
        }
        // The wording is a sum over many terms, not one thing a reviewer can
        // point at: it goes after the named features, in the last slot.
        let wording = lexical >= WORDING_REASON_MIN;
        let named = top.len.min(MAX_REASONS - usize::from(wording));
        let mut reasons = ClaimReasons::default();
        for &(_, code) in &top.entries[..named] {
            reasons.push(code);
        }
        if wording {
            reasons.push(WORDING_CODE);
        }
        reasons
    }
}

/// The code of the wording reason; lower codes are indexes into [`FEATURES`].
const WORDING_CODE: u8 = FEATURE_COUNT as u8;

/// A claim's reasons as one byte each, strongest first (see
/// [`Reasons`](crate::detect::Reasons) for why they are not strings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClaimReasons {
    len: u8,
    codes: [u8; MAX_REASONS],
}

impl ClaimReasons {
    fn push(&mut self, code: u8) {
        self.codes[usize::from(self.len)] = code;
        self.len += 1;
    }

    pub fn len(self) -> usize {
        usize::from(self.len)
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The phrase at `index`; panics past the end, like a slice.
    pub fn get(self, index: usize) -> &'static str {
        reason_name(self.codes[..self.len()][index])
    }
}

/// Codes are only made by [`Model::reasons`], from features that have a reason.
fn reason_name(code: u8) -> &'static str {
    FEATURES
        .get(usize::from(code))
        .and_then(|info| info.reason)
        .unwrap_or(WORDING_REASON)
}

/// The `MAX_REASONS` largest positive contributions seen so far, in descending
/// order, with their codes.
#[derive(Default)]
struct TopReasons {
    entries: [(f32, u8); MAX_REASONS],
    len: usize,
}

impl TopReasons {
    fn offer(&mut self, contribution: f32, code: u8) {
        if contribution <= 0.0 {
            return;
        }
        let at = self.entries[..self.len].partition_point(|(c, _)| *c >= contribution);
        if at == MAX_REASONS {
            return;
        }
        self.len = (self.len + 1).min(MAX_REASONS);
        // At most three moves: a loop, where `copy_within` called memmove.
        for slot in (at + 1..self.len).rev() {
            self.entries[slot] = self.entries[slot - 1];
        }
        self.entries[at] = (contribution, code);
    }
}

fn sigmoid(log_odds: f32) -> f32 {
    1.0 / (1.0 + (-log_odds).exp())
}
