//! Page furniture: the parts of a scraped page that are not the article —
//! comment forms, share and subscribe prompts, "see also" links, bylines, image
//! credits, cookie notices.
//!
//! Furniture is judged line by line, and only short lines are candidates: a real
//! paragraph is never hidden because it happens to start like a prompt. Photo
//! credits in parentheses are the one thing matched inside a line.

use std::ops::Range;

use super::first_byte::ByFirstByte;

/// Lines longer than this (in bytes, trimmed) are article text, whatever they start with.
const MAX_FURNITURE_LINE: usize = 200;

/// Whole lines that are furniture, compared case-insensitively after trailing
/// punctuation is dropped.
static WHOLE_LINES: ByFirstByte = ByFirstByte::new(&[
    "leave a reply",
    "leave a comment",
    "post a comment",
    "comments",
    "read more",
    "read the rest here",
    "read the full story",
    "read the full article",
    "continue reading",
    "share this",
    "share this article",
    "share this story",
    "share",
    "tweet",
    "print",
    "email",
    "subscribe",
    "subscribe now",
    "sign up",
    "advertisement",
    "sponsored",
    "sponsored content",
    "click here",
    "related",
    "related articles",
    "related stories",
    "skip to content",
    "back to top",
]);

/// Line starts that are furniture however the line goes on (still only short lines).
static PREFIXES: ByFirstByte = ByFirstByte::new(&[
    "your email address will not be published",
    "required fields are marked",
    "cover image source",
    "image source",
    "image credit",
    "photo credit",
    "image:",
    "photo:",
    "photograph:",
    "picture:",
    "credit:",
    "see also",
    "related:",
    "read more:",
    "read more at",
    "share this on",
    "share on facebook",
    "share on twitter",
    "subscribe to our",
    "subscribe to the",
    "sign up for our",
    "sign up for the",
    "sign up to receive",
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "by continuing to use this",
    "click here",
    "follow us on",
    "copyright ©",
    "© ",
    "all rights reserved",
    "reporting by ",
    "editing by ",
    "written by ",
]);

/// What makes a parenthesis a photo credit: "(Getty Images)", "(AP Photo/Jane Doe)".
const CREDIT_MARKS: &[&str] = &[
    "getty images",
    "ap photo",
    "afp photo",
    "reuters photo",
    "file photo",
    "shutterstock",
    "photo:",
    "photo by",
    "photo credit",
    "image:",
    "image credit",
    "image source",
    "credit:",
];

/// Byte ranges of `text` that are page furniture, sorted and disjoint.
pub fn furniture_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut line_start = 0;
    // The same lines as `split_inclusive('\n')`, found by the vectorised
    // `memchr` rather than the standard library's word-at-a-time search.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
    for line_end in ends.chain((!text.is_empty()).then_some(text.len())) {
        if line_end <= line_start {
            // The text ends with its newline: no line after it.
            break;
        }
        let line = &text[line_start..line_end];
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        let offset = line_start + (trimmed.as_ptr() as usize - line.as_ptr() as usize);
        if !trimmed.is_empty() && trimmed.len() <= MAX_FURNITURE_LINE && is_furniture_line(trimmed)
        {
            ranges.push(offset..offset + trimmed.len());
        } else if memchr::memchr(b'(', trimmed.as_bytes()).is_some() {
            // Most lines have no parenthesis: one search answers them.
            ranges.extend(photo_credits(trimmed).map(|r| offset + r.start..offset + r.end));
        }
        line_start = line_end;
    }
    ranges
}

fn is_furniture_line(line: &str) -> bool {
    let bare = line.trim_end_matches(|c: char| {
        c.is_ascii_punctuation() || c.is_whitespace() || matches!(c, '…' | '»' | '›' | '→')
    });
    // Only the entries that start with the line's first byte can match it.
    let first = line.as_bytes()[0];
    WHOLE_LINES
        .starting_with(first)
        .any(|whole| bare.eq_ignore_ascii_case(whole))
        || PREFIXES
            .starting_with(first)
            .any(|prefix| starts_with_ignore_case(line, prefix))
        || is_byline(line)
        || is_whole_credit(line)
        || is_credit_line(line)
}

/// Agencies whose name opens a bare photo-credit line: "Getty Images",
/// "Getty/Instagram", "AP Photo/Jane Doe", "Reuters/John Roe".
const CREDIT_LINE_STARTS: &[&str] = &[
    "getty",
    "ap photo",
    "afp",
    "reuters/",
    "epa/",
    "shutterstock",
];

/// A short line naming only the agency and photographer, all in capitalised
/// words: "Getty Images reported a loss" is a sentence, not a credit.
fn is_credit_line(line: &str) -> bool {
    let bare = line.trim_end_matches('.');
    bare.len() <= 80
        && CREDIT_LINE_STARTS
            .iter()
            .any(|start| starts_with_ignore_case(bare, start))
        && bare
            .split(|c: char| c.is_whitespace() || c == '/')
            .filter(|word| !word.is_empty())
            .all(|word| word.chars().next().is_some_and(char::is_uppercase))
}

fn starts_with_ignore_case(line: &str, prefix: &str) -> bool {
    let (line, prefix) = (line.as_bytes(), prefix.as_bytes());
    // The first byte alone turns away most pairs, before the slice compare.
    line.first()
        .zip(prefix.first())
        .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b))
        && line
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// "By Jane Doe", "By Jane Doe and John Roe | Reuters", "By J. R. Doe, AP":
/// "By" then only capitalised words, initials and separators, no sentence end.
fn is_byline(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("by "))
    else {
        return false;
    };
    if rest.len() > 80 || (rest.ends_with(['.', '!', '?']) && !ends_with_initial(rest)) {
        return false;
    }
    let mut names = 0;
    for word in
        rest.split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '/' | '–' | '—' | '-'))
    {
        if word.is_empty() || matches!(word, "and" | "de" | "van" | "von" | "la" | "del" | "da") {
            continue;
        }
        let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
        if !starts_upper || word.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        names += 1;
    }
    (2..=10).contains(&names)
}

fn ends_with_initial(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 2
        && bytes[bytes.len() - 1] == b'.'
        && bytes[bytes.len() - 2].is_ascii_uppercase()
}

/// A line that is nothing but a credit in parentheses: "(Getty Images)".
fn is_whole_credit(line: &str) -> bool {
    line.starts_with('(')
        && line.ends_with(')')
        && photo_credits(line)
            .next()
            .is_some_and(|r| r == (0..line.len()))
}

/// Parenthesised photo credits inside a line, as byte ranges of `line`.
fn photo_credits(line: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    memchr::memchr_iter(b'(', line.as_bytes()).filter_map(move |open| {
        let close = open + memchr::memchr(b')', &line.as_bytes()[open..])?;
        let inside = &line[open + 1..close];
        // Only the innermost parenthesis, so nested ones never yield overlapping ranges.
        let is_credit = !inside.contains('(')
            && inside.len() <= 80
            && CREDIT_MARKS
                .iter()
                .any(|mark| contains_ignore_case(inside, mark));
        is_credit.then_some(open..close + 1)
    })
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    // Compare only where the first byte matches in either case: every window
    // compared cost a call per mark and position inside each parenthesis.
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        haystack,
    )
    .any(|at| {
        haystack
            .get(at + 1..at + needle.len())
            .is_some_and(|tail| tail.eq_ignore_ascii_case(rest))
    })
}
