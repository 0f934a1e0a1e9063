//! The detector: a pure function from an article's text to candidate quotes and
//! claims. It knows nothing of sidecars or terminals. Offsets here are byte
//! offsets into the text; the sidecar converts them to code points.

pub mod calendar;
pub mod claims;
pub mod furniture;
pub mod quotes;
pub mod sentences;

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Serialize};

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
    pub reasons: Vec<Cow<'static, str>>,
}

/// Every candidate quote and claim in `text`, sorted by (start, end, kind).
/// Page furniture (bylines, share buttons, comment forms...) is never a candidate.
pub fn detect(text: &str) -> Vec<Candidate> {
    let furniture = furniture::furniture_ranges(text);
    // Claims are the longer list: extending it avoids a second copy of it at the peak.
    let mut candidates = claims::detect_claims(text);
    let quotes = quotes::detect_quotes(text);
    // Exact: the default doubling would leave up to one list's worth unused.
    candidates.reserve_exact(quotes.len());
    candidates.extend(quotes);
    candidates.retain(|candidate| !overlaps_any(&candidate.span, &furniture));
    // Two sorted runs (claims, then quotes): the stable sort merges them in one
    // linear pass.
    candidates.sort_by_key(|candidate| (candidate.span.start, candidate.span.end, candidate.kind));
    candidates
}

/// `furniture` is sorted and disjoint.
fn overlaps_any(span: &Range<usize>, furniture: &[Range<usize>]) -> bool {
    let after = furniture.partition_point(|range| range.end <= span.start);
    furniture
        .get(after)
        .is_some_and(|range| range.start < span.end)
}
