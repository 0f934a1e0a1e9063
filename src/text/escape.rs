//! Text from an article, a sidecar, a note or a file name is untrusted: an escape
//! sequence in it could drive the user's terminal (xterm CVE-2022-45063) and a bidi
//! override could make it lie about what it says. Everything that prints such text
//! goes through here, and shows the dangerous characters instead of obeying them.
//!
//! Zero-width joiner and non-joiner (U+200C, U+200D) are kept: they shape ordinary
//! Persian, Indic and emoji text and cannot move the cursor or reorder a line.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for characters that must never reach a terminal as they are: C0 and C1
/// controls (tab and newline included: a one-line message must stay one line),
/// DEL, bidi embeddings, overrides, isolates and marks, and invisible spaces.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{180e}'
        | '\u{200b}'
        | '\u{200e}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
    )
}

/// Appends the visible stand-in for an unsafe character: C0 controls and DEL as
/// their Unicode control pictures (one cell, e.g. `␛`), everything else as
/// `⟨U+202E⟩`. Safe characters are appended unchanged.
pub fn escape_char(c: char, out: &mut String) {
    if !is_unsafe_char(c) {
        out.push(c);
    } else if c < ' ' {
        out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'));
    } else if c == '\u{7f}' {
        out.push('\u{2421}');
    } else {
        let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
    }
}

/// The text with every unsafe character replaced by its visible stand-in;
/// borrowed unchanged when there is nothing to replace.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        escape_char(c, &mut out);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("Ryabkov said «no» 👍"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_and_bidi_are_shown_not_obeyed() {
        let hostile = "a\u{1b}]0;pwned\u{7}b\u{9b}31m\u{202e}c\u{200b}d\te\n";
        let shown = escape(hostile);
        assert!(!shown.chars().any(is_unsafe_char));
        assert_eq!(shown, "a␛]0;pwned␇b⟨U+009B⟩31m⟨U+202E⟩c⟨U+200B⟩d␉e␊");
    }

    #[test]
    fn joiners_in_emoji_are_kept() {
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(escape(family), family);
    }
}
