//! Shared by `train_claims` and `eval_claims`: reading `ClaimBuster`'s JSON and
//! counting precision, recall and F1.
// Each example uses its own part of this module.
#![allow(dead_code)]

use std::error::Error;
use std::path::Path;

use serde::Deserialize;

/// One labelled sentence.
#[derive(Debug, Deserialize)]
pub struct Example {
    pub sentence_id: u64,
    /// 1 when crowd workers judged it a check-worthy factual sentence.
    pub label: u8,
    pub text: String,
}

impl Example {
    pub fn is_claim(&self) -> bool {
        self.label == 1
    }
}

pub fn load(path: &Path) -> Result<Vec<Example>, Box<dyn Error>> {
    let json = std::fs::read_to_string(path)?;
    Ok(serde_json::from_str(&json)?)
}

/// The data file given as the first argument.
pub fn path_from_args() -> Result<std::path::PathBuf, Box<dyn Error>> {
    std::env::args_os()
        .nth(1)
        .map(Into::into)
        .ok_or_else(|| "usage: <path to claimbuster train.json>".into())
}

/// Confusion counts for the positive class.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub true_pos: u32,
    pub false_pos: u32,
    pub false_neg: u32,
}

impl Counts {
    pub fn add(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.true_pos += 1,
            (true, false) => self.false_pos += 1,
            (false, true) => self.false_neg += 1,
            (false, false) => {}
        }
    }

    pub fn precision(self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    pub fn recall(self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }

    pub fn f1(self) -> f64 {
        ratio(
            2 * self.true_pos,
            2 * self.true_pos + self.false_pos + self.false_neg,
        )
    }

    /// Counts when everything scoring at least `threshold` is predicted positive.
    pub fn at(scored: &[(f32, bool)], threshold: f32) -> Self {
        let mut counts = Self::default();
        for &(score, actual) in scored {
            counts.add(score >= threshold, actual);
        }
        counts
    }
}

fn ratio(num: u32, den: u32) -> f64 {
    if den == 0 {
        0.0
    } else {
        f64::from(num) / f64::from(den)
    }
}

/// The threshold (one of the scores) that maximises F1 over `scored`.
pub fn best_threshold(scored: &[(f32, bool)]) -> f32 {
    let mut sorted = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = sorted.iter().filter(|s| s.1).count() as f64;
    let (mut true_pos, mut best, mut best_f1) = (0.0, 0.5, -1.0);
    for (rank, &(score, actual)) in sorted.iter().enumerate() {
        if actual {
            true_pos += 1.0;
        }
        // Only cut between distinct scores, so ties fall on one side together.
        if sorted
            .get(rank + 1)
            .is_some_and(|next| next.0.total_cmp(&score).is_eq())
        {
            continue;
        }
        let f1 = 2.0 * true_pos / (rank as f64 + 1.0 + positives);
        if f1 > best_f1 {
            best_f1 = f1;
            best = score;
        }
    }
    best
}
