//! Turning an article and the detector's candidates into sidecar annotations.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::model::{
    Anchor, Annotation, ArticleRef, DetectorInfo, Document, FORMAT_NAME, FORMAT_VERSION,
    OFFSET_UNIT, Origin, Status, TextSpan,
};
use crate::article::Article;
use crate::detect::{Candidate, Kind};

/// How many code points of context a selector keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// A new, empty document for `article`, whose sidecar will be at `sidecar_path`.
pub fn new_document(article: &Article, sidecar_path: &Path) -> Document {
    Document {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        offset_unit: OFFSET_UNIT.to_owned(),
        article: ArticleRef {
            path: relative_article_path(article.path(), sidecar_path),
            sha256: article.sha256().to_owned(),
            codepoints: article.codepoints() as u64,
            extra: serde_json::Map::new(),
        },
        detector: DetectorInfo {
            name: "margin".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            extra: serde_json::Map::new(),
        },
        annotations: Vec::new(),
        extra: serde_json::Map::new(),
    }
}

/// The article's path as seen from the sidecar's directory.
fn relative_article_path(article: &Path, sidecar: &Path) -> String {
    let article_dir = article.parent().unwrap_or(Path::new(""));
    let sidecar_dir = sidecar.parent().unwrap_or(Path::new(""));
    let name = article.file_name().unwrap_or_default();
    if article_dir == sidecar_dir {
        return name.to_string_lossy().into_owned();
    }
    std::path::absolute(article)
        .unwrap_or_else(|_| article.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// A pending annotation over a byte range of `article`: its id, span and context
/// filled in, every field a person or the detector adds left empty. Detector,
/// import and manual annotations all start here.
pub fn placed(article: &Article, kind: Kind, range: &Range<usize>, origin: Origin) -> Annotation {
    let span = text_span(article, range);
    let (prefix, suffix) = context(article.text(), range);
    Annotation {
        id: annotation_id(kind, span.start, span.end, &span.text),
        kind,
        start: span.start,
        end: span.end,
        text: span.text,
        prefix,
        suffix,
        status: Status::Pending,
        origin,
        edited: false,
        anchor: Anchor::Exact,
        speaker: None,
        source: None,
        cue: None,
        style: None,
        score: None,
        reasons: Vec::new(),
        label: None,
        note: String::new(),
        annotator: None,
        created: None,
        updated: None,
        original: None,
        extra: serde_json::Map::new(),
    }
}

/// A pending detector annotation for one candidate.
pub fn annotation_from_candidate(article: &Article, candidate: &Candidate) -> Annotation {
    let span = |range: &Range<usize>| text_span(article, range);
    Annotation {
        speaker: candidate.speaker.clone(),
        source: candidate.source.as_ref().map(span),
        cue: candidate.cue.as_ref().map(span),
        style: candidate.style,
        score: Some(f64::from((candidate.score * 1000.0).round()) / 1000.0),
        reasons: candidate.reasons.iter().map(ToString::to_string).collect(),
        ..placed(article, candidate.kind, &candidate.span, Origin::Detector)
    }
}

/// The span of a byte range, in code points.
pub fn text_span(article: &Article, range: &Range<usize>) -> TextSpan {
    TextSpan {
        start: article.char_at(range.start).unwrap_or(0) as u64,
        end: article.char_at(range.end).unwrap_or(0) as u64,
        text: article.text()[range.clone()].to_owned(),
    }
}

/// Up to `CONTEXT_CHARS` code points before and after a byte range.
pub fn context(text: &str, range: &Range<usize>) -> (String, String) {
    let before = &text[..range.start];
    let prefix_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(byte, _)| byte);
    let after = &text[range.end..];
    let suffix_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(byte, _)| byte);
    (
        before[prefix_start..].to_owned(),
        after[..suffix_end].to_owned(),
    )
}

/// A short id derived from what the annotation is, so that re-running the
/// detector on the same text gives the same ids. Two annotations can share one
/// (32 bits of hash): [`IdAllocator`] resolves that.
pub fn annotation_id(kind: Kind, start: u64, end: u64, text: &str) -> String {
    id_with_salt(kind, start, end, text, 0)
}

/// The id for `salt` 0 is `annotation_id`; later salts are the fallbacks.
fn id_with_salt(kind: Kind, start: u64, end: u64, text: &str, salt: u32) -> String {
    let mut hasher = Sha256::new();
    hasher.update(kind.as_str());
    hasher.update(start.to_le_bytes());
    hasher.update(end.to_le_bytes());
    hasher.update(text);
    if salt > 0 {
        hasher.update(salt.to_le_bytes());
    }
    let digest = hasher.finalize();
    let letter = match kind {
        Kind::Quote => 'q',
        Kind::Claim => 'c',
    };
    let mut id = String::with_capacity(9);
    id.push(letter);
    for byte in &digest[..4] {
        let _ = write!(id, "{byte:02x}");
    }
    id
}

/// Hands out ids unique within one document. On a collision it tries the next
/// salt, so the result depends only on the ids already taken and the order of
/// allocation: the same run on the same sidecar gives the same ids.
#[derive(Debug, Default)]
pub struct IdAllocator {
    taken: HashSet<String>,
}

impl IdAllocator {
    /// An allocator that will not reuse any id of `document`.
    pub fn for_document(document: &Document) -> Self {
        Self {
            taken: document.annotations.iter().map(|a| a.id.clone()).collect(),
        }
    }

    /// A fresh id for an annotation of this kind and span, and marks it taken.
    pub fn allocate(&mut self, kind: Kind, start: u64, end: u64, text: &str) -> String {
        let mut salt = 0;
        loop {
            let id = id_with_salt(kind, start, end, text, salt);
            if self.taken.insert(id.clone()) {
                return id;
            }
            salt += 1;
        }
    }
}

impl Document {
    /// A fresh id for a new annotation (say, one a person adds), unique in this
    /// document. O(n): for many at once, use an [`IdAllocator`].
    pub fn fresh_id(&self, kind: Kind, start: u64, end: u64, text: &str) -> String {
        IdAllocator::for_document(self).allocate(kind, start, end, text)
    }
}

/// A document holding every candidate the detector finds in `article`.
pub fn detect_document(article: &Article, sidecar_path: &Path) -> Document {
    let mut document = new_document(article, sidecar_path);
    super::merge::merge_candidates(
        &mut document,
        article,
        &crate::detect::detect(article.text()),
    );
    document
}
