//! Turning an article and the detector's candidates into sidecar annotations.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};

use compact_str::CompactString;

use super::model::{
    Anchor, Annotation, ArticleRef, DetectorInfo, Document, Extra, FORMAT_NAME, FORMAT_VERSION,
    OFFSET_UNIT, Origin, Status, TextSpan,
};
use crate::article::Article;
use crate::detect::{Candidate, Kind};
use crate::text::Excerpt;

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
    let mut annotation = Annotation {
        id: CompactString::default(),
        kind,
        start: 0,
        end: 0,
        text: Excerpt::default(),
        prefix: Excerpt::default(),
        suffix: Excerpt::default(),
        status: Status::Pending,
        origin,
        edited: false,
        anchor: Anchor::Exact,
        speaker: None,
        source: None,
        cue: None,
        style: None,
        score: None,
        reasons: Box::default(),
        review: None,
        original: None,
        extra: Extra::default(),
    };
    place(&mut annotation, article, range);
    annotation.id = annotation_id(kind, annotation.start, annotation.end, &annotation.text);
    annotation
}

/// Gives `annotation` the span `range` (bytes) of `article`: offsets, text and
/// context, all shared with the article. The anchor is the caller's to set.
pub fn place(annotation: &mut Annotation, article: &Article, range: &Range<usize>) {
    let span = text_span(article, range);
    let (prefix, suffix) = context(article.text(), range);
    annotation.start = span.start;
    annotation.end = span.end;
    annotation.text = span.text;
    annotation.prefix = article.excerpt(prefix);
    annotation.suffix = article.excerpt(suffix);
}

/// Lets an annotation read from a sidecar share the article's text (see
/// [`Excerpt`]) for its text, context, source and cue, wherever the article
/// has the same bytes at its offsets; what differs stays a copy of its own.
pub fn share_article_text(annotation: &mut Annotation, article: &Article) {
    if annotation.anchor == Anchor::Orphaned {
        return;
    }
    let text = article.shared_text();
    let byte = |offset: u64| {
        usize::try_from(offset)
            .ok()
            .and_then(|at| article.byte_at(at))
    };
    if let (Some(start), Some(end)) = (byte(annotation.start), byte(annotation.end)) {
        annotation.text.share_at(text, start);
        annotation.prefix.share_ending_at(text, start);
        annotation.suffix.share_at(text, end);
    }
    for span in [
        annotation.source.as_deref_mut(),
        annotation.cue.as_deref_mut(),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(start) = byte(span.start) {
            span.text.share_at(text, start);
        }
    }
}

/// A pending detector annotation for one candidate.
pub fn annotation_from_candidate(article: &Article, candidate: &Candidate) -> Annotation {
    let span = |range: &Range<usize>| text_span(article, range);
    Annotation {
        speaker: candidate.speaker.as_deref().map(CompactString::from),
        source: candidate.source.as_ref().map(|range| Box::new(span(range))),
        cue: candidate.cue.as_ref().map(|range| Box::new(span(range))),
        style: candidate.style,
        score: Some(f64::from((candidate.score * 1000.0).round()) / 1000.0),
        reasons: candidate.reasons.iter().map(CompactString::from).collect(),
        ..placed(article, candidate.kind, &candidate.span, Origin::Detector)
    }
}

/// The span of a byte range, in code points.
pub fn text_span(article: &Article, range: &Range<usize>) -> TextSpan {
    TextSpan {
        start: article.char_at(range.start).unwrap_or(0) as u64,
        end: article.char_at(range.end).unwrap_or(0) as u64,
        text: article.excerpt(range.clone()),
    }
}

/// Where the up to `CONTEXT_CHARS` code points before and after a byte range are.
pub fn context(text: &str, range: &Range<usize>) -> (Range<usize>, Range<usize>) {
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
    (prefix_start..range.start, range.end..range.end + suffix_end)
}

/// A short id derived from what the annotation is, so that re-running the
/// detector on the same text gives the same ids. Two annotations can share one
/// (32 bits of hash): [`IdAllocator`] resolves that.
pub fn annotation_id(kind: Kind, start: u64, end: u64, text: &str) -> CompactString {
    id_with_salt(kind, start, end, text, 0)
}

/// The id for `salt` 0 is `annotation_id`; later salts are the fallbacks.
fn id_with_salt(kind: Kind, start: u64, end: u64, text: &str, salt: u32) -> CompactString {
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
    let mut id = CompactString::default();
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
    taken: HashSet<CompactString>,
}

impl IdAllocator {
    /// An allocator that will not reuse any id of `document`.
    pub fn for_document(document: &Document) -> Self {
        Self {
            taken: document.annotations.iter().map(|a| a.id.clone()).collect(),
        }
    }

    /// A fresh id for an annotation of this kind and span, and marks it taken.
    pub fn allocate(&mut self, kind: Kind, start: u64, end: u64, text: &str) -> CompactString {
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
    pub fn fresh_id(&self, kind: Kind, start: u64, end: u64, text: &str) -> CompactString {
        IdAllocator::for_document(self).allocate(kind, start, end, text)
    }
}

/// A document holding every candidate the detector finds in `article`.
pub fn detect_document(article: &Article, sidecar_path: &Path) -> Document {
    let mut document = new_document(article, sidecar_path);
    super::merge::merge_candidates(
        &mut document,
        article,
        crate::detect::detect(article.text()),
    );
    document
}
