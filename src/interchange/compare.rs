//! Comparing two annotations of the same article: annotator B against
//! annotator A (or a detector against a gold set).
//!
//! - Spans are what each side asserts: annotations that are not `rejected`.
//!   Precision = matched / B's spans, recall = matched / A's spans, per kind,
//!   with exact matching (same start and end) and overlap matching.
//! - Overlap rule (the project's standard): a B span matches an A span of the
//!   same kind when they overlap by at least half of the shorter span. Matching
//!   is one-to-one and greedy: pairs where both sides assert the span first,
//!   then larger overlaps first, then earlier positions.
//! - Decisions: over every matched pair (rejected annotations included, since
//!   "both rejected it" is agreement), observed agreement and Cohen's kappa of
//!   the statuses.
//! - Speakers: over overlap-matched quotes where A names a speaker, the share
//!   B attributes to the same one (case and spacing aside).
//! - Disagreements: A's spans B misses, B's spans A lacks, and matched pairs
//!   that differ in status, boundaries, speaker or verdict.
//!
//! Scores from several articles add up (micro-averaging) with [`Comparison::add`].
//!
//! [`compare_by_category`] splits one kind's matching by a category of each
//! side's spans (a detector evaluation's direct quotes and reported speech),
//! so that such figures come from this comparison, not from a second scorer.

use std::collections::{BTreeMap, HashMap};

use compact_str::CompactString;
use serde::Serialize;

use crate::detect::Kind;
use crate::sidecar::{Annotation, Document, Status};
use crate::text::Excerpt;

/// How a B span matches an A span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// Same start and end.
    Exact,
    /// Overlapping by at least half of the shorter span.
    Overlap,
}

impl Matching {
    /// Whether spans `a` and `b` (code-point ranges) match.
    pub fn matches(self, a: (u64, u64), b: (u64, u64)) -> bool {
        match self {
            Self::Exact => a == b,
            Self::Overlap => {
                let overlap = overlap(a, b);
                // Saturating: a hand-edited sidecar may hold a reversed span.
                let shorter = a.1.saturating_sub(a.0).min(b.1.saturating_sub(b.0));
                overlap > 0 && 2 * overlap >= shorter
            }
        }
    }
}

/// Code points two spans share.
pub fn overlap(a: (u64, u64), b: (u64, u64)) -> u64 {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// One-to-one greedy matching of spans `b` against spans `a`: pairs of indices.
/// `preferred(i, j)` pairs are taken before the others; then larger overlaps,
/// then earlier starts.
pub fn match_spans(
    a: &[(u64, u64)],
    b: &[(u64, u64)],
    matching: Matching,
    preferred: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (i, &span_a) in a.iter().enumerate() {
        for (j, &span_b) in b.iter().enumerate() {
            if matching.matches(span_a, span_b) {
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_by_key(|&(i, j)| {
        (
            !preferred(i, j),
            std::cmp::Reverse(overlap(a[i], b[j])),
            a[i].0,
            b[j].0,
            i,
            j,
        )
    });
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut matched = Vec::new();
    for (i, j) in pairs {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            matched.push((i, j));
        }
    }
    matched.sort_unstable();
    matched
}

/// Counts behind precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Spans of A (the reference).
    pub reference: usize,
    /// Spans of B.
    pub candidate: usize,
    /// Matched pairs.
    pub matched: usize,
}

impl Counts {
    /// `None` when B has no spans.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matched, self.candidate)
    }

    /// `None` when A has no spans.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.matched, self.reference)
    }

    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub fn f1(&self) -> Option<f64> {
        f1(self.precision(), self.recall())
    }

    fn add(&mut self, other: Self) {
        self.reference += other.reference;
        self.candidate += other.candidate;
        self.matched += other.matched;
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Harmonic mean of a precision and a recall; 0 when both are 0.
fn f1(precision: Option<f64>, recall: Option<f64>) -> Option<f64> {
    let (precision, recall) = (precision?, recall?);
    if precision + recall == 0.0 {
        return Some(0.0);
    }
    Some(2.0 * precision * recall / (precision + recall))
}

/// Scores of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindScores {
    pub exact: Counts,
    pub overlap: Counts,
    /// Quotes: over overlap-matched pairs where A names a speaker, how many
    /// B attributes to the same one.
    pub speakers: SpeakerCounts,
}

/// Speaker attribution over matched quotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpeakerCounts {
    /// Matched pairs where A names a speaker.
    pub compared: usize,
    /// Of those, pairs where B names the same speaker (case and spacing aside).
    pub same: usize,
}

impl SpeakerCounts {
    /// Share of compared pairs with the same speaker; `None` without pairs.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.same, self.compared)
    }

    fn add(&mut self, other: Self) {
        self.compared += other.compared;
        self.same += other.same;
    }
}

/// Whether two speaker names are the same, ignoring case and spacing.
pub fn same_speaker(a: &str, b: &str) -> bool {
    let normal = |name: &str| {
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    normal(a) == normal(b)
}

/// Whether two names can be the same person, as a detector is scored: case
/// aside, the last word of one is among the words of the other, so "Mr. Trump"
/// is "Donald Trump" and "Clinton's" is "Hillary Clinton". Looser than
/// [`same_speaker`], which two annotators writing names in full should meet.
pub fn same_person(a: &str, b: &str) -> bool {
    let words = |name: &str| -> Vec<String> {
        name.split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|word| !word.is_empty() && *word != "s")
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let last_in = |x: &[String], y: &[String]| x.last().is_some_and(|last| y.contains(last));
    last_in(&a, &b) || last_in(&b, &a)
}

/// The statuses of matched pairs: `table[a][b]` counts pairs where A had
/// status `a` and B status `b` (pending, confirmed, rejected).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusTable {
    pub table: [[usize; 3]; 3],
}

fn status_index(status: Status) -> usize {
    match status {
        Status::Pending => 0,
        Status::Confirmed => 1,
        Status::Rejected => 2,
    }
}

impl StatusTable {
    pub fn record(&mut self, a: Status, b: Status) {
        self.table[status_index(a)][status_index(b)] += 1;
    }

    pub fn pairs(&self) -> usize {
        self.table.iter().flatten().sum()
    }

    /// Share of pairs with the same status; `None` without pairs.
    pub fn observed(&self) -> Option<f64> {
        let agreed = (0..3).map(|k| self.table[k][k]).sum();
        ratio(agreed, self.pairs())
    }

    /// Cohen's kappa: (observed - expected) / (1 - expected), where expected is
    /// the agreement two annotators with these marginals reach by chance.
    /// `None` without pairs, or when chance agreement is already certain (both
    /// used one and the same status throughout).
    pub fn kappa(&self) -> Option<f64> {
        let pairs = self.pairs() as f64;
        let observed = self.observed()?;
        let expected: f64 = (0..3)
            .map(|k| {
                let a: usize = self.table[k].iter().sum();
                let b: usize = self.table.iter().map(|row| row[k]).sum();
                (a as f64 / pairs) * (b as f64 / pairs)
            })
            .sum();
        (expected < 1.0).then(|| (observed - expected) / (1.0 - expected))
    }

    fn add(&mut self, other: &Self) {
        for (row, other_row) in self.table.iter_mut().zip(other.table) {
            for (cell, other_cell) in row.iter_mut().zip(other_row) {
                *cell += other_cell;
            }
        }
    }
}

/// What a disagreement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Difference {
    /// A asserts a span B does not.
    OnlyInReference,
    /// B asserts a span A does not.
    OnlyInCandidate,
    Status,
    Boundaries,
    Speaker,
    Verdict,
}

impl Difference {
    /// The name JSON uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnlyInReference => "only_in_reference",
            Self::OnlyInCandidate => "only_in_candidate",
            Self::Status => "status",
            Self::Boundaries => "boundaries",
            Self::Speaker => "speaker",
            Self::Verdict => "verdict",
        }
    }
}

/// A span as a disagreement shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanRef {
    pub id: CompactString,
    pub start: u64,
    pub end: u64,
    pub text: Excerpt,
    pub status: Status,
    pub speaker: Option<CompactString>,
    pub verdict: Option<CompactString>,
}

impl From<&Annotation> for SpanRef {
    fn from(annotation: &Annotation) -> Self {
        Self {
            id: annotation.id.clone(),
            start: annotation.start,
            end: annotation.end,
            text: annotation.text.clone(),
            status: annotation.status,
            speaker: annotation.speaker.clone(),
            verdict: annotation.label().map(Into::into),
        }
    }
}

/// One place where A and B differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub kind: Kind,
    /// Every way the pair differs (one entry for an unmatched span).
    pub differences: Vec<Difference>,
    pub a: Option<SpanRef>,
    pub b: Option<SpanRef>,
}

/// The comparison of B against A.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    pub by_kind: BTreeMap<Kind, KindScores>,
    pub statuses: StatusTable,
    pub disagreements: Vec<Disagreement>,
}

impl Comparison {
    /// Adds another article's comparison (micro-averaging: counts add up).
    pub fn add(&mut self, other: &Self) {
        for (kind, scores) in &other.by_kind {
            let entry = self.by_kind.entry(*kind).or_default();
            entry.exact.add(scores.exact);
            entry.overlap.add(scores.overlap);
            entry.speakers.add(scores.speakers);
        }
        self.statuses.add(&other.statuses);
        self.disagreements
            .extend(other.disagreements.iter().cloned());
    }
}

/// Compares document `b` against document `a` (both of the same article).
pub fn compare(a: &Document, b: &Document) -> Comparison {
    let mut comparison = Comparison::default();
    for kind in [Kind::Quote, Kind::Claim] {
        compare_kind(kind, &of_kind(a, kind), &of_kind(b, kind), &mut comparison);
    }
    comparison
}

/// How [`compare_by_category`] sorts each side's spans into categories and
/// judges speakers. Categories of A and of B need not be the same set: a
/// category only A has is scored for recall alone, one only B has for
/// precision alone.
#[derive(Debug, Clone, Copy)]
pub struct Categories<C> {
    pub of_reference: fn(&Annotation) -> C,
    pub of_candidate: fn(&Annotation) -> C,
    /// Whether a matched pair attributes to the same speaker.
    pub same_speaker: fn(&Annotation, &Annotation) -> bool,
    /// The larger unit an A span is part of, when one unit was stored as
    /// several spans (a discontinuous gold span split into its fragments):
    /// spans that give the same key are one unit for [`CategoryCounts::unit_recall`].
    pub unit_of_reference: fn(&Annotation) -> Option<&str>,
}

/// Scores of one category of spans when both sides are matched as a whole
/// (see [`compare_by_category`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCounts {
    /// A's spans of this category.
    pub reference: usize,
    /// Of those, spans matched by a B span of any category.
    pub reference_matched: usize,
    /// A's units of this category (see [`Categories::unit_of_reference`]):
    /// a span that is part of no larger unit is a unit of its own.
    pub reference_units: usize,
    /// Of those, units with at least one span matched.
    pub reference_units_matched: usize,
    /// B's spans of this category.
    pub candidate: usize,
    /// Of those, spans matched to an A span of any category.
    pub candidate_matched: usize,
    /// Over matched pairs whose B span is of this category and whose A span
    /// names a speaker: how many B attributes to the same person.
    pub speakers: SpeakerCounts,
}

impl CategoryCounts {
    /// `None` when B has no spans of this category.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.candidate_matched, self.candidate)
    }

    /// `None` when A has no spans of this category.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.reference_matched, self.reference)
    }

    /// Recall over A's units: a unit stored as several spans is found when
    /// any of them is matched. `None` when A has no units of this category.
    pub fn unit_recall(&self) -> Option<f64> {
        ratio(self.reference_units_matched, self.reference_units)
    }

    pub fn f1(&self) -> Option<f64> {
        f1(self.precision(), self.recall())
    }

    fn add(&mut self, other: &Self) {
        self.reference += other.reference;
        self.reference_matched += other.reference_matched;
        self.reference_units += other.reference_units;
        self.reference_units_matched += other.reference_units_matched;
        self.candidate += other.candidate;
        self.candidate_matched += other.candidate_matched;
        self.speakers.add(other.speakers);
    }
}

/// [`CategoryCounts`] by category; articles add up with [`ByCategory::add`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByCategory<C: Ord> {
    pub counts: BTreeMap<C, CategoryCounts>,
}

impl<C: Ord> Default for ByCategory<C> {
    fn default() -> Self {
        Self {
            counts: BTreeMap::new(),
        }
    }
}

impl<C: Ord + Copy> ByCategory<C> {
    /// Adds another article's counts (micro-averaging).
    pub fn add(&mut self, other: &Self) {
        for (category, counts) in &other.counts {
            self.entry(*category).add(counts);
        }
    }

    fn entry(&mut self, category: C) -> &mut CategoryCounts {
        self.counts.entry(category).or_default()
    }
}

/// Spans of one kind compared as [`compare`] does (asserted spans, the overlap
/// rule, one-to-one), then counted per category. The matching ignores the
/// categories, so a span of one category found by a span of another counts
/// for both (a gold direct quote found as reported speech is recalled; the
/// reported-speech prediction is right): categories split the scores of one
/// comparison, they do not make several.
pub fn compare_by_category<C: Ord + Copy>(
    a: &Document,
    b: &Document,
    kind: Kind,
    categories: &Categories<C>,
) -> ByCategory<C> {
    let asserted_of = |document| -> Vec<&Annotation> {
        of_kind(document, kind)
            .into_iter()
            .filter(|x| asserted(x))
            .collect()
    };
    let (a, b) = (asserted_of(a), asserted_of(b));
    let pairs = match_spans(&spans(&a), &spans(&b), Matching::Overlap, |_, _| true);
    let mut scores = ByCategory::default();
    for x in &a {
        scores.entry((categories.of_reference)(x)).reference += 1;
    }
    for x in &b {
        scores.entry((categories.of_candidate)(x)).candidate += 1;
    }
    let mut matched_units = vec![false; a.len()];
    let unit_of = reference_units(&a, categories.unit_of_reference);
    for &(i, j) in &pairs {
        matched_units[unit_of[i]] = true;
        scores
            .entry((categories.of_reference)(a[i]))
            .reference_matched += 1;
        let counts = scores.entry((categories.of_candidate)(b[j]));
        counts.candidate_matched += 1;
        if a[i].speaker.is_some() {
            counts.speakers.compared += 1;
            counts.speakers.same += usize::from((categories.same_speaker)(a[i], b[j]));
        }
    }
    // A unit is counted under the category of its first span in text order,
    // which is where `unit_of` points.
    for (i, x) in a.iter().enumerate() {
        if unit_of[i] == i {
            let counts = scores.entry((categories.of_reference)(x));
            counts.reference_units += 1;
            counts.reference_units_matched += usize::from(matched_units[i]);
        }
    }
    scores
}

/// For each of `spans` (in text order), the index of the first span of its
/// unit.
fn reference_units(spans: &[&Annotation], unit_of: fn(&Annotation) -> Option<&str>) -> Vec<usize> {
    let mut first_of_unit: HashMap<&str, usize> = HashMap::new();
    spans
        .iter()
        .enumerate()
        .map(|(index, span)| {
            unit_of(span).map_or(index, |unit| *first_of_unit.entry(unit).or_insert(index))
        })
        .collect()
}

/// The annotations of one kind, in text order.
fn of_kind(document: &Document, kind: Kind) -> Vec<&Annotation> {
    let mut annotations: Vec<&Annotation> = document
        .annotations
        .iter()
        .filter(|x| x.kind == kind)
        .collect();
    annotations.sort_by_key(|x| (x.start, x.end));
    annotations
}

fn asserted(annotation: &Annotation) -> bool {
    annotation.status != Status::Rejected
}

fn spans(annotations: &[&Annotation]) -> Vec<(u64, u64)> {
    annotations.iter().map(|x| (x.start, x.end)).collect()
}

fn compare_kind(kind: Kind, a: &[&Annotation], b: &[&Annotation], comparison: &mut Comparison) {
    let asserted_a: Vec<&Annotation> = a.iter().copied().filter(|x| asserted(x)).collect();
    let asserted_b: Vec<&Annotation> = b.iter().copied().filter(|x| asserted(x)).collect();
    let exact = match_spans(
        &spans(&asserted_a),
        &spans(&asserted_b),
        Matching::Exact,
        |_, _| true,
    );

    let pairs = match_spans(&spans(a), &spans(b), Matching::Overlap, |i, j| {
        asserted(a[i]) && asserted(b[j])
    });
    let mut matched_a = vec![false; a.len()];
    let mut matched_b = vec![false; b.len()];
    let mut overlap_matched = 0;
    let mut speakers = SpeakerCounts::default();
    for &(i, j) in &pairs {
        matched_a[i] = true;
        matched_b[j] = true;
        comparison.statuses.record(a[i].status, b[j].status);
        if asserted(a[i]) && asserted(b[j]) {
            overlap_matched += 1;
            if let Some(speaker) = a[i].speaker.as_deref() {
                speakers.compared += 1;
                let same = b[j]
                    .speaker
                    .as_deref()
                    .is_some_and(|b| same_speaker(speaker, b));
                speakers.same += usize::from(same);
            }
        }
        let differences = differences(a[i], b[j]);
        if !differences.is_empty() {
            comparison.disagreements.push(Disagreement {
                kind,
                differences,
                a: Some(a[i].into()),
                b: Some(b[j].into()),
            });
        }
    }
    let unmatched = |side: &[&Annotation], matched: &[bool]| -> Vec<SpanRef> {
        side.iter()
            .zip(matched)
            .filter(|(x, matched)| !**matched && asserted(x))
            .map(|(x, _)| SpanRef::from(*x))
            .collect()
    };
    for span in unmatched(a, &matched_a) {
        comparison.disagreements.push(Disagreement {
            kind,
            differences: vec![Difference::OnlyInReference],
            a: Some(span),
            b: None,
        });
    }
    for span in unmatched(b, &matched_b) {
        comparison.disagreements.push(Disagreement {
            kind,
            differences: vec![Difference::OnlyInCandidate],
            a: None,
            b: Some(span),
        });
    }
    comparison.by_kind.insert(
        kind,
        KindScores {
            exact: Counts {
                reference: asserted_a.len(),
                candidate: asserted_b.len(),
                matched: exact.len(),
            },
            overlap: Counts {
                reference: asserted_a.len(),
                candidate: asserted_b.len(),
                matched: overlap_matched,
            },
            speakers,
        },
    );
    comparison.disagreements.sort_by_key(|d| {
        (
            d.kind,
            d.a.as_ref().or(d.b.as_ref()).map(|s| (s.start, s.end)),
        )
    });
}

/// How a matched pair differs.
fn differences(a: &Annotation, b: &Annotation) -> Vec<Difference> {
    let mut differences = Vec::new();
    if a.status != b.status {
        differences.push(Difference::Status);
    }
    if (a.start, a.end) != (b.start, b.end) {
        differences.push(Difference::Boundaries);
    }
    let speakers_differ = match (a.speaker.as_deref(), b.speaker.as_deref()) {
        (Some(a), Some(b)) => !same_speaker(a, b),
        (a, b) => a.is_some() != b.is_some(),
    };
    if a.kind == Kind::Quote && speakers_differ {
        differences.push(Difference::Speaker);
    }
    if a.kind == Kind::Claim && a.label() != b.label() {
        differences.push(Difference::Verdict);
    }
    differences
}

impl Comparison {
    /// The report `compare --format json` prints: per kind the overlap scores
    /// (the standard rule) at the top, both matchings in full below them.
    pub fn to_json(&self) -> serde_json::Value {
        let scores = |counts: &Counts| {
            serde_json::json!({
                "matched": counts.matched,
                "precision": counts.precision(),
                "recall": counts.recall(),
                "f1": counts.f1(),
            })
        };
        let by_kind: serde_json::Map<String, serde_json::Value> = self
            .by_kind
            .iter()
            .map(|(kind, kind_scores)| {
                let overlap = &kind_scores.overlap;
                let mut value = serde_json::json!({
                    "precision": overlap.precision(),
                    "recall": overlap.recall(),
                    "f1": overlap.f1(),
                    "reference": overlap.reference,
                    "candidate": overlap.candidate,
                    "exact": scores(&kind_scores.exact),
                    "overlap": scores(overlap),
                });
                if *kind == Kind::Quote {
                    let speakers = &kind_scores.speakers;
                    value["speaker"] = serde_json::json!({
                        "compared": speakers.compared,
                        "same": speakers.same,
                        "accuracy": speakers.accuracy(),
                    });
                }
                (kind.as_str().to_owned(), value)
            })
            .collect();
        serde_json::json!({
            "by_kind": by_kind,
            "status_agreement": {
                "pairs": self.statuses.pairs(),
                "observed": self.statuses.observed(),
                "kappa": self.statuses.kappa(),
            },
            "disagreements": self.disagreements,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_spans_from_a_hand_edited_sidecar_match_nothing() {
        assert!(!Matching::Overlap.matches((10, 5), (0, 20)));
        assert!(!Matching::Overlap.matches((0, 20), (10, 5)));
    }

    #[test]
    fn difference_names_are_the_json_names() {
        let all = [
            Difference::OnlyInReference,
            Difference::OnlyInCandidate,
            Difference::Status,
            Difference::Boundaries,
            Difference::Speaker,
            Difference::Verdict,
        ];
        for difference in all {
            assert_eq!(
                serde_json::to_value(difference).ok(),
                Some(serde_json::json!(difference.as_str()))
            );
        }
    }
}
