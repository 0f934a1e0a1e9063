//! Re-anchoring annotations when the article they were made on has changed, the
//! way Hypothesis re-finds highlights in an edited web page:
//!
//! 1. `exact`: the text is still at its offsets;
//! 2. `moved`: the exact text is elsewhere: of all its occurrences, the one whose
//!    surroundings best match the recorded prefix and suffix, then the nearest to
//!    where it was expected (its old offset shifted by the edits before it);
//! 3. `needs_review`: only an approximate match near the expected place, scored
//!    on the quote's similarity, its prefix, its suffix and nearness; the span
//!    becomes the matched text, and the old one is kept in `reanchored_from`;
//! 4. `orphaned`: not found; the annotation keeps its old offsets and is never
//!    deleted.
//!
//! Statuses and every person's decision are untouched; source and cue spans move
//! along with their annotation (or are dropped when their text is gone).

use std::ops::Range;

use memchr::memmem;
use serde_json::json;

use super::build::{place, share_article_text};
use super::model::{Anchor, Annotation, Document, TextSpan};
use crate::article::Article;
use crate::text::{ceil_grapheme, floor_grapheme};

/// How many annotations ended in each anchor state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReanchorReport {
    pub exact: usize,
    pub moved: usize,
    pub needs_review: usize,
    pub orphaned: usize,
}

impl ReanchorReport {
    fn count(&mut self, anchor: Anchor) {
        match anchor {
            Anchor::Exact => self.exact += 1,
            Anchor::Moved => self.moved += 1,
            Anchor::NeedsReview => self.needs_review += 1,
            Anchor::Orphaned => self.orphaned += 1,
        }
    }
}

/// The extra field that keeps an approximately re-found annotation's old span.
pub const REANCHORED_FROM: &str = "reanchored_from";

/// An approximate match must be at least this similar to the old text.
const MIN_FUZZY_SIMILARITY: f64 = 0.75;
/// Longer texts are not searched approximately (the search is O(length x window)).
const MAX_FUZZY_CHARS: usize = 2000;
/// How far (in code points, beyond the text's own length) from the expected
/// place an approximate match or a moved source/cue is looked for.
const SEARCH_SLACK_CHARS: usize = 2000;

/// Re-finds every annotation of `document` in `article` when the article's hash
/// differs from the one recorded; statuses are never changed, nothing is deleted.
/// Either way, the annotations then share the article's text wherever it is
/// theirs, instead of keeping copies.
pub fn reanchor(document: &mut Document, article: &Article) -> ReanchorReport {
    let report = if document.article.sha256 == article.sha256() {
        let mut report = ReanchorReport::default();
        for annotation in &document.annotations {
            report.count(annotation.anchor);
        }
        report
    } else {
        reanchor_changed(document, article)
    };
    for annotation in &mut document.annotations {
        share_article_text(annotation, article);
    }
    report
}

fn reanchor_changed(document: &mut Document, article: &Article) -> ReanchorReport {
    let mut report = ReanchorReport::default();
    // In text order, so that the shift of the last annotation placed predicts
    // where the next one went (an insertion moves everything after it).
    let mut order: Vec<usize> = (0..document.annotations.len()).collect();
    order.sort_by_key(|&index| document.annotations[index].start);
    let mut shift: i64 = 0;
    for index in order {
        let annotation = &mut document.annotations[index];
        let old_start = annotation.start;
        let anchor = reanchor_one(annotation, article, shift);
        if anchor != Anchor::Orphaned {
            shift = delta(old_start, annotation.start);
        }
        annotation.anchor = anchor;
        report.count(anchor);
    }
    article.sha256().clone_into(&mut document.article.sha256);
    document.article.codepoints = article.codepoints() as u64;
    report
}

/// Places one annotation; `shift` is how far the previous one moved.
fn reanchor_one(annotation: &mut Annotation, article: &Article, shift: i64) -> Anchor {
    let text = article.text();
    let expected = shifted(annotation.start, shift);
    let (bytes, anchor) = if let Some(bytes) = span_bytes(article, annotation.start, annotation.end)
        .filter(|bytes| text[bytes.clone()] == *annotation.text)
    {
        (bytes, Anchor::Exact)
    } else if let Some(bytes) = best_exact(annotation, article, expected) {
        (bytes, Anchor::Moved)
    } else if let Some(bytes) = best_approximate(annotation, article, expected) {
        annotation.extra.insert(
            REANCHORED_FROM.to_owned(),
            json!({ "start": annotation.start, "end": annotation.end, "text": annotation.text }),
        );
        (bytes, Anchor::NeedsReview)
    } else {
        return Anchor::Orphaned;
    };
    move_to(annotation, article, &bytes);
    anchor
}

/// Moves `annotation` (and its source and cue) to `bytes` of the article.
fn move_to(annotation: &mut Annotation, article: &Article, bytes: &Range<usize>) {
    let moved_by = delta(annotation.start, char_at(article, bytes.start));
    place(annotation, article, bytes);
    for span in [&mut annotation.source, &mut annotation.cue] {
        *span = span
            .take()
            .and_then(|span| follow(&span, moved_by, article).map(Box::new));
    }
}

/// A source or cue span after its annotation moved by `moved_by`: at the same
/// distance if its text is there, else its nearest occurrence close by, else gone.
fn follow(span: &TextSpan, moved_by: i64, article: &Article) -> Option<TextSpan> {
    let expected = shifted(span.start, moved_by);
    let length = span.end - span.start;
    if let Some(bytes) = span_bytes(article, expected, expected.saturating_add(length))
        && article.text()[bytes.clone()] == *span.text
    {
        return Some(TextSpan {
            start: expected,
            end: expected.saturating_add(length),
            text: article.excerpt(bytes),
        });
    }
    let window = window_around(article, expected, length);
    let expected_byte = byte_at(article, expected);
    let bytes = occurrences(article.text(), &span.text, window)
        .min_by_key(|range| range.start.abs_diff(expected_byte))?;
    Some(TextSpan {
        start: char_at(article, bytes.start),
        end: char_at(article, bytes.end),
        text: article.excerpt(bytes),
    })
}

/// The occurrence of the annotation's exact text whose surroundings best match
/// its prefix and suffix, then the nearest to `expected` (a code-point offset).
fn best_exact(annotation: &Annotation, article: &Article, expected: u64) -> Option<Range<usize>> {
    if annotation.text.is_empty() {
        return None;
    }
    let text = article.text();
    let expected_byte = byte_at(article, expected);
    let full_context = annotation.prefix.chars().count() + annotation.suffix.chars().count();
    let score = |range: &Range<usize>| {
        let context = context_agreement(annotation, text, range);
        (
            context,
            std::cmp::Reverse(range.start.abs_diff(expected_byte)),
        )
    };
    // Usually the text is where the edits before it pushed it: check there
    // first, so a long article with many annotations is not searched whole each time.
    let near = window_around(article, expected, annotation.end - annotation.start);
    if let Some(best) = occurrences(text, &annotation.text, near).max_by_key(score)
        && context_agreement(annotation, text, &best) == full_context
    {
        return Some(best);
    }
    occurrences(text, &annotation.text, 0..text.len()).max_by_key(score)
}

/// How many code points of the recorded prefix and suffix agree with the
/// article around `range`.
fn context_agreement(annotation: &Annotation, text: &str, range: &Range<usize>) -> usize {
    let before = text[..range.start].chars().rev();
    let prefix = annotation
        .prefix
        .chars()
        .rev()
        .zip(before)
        .take_while(|(a, b)| a == b)
        .count();
    let after = text[range.end..].chars();
    let suffix = annotation
        .suffix
        .chars()
        .zip(after)
        .take_while(|(a, b)| a == b)
        .count();
    prefix + suffix
}

/// Every occurrence of `needle` inside `window` of `text` that begins and ends
/// on grapheme boundaries (an "e" inside an "é" written e + accent is not one).
fn occurrences<'a>(
    text: &'a str,
    needle: &'a str,
    window: Range<usize>,
) -> impl Iterator<Item = Range<usize>> + 'a {
    memmem::find_iter(text[window.clone()].as_bytes(), needle.as_bytes())
        .map(move |offset| window.start + offset..window.start + offset + needle.len())
        .filter(|range| {
            floor_grapheme(text, range.start) == range.start
                && ceil_grapheme(text, range.end) == range.end
        })
}

/// The best approximate match near `expected`, Hypothesis-style: edit distance
/// to the quote, then agreement of prefix and suffix, then nearness.
fn best_approximate(
    annotation: &Annotation,
    article: &Article,
    expected: u64,
) -> Option<Range<usize>> {
    let pattern: Vec<char> = annotation.text.chars().collect();
    if pattern.is_empty() || pattern.len() > MAX_FUZZY_CHARS {
        return None;
    }
    let text = article.text();
    let window = window_around(article, expected, pattern.len() as u64);
    let window_chars: Vec<(usize, char)> = text[window.clone()]
        .char_indices()
        .map(|(offset, c)| (window.start + offset, c))
        .collect();
    let max_errors = ((1.0 - MIN_FUZZY_SIMILARITY) * pattern.len() as f64).floor() as usize;
    let expected_byte = byte_at(article, expected);
    let byte_of = |char_index: usize| {
        window_chars
            .get(char_index)
            .map_or(window.end, |&(byte, _)| byte)
    };
    approximate_matches(&pattern, &window_chars, max_errors)
        .into_iter()
        .map(|found| {
            let start = floor_grapheme(text, byte_of(found.start));
            let end = ceil_grapheme(text, byte_of(found.end));
            let quote = 1.0 - found.errors as f64 / pattern.len() as f64;
            let range = start..end;
            let score = 50.0 * quote
                + 20.0 * similarity_before(&annotation.prefix, &text[..start])
                + 20.0 * similarity_after(&annotation.suffix, &text[end..])
                + 2.0 * nearness(start, expected_byte, window.len());
            (score, range)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, range)| range)
        .filter(|range| !range.is_empty())
}

/// One approximate match: char indices into the searched window.
struct Found {
    start: usize,
    end: usize,
    errors: usize,
}

/// Sellers' algorithm: for each end position in `text`, the fewest edits that
/// turn some substring ending there into `pattern`, with where it starts. Keeps
/// the ends with at most `max_errors` that are local minima (the best of a run).
fn approximate_matches(pattern: &[char], text: &[(usize, char)], max_errors: usize) -> Vec<Found> {
    // column[i] = (edits, start) for pattern[..i] against text ending here.
    let mut column: Vec<(usize, usize)> = (0..=pattern.len()).map(|i| (i, 0)).collect();
    let mut found: Vec<Found> = Vec::new();
    for (j, &(_, c)) in text.iter().enumerate() {
        let mut diagonal = column[0];
        column[0] = (0, j + 1);
        for (i, &p) in pattern.iter().enumerate() {
            let substitute = (diagonal.0 + usize::from(p != c), diagonal.1);
            let skip_text = (column[i + 1].0 + 1, column[i + 1].1);
            let skip_pattern = (column[i].0 + 1, column[i].1);
            diagonal = column[i + 1];
            column[i + 1] = [substitute, skip_text, skip_pattern]
                .into_iter()
                .min_by_key(|&(edits, _)| edits)
                .unwrap_or(substitute);
        }
        let (errors, start) = column[pattern.len()];
        if errors > max_errors {
            continue;
        }
        let end = j + 1;
        match found.last_mut() {
            // Runs of ends sharing one start are the same match: keep its best end.
            Some(last) if last.start == start => {
                if errors < last.errors {
                    last.errors = errors;
                    last.end = end;
                }
            }
            _ => found.push(Found { start, end, errors }),
        }
    }
    found
}

/// 0..=1: how much of `prefix` (read backwards) agrees with the end of `before`.
fn similarity_before(prefix: &str, before: &str) -> f64 {
    let total = prefix.chars().count();
    if total == 0 {
        return 1.0;
    }
    let same = prefix
        .chars()
        .rev()
        .zip(before.chars().rev())
        .filter(|(a, b)| a == b)
        .count();
    same as f64 / total as f64
}

/// 0..=1: how much of `suffix` agrees with the start of `after`.
fn similarity_after(suffix: &str, after: &str) -> f64 {
    let total = suffix.chars().count();
    if total == 0 {
        return 1.0;
    }
    let same = suffix
        .chars()
        .zip(after.chars())
        .filter(|(a, b)| a == b)
        .count();
    same as f64 / total as f64
}

/// 1 at the expected place, falling to 0 at the window's edge.
fn nearness(byte: usize, expected: usize, window: usize) -> f64 {
    1.0 - (byte.abs_diff(expected) as f64 / window.max(1) as f64).min(1.0)
}

/// The bytes around a code-point offset where a text of `length` code points is
/// looked for, on character boundaries.
fn window_around(article: &Article, center: u64, length: u64) -> Range<usize> {
    let length = usize::try_from(length).unwrap_or(usize::MAX);
    let center = usize::try_from(center)
        .unwrap_or(usize::MAX)
        .min(article.codepoints());
    let reach = length.saturating_add(SEARCH_SLACK_CHARS);
    let start = article.byte_at(center.saturating_sub(reach)).unwrap_or(0);
    let end = article
        .byte_at(
            center
                .saturating_add(length)
                .saturating_add(reach)
                .min(article.codepoints()),
        )
        .unwrap_or(article.text().len());
    start..end
}

/// How far an offset moved. Offsets of real articles are far below 2^63; an
/// orphan from a hostile file may not be, and must not overflow.
fn delta(from: u64, to: u64) -> i64 {
    to.cast_signed().saturating_sub(from.cast_signed())
}

/// A code-point offset moved by `by`, never below 0.
fn shifted(offset: u64, by: i64) -> u64 {
    offset.saturating_add_signed(by)
}

/// The byte range of a code-point span, if it lies in the article.
fn span_bytes(article: &Article, start: u64, end: u64) -> Option<Range<usize>> {
    let start = article.byte_at(usize::try_from(start).ok()?)?;
    let end = article.byte_at(usize::try_from(end).ok()?)?;
    (start <= end).then_some(start..end)
}

/// The byte offset of a code-point offset, clamped to the text's end.
fn byte_at(article: &Article, offset: u64) -> usize {
    usize::try_from(offset)
        .ok()
        .and_then(|offset| article.byte_at(offset))
        .unwrap_or(article.text().len())
}

/// The code-point offset of a byte offset that is on a character boundary.
fn char_at(article: &Article, byte: usize) -> u64 {
    article.char_at(byte).unwrap_or(article.codepoints()) as u64
}
