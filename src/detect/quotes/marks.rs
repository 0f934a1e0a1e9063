//! Pairing quotation marks into quoted spans.
//!
//! Marks are paired per paragraph with a stack, so an unbalanced mark costs at
//! most its own paragraph. A quote only crosses a paragraph break under the
//! printers' convention: the paragraph ends inside the quote and the next one
//! opens with the same kind of mark.

use std::ops::Range;

use super::units::Paragraph;

/// One outermost quoted span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted {
    /// From the opening mark to just after the closing mark.
    pub span: Range<usize>,
    /// Between the marks.
    pub inner: Range<usize>,
    /// It runs over more than one paragraph.
    pub multi_paragraph: bool,
}

/// Families of opening marks; each knows its closing marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// "..."
    Ascii,
    /// “...” (and ”...” as some sites print it)
    English,
    /// „...“ or „...”
    Low9,
    /// «...»
    Guillemet,
    /// ‹...›
    SingleGuillemet,
    /// 「...」
    Corner,
    /// 『...』
    WhiteCorner,
    /// ‘...’
    EnglishSingle,
    /// '...'
    AsciiSingle,
}

impl Family {
    fn closes_with(self, c: char) -> bool {
        match self {
            Self::Ascii => c == '"',
            Self::English => c == '”' || c == '“',
            Self::Low9 => c == '“' || c == '”',
            Self::Guillemet => c == '»',
            Self::SingleGuillemet => c == '›',
            Self::Corner => c == '」',
            Self::WhiteCorner => c == '』',
            Self::EnglishSingle => c == '’',
            Self::AsciiSingle => c == '\'',
        }
    }

    /// Marks that reopen the quote at the start of a continued paragraph.
    fn continues_with(self, c: char) -> bool {
        match self {
            Self::Ascii => c == '"',
            Self::English => c == '“',
            Self::Low9 => c == '„' || c == '»',
            Self::Guillemet => c == '«' || c == '»',
            Self::SingleGuillemet => c == '‹',
            Self::Corner => c == '「',
            Self::WhiteCorner => c == '『',
            Self::EnglishSingle => c == '‘',
            Self::AsciiSingle => c == '\'',
        }
    }

    fn is_single(self) -> bool {
        matches!(self, Self::EnglishSingle | Self::AsciiSingle)
    }
}

/// Finds the bytes that may start a quotation mark: '"', '\'', or the lead
/// byte of « » (0xC2), of the curly and low-9 marks and ‹ › (0xE2), or of the
/// corner brackets (0xE3), with `memchr`, so plain text is skipped many bytes
/// at a time. Each of the two searches resumes only once passed: linear.
struct MarkLeads {
    /// Byte of the next '"', '\'' or 0xE2 at or after the last search; `NONE`
    /// when there is none; `UNSEARCHED` before the first search.
    common: usize,
    /// Byte of the next 0xC2 or 0xE3, likewise.
    rare: usize,
}

const NONE: usize = usize::MAX;
const UNSEARCHED: usize = usize::MAX - 1;

impl Default for MarkLeads {
    fn default() -> Self {
        Self {
            common: UNSEARCHED,
            rare: UNSEARCHED,
        }
    }
}

impl MarkLeads {
    fn next(&mut self, bytes: &[u8], from: usize) -> Option<usize> {
        let rest = bytes.get(from..)?;
        if self.common == UNSEARCHED || self.common < from {
            self.common = memchr::memchr3(b'"', b'\'', 0xE2, rest).map_or(NONE, |at| from + at);
        }
        if self.rare == UNSEARCHED || self.rare < from {
            self.rare = memchr::memchr2(0xC2, 0xE3, rest).map_or(NONE, |at| from + at);
        }
        let next = self.common.min(self.rare);
        (next != NONE).then_some(next)
    }
}

/// Deep nesting is noise (or an attack); deeper marks are ignored.
const MAX_DEPTH: usize = 8;

#[derive(Debug, Clone, Copy)]
struct Open {
    family: Family,
    at: usize,
    /// Byte length of the opening mark.
    len: usize,
    /// Increases up the stack, so "every mark above this one" is `id >= this`.
    id: usize,
}

/// Pairs the marks of every paragraph; returns outermost quotes in text order.
pub fn pair_quotes(text: &str, paragraphs: &[Paragraph]) -> Vec<Quoted> {
    let mut pairer = Pairer::default();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let continued = pairer.carried_into(text, paragraph);
        pairer.scan(text, paragraph, continued);
        let next = paragraphs.get(index + 1);
        pairer.end_paragraph(text, next);
    }
    pairer.finish();
    pairer.quotes.sort_by_key(|quote| quote.span.start);
    pairer.quotes
}

#[derive(Default)]
struct Pairer {
    stack: Vec<Open>,
    /// Completed quotes still inside an open mark, with that mark's id.
    inner: Vec<(Quoted, usize)>,
    quotes: Vec<Quoted>,
    next_id: usize,
    /// The bottom of the stack came over from an earlier paragraph.
    carrying: bool,
}

impl Pairer {
    /// When a quote is carried over, the mark that reopens it at the start of
    /// `paragraph` is skipped: its byte offset is returned.
    fn carried_into(&self, text: &str, paragraph: &Paragraph) -> Option<usize> {
        if !self.carrying {
            return None;
        }
        let first = text[paragraph.span.clone()].chars().next()?;
        let open = self.stack.first()?;
        open.family
            .continues_with(first)
            .then_some(paragraph.span.start)
    }

    fn scan(&mut self, text: &str, paragraph: &Paragraph, skip: Option<usize>) {
        let bytes = &text.as_bytes()[..paragraph.span.end];
        let mut leads = MarkLeads::default();
        let mut at = paragraph.span.start;
        while let Some(next) = leads.next(bytes, at) {
            at = next;
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            // Some newspapers print a double quote as two apostrophes: ''.
            let (c, len) = if bytes[at..paragraph.span.end].starts_with(b"''") {
                ('"', 2)
            } else {
                (c, c.len_utf8())
            };
            if Some(at) != skip {
                self.mark(text, at, c, len, paragraph);
            }
            at += len;
        }
    }

    /// The mark `c`, `len` bytes long, at byte `at`.
    fn mark(&mut self, text: &str, at: usize, c: char, len: usize, paragraph: &Paragraph) {
        let before = text[paragraph.span.start..at].chars().next_back();
        let after = text[at + len..paragraph.span.end].chars().next();
        if is_apostrophe(c, before, after) {
            return;
        }
        if self.try_close(at, c, len, before) {
            return;
        }
        if let Some(family) = opening_family(c, before, after) {
            self.open(family, at, len);
        }
    }

    fn try_close(&mut self, at: usize, c: char, len: usize, before: Option<char>) -> bool {
        // A curly mark after a space opens ("the “best” plan"); guillemets and
        // corner brackets are unambiguous and French sets them off with spaces.
        if before.is_none_or(char::is_whitespace) && matches!(c, '“' | '”' | '’' | '\'') {
            return false;
        }
        let Some(index) = self
            .stack
            .iter()
            .rposition(|open| open.family.closes_with(c))
        else {
            return false;
        };
        let open = self.stack[index];
        let end = at + len;
        let quoted = Quoted {
            span: open.at..end,
            inner: open.at + open.len..at,
            multi_paragraph: self.carrying && index == 0,
        };
        self.stack.truncate(index);
        // Quotes inside this one (or inside marks it leaves unbalanced) are nested.
        self.inner.retain(|(_, id)| *id < open.id);
        if index == 0 {
            self.carrying = false;
            self.quotes.push(quoted);
        } else {
            self.inner.push((quoted, self.stack[index - 1].id));
        }
        true
    }

    fn open(&mut self, family: Family, at: usize, len: usize) {
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        self.stack.push(Open {
            family,
            at,
            len,
            id: self.next_id,
        });
        self.next_id += 1;
    }

    /// Carry the outermost open quote into `next` under the multi-paragraph
    /// convention; otherwise give up the paragraph's unbalanced marks, keeping
    /// the complete quotes they would have swallowed.
    fn end_paragraph(&mut self, text: &str, next: Option<&Paragraph>) {
        let Some(bottom) = self.stack.first().copied() else {
            return;
        };
        let reopens = next
            .and_then(|paragraph| text[paragraph.span.clone()].chars().next())
            .is_some_and(|c| bottom.family.continues_with(c));
        if reopens && !bottom.family.is_single() {
            self.stack.truncate(1);
            // Quotes inside dropped inner marks are still inside the carried one.
            for (_, id) in &mut self.inner {
                *id = bottom.id;
            }
            self.carrying = true;
        } else {
            self.finish();
        }
    }

    /// Unbalanced marks open nothing: what they enclosed becomes outermost.
    fn finish(&mut self) {
        self.stack.clear();
        self.carrying = false;
        self.quotes
            .extend(self.inner.drain(..).map(|(quoted, _)| quoted));
    }
}

/// ’ and ' inside a word (don’t, Ryabkov’s) or before a decade (’90s).
fn is_apostrophe(c: char, before: Option<char>, after: Option<char>) -> bool {
    if !matches!(c, '’' | '\'' | '‘') {
        return false;
    }
    let letter_before = before.is_some_and(char::is_alphanumeric);
    let letter_after = after.is_some_and(char::is_alphanumeric);
    (letter_before && letter_after) || after.is_some_and(|c| c.is_ascii_digit())
}

/// The family `c` opens, if it can open here.
fn opening_family(c: char, before: Option<char>, after: Option<char>) -> Option<Family> {
    let followed_by_text = after.is_some_and(|c| !c.is_whitespace());
    let free_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-:/".contains(c));
    let family = match c {
        '"' if followed_by_text => Family::Ascii,
        '“' if followed_by_text => Family::English,
        '”' if free_before && after.is_some_and(char::is_alphanumeric) => Family::English,
        '„' => Family::Low9,
        '«' => Family::Guillemet,
        '‹' => Family::SingleGuillemet,
        '「' => Family::Corner,
        '『' => Family::WhiteCorner,
        '‘' if free_before && after.is_some_and(char::is_alphabetic) => Family::EnglishSingle,
        '\'' if free_before && after.is_some_and(char::is_alphabetic) => Family::AsciiSingle,
        _ => return None,
    };
    Some(family)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::quotes::units::paragraphs;

    fn quoted(text: &str) -> Vec<&str> {
        pair_quotes(text, &paragraphs(text))
            .iter()
            .map(|quote| &text[quote.span.clone()])
            .collect()
    }

    #[test]
    fn pairs_each_family_with_its_closer() {
        assert_eq!(quoted("a “b c” d"), vec!["“b c”"]);
        assert_eq!(quoted("a „b c“ d"), vec!["„b c“"]);
        assert_eq!(quoted("a « b c » d"), vec!["« b c »"]);
        assert_eq!(quoted("a ‹b› d"), vec!["‹b›"]);
        assert_eq!(quoted("a「b」d『e』"), vec!["「b」", "『e』"]);
        assert_eq!(quoted("a ‘b c’ d"), vec!["‘b c’"]);
        assert_eq!(quoted("a \"b c\" d \"e\""), vec!["\"b c\"", "\"e\""]);
        assert_eq!(quoted("a ''b c'' d"), vec!["''b c''"]);
    }

    #[test]
    fn only_outermost_quotes_are_returned() {
        assert_eq!(quoted("“a ‘b’ c «d» e”"), vec!["“a ‘b’ c «d» e”"]);
    }

    #[test]
    fn apostrophes_neither_open_nor_close() {
        assert!(quoted("Don’t touch Ryabkov’s ’90s records, the Smiths’ dog said.").is_empty());
        assert_eq!(
            quoted("‘It isn’t over,’ she said."),
            vec!["‘It isn’t over,’"]
        );
    }

    #[test]
    fn unbalanced_opener_keeps_the_quotes_after_it() {
        assert_eq!(
            quoted("“never closed, then “a real one” here"),
            vec!["“a real one”"]
        );
        assert!(quoted("“never closed\n\nplain paragraph with a ” stray").is_empty());
    }

    #[test]
    fn quote_continues_only_when_the_next_paragraph_reopens() {
        let text = "“First part\n\n“second part.”\n\nAfter.";
        assert_eq!(quoted(text), vec!["“First part\n\n“second part.”"]);
        let quote = &pair_quotes(text, &paragraphs(text))[0];
        assert!(quote.multi_paragraph);
        assert!(quoted("“First part\n\nsecond part.”").is_empty());
    }

    #[test]
    fn spaced_french_closers_close() {
        assert_eq!(
            quoted("Il a dit\u{a0}: «\u{a0}non\u{a0}»."),
            vec!["«\u{a0}non\u{a0}»"]
        );
    }

    #[test]
    fn mark_search_skips_plain_bytes_and_finds_every_lead() {
        let text = "plain «x» “y” 「z」 \"w\"";
        let bytes = text.as_bytes();
        let mut leads = MarkLeads::default();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(next) = leads.next(bytes, at) {
            found.push(next);
            at = next + 1;
        }
        let expected: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| matches!(c, '«' | '»' | '“' | '”' | '「' | '」' | '"'))
            .map(|(at, _)| at)
            .collect();
        assert_eq!(found, expected);
    }
}
