//! Paragraphs, sentences and tokens: the units attribution rules look at.

use std::ops::Range;

use memchr::{memchr_iter, memchr3_iter};

use super::lexicon::ABBREVIATIONS;
use super::marks::Quoted;
use crate::detect::is_alphanumeric;

/// A non-blank line, trimmed. Scraped articles put one paragraph on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Range<usize>,
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Every non-blank line of `text`, trimmed (CR, BOM and spaces removed).
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut paragraphs = Vec::with_capacity(text.len() / 256 + 1);
    let mut start = 0;
    let ends = memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for end in ends {
        let line = &text[start..end];
        let trimmed = line.trim_start_matches(is_blank);
        let lead = line.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(is_blank);
        if !trimmed.is_empty() {
            let from = start + lead;
            paragraphs.push(Paragraph {
                span: from..from + trimmed.len(),
            });
        }
        start = end + 1;
    }
    paragraphs
}

/// The quotes that overlap `span`, from a sorted list.
pub fn quotes_in<'q>(quotes: &'q [Quoted], span: &Range<usize>) -> &'q [Quoted] {
    let first = quotes.partition_point(|quote| quote.span.end <= span.start);
    let last = quotes.partition_point(|quote| quote.span.start < span.end);
    &quotes[first..last.max(first)]
}

/// Splits `paragraph` into sentences, never inside a quote: a quote of several
/// sentences stays one unit with its attribution.
pub fn sentences(
    text: &str,
    paragraph: &Range<usize>,
    quotes: &[Quoted],
    out: &mut Vec<Range<usize>>,
) {
    out.clear();
    let bytes = &text.as_bytes()[paragraph.clone()];
    let mut start = paragraph.start;
    for offset in memchr3_iter(b'.', b'!', b'?', bytes) {
        let at = paragraph.start + offset;
        if at < start {
            continue;
        }
        if let Some(end) = sentence_end(text, paragraph, at, quotes) {
            out.push(start..end);
            start = end;
        }
    }
    if start < paragraph.end {
        out.push(start..paragraph.end);
    }
    // Only a paragraph with a 。 (E3 80 82) is split again; most non-ASCII
    // paragraphs only hold curly quotes, and searching those for 。 cost a
    // searcher and a list per paragraph.
    if memchr::memchr(IDEOGRAPHIC_STOP_LEAD, bytes).is_some() {
        split_after_ideographic_stops(text, quotes, out);
    }
}

/// The first byte of 。 in UTF-8.
const IDEOGRAPHIC_STOP_LEAD: u8 = 0xE3;

/// Japanese and Chinese end sentences with 。 and no space after it.
fn split_after_ideographic_stops(text: &str, quotes: &[Quoted], out: &mut Vec<Range<usize>>) {
    const STOP: &str = "。";
    let finder = memchr::memmem::Finder::new(STOP);
    let mut split = Vec::with_capacity(out.len());
    for sentence in out.drain(..) {
        let mut start = sentence.start;
        for offset in finder.find_iter(text[sentence.clone()].as_bytes()) {
            let end = sentence.start + offset + STOP.len();
            let inside_quote = quotes
                .iter()
                .any(|quote| quote.span.start < end && end < quote.span.end);
            if !inside_quote && end < sentence.end {
                split.push(start..end);
                start = end;
            }
        }
        split.push(start..sentence.end);
    }
    *out = split;
}

/// Where the sentence whose terminator is at `at` ends, or `None` when the
/// terminator does not end one (abbreviation, inside a quote, lowercase next).
fn sentence_end(
    text: &str,
    paragraph: &Range<usize>,
    at: usize,
    quotes: &[Quoted],
) -> Option<usize> {
    if text.as_bytes()[at] == b'.' && is_abbreviation(text, paragraph.start, at) {
        return None;
    }
    let mut end = at + 1;
    let rest = &text[end..paragraph.end];
    for c in rest.chars() {
        if matches!(
            c,
            '.' | '!' | '?' | ')' | ']' | '"' | '\'' | '”' | '’' | '»' | '›' | '“'
        ) {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    if quotes
        .iter()
        .any(|quote| quote.span.start < at && end < quote.span.end)
    {
        return None;
    }
    let after = &text[end..paragraph.end];
    let mut chars = after.chars();
    match chars.next() {
        None => return Some(end),
        Some(c) if c.is_whitespace() => {}
        Some(_) => return None,
    }
    let next = after.trim_start().chars().next()?;
    let starts_sentence = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '„' | '«' | '‹' | '‘' | '(' | '「' | '『');
    starts_sentence.then(|| end + (after.len() - after.trim_start().len()))
}

/// The word before the full stop at `at` is an abbreviation or an initial.
fn is_abbreviation(text: &str, from: usize, at: usize) -> bool {
    let before = &text[from..at];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(index, c)| index + c.len_utf8());
    let word = &before[word_start..];
    let single_capital = word.len() == 1 && word.chars().all(char::is_uppercase);
    single_capital || ABBREVIATIONS.contains(word)
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// Punctuation other than quotation marks.
    Punct(char),
    /// A whole quoted span (index into the document's quotes).
    Quote(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Range<usize>,
    pub kind: TokenKind,
}

/// Splits `sentence` into words, punctuation and whole quotes.
/// `quotes` are the document's quotes; `first_quote` indexes the first that may
/// overlap the sentence.
pub fn tokenize(
    text: &str,
    sentence: &Range<usize>,
    quotes: &[Quoted],
    first_quote: usize,
    out: &mut Vec<Token>,
) {
    out.clear();
    let mut next_quote = first_quote;
    let mut at = sentence.start;
    while at < sentence.end {
        while quotes
            .get(next_quote)
            .is_some_and(|quote| quote.span.start < at)
        {
            next_quote += 1;
        }
        // A quote that opened in an earlier sentence or paragraph and closes in
        // this one: "...on the Thursday,” she said." starts with its end.
        let continued = (at == sentence.start)
            .then(|| {
                next_quote
                    .checked_sub(1)
                    .filter(|&index| quotes[index].span.start < at && quotes[index].span.end > at)
            })
            .flatten();
        if let Some(index) = continued {
            let end = quotes[index].span.end.min(sentence.end);
            out.push(Token {
                span: at..end,
                kind: TokenKind::Quote(index),
            });
            at = end;
            continue;
        }
        if let Some(quote) = quotes
            .get(next_quote)
            .filter(|quote| quote.span.start == at)
        {
            let end = quote.span.end.min(sentence.end).max(at + 1);
            out.push(Token {
                span: at..end,
                kind: TokenKind::Quote(next_quote),
            });
            at = end;
            continue;
        }
        let byte = text.as_bytes()[at];
        if byte.is_ascii() {
            // Most of a sentence: decided from the byte, no decoding.
            at = ascii_token(text, at, sentence.end, out);
            continue;
        }
        let Some(c) = text[at..sentence.end].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            at += c.len_utf8();
        } else if is_alphanumeric(c) {
            let end = word_end(text, at, sentence.end);
            out.push(Token {
                span: at..end,
                kind: TokenKind::Word,
            });
            at = end;
        } else {
            let end = at + c.len_utf8();
            out.push(Token {
                span: at..end,
                kind: TokenKind::Punct(c),
            });
            at = end;
        }
    }
}

/// The token at the ASCII byte at `at`, pushed unless it is whitespace, as the
/// general path would from the decoded character; the position after it.
fn ascii_token(text: &str, at: usize, limit: usize, out: &mut Vec<Token>) -> usize {
    let byte = text.as_bytes()[at];
    // `char::is_whitespace` on ASCII: note the vertical tab, which
    // `u8::is_ascii_whitespace` leaves out.
    if matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
        return at + 1;
    }
    let (end, kind) = if byte.is_ascii_alphanumeric() {
        (word_end(text, at, limit), TokenKind::Word)
    } else {
        (at + 1, TokenKind::Punct(char::from(byte)))
    };
    out.push(Token {
        span: at..end,
        kind,
    });
    // Most tokens are followed by one space: skip it here, not in a turn of
    // the token loop with its quote checks (no quote starts at a space).
    if end < limit && text.as_bytes()[end] == b' ' {
        end + 1
    } else {
        end
    }
}

/// `u8::is_ascii_alphanumeric` as one load: the word loop runs over every
/// letter of every tokenized sentence, and the three range tests cost twice
/// as many instructions there.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// A word runs over letters and digits, and over ' ’ - . between them
/// (don't, Ryabkov’s, Jean-Pierre, U.S.); "Mr." and initials keep their stop.
// Inlined into the token loop, for the common word that ends at a space or a
// comma; anything else goes to the out-of-line rest.
#[inline]
fn word_end(text: &str, start: usize, limit: usize) -> usize {
    // ASCII letters and digits need no decoding: skip them by byte.
    let bytes = text.as_bytes();
    let end = start
        + bytes[start..limit]
            .iter()
            .position(|&byte| !ASCII_ALNUM[usize::from(byte)])
            .unwrap_or(limit - start);
    if end < limit
        && (bytes[end].is_ascii_whitespace()
            || matches!(bytes[end], b',' | b';' | b':' | b'!' | b'?' | b')' | b'"'))
    {
        return end;
    }
    word_end_after_run(text, start, end, limit)
}

/// The rest of [`word_end`], from `resume`, the end of the word's leading run
/// of ASCII letters and digits (which the loop below would take one by one).
#[inline(never)]
fn word_end_after_run(text: &str, start: usize, resume: usize, limit: usize) -> usize {
    let mut end = resume;
    let mut chars = text[resume..limit].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let joins = matches!(c, '\'' | '’' | '-' | '.' | '&')
            && chars.peek().is_some_and(|&(_, next)| is_alphanumeric(next));
        if is_alphanumeric(c) || joins {
            end = resume + offset + c.len_utf8();
        } else {
            break;
        }
    }
    let word = &text[start..end];
    let keeps_stop = text[end..limit].starts_with('.')
        && (ABBREVIATIONS.contains(word)
            || (word.len() == 1 && word.chars().all(char::is_uppercase)));
    if keeps_stop { end + 1 } else { end }
}

/// `str::split_whitespace`, with ASCII bytes classified without decoding:
/// the standard iterator decodes every character, and the speaker tracker
/// splits the first words of every sentence that opens with a capital.
pub fn split_whitespace(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + first_change(&text[at..], true)?;
        let end = first_change(&text[start..], false).map_or(text.len(), |len| start + len);
        at = end;
        Some(&text[start..end])
    })
}

/// Where the first character that is not (`whitespace`) or is (`!whitespace`)
/// whitespace starts, by `char::is_whitespace`.
fn first_change(text: &str, whitespace: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let (is_whitespace, len) = if byte.is_ascii() {
            (matches!(byte, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let c = text[at..].chars().next()?;
            (c.is_whitespace(), c.len_utf8())
        };
        if is_whitespace != whitespace {
            return Some(at);
        }
        at += len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::quotes::marks::pair_quotes;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn split_whitespace_agrees_with_the_str_method(text in "([ a\\t\\n\\x0B\\x0C\\r\\u{85}\\u{a0}\\u{2003}\\u{3000}é’]|\\PC){0,24}") {
            let ours: Vec<&str> = split_whitespace(&text).collect();
            let std: Vec<&str> = text.split_whitespace().collect();
            prop_assert_eq!(ours, std);
        }
    }

    fn split(text: &str) -> Vec<&str> {
        let paragraphs = paragraphs(text);
        let quotes = pair_quotes(text, &paragraphs);
        let mut out = Vec::new();
        let mut all = Vec::new();
        for paragraph in &paragraphs {
            sentences(text, &paragraph.span, &quotes, &mut out);
            all.extend(out.iter().map(|sentence| &text[sentence.clone()]));
        }
        all
    }

    #[test]
    fn paragraphs_are_trimmed_lines_without_cr_or_bom() {
        let text = "\u{feff}Title\r\n\r\n  Body line.  \r\n";
        let spans: Vec<&str> = paragraphs(text)
            .iter()
            .map(|p| &text[p.span.clone()])
            .collect();
        assert_eq!(spans, vec!["Title", "Body line."]);
    }

    #[test]
    fn sentences_skip_abbreviations_initials_and_quotes() {
        assert_eq!(
            split("Mr. J. Smith met Sen. Lee at 9 a.m. on Monday. They talked."),
            vec![
                "Mr. J. Smith met Sen. Lee at 9 a.m. on Monday. ",
                "They talked."
            ]
        );
        assert_eq!(
            split("“We won. We always do,” he said. Then he left."),
            vec!["“We won. We always do,” he said. ", "Then he left."]
        );
        assert_eq!(split("It rained. the end"), vec!["It rained. the end"]);
    }

    #[test]
    fn ideographic_full_stop_ends_a_sentence() {
        assert_eq!(
            split("会談は続く。市長は述べた。"),
            vec!["会談は続く。", "市長は述べた。"]
        );
    }

    #[test]
    fn tokens_keep_quotes_whole_and_words_joined() {
        let text = "Mr. O’Neill’s U.S. aide said: “Yes, no.”";
        let paragraphs = paragraphs(text);
        let quotes = pair_quotes(text, &paragraphs);
        let mut tokens = Vec::new();
        tokenize(text, &(0..text.len()), &quotes, 0, &mut tokens);
        let shown: Vec<&str> = tokens
            .iter()
            .map(|token| &text[token.span.clone()])
            .collect();
        assert_eq!(
            shown,
            vec![
                "Mr.",
                "O’Neill’s",
                "U.S.",
                "aide",
                "said",
                ":",
                "“Yes, no.”"
            ]
        );
        assert_eq!(tokens[6].kind, TokenKind::Quote(0));
    }
}
