//! The sidecar document, field for field as in `docs/sidecar-format.md` (version 1).
//! Field order here is the order written to disk; fields this version does not
//! know are kept in `extra` and written back after the known ones. Annotations
//! are always written sorted by (start, end, kind, id), whatever their order in
//! memory, so that the same document always gives the same bytes.

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::detect::{Kind, Style};
use crate::text::Excerpt;

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
    #[serde(
        serialize_with = "serialize_sorted",
        deserialize_with = "super::sharing::deserialize_annotations"
    )]
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
    pub text: Excerpt,
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
    // Often they are in order already (as read). When not (just merged), an
    // unstable sort needs no room besides them, where a stable one set aside
    // half of them (9 MB for 76,605); ids are unique within a document, so
    // the order is total and the same either way.
    if !annotations.is_sorted_by(|a, b| a.sort_key() <= b.sort_key()) {
        annotations.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
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
    pub speaker: Option<CompactString>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One annotation. Its size matters: a 10 MB article can have 50,000 of them
/// in memory. Short strings (ids, names, timestamps, reasons) are kept inline
/// (`CompactString`, no allocation up to 24 bytes), text from the article is
/// shared with it ([`Excerpt`]), and what is usually absent is boxed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: CompactString,
    pub kind: Kind,
    pub start: u64,
    pub end: u64,
    pub text: Excerpt,
    #[serde(default)]
    pub prefix: Excerpt,
    #[serde(default)]
    pub suffix: Excerpt,
    pub status: Status,
    pub origin: Origin,
    #[serde(default)]
    pub edited: bool,
    pub anchor: Anchor,
    pub speaker: Option<CompactString>,
    pub source: Option<Box<TextSpan>>,
    pub cue: Option<Box<TextSpan>>,
    pub style: Option<Style>,
    pub score: Option<f64>,
    /// Exactly as long as it is (a `Vec` read from JSON keeps room for four).
    #[serde(default)]
    pub reasons: Box<[CompactString]>,
    /// `label`, `note`, `annotator`, `created`, `updated` in the file.
    #[serde(
        flatten,
        serialize_with = "serialize_review",
        deserialize_with = "deserialize_review"
    )]
    pub review: Option<Box<Review>>,
    pub original: Option<Box<Original>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a person added to an annotation: a verdict (`label`), a note, and who
/// changed it last and when (RFC 3339). Boxed in [`Annotation`]: most
/// annotations (the detector's, still pending) have none of it, and five
/// inline strings would take 120 bytes on each.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub label: Option<CompactString>,
    #[serde(default)]
    pub note: CompactString,
    pub annotator: Option<CompactString>,
    pub created: Option<CompactString>,
    pub updated: Option<CompactString>,
}

impl Review {
    /// As an annotation keeps it: an empty review is no review, so that
    /// annotations that say the same compare equal.
    pub fn into_boxed(self) -> Option<Box<Self>> {
        (self != Self::default()).then(|| Box::new(self))
    }
}

impl Annotation {
    pub fn label(&self) -> Option<&str> {
        self.review.as_ref()?.label.as_deref()
    }

    pub fn note(&self) -> &str {
        self.review.as_ref().map_or("", |review| &review.note)
    }

    pub fn annotator(&self) -> Option<&str> {
        self.review.as_ref()?.annotator.as_deref()
    }

    pub fn created(&self) -> Option<&str> {
        self.review.as_ref()?.created.as_deref()
    }

    pub fn updated(&self) -> Option<&str> {
        self.review.as_ref()?.updated.as_deref()
    }

    /// The review, made empty first if there is none, to be filled in (with
    /// something: an empty one would make equal annotations differ).
    pub fn review_mut(&mut self) -> &mut Review {
        self.review.get_or_insert_default()
    }
}

/// Written as its five fields, `null` (the note `""`) when absent, as the
/// format says.
#[allow(
    clippy::ref_option,
    reason = "the signature serde's serialize_with asks for"
)]
fn serialize_review<S: Serializer>(
    review: &Option<Box<Review>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    review
        .as_deref()
        .unwrap_or(&Review::default())
        .serialize(serializer)
}

fn deserialize_review<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Box<Review>>, D::Error> {
    Review::deserialize(deserializer).map(Review::into_boxed)
}

/// An annotation's fields this version does not know, kept to be written back.
/// Almost always empty, so it takes a pointer's room instead of an empty map's
/// (72 bytes with `preserve_order`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra(Option<Box<Map<String, Value>>>);

impl Extra {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.as_ref().and_then(|fields| fields.get(key))
    }

    pub fn insert(&mut self, key: String, value: Value) {
        self.0.get_or_insert_default().insert(key, value);
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().flat_map(|fields| fields.iter())
    }

    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|fields| fields.is_empty())
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = Map::deserialize(deserializer)?;
        Ok(Self((!fields.is_empty()).then(|| Box::new(fields))))
    }
}
