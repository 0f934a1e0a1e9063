//! Moving a span boundary through the text by grapheme cluster or by word, so a
//! boundary never lands inside a cluster.

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::action::{Direction, Step};

/// The boundary `step` away from `byte` in `direction`.
pub fn step(text: &str, byte: usize, direction: Direction, step: Step) -> usize {
    match (direction, step) {
        (Direction::Forward, Step::Char) => next_grapheme(text, byte),
        (Direction::Backward, Step::Char) => previous_grapheme(text, byte),
        (Direction::Forward, Step::Word) => next_word_end(text, byte),
        (Direction::Backward, Step::Word) => previous_word_start(text, byte),
    }
}

pub fn next_grapheme(text: &str, byte: usize) -> usize {
    let mut cursor = GraphemeCursor::new(byte.min(text.len()), text.len(), true);
    cursor
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

pub fn previous_grapheme(text: &str, byte: usize) -> usize {
    let mut cursor = GraphemeCursor::new(byte.min(text.len()), text.len(), true);
    cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0)
}

fn is_word(cluster: &str) -> bool {
    cluster
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The end of the word at or after `byte` (the text's end when there is none).
pub fn next_word_end(text: &str, byte: usize) -> usize {
    let mut in_word = false;
    for (offset, cluster) in text[byte..].grapheme_indices(true) {
        if is_word(cluster) {
            in_word = true;
        } else if in_word {
            return byte + offset;
        }
    }
    text.len()
}

/// The start of the word before `byte` (the text's start when there is none).
pub fn previous_word_start(text: &str, byte: usize) -> usize {
    let mut in_word = false;
    for (offset, cluster) in text[..byte].grapheme_indices(true).rev() {
        if is_word(cluster) {
            in_word = true;
        } else if in_word {
            return offset + cluster.len();
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_clusters() {
        let text = "He said: «go 👍🏽 now».";
        assert_eq!(next_word_end(text, 0), 2);
        assert_eq!(next_word_end(text, 2), 7);
        assert_eq!(previous_word_start(text, 7), 3);
        let thumbs = text.find('👍').expect("thumbs");
        assert_eq!(next_grapheme(text, thumbs), thumbs + "👍🏽".len());
        assert_eq!(previous_grapheme(text, thumbs + "👍🏽".len()), thumbs);
    }
}
