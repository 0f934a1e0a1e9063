//! Laying article text out on screen rows: our own wrapping (ratatui's
//! `Paragraph` re-wraps the whole text every frame and cannot say where a span
//! landed), tabs expanded, unsafe characters replaced by visible stand-ins, and
//! for every glyph the byte offset it came from, so highlights and clicks map
//! back to the text exactly.
//!
//! The text is cut into *segments* once per article: at every newline, and inside
//! very long lines every `MAX_SEGMENT_BYTES`, so that laying out the rows on
//! screen costs the same for a 10 KB and a 10 MB article. Only segments that are
//! visible are ever wrapped.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::text::{escape_char, is_unsafe_char};

/// A line longer than this is cut into segments (at a space when one is near),
/// which bounds the work of wrapping one segment.
const MAX_SEGMENT_BYTES: usize = 8 * 1024;

/// Tab stops every this many columns, counted from the row's start.
const TAB_WIDTH: usize = 8;

const SPACES: &str = "        ";

/// Where the segments of a text start; a segment never contains a newline.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    /// Where each segment starts, in order. One ends where the next starts,
    /// less the line terminator between them (LF or CRLF) if there is one;
    /// the last ends with the text. Four bytes a segment: a 10 MB article has
    /// 300,000 (every line, blank ones too). Articles are at most
    /// [`MAX_ARTICLE_BYTES`](crate::article::MAX_ARTICLE_BYTES), so a start fits.
    starts: Vec<u32>,
}

impl Segments {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::new();
        let mut line_start = 0;
        for newline in
            memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()))
        {
            let mut line_end = newline;
            if newline < text.len()
                && line_end > line_start
                && text.as_bytes()[line_end - 1] == b'\r'
            {
                line_end -= 1;
            }
            split_long_line(text, line_start..line_end, &mut starts);
            line_start = newline + 1;
        }
        Self { starts }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Segment `index` of `text` (the text it was made from), without its line
    /// terminator: CRLF ends a line like LF, so the CR is not shown as a
    /// stray control.
    pub fn get(&self, text: &str, index: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(index)? as usize;
        let Some(&next) = self.starts.get(index + 1) else {
            return Some(start..text.len());
        };
        let next = next as usize;
        let bytes = text.as_bytes();
        if bytes.get(next.wrapping_sub(1)) != Some(&b'\n') {
            // Cut inside a long line: no terminator between.
            return Some(start..next);
        }
        let mut end = next - 1;
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some(start..end)
    }

    /// The segment holding `byte`; a line terminator belongs to the segment before it.
    pub fn index_of(&self, byte: usize) -> usize {
        self.starts
            .partition_point(|&start| start as usize <= byte)
            .saturating_sub(1)
    }
}

/// Adds the starts of the segments of `line` (a line without its terminator).
fn split_long_line(text: &str, line: Range<usize>, starts: &mut Vec<u32>) {
    let mut start = line.start;
    loop {
        starts.push(u32::try_from(start).unwrap_or(u32::MAX));
        if line.end - start <= MAX_SEGMENT_BYTES {
            return;
        }
        let limit = crate::text::floor_grapheme(text, start + MAX_SEGMENT_BYTES);
        let cut = text[start..limit]
            .rfind(' ')
            .map(|space| start + space + 1)
            .filter(|&cut| cut > start)
            .unwrap_or(limit)
            .max(start + 1);
        start = crate::text::ceil_grapheme(text, cut);
    }
}

/// One screen row: a byte range of the text (without line terminators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
    /// The segment the row belongs to.
    pub segment: usize,
}

/// One drawn glyph: a grapheme cluster (or its stand-in) and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glyph<'a> {
    /// Byte range of the cluster in the text.
    pub bytes: Range<usize>,
    /// What is drawn: the cluster itself, spaces for a tab, or a stand-in.
    pub shown: Cow<'a, str>,
    /// Cells it takes.
    pub width: usize,
}

/// The glyphs of `range`, laid out from column 0.
pub fn glyphs(text: &str, range: Range<usize>) -> impl Iterator<Item = Glyph<'_>> {
    let base = range.start;
    let mut column = 0;
    text[range]
        .grapheme_indices(true)
        .map(move |(offset, cluster)| {
            let glyph = glyph_for(cluster, base + offset, column);
            column += glyph.width;
            glyph
        })
}

fn glyph_for(cluster: &str, start: usize, column: usize) -> Glyph<'_> {
    let bytes = start..start + cluster.len();
    if cluster == "\t" {
        let width = TAB_WIDTH - column % TAB_WIDTH;
        return Glyph {
            bytes,
            shown: Cow::Borrowed(&SPACES[..width]),
            width,
        };
    }
    let width = cluster.width();
    if width > 0 && !cluster.chars().any(is_unsafe_char) {
        return Glyph {
            bytes,
            shown: Cow::Borrowed(cluster),
            width,
        };
    }
    // Controls, bidi overrides, invisible and zero-width clusters: shown, not obeyed.
    let mut shown = String::new();
    for c in cluster.chars() {
        if is_unsafe_char(c) || UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str) == 0 {
            stand_in(c, &mut shown);
        } else {
            shown.push(c);
        }
    }
    let width = shown.width().max(1);
    Glyph {
        bytes,
        shown: Cow::Owned(shown),
        width,
    }
}

/// The visible stand-in of a character that must not be drawn as it is.
fn stand_in(c: char, out: &mut String) {
    if is_unsafe_char(c) {
        escape_char(c, out);
    } else {
        use std::fmt::Write as _;
        let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
    }
}

/// Wraps one segment to `width` cells: at spaces when possible, else between
/// glyphs; a glyph wider than the row gets a row of its own. An empty segment
/// is one empty row.
pub fn wrap_segment(text: &str, segments: &Segments, index: usize, width: usize) -> Vec<Row> {
    let Some(range) = segments.get(text, index) else {
        return Vec::new();
    };
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row_start = range.start;
    let mut column = 0;
    // Byte offset just after the last space of the current row.
    let mut last_break: Option<usize> = None;
    for glyph in glyphs(text, range.clone()) {
        let mut glyph_width = glyph_width_at(&glyph, text, column);
        if column + glyph_width > width && glyph.bytes.start > row_start {
            // Move the word being written down to a new row...
            let cut = last_break
                .filter(|&cut| cut > row_start)
                .unwrap_or(glyph.bytes.start);
            rows.push(Row {
                start: row_start,
                end: cut,
                segment: index,
            });
            row_start = cut;
            last_break = None;
            column = row_width(text, cut..glyph.bytes.start);
            glyph_width = glyph_width_at(&glyph, text, column);
            // ...and if the glyph still does not fit after it, start another row.
            if column + glyph_width > width && glyph.bytes.start > row_start {
                rows.push(Row {
                    start: row_start,
                    end: glyph.bytes.start,
                    segment: index,
                });
                row_start = glyph.bytes.start;
                column = 0;
                glyph_width = glyph_width_at(&glyph, text, column);
            }
        }
        column += glyph_width;
        if glyph.shown.chars().all(char::is_whitespace) {
            last_break = Some(glyph.bytes.end);
        }
    }
    rows.push(Row {
        start: row_start,
        end: range.end,
        segment: index,
    });
    rows
}

/// Cells taken by `range` drawn from the start of a row.
fn row_width(text: &str, range: Range<usize>) -> usize {
    glyphs(text, range).map(|glyph| glyph.width).sum()
}

/// A tab's width depends on its column in the row it lands on.
fn glyph_width_at(glyph: &Glyph<'_>, text: &str, column: usize) -> usize {
    if &text[glyph.bytes.clone()] == "\t" {
        TAB_WIDTH - column % TAB_WIDTH
    } else {
        glyph.width
    }
}

/// The rows from the one holding `from` onwards, lazily.
pub fn rows_from<'a>(
    text: &'a str,
    segments: &'a Segments,
    from: usize,
    width: usize,
) -> impl Iterator<Item = Row> + 'a {
    let first = segments.index_of(from);
    let mut head = wrap_segment(text, segments, first, width);
    let at = index_holding(&head, from);
    head.drain(..at);
    head.into_iter().chain(
        (first + 1..segments.len())
            .flat_map(move |index| wrap_segment(text, segments, index, width)),
    )
}

/// The rows before the one holding `before`, nearest first, lazily.
pub fn rows_before<'a>(
    text: &'a str,
    segments: &'a Segments,
    before: usize,
    width: usize,
) -> impl Iterator<Item = Row> + 'a {
    let first = segments.index_of(before);
    let mut head = wrap_segment(text, segments, first, width);
    head.truncate(index_holding(&head, before));
    head.into_iter().rev().chain(
        (0..first)
            .rev()
            .flat_map(move |index| wrap_segment(text, segments, index, width).into_iter().rev()),
    )
}

/// The row holding `byte`.
pub fn row_at(text: &str, segments: &Segments, byte: usize, width: usize) -> Option<Row> {
    rows_from(text, segments, byte, width).next()
}

/// Which of one segment's rows draws `byte`: a row's end belongs to the next
/// row, and the segment's end (its line terminator) to its last row.
fn index_holding(rows: &[Row], byte: usize) -> usize {
    rows.iter()
        .position(|row| byte < row.end)
        .unwrap_or(rows.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Vec<&str> {
        let segments = Segments::new(text);
        rows_from(text, &segments, 0, width)
            .map(|row| &text[row.start..row.end])
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_empty_lines() {
        assert_eq!(
            wrapped("one two three\n\nfour", 8),
            vec!["one two ", "three", "", "four"]
        );
    }

    #[test]
    fn crlf_is_a_line_end_and_long_words_are_cut() {
        assert_eq!(
            wrapped("abcdefghij\r\nk", 4),
            vec!["abcd", "efgh", "ij", "k"]
        );
    }

    #[test]
    fn wide_glyphs_are_never_split() {
        assert_eq!(wrapped("日本語です", 5), vec!["日本", "語で", "す"]);
    }

    #[test]
    fn tabs_expand_and_controls_get_stand_ins() {
        let text = "a\tb\u{1b}]0;x\u{202e}";
        let shown: Vec<String> = glyphs(text, 0..text.len())
            .map(|glyph| glyph.shown.into_owned())
            .collect();
        assert_eq!(shown[1], "       ");
        assert_eq!(shown[3], "␛");
        assert_eq!(shown.last().map(String::as_str), Some("⟨U+202E⟩"));
    }

    #[test]
    fn rows_before_walks_back_across_segments() {
        let text = "aa bb\ncc dd";
        let segments = Segments::new(text);
        let back: Vec<&str> = rows_before(text, &segments, 9, 3)
            .map(|row| &text[row.start..row.end])
            .collect();
        assert_eq!(back, vec!["cc ", "bb", "aa "]);
    }

    #[test]
    fn segments_end_before_their_line_terminator() {
        let all = |text: &str| {
            let segments = Segments::new(text);
            (0..segments.len())
                .map(|index| segments.get(text, index).expect("segment"))
                .collect::<Vec<_>>()
        };
        assert_eq!(all("ab\r\n\r\nc\n"), vec![0..2, 4..4, 6..7, 8..8]);
        // A CR alone is text, not a line end; so is one at the very end.
        assert_eq!(all("a\rb\r"), vec![0..4]);
        // A line of exactly the longest segment, then CRLF: no empty piece.
        let full = "x".repeat(MAX_SEGMENT_BYTES);
        assert_eq!(
            all(&format!("{full}\r\ny")),
            vec![
                0..MAX_SEGMENT_BYTES,
                MAX_SEGMENT_BYTES + 2..MAX_SEGMENT_BYTES + 3
            ]
        );
        // Cut inside a long line: the pieces touch, the last stops before CRLF.
        let long = format!("{full} tail\r\n");
        assert_eq!(
            all(&long),
            vec![
                0..MAX_SEGMENT_BYTES,
                MAX_SEGMENT_BYTES..long.len() - 2,
                long.len()..long.len()
            ]
        );
    }

    #[test]
    fn long_lines_are_cut_into_bounded_segments() {
        let text = "word ".repeat(5000);
        let segments = Segments::new(&text);
        assert!(segments.len() > 1);
        for index in 0..segments.len() {
            let range = segments.get(&text, index).expect("segment");
            assert!(range.end - range.start <= MAX_SEGMENT_BYTES);
        }
    }
}
