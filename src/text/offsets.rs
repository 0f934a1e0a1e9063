//! Byte offsets are used inside the program (cheap slicing); code points are the
//! unit of the sidecar and every other outside format. `OffsetIndex` converts
//! between the two in O(1) + a short scan, without storing an entry per character.

use unicode_segmentation::GraphemeCursor;

/// How many code points lie between two stored checkpoints. Small enough that the
/// scan after a lookup is short, large enough that the index is ~1/8 of the text.
const STRIDE: usize = 64;

/// Maps byte offsets to code-point offsets and back for one text.
#[derive(Debug, Clone, Default)]
pub struct OffsetIndex {
    /// `checkpoints[i]` is the byte offset of code point `i * STRIDE`.
    /// Empty when the text is ASCII, where both units coincide.
    checkpoints: Vec<usize>,
    byte_len: usize,
    char_len: usize,
}

impl OffsetIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                checkpoints: Vec::new(),
                byte_len: text.len(),
                char_len: text.len(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut char_len = 0;
        for (byte, _) in text.char_indices() {
            if char_len % STRIDE == 0 {
                checkpoints.push(byte);
            }
            char_len += 1;
        }
        Self {
            checkpoints,
            byte_len: text.len(),
            char_len,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Number of bytes in the text.
    pub fn byte_len(&self) -> usize {
        self.byte_len
    }

    fn is_ascii(&self) -> bool {
        self.byte_len == self.char_len
    }

    /// The code-point offset of a byte offset. `None` when `byte` is past the end
    /// or not on a character boundary of `text`.
    pub fn to_char(&self, text: &str, byte: usize) -> Option<usize> {
        if byte > self.byte_len || !text.is_char_boundary(byte) {
            return None;
        }
        if self.is_ascii() {
            return Some(byte);
        }
        let block = self.checkpoints.partition_point(|&b| b <= byte) - 1;
        let start = self.checkpoints[block];
        Some(block * STRIDE + text[start..byte].chars().count())
    }

    /// The byte offset of a code-point offset; `None` when it is past the end.
    pub fn to_byte(&self, text: &str, char_offset: usize) -> Option<usize> {
        if char_offset > self.char_len {
            return None;
        }
        if self.is_ascii() {
            return Some(char_offset);
        }
        if char_offset == self.char_len {
            return Some(self.byte_len);
        }
        let block = char_offset / STRIDE;
        let start = self.checkpoints[block];
        let skip = char_offset - block * STRIDE;
        text[start..]
            .char_indices()
            .nth(skip)
            .map(|(byte, _)| start + byte)
    }
}

/// The nearest grapheme-cluster boundary at or before `byte`.
pub fn floor_grapheme(text: &str, byte: usize) -> usize {
    let byte = floor_char(text, byte);
    if between_ascii(text, byte) {
        return byte;
    }
    let mut cursor = GraphemeCursor::new(byte, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => byte,
        _ => cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0),
    }
}

/// The nearest grapheme-cluster boundary at or after `byte`.
pub fn ceil_grapheme(text: &str, byte: usize) -> usize {
    let byte = floor_char(text, byte);
    if between_ascii(text, byte) {
        return byte;
    }
    let mut cursor = GraphemeCursor::new(byte, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => byte,
        _ => cursor
            .next_boundary(text, 0)
            .ok()
            .flatten()
            .unwrap_or(text.len()),
    }
}

/// At the text's ends, and between two ASCII characters other than CR LF, there
/// is always a grapheme
/// boundary (every rule that joins characters needs a non-ASCII one): the
/// detector snaps thousands of word edges, and this skips the cursor for them.
fn between_ascii(text: &str, byte: usize) -> bool {
    let bytes = text.as_bytes();
    match (
        byte.checked_sub(1).and_then(|i| bytes.get(i)),
        bytes.get(byte),
    ) {
        (Some(&before), Some(&after)) => {
            before.is_ascii() && after.is_ascii() && !(before == b'\r' && after == b'\n')
        }
        // The start and the end of the text are boundaries.
        _ => true,
    }
}

fn floor_char(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_identity() {
        let text = "plain words";
        let index = OffsetIndex::new(text);
        assert_eq!(index.to_char(text, 5), Some(5));
        assert_eq!(index.to_byte(text, 11), Some(11));
        assert_eq!(index.to_byte(text, 12), None);
    }

    #[test]
    fn multibyte_round_trips() {
        let text = "«Да», — сказал он. 👍🏽 日本";
        let index = OffsetIndex::new(text);
        for (char_offset, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.to_char(text, byte), Some(char_offset));
            assert_eq!(index.to_byte(text, char_offset), Some(byte));
        }
        assert_eq!(index.to_char(text, 1), None, "inside «");
        assert_eq!(index.to_byte(text, index.char_len()), Some(text.len()));
    }

    #[test]
    fn grapheme_snapping_keeps_clusters_whole() {
        let text = "a👍🏽b";
        let thumbs = 1;
        let tone = thumbs + '👍'.len_utf8();
        assert_eq!(floor_grapheme(text, tone), thumbs);
        assert_eq!(ceil_grapheme(text, tone), tone + '🏽'.len_utf8());
        assert_eq!(floor_grapheme(text, thumbs), thumbs);
    }

    #[test]
    fn ascii_fast_path_keeps_cr_lf_whole() {
        let text = "a\r\nb";
        assert_eq!(floor_grapheme(text, 2), 1);
        assert_eq!(ceil_grapheme(text, 2), 3);
        assert_eq!(floor_grapheme(text, 1), 1);
        assert_eq!(ceil_grapheme(text, 0), 0);
        assert_eq!(ceil_grapheme(text, text.len()), text.len());
    }
}
