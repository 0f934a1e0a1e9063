//! Check-worthy factual claims, scored from explicit features.

use super::Candidate;

/// Every candidate claim in `text`.
pub fn detect_claims(_text: &str) -> Vec<Candidate> {
    Vec::new()
}
