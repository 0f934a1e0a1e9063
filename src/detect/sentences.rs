//! Sentence splitting for news text: one forward pass over the bytes, no
//! allocation per sentence. Shared by the claim detector and, later, the quote
//! detector.
//!
//! A sentence ends at `.`, `!`, `?`, `…` or a CJK full stop, after any closing
//! quotes and brackets that follow it, when whitespace (or the end) comes next
//! and the period does not belong to an abbreviation, an initial or a decimal.
//! A blank line always ends a sentence; a single line break ends one unless the
//! next line carries on in lower case (hard-wrapped text).

use std::ops::Range;

use super::first_byte::ByFirstByte;
use crate::text::{ceil_grapheme, floor_grapheme};

/// Byte ranges of the sentences of `text`, in order, trimmed of surrounding
/// whitespace, never empty, on grapheme-cluster boundaries.
pub fn sentence_ranges(text: &str) -> Sentences<'_> {
    Sentences {
        text,
        pos: 0,
        landmarks: Landmarks::default(),
    }
}

/// Iterator returned by [`sentence_ranges`].
#[derive(Debug, Clone)]
pub struct Sentences<'a> {
    text: &'a str,
    pos: usize,
    landmarks: Landmarks,
}

impl Iterator for Sentences<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        loop {
            // Whitespace between sentences (blank lines above all) would only
            // make pieces that trim to nothing; a line break in it can end
            // nothing but such a piece, so skipping it finds the same sentences.
            self.pos += self.text.as_bytes()[self.pos..]
                .iter()
                .take_while(|byte| is_ascii_whitespace_char(**byte))
                .count();
            if self.pos >= self.text.len() {
                return None;
            }
            let start = self.pos;
            let end = find_sentence_end(self.text, start, &mut self.landmarks);
            self.pos = end;
            if let Some(range) = trimmed(self.text, start..end) {
                return Some(range);
            }
        }
    }
}

/// The ASCII bytes that `char::is_whitespace` accepts (with the vertical tab
/// and form feed, which `u8::is_ascii_whitespace` leaves out).
fn is_ascii_whitespace_char(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Abbreviations after which a period never ends a sentence (titles: a name follows).
static TITLES: ByFirstByte = ByFirstByte::new(&[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "rev", "hon", "pres", "supt", "messrs", "mt", "ft", "st", "vs", "v", "cf",
]);

/// Abbreviations that do not end a sentence when a number follows ("No. 5", "Sept. 11").
static BEFORE_NUMBER: ByFirstByte = ByFirstByte::new(&[
    "no", "nos", "vol", "fig", "p", "pp", "art", "sec", "ch", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
]);

/// Words that start a new sentence after a dotted acronym ("... in the U.S. The ...").
static SENTENCE_STARTERS: ByFirstByte = ByFirstByte::new(&[
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "but", "and", "in", "this", "that",
    "there", "his", "her", "their", "its", "on", "at", "for", "as", "if", "when", "while", "after",
]);

/// The byte offset just past the sentence that starts at `start`.
fn find_sentence_end(text: &str, start: usize, landmarks: &mut Landmarks) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while let Some(at) = landmarks.next(bytes, i) {
        i = match bytes[at] {
            b'.' | b'!' | b'?' => {
                let after = skip_closers(bytes, at + 1);
                if is_boundary_after(text, at, after) {
                    return after;
                }
                after
            }
            b'\n' => {
                if line_break_ends_sentence(bytes, at) {
                    return at + 1;
                }
                at + 1
            }
            _ => {
                let width = multibyte_terminator(bytes, at);
                if width == 0 {
                    at + 1
                } else {
                    let after = skip_closers(bytes, at + width);
                    // CJK full stops need no space after them; an ellipsis does.
                    if bytes[at] != 0xE2 || next_is_space_or_end(bytes, after) {
                        return after;
                    }
                    after
                }
            }
        };
    }
    bytes.len()
}

/// The next position of each kind of byte that can end a sentence, found with
/// SIMD `memchr` and kept until the scan passes it, so the text is searched
/// once per kind rather than byte by byte.
#[derive(Debug, Clone, Default)]
struct Landmarks {
    /// `.`, `!`, `?`.
    terminator: Cached,
    newline: Cached,
    /// Lead bytes of `…`, CJK full stops and full-width `！？`.
    multibyte: Cached,
}

#[derive(Debug, Clone, Copy, Default)]
enum Cached {
    /// Not searched yet from a position at or before the current one.
    #[default]
    Unknown,
    At(usize),
    None,
}

impl Landmarks {
    /// The first landmark at or after `from`.
    fn next(&mut self, bytes: &[u8], from: usize) -> Option<usize> {
        let terminator = self
            .terminator
            .refresh(from, || memchr::memchr3(b'.', b'!', b'?', &bytes[from..]));
        let newline = self
            .newline
            .refresh(from, || memchr::memchr(b'\n', &bytes[from..]));
        let multibyte = self
            .multibyte
            .refresh(from, || memchr::memchr3(0xE2, 0xE3, 0xEF, &bytes[from..]));
        [terminator, newline, multibyte].into_iter().flatten().min()
    }
}

impl Cached {
    /// The cached position if it is still ahead of `from`, else a fresh search
    /// (`search` returns an offset relative to `from`).
    fn refresh(&mut self, from: usize, search: impl FnOnce() -> Option<usize>) -> Option<usize> {
        match *self {
            Self::At(at) if at >= from => Some(at),
            Self::None => None,
            _ => {
                *self = search().map_or(Self::None, |offset| Self::At(from + offset));
                match *self {
                    Self::At(at) => Some(at),
                    _ => None,
                }
            }
        }
    }
}

/// Width of a non-ASCII sentence terminator at `i` (…, 。, ！, ？), or 0.
fn multibyte_terminator(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i..i + 3) {
        Some([0xE2, 0x80, 0xA6] | [0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x81 | 0x9F]) => 3,
        _ => 0,
    }
}

/// Skips further terminators, closing quotes and closing brackets: `?!`, `."`, `.”)`.
fn skip_closers(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match bytes.get(i..) {
            Some([b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']', ..]) => i += 1,
            // ’ ” (E2 80 99, E2 80 9D), … (E2 80 A6), › (E2 80 BA)
            Some([0xE2, 0x80, 0x99 | 0x9D | 0xA6 | 0xBA, ..]) => i += 3,
            // » (C2 BB)
            Some([0xC2, 0xBB, ..]) => i += 2,
            _ => return i,
        }
    }
}

fn next_is_space_or_end(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i..) {
        None | Some([] | [b' ' | b'\t' | b'\r' | b'\n', ..] | [0xC2, 0xA0, ..]) => true,
        Some(_) => false,
    }
}

/// Whether the terminator at `mark`, with closers up to `after`, ends a sentence.
fn is_boundary_after(text: &str, mark: usize, after: usize) -> bool {
    let bytes = text.as_bytes();
    if !next_is_space_or_end(bytes, after) {
        return false; // "3.5", "U.S.-led", "example.com"
    }
    let next_start = next_word_start(bytes, after);
    // The next word's first letter or digit; the whole word is read only
    // after an initial or an acronym.
    let next_first = bytes
        .get(next_start)
        .filter(|byte| byte.is_ascii_alphanumeric());
    if next_first.is_some_and(u8::is_ascii_lowercase) {
        return false; // "e.g. the", "Inc. said"
    }
    if bytes[mark] != b'.' || after > mark + 1 {
        return true; // "!", "?", and periods inside closing quotes
    }
    let word = word_before(bytes, mark);
    if word.is_empty() {
        return true;
    }
    if TITLES.contains_ignore_case(word) {
        return false;
    }
    let next_is_digit = next_first.is_some_and(u8::is_ascii_digit);
    if next_is_digit && BEFORE_NUMBER.contains_ignore_case(word) {
        return false;
    }
    let is_initial = word.len() == 1 && word[0].is_ascii_uppercase();
    let is_dotted = word.contains(&b'.');
    if is_initial || is_dotted {
        // "J. K. Rowling", "U.S. officials": only a clear sentence start after it splits.
        return SENTENCE_STARTERS.contains_ignore_case(next_word(bytes, next_start));
    }
    true
}

/// The word (letters, digits and inner periods) that ends just before `mark`.
fn word_before(bytes: &[u8], mark: usize) -> &[u8] {
    let mut start = mark;
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.') {
        start -= 1;
    }
    let word = &bytes[start..mark];
    // A leading period belongs to an ellipsis or a previous sentence, not the word.
    let first_alnum = word
        .iter()
        .position(u8::is_ascii_alphanumeric)
        .unwrap_or(word.len());
    &word[first_alnum..]
}

/// Where the next word starts: after the whitespace at `from` and any
/// opening quotes.
fn next_word_start(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'"') {
        i += 1;
    }
    i
}

/// The ASCII word that starts at `start`, up to 16 bytes.
fn next_word(bytes: &[u8], start: usize) -> &[u8] {
    let mut i = start;
    while i < bytes.len() && i - start < 16 && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    &bytes[start..i]
}

/// A blank line ends a sentence; a single break does unless lower case follows.
fn line_break_ends_sentence(bytes: &[u8], newline: usize) -> bool {
    let mut i = newline + 1;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    match bytes.get(i) {
        None | Some(b'\n') => true,
        Some(byte) => !byte.is_ascii_lowercase(),
    }
}

/// `range` without surrounding whitespace, shrunk to grapheme boundaries;
/// `None` when nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let inner = slice.trim_matches(|c: char| c.is_whitespace());
    if inner.is_empty() {
        return None;
    }
    let start = range.start + (inner.as_ptr() as usize - slice.as_ptr() as usize);
    let end = start + inner.len();
    let start = if is_ascii_boundary(text, start) {
        start
    } else {
        ceil_grapheme(text, start)
    };
    let end = if is_ascii_boundary(text, end) {
        end
    } else {
        floor_grapheme(text, end)
    };
    (start < end).then_some(start..end)
}

/// True when both neighbours of `at` are ASCII and not CR LF, which makes `at`
/// a grapheme boundary without consulting the Unicode tables.
fn is_ascii_boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let before = at.checked_sub(1).and_then(|i| bytes.get(i));
    let after = bytes.get(at);
    match (before, after) {
        (Some(b'\r'), Some(b'\n')) => false,
        (Some(b), Some(a)) => b.is_ascii() && a.is_ascii(),
        (None, Some(a)) => a.is_ascii(),
        (Some(b), None) => b.is_ascii(),
        (None, None) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentence_ranges(text).map(|range| &text[range]).collect()
    }

    #[test]
    fn abbreviations_and_decimals_do_not_split() {
        assert_eq!(
            split("Mr. Smith paid $3.5 million on Sept. 11. He left."),
            ["Mr. Smith paid $3.5 million on Sept. 11.", "He left."]
        );
    }

    #[test]
    fn blank_lines_and_indents_between_sentences_are_skipped() {
        assert_eq!(
            split("\n\n Title\n\n \u{b}lower case. Next one.\n\t\n\n"),
            ["Title", "lower case.", "Next one."]
        );
        assert_eq!(split(" \r\n\n "), Vec::<&str>::new());
    }

    #[test]
    fn dotted_acronym_splits_only_before_a_sentence_start() {
        assert_eq!(
            split("U.S. officials met. They live in the U.S. The talks failed."),
            [
                "U.S. officials met.",
                "They live in the U.S.",
                "The talks failed."
            ]
        );
    }
}
