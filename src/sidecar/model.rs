//! The sidecar document, field for field as in `docs/sidecar-format.md` (version 1).
//! Field order here is the order written to disk; fields this version does not
//! know are kept in `extra` and written back after the known ones. Annotations
//! are always written sorted by (start, end, kind, id), whatever their order in
//! memory, so that the same document always gives the same bytes.

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::detect::{Kind, Style};

pub const FORMAT_NAME: &str = "margin-annotations";
pub const FORMAT_VERSION: u64 = 1;
pub const OFFSET_UNIT: &str = "codepoint";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub format: String,
    pub version: u64,
    pub offset_unit: String,
    pub article: ArticleRef,
    pub detector: DetectorInfo,
    #[serde(serialize_with = "serialize_sorted")]
    pub annotations: Vec<Annotation>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Document {
    /// Moves the document out, leaving its header with no annotations: lending
    /// it to another thread (the saver's full save) without copying it.
    #[must_use]
    pub fn take(&mut self) -> Self {
        let annotations = std::mem::take(&mut self.annotations);
        let mut taken = self.clone();
        taken.annotations = annotations;
        taken
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// Relative to the sidecar's directory.
    pub path: String,
    /// Hex SHA-256 of the article file's bytes.
    pub sha256: String,
    pub codepoints: u64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetectorInfo {
    pub name: String,
    pub version: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A span given in code points, with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    pub start: u64,
    pub end: u64,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Confirmed,
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Detector,
    Manual,
    Import,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// Offsets and text agree with the current article.
    Exact,
    /// Re-found elsewhere.
    Moved,
    /// Re-found only approximately.
    NeedsReview,
    /// Not found; kept, never deleted.
    Orphaned,
}

impl Annotation {
    /// The order annotations are written in: (start, end, kind, id), kind by its
    /// name as written in the file, so that scripts can reproduce the order.
    pub fn sort_key(&self) -> (u64, u64, &'static str, &str) {
        (self.start, self.end, self.kind.as_str(), &self.id)
    }
}

/// Puts annotations in the order the sidecar is written in:
/// [`Annotation::sort_key`], (start, end, kind as written, id).
pub fn sort_annotations(annotations: &mut [Annotation]) {
    annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

fn serialize_sorted<S: Serializer>(
    annotations: &[Annotation],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut sorted: Vec<&Annotation> = annotations.iter().collect();
    sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    serializer.collect_seq(sorted)
}

/// The detector's values before a person first edited the annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Original {
    pub start: u64,
    pub end: u64,
    pub kind: Kind,
    pub speaker: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub kind: Kind,
    pub start: u64,
    pub end: u64,
    pub text: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    pub status: Status,
    pub origin: Origin,
    #[serde(default)]
    pub edited: bool,
    pub anchor: Anchor,
    pub speaker: Option<String>,
    pub source: Option<TextSpan>,
    pub cue: Option<TextSpan>,
    pub style: Option<Style>,
    pub score: Option<f64>,
    #[serde(default)]
    pub reasons: Vec<String>,
    pub label: Option<String>,
    #[serde(default)]
    pub note: String,
    pub annotator: Option<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub original: Option<Original>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
