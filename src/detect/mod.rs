//! The detector: a pure function from an article's text to candidate quotes and
//! claims. It knows nothing of sidecars or terminals. Offsets here are byte
//! offsets into the text; the sidecar converts them to code points.

pub mod calendar;
pub mod claims;
mod first_byte;
pub mod furniture;
pub mod quotes;
pub mod sentences;

use std::borrow::Cow;
use std::fmt;
use std::ops::{Index, Range};

use serde::{Deserialize, Serialize};

use claims::ClaimReasons;

/// What an annotation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Something a source said: direct, reported or mixed.
    Quote,
    /// A check-worthy factual assertion.
    Claim,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Quote => "quote",
            Self::Claim => "claim",
        }
    }
}

/// How a quote is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Inside quotation marks.
    Direct,
    /// Reported speech.
    Indirect,
    /// Reported speech with quoted fragments.
    Mixed,
}

impl Style {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Indirect => "indirect",
            Self::Mixed => "mixed",
        }
    }
}

/// One proposal of the detector. All ranges are byte ranges into the text, on
/// grapheme-cluster boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub kind: Kind,
    pub span: Range<usize>,
    /// Quotes only.
    pub style: Option<Style>,
    /// Quotes only: the resolved speaker's name ("he" resolved to the person).
    pub speaker: Option<String>,
    /// Quotes only: the mention of the speaker in the text.
    pub source: Option<Range<usize>>,
    /// Quotes only: the attribution words ("said", "according to").
    pub cue: Option<Range<usize>>,
    /// Confidence (quotes) or check-worthiness (claims), 0..=1.
    pub score: f32,
    /// Short, human-readable: why it was proposed.
    pub reasons: Reasons,
}

/// Why a candidate was proposed, strongest first: short, human-readable phrases.
///
/// A claim names up to four of a fixed set of features, kept as one byte each
/// inside the candidate: news text can hold a claim every ~160 bytes, and a
/// heap list of phrases per claim was a third of the detector's peak memory.
/// Quotes name free-form phrases ("speaker: he -> Ryabkov") and keep a list.
#[derive(Clone, Default)]
pub struct Reasons(Repr);

#[derive(Clone)]
enum Repr {
    Claim(ClaimReasons),
    /// Exactly as long as it is: quotes can be as many as claims.
    Listed(Box<[Cow<'static, str>]>),
}

impl Default for Repr {
    fn default() -> Self {
        Self::Listed(Box::default())
    }
}

impl Reasons {
    /// The phrases, strongest first.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|index| &self[index])
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Claim(codes) => codes.len(),
            Repr::Listed(list) => list.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a phrase after the others.
    pub fn push(&mut self, reason: Cow<'static, str>) {
        self.edit(|list| list.push(reason));
    }

    /// Keeps only the phrases for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.edit(|list| list.retain(|reason| keep(reason)));
    }

    /// Changes the phrases as a list (a claim's codes are spelt out first).
    fn edit(&mut self, change: impl FnOnce(&mut Vec<Cow<'static, str>>)) {
        let mut list = match std::mem::take(&mut self.0) {
            Repr::Claim(codes) => (0..codes.len())
                .map(|index| Cow::Borrowed(codes.get(index)))
                .collect(),
            Repr::Listed(list) => list.into_vec(),
        };
        change(&mut list);
        self.0 = Repr::Listed(list.into_boxed_slice());
    }
}

impl From<Vec<Cow<'static, str>>> for Reasons {
    fn from(list: Vec<Cow<'static, str>>) -> Self {
        Self(Repr::Listed(list.into_boxed_slice()))
    }
}

impl From<ClaimReasons> for Reasons {
    fn from(codes: ClaimReasons) -> Self {
        Self(Repr::Claim(codes))
    }
}

impl Extend<Cow<'static, str>> for Reasons {
    fn extend<I: IntoIterator<Item = Cow<'static, str>>>(&mut self, reasons: I) {
        self.edit(|list| list.extend(reasons));
    }
}

impl Index<usize> for Reasons {
    type Output = str;

    fn index(&self, index: usize) -> &str {
        match &self.0 {
            Repr::Claim(codes) => codes.get(index),
            Repr::Listed(list) => &list[index],
        }
    }
}

/// Equal when they say the same phrases in the same order, however stored.
impl PartialEq for Reasons {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// Shown as the list of phrases, as the detector printed them before they
/// were stored compactly.
impl fmt::Debug for Reasons {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Every candidate quote and claim in `text`, sorted by (start, end, kind).
/// Page furniture (bylines, share buttons, comment forms...) is never a candidate.
pub fn detect(text: &str) -> Vec<Candidate> {
    let furniture = furniture::furniture_ranges(text);
    let outside_furniture = |candidate: &Candidate| !overlaps_any(&candidate.span, &furniture);
    let mut quotes = quotes::detect_quotes(text);
    quotes.retain(outside_furniture);
    let claims = claims::claims(text).filter(|claim| outside_furniture(claim));
    merge_in_order(claims, quotes)
}

/// The order of [`detect`]'s result. A claim and a quote never tie (their
/// kinds differ), so only two claims or two quotes can.
/// `char::is_alphanumeric`, with the General Punctuation block (curly quotes,
/// dashes, ellipsis: common in news text, and none of them a letter or digit)
/// answered before the standard library's slow table search for non-ASCII.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
}

fn position(candidate: &Candidate) -> (usize, usize, Kind) {
    (candidate.span.start, candidate.span.end, candidate.kind)
}

/// The claims, as they are found, merged with the quotes by [`position`]:
/// the same as a stable sort of the claims followed by the quotes.
///
/// Memory: each candidate is moved once into the result, and the quotes'
/// buffer is handed back as it empties, so the peak stays near the size of the
/// result instead of the result plus a second list (or a sort's scratch half).
fn merge_in_order(
    claims: impl Iterator<Item = Candidate>,
    mut quotes: Vec<Candidate>,
) -> Vec<Candidate> {
    let mut in_order = quotes.is_sorted_by_key(position);
    // Popped from the back, they come in text order.
    quotes.reverse();
    let mut merged = Vec::new();
    let mut previous_claim = None;
    for claim in claims {
        let at = position(&claim);
        in_order &= previous_claim.is_none_or(|previous| previous <= at);
        previous_claim = Some(at);
        while let Some(quote) = pop_if(&mut quotes, |quote| position(quote) < at) {
            merged.push(quote);
        }
        merged.push(claim);
    }
    merged.extend(quotes.into_iter().rev());
    if !in_order {
        // Ties are only ever within one list, and the merge kept each list's
        // order: sorting now gives what sorting the two lists would have.
        merged.sort_by_key(position);
    }
    merged
}

/// The last element if `take` accepts it; the buffer shrinks as it empties.
fn pop_if(list: &mut Vec<Candidate>, take: impl FnOnce(&Candidate) -> bool) -> Option<Candidate> {
    if !list.last().is_some_and(take) {
        return None;
    }
    let popped = list.pop();
    if list.len() < list.capacity() / 2 {
        // Large buffers shrink in place (mremap), handing the freed half back
        // to the system; halving keeps this to a few calls per list.
        list.shrink_to_fit();
    }
    popped
}

/// `furniture` is sorted and disjoint.
fn overlaps_any(span: &Range<usize>, furniture: &[Range<usize>]) -> bool {
    let after = furniture.partition_point(|range| range.end <= span.start);
    furniture
        .get(after)
        .is_some_and(|range| range.start < span.end)
}

#[cfg(test)]
mod tests {
    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        for c in ['a', 'Z', '7', 'é', 'ß', '中', '٣'] {
            assert!(super::is_alphanumeric(c), "{c:?}");
        }
    }

    use super::*;

    fn candidate(kind: Kind, span: Range<usize>) -> Candidate {
        Candidate {
            kind,
            span,
            style: None,
            speaker: None,
            source: None,
            cue: None,
            score: 0.5,
            reasons: Reasons::default(),
        }
    }

    fn spans(candidates: &[Candidate]) -> Vec<(Range<usize>, Kind)> {
        candidates
            .iter()
            .map(|candidate| (candidate.span.clone(), candidate.kind))
            .collect()
    }

    /// The merge gives what the stable sort of claims-then-quotes gave, also
    /// when a list comes out of order.
    #[test]
    fn merge_equals_a_stable_sort_of_both_lists() {
        let claims = [(0..5), (3..9), (3..9), (20..30)].map(|span| candidate(Kind::Claim, span));
        for quotes in [
            vec![(0..5), (4..6), (25..26), (40..41)],
            vec![(25..26), (0..5), (3..9)],
        ] {
            let quotes: Vec<Candidate> = quotes
                .into_iter()
                .map(|span| candidate(Kind::Quote, span))
                .collect();
            let mut sorted: Vec<Candidate> = claims.iter().chain(&quotes).cloned().collect();
            sorted.sort_by_key(position);
            let merged = merge_in_order(claims.clone().into_iter(), quotes);
            assert_eq!(spans(&merged), spans(&sorted));
        }
    }

    #[test]
    fn claim_reasons_read_like_a_list_of_phrases() {
        let claim = claims::score_sentence("Unemployment fell to 4.1 percent in 2023.");
        let phrases: Vec<&str> = claim.reasons.iter().collect();
        assert!(phrases.contains(&"percentage"));
        assert_eq!(format!("{:?}", claim.reasons), format!("{phrases:?}"));
        let listed = Reasons::from(
            phrases
                .iter()
                .map(|p| Cow::Owned((*p).to_owned()))
                .collect::<Vec<_>>(),
        );
        assert_eq!(listed, claim.reasons);
        let mut edited = claim.reasons.clone();
        edited.push(Cow::Borrowed("extra"));
        edited.retain(|phrase| phrase != "percentage");
        assert_eq!(edited.len(), phrases.len());
        assert_eq!(&edited[edited.len() - 1], "extra");
    }
}
