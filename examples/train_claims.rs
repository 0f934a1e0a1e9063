//! Fits the claim scorer on `ClaimBuster` and writes `src/detect/claims/weights.rs`.
//!
//! `cargo run --release --example train_claims -- /work/shared/data/claimbuster/train.json`
//!
//! A logistic regression over the explicit features (light L2) and the words
//! and bigrams seen in at least `MIN_DOCUMENTS` sentences (heavier L2, so the
//! explicit features stay the backbone). It is judged by 5-fold cross-validation:
//! for each held-out fold the threshold is chosen by an inner cross-validation on
//! the other four, so no held-out sentence influences its own prediction. The
//! shipped threshold maximises F1 over all held-out predictions. Everything is
//! deterministic: folds come from the sentence ids, the optimiser has no noise.
#![allow(clippy::unwrap_used, clippy::cast_possible_wrap)]

mod claims_data;

use std::collections::HashMap;
use std::error::Error;
use std::fmt::Write as _;

use claims_data::{Counts, Example, best_threshold};
use margin::detect::claims::features::{
    self, Explicit, FEATURE_COUNT, FEATURES, START_SPELLING, Table, Word, spelling_of,
};

const FOLDS: usize = 5;
const INNER_FOLDS: usize = 4;
/// A term must occur in this many training sentences to get a weight.
const MIN_DOCUMENTS: usize = 3;
const EXPLICIT_L2: f64 = 1e-4;
const TERM_L2: f64 = 4e-4;
const ITERATIONS: usize = 600;
const LEARNING_RATE: f64 = 0.05;
/// Weights smaller than this are left out of the shipped file.
const MIN_SHIPPED_WEIGHT: f64 = 0.01;
const OUTPUT: &str = "src/detect/claims/weights.rs";

/// A sentence reduced to what the model sees.
struct Row {
    explicit: Explicit,
    /// Distinct term keys.
    terms: Vec<u64>,
    label: bool,
    id: u64,
    fold: usize,
}

struct Weights {
    bias: f64,
    explicit: [f64; FEATURE_COUNT],
    terms: HashMap<u64, f64>,
}

impl Weights {
    fn score(&self, row: &Row) -> f32 {
        let explicit: f64 = row
            .explicit
            .iter()
            .zip(&self.explicit)
            .map(|(x, w)| f64::from(*x) * w)
            .sum();
        let lexical: f64 = row.terms.iter().filter_map(|key| self.terms.get(key)).sum();
        sigmoid(self.bias + explicit + lexical) as f32
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn main() -> Result<(), Box<dyn Error>> {
    let examples = claims_data::load(&claims_data::path_from_args()?)?;
    let (rows, spellings) = featurise(&examples);
    let explicit_only = cross_validate(&rows, None);
    let full = cross_validate(&rows, Some(TERM_L2));
    report("explicit features only", &explicit_only);
    report("explicit features + words/bigrams", &full);

    let all: Vec<&Row> = rows.iter().collect();
    let weights = fit(&all, Some(TERM_L2));
    let threshold = best_threshold(&full.out_of_fold);
    let source = render(&weights, &spellings, threshold, &full, &explicit_only);
    std::fs::write(OUTPUT, source)?;
    println!("wrote {OUTPUT} (threshold {threshold:.4})");
    Ok(())
}

/// Analyses every sentence once with the bare lexicon; remembers how each term is spelt.
fn featurise(examples: &[Example]) -> (Vec<Row>, HashMap<u64, String>) {
    let table = Table::lexicon();
    let mut spellings = HashMap::new();
    let rows = examples
        .iter()
        .map(|example| {
            let mut terms = Vec::new();
            let explicit = features::analyze(&example.text, &table, |term| {
                terms.push(term.key);
                spellings
                    .entry(term.key)
                    .or_insert_with(|| spell(&example.text, term));
            });
            terms.sort_unstable();
            terms.dedup();
            Row {
                explicit,
                terms,
                label: example.is_claim(),
                id: example.sentence_id,
                fold: fold_of(example.sentence_id, FOLDS),
            }
        })
        .collect();
    (rows, spellings)
}

fn spell(sentence: &str, term: &features::Term) -> String {
    let word = |word: &Word| match word {
        Word::Start => START_SPELLING.to_owned(),
        Word::At(range) => spelling_of(&sentence[range.clone()]),
    };
    match &term.first {
        None => word(&term.last),
        Some(first) => format!("{} {}", word(first), word(&term.last)),
    }
}

/// A fixed pseudo-random fold per sentence id (`SplitMix64`).
fn fold_of(id: u64, folds: usize) -> usize {
    let mut z = id.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((z ^ (z >> 31)) % folds as u64) as usize
}

struct CrossValidation {
    folds: Vec<(Counts, f32)>,
    out_of_fold: Vec<(f32, bool)>,
}

/// Outer k-fold; each fold's threshold comes from an inner k-fold on its training part.
/// `term_l2` is the penalty on word/bigram weights; `None` leaves the terms out.
fn cross_validate(rows: &[Row], term_l2: Option<f64>) -> CrossValidation {
    let mut folds = Vec::new();
    let mut out_of_fold = Vec::new();
    for fold in 0..FOLDS {
        let (train, test): (Vec<&Row>, Vec<&Row>) = rows.iter().partition(|r| r.fold != fold);
        let threshold = inner_threshold(&train, term_l2, fold);
        let weights = fit(&train, term_l2);
        let scored: Vec<(f32, bool)> = test.iter().map(|r| (weights.score(r), r.label)).collect();
        folds.push((Counts::at(&scored, threshold), threshold));
        out_of_fold.extend(scored);
    }
    CrossValidation { folds, out_of_fold }
}

fn inner_threshold(train: &[&Row], term_l2: Option<f64>, outer_fold: usize) -> f32 {
    // A different split for each outer fold, unrelated to the outer split.
    let salt = (outer_fold as u64 + 1) << 40;
    let inner_fold = |row: &Row| fold_of(row.id ^ salt, INNER_FOLDS);
    let mut scored = Vec::new();
    for inner in 0..INNER_FOLDS {
        let (fit_rows, held): (Vec<&Row>, Vec<&Row>) =
            train.iter().partition(|r| inner_fold(r) != inner);
        let weights = fit(&fit_rows, term_l2);
        scored.extend(held.iter().map(|r| (weights.score(r), r.label)));
    }
    best_threshold(&scored)
}

/// Full-batch Adam on mean log loss plus L2.
fn fit(rows: &[&Row], term_l2: Option<f64>) -> Weights {
    let vocabulary = if term_l2.is_some() {
        vocabulary(rows)
    } else {
        HashMap::new()
    };
    let term_l2 = term_l2.unwrap_or(0.0);
    let dims = 1 + FEATURE_COUNT + vocabulary.len();
    let mut w = vec![0.0f64; dims];
    let mut adam = Adam::new(dims);
    let n = rows.len() as f64;
    let indexed: Vec<Vec<usize>> = rows
        .iter()
        .map(|row| {
            row.terms
                .iter()
                .filter_map(|key| vocabulary.get(key).map(|i| 1 + FEATURE_COUNT + i))
                .collect()
        })
        .collect();
    let mut gradient = vec![0.0f64; dims];
    for _ in 0..ITERATIONS {
        gradient.fill(0.0);
        for (row, terms) in rows.iter().zip(&indexed) {
            let mut z = w[0];
            for (j, x) in row.explicit.iter().enumerate() {
                z += f64::from(*x) * w[1 + j];
            }
            z += terms.iter().map(|&i| w[i]).sum::<f64>();
            let error = (sigmoid(z) - f64::from(u8::from(row.label))) / n;
            gradient[0] += error;
            for (j, x) in row.explicit.iter().enumerate() {
                gradient[1 + j] += error * f64::from(*x);
            }
            for &i in terms {
                gradient[i] += error;
            }
        }
        for (i, g) in gradient.iter_mut().enumerate().skip(1) {
            *g += w[i]
                * if i <= FEATURE_COUNT {
                    EXPLICIT_L2
                } else {
                    term_l2
                };
        }
        adam.step(&mut w, &gradient);
    }
    let mut explicit = [0.0; FEATURE_COUNT];
    explicit.copy_from_slice(&w[1..=FEATURE_COUNT]);
    let terms = vocabulary
        .into_iter()
        .map(|(key, i)| (key, w[1 + FEATURE_COUNT + i]))
        .collect();
    Weights {
        bias: w[0],
        explicit,
        terms,
    }
}

/// Terms in at least `MIN_DOCUMENTS` of `rows`, each with a dense index.
fn vocabulary(rows: &[&Row]) -> HashMap<u64, usize> {
    let mut documents: HashMap<u64, usize> = HashMap::new();
    for row in rows {
        for &key in &row.terms {
            *documents.entry(key).or_default() += 1;
        }
    }
    let mut frequent: Vec<u64> = documents
        .into_iter()
        .filter(|&(_, count)| count >= MIN_DOCUMENTS)
        .map(|(key, _)| key)
        .collect();
    frequent.sort_unstable();
    frequent
        .into_iter()
        .enumerate()
        .map(|(i, key)| (key, i))
        .collect()
}

struct Adam {
    m: Vec<f64>,
    v: Vec<f64>,
    t: i32,
}

impl Adam {
    fn new(dims: usize) -> Self {
        Self {
            m: vec![0.0; dims],
            v: vec![0.0; dims],
            t: 0,
        }
    }

    fn step(&mut self, w: &mut [f64], gradient: &[f64]) {
        const B1: f64 = 0.9;
        const B2: f64 = 0.999;
        self.t += 1;
        let (c1, c2) = (1.0 - B1.powi(self.t), 1.0 - B2.powi(self.t));
        for i in 0..w.len() {
            self.m[i] = B1 * self.m[i] + (1.0 - B1) * gradient[i];
            self.v[i] = B2 * self.v[i] + (1.0 - B2) * gradient[i] * gradient[i];
            w[i] -= LEARNING_RATE * (self.m[i] / c1) / ((self.v[i] / c2).sqrt() + 1e-8);
        }
    }
}

fn summary(cv: &CrossValidation) -> (f64, f64, f64, f64) {
    let k = cv.folds.len() as f64;
    let mean = |f: fn(Counts) -> f64| cv.folds.iter().map(|(c, _)| f(*c)).sum::<f64>() / k;
    let threshold = cv.folds.iter().map(|(_, t)| f64::from(*t)).sum::<f64>() / k;
    (
        mean(Counts::f1),
        mean(Counts::precision),
        mean(Counts::recall),
        threshold,
    )
}

fn report(name: &str, cv: &CrossValidation) {
    let (f1, p, r, t) = summary(cv);
    println!(
        "{name}: {FOLDS}-fold cross-validated mean F1 {f1:.3} (P {p:.3}, R {r:.3}, mean threshold {t:.3})"
    );
    for (i, (counts, threshold)) in cv.folds.iter().enumerate() {
        println!(
            "  fold {i}: F1 {:.3} P {:.3} R {:.3} at {threshold:.3}",
            counts.f1(),
            counts.precision(),
            counts.recall()
        );
    }
}

fn render(
    weights: &Weights,
    spellings: &HashMap<u64, String>,
    threshold: f32,
    full: &CrossValidation,
    explicit_only: &CrossValidation,
) -> String {
    let (f1, p, r, _) = summary(full);
    let (explicit_f1, ..) = summary(explicit_only);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! Generated by `cargo run --release --example train_claims -- train.json`."
    );
    let _ = writeln!(
        out,
        "//! Do not edit. `ClaimBuster` {FOLDS}-fold cross-validated mean F1 {f1:.3} (P {p:.3}, R {r:.3});"
    );
    let _ = writeln!(out, "//! explicit features alone: F1 {explicit_f1:.3}.");
    let _ = writeln!(
        out,
        "\n// Weights are data: one may happen to look like a mathematical constant."
    );
    let _ = writeln!(out, "#![allow(clippy::approx_constant)]");
    let _ = writeln!(out, "\nuse super::features::FEATURE_COUNT;\n");
    let _ = writeln!(out, "pub const FOLDS: usize = {FOLDS};");
    let _ = writeln!(out, "pub const CV_F1: f32 = {f1:.4};");
    let _ = writeln!(out, "pub const CV_PRECISION: f32 = {p:.4};");
    let _ = writeln!(out, "pub const CV_RECALL: f32 = {r:.4};");
    let _ = writeln!(out, "pub const BIAS: f32 = {:.4};", weights.bias);
    let _ = writeln!(out, "pub const THRESHOLD: f32 = {threshold:.4};\n");
    let _ = writeln!(out, "/// Indexed like `features::FEATURES`.");
    let _ = writeln!(out, "pub const EXPLICIT: [f32; FEATURE_COUNT] = [");
    for (info, w) in FEATURES.iter().zip(&weights.explicit) {
        let _ = writeln!(out, "    {w:.4}, // {}", info.name);
    }
    let _ = writeln!(out, "];\n");
    let mut terms: Vec<(&str, f64)> = weights
        .terms
        .iter()
        .filter(|(_, w)| w.abs() >= MIN_SHIPPED_WEIGHT)
        .filter_map(|(key, w)| Some((spellings.get(key)?.as_str(), *w)))
        .collect();
    terms.sort_by(|a, b| a.0.cmp(b.0));
    let _ = writeln!(
        out,
        "/// Words and bigrams (\"<s>\" starts a sentence, \"#\" is any number)."
    );
    let _ = writeln!(out, "pub const TERMS: &[(&str, f32)] = &[");
    for (spelling, w) in terms {
        let _ = writeln!(out, "    ({spelling:?}, {w:.4}),");
    }
    let _ = writeln!(out, "];");
    out
}
