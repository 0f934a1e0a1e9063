//! Annotations by position: their byte spans in sidecar order (sorted by start)
//! plus a running maximum of ends, so the annotations touching the rows on screen
//! are found by binary search, however many there are.

use std::ops::Range;

use crate::article::Article;
use crate::sidecar::{Anchor, Annotation};
use crate::text::{ceil_grapheme, floor_grapheme};

/// Byte offsets are `u32` (articles are at most
/// [`MAX_ARTICLE_BYTES`](crate::article::MAX_ARTICLE_BYTES)): 12 bytes an
/// annotation instead of 24.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    spans: Vec<Range<u32>>,
    /// `max_end[i]` is the largest end among `spans[..=i]`: never decreasing.
    max_end: Vec<u32>,
}

impl SpanIndex {
    /// `annotations` must be sorted by start.
    pub fn new(article: &Article, annotations: &[Annotation]) -> Self {
        let spans: Vec<Range<u32>> = annotations
            .iter()
            .map(|annotation| {
                let span = byte_span(article, annotation);
                offset(span.start)..offset(span.end)
            })
            .collect();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut running = 0;
        for span in &spans {
            running = running.max(span.end);
            max_end.push(running);
        }
        Self { spans, max_end }
    }

    pub fn span(&self, index: usize) -> Range<usize> {
        self.spans
            .get(index)
            .map_or(0..0, |span| span.start as usize..span.end as usize)
    }

    /// Indices of the annotations that share at least one byte with `range`.
    pub fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let range = offset(range.start)..offset(range.end);
        let first = self.max_end.partition_point(|&end| end <= range.start);
        self.spans[first..]
            .iter()
            .take_while(move |span| span.start < range.end)
            .enumerate()
            .filter(move |(_, span)| span.end > range.start)
            .map(move |(offset, _)| first + offset)
    }

    /// The shortest annotation covering `byte`: the one a click there means.
    pub fn innermost_at(&self, byte: usize) -> Option<usize> {
        self.overlapping(byte..byte + 1)
            .min_by_key(|&index| self.spans[index].len())
    }
}

/// A byte offset of an article, which always fits (see [`SpanIndex`]).
fn offset(byte: usize) -> u32 {
    u32::try_from(byte).unwrap_or(u32::MAX)
}

/// Where an annotation is in the text, in bytes on grapheme boundaries; empty
/// for an orphan, whose offsets mean nothing in this text.
fn byte_span(article: &Article, annotation: &Annotation) -> Range<usize> {
    if annotation.anchor == Anchor::Orphaned {
        return 0..0;
    }
    let text = article.text();
    let to_byte = |offset: u64| {
        usize::try_from(offset)
            .ok()
            .and_then(|offset| article.byte_at(offset))
            .unwrap_or(text.len())
    };
    let start = floor_grapheme(text, to_byte(annotation.start));
    let end = ceil_grapheme(text, to_byte(annotation.end)).max(start);
    start..end
}
