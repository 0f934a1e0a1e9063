//! Writing annotations in other tools' formats. Each format is a module of pure
//! functions from an [`ArticleExport`] to text; the command line decides where
//! the text goes.

pub mod brat;
pub mod claimreview;
pub mod csv;
pub mod jsonl;
pub mod markdown;
pub mod w3c;

use std::fmt::Write as _;

use super::{Annotated, byte_range, span_holds};
use crate::article::Article;
use crate::detect::Kind;
use crate::sidecar::{Annotation, Document, Origin, Status, build};
use crate::text::Excerpt;

/// Which annotations an export includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Only those with this status.
    Status(Status),
    /// Every annotation.
    All,
}

impl Default for Selection {
    /// Confirmed only: what a person has checked is what leaves the tool.
    fn default() -> Self {
        Self::Status(Status::Confirmed)
    }
}

impl Selection {
    pub fn includes(self, status: Status) -> bool {
        match self {
            Self::Status(wanted) => wanted == status,
            Self::All => true,
        }
    }
}

/// One article and the annotations of it that are exported.
#[derive(Debug, Clone)]
pub struct ArticleExport<'a> {
    pub article: &'a Article,
    pub document: &'a Document,
    /// Selected annotations whose span holds their text in the article, in order.
    pub annotations: Vec<&'a Annotation>,
    /// Selected annotations left out because the article no longer holds their
    /// text (the article changed and they could not be re-anchored).
    pub stale: usize,
}

impl<'a> ArticleExport<'a> {
    /// The annotations of `annotated` that `selection` includes.
    pub fn new(annotated: &'a Annotated, selection: Selection) -> Self {
        Self::from_parts(&annotated.article, &annotated.document, selection)
    }

    pub fn from_parts(article: &'a Article, document: &'a Document, selection: Selection) -> Self {
        let mut annotations = Vec::new();
        let mut stale = 0;
        for annotation in document
            .annotations
            .iter()
            .filter(|annotation| selection.includes(annotation.status))
        {
            if span_holds(article, annotation.start, annotation.end, &annotation.text) {
                annotations.push(annotation);
            } else {
                stale += 1;
            }
        }
        annotations.sort_by_key(|a| (a.start, a.end, a.kind));
        Self {
            article,
            document,
            annotations,
            stale,
        }
    }

    /// The article's name as it appears in reports.
    pub fn name(&self) -> String {
        self.article
            .path()
            .file_name()
            .unwrap_or(self.article.path().as_os_str())
            .to_string_lossy()
            .into_owned()
    }

    /// Up to 32 code points of text before and after an annotation's span.
    pub fn context(&self, annotation: &Annotation) -> (Excerpt, Excerpt) {
        byte_range(self.article, annotation.start, annotation.end).map_or_else(
            || (annotation.prefix.clone(), annotation.suffix.clone()),
            |range| {
                let (prefix, suffix) = build::context(self.article.text(), &range);
                (self.article.excerpt(prefix), self.article.excerpt(suffix))
            },
        )
    }

    /// The speaker of an annotation: its own, or for a claim, the speaker of a
    /// quote of this article that contains it (a claim made inside a quote).
    pub fn speaker_of(&self, annotation: &'a Annotation) -> Option<&'a str> {
        annotation.speaker.as_deref().or_else(|| {
            self.document
                .annotations
                .iter()
                .filter(|quote| quote.kind == Kind::Quote && quote.status != Status::Rejected)
                .find(|quote| quote.start <= annotation.start && annotation.end <= quote.end)
                .and_then(|quote| quote.speaker.as_deref())
        })
    }

    /// A `file://` URI for the article, for formats that name their target.
    pub fn uri(&self) -> String {
        file_uri(self.article.path())
    }
}

/// The label other tools know a kind by (spaCy, Prodigy and doccano write labels
/// in capitals).
pub fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Quote => "QUOTE",
        Kind::Claim => "CLAIM",
    }
}

/// The status as the sidecar spells it.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Pending => "pending",
        Status::Confirmed => "confirmed",
        Status::Rejected => "rejected",
    }
}

/// The origin as the sidecar spells it.
pub fn origin_name(origin: Origin) -> &'static str {
    match origin {
        Origin::Detector => "detector",
        Origin::Manual => "manual",
        Origin::Import => "import",
    }
}

/// `file:///abs/path`, percent-encoding everything but unreserved characters and `/`.
pub fn file_uri(path: &std::path::Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    uri
}

/// Line breaks and tabs as single spaces: for formats where a value is one line.
pub fn one_line(text: &str) -> String {
    text.split(['\r', '\n', '\t', '\u{2028}', '\u{2029}'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
