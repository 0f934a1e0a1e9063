//! Properties of the article layout over awkward text (CJK, emoji with
//! modifiers, combining marks, RTL, tabs, CRLF, controls, bidi overrides):
//! rows tile the text exactly, stay on grapheme boundaries, fit the width, and
//! never draw an unsafe character.

use margin::ui::wrap::{Segments, glyphs, rows_before, rows_from};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn awkward_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "word ",
        "日本語",
        "👍🏽",
        "e\u{301}",
        "مرحبا ",
        "\t",
        "\r\n",
        "\n",
        "\u{1b}]0;x\u{7}",
        "\u{202e}",
        "\u{200b}",
        "  ",
        "supercalifragilistic",
        ".",
        "«»",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn rows_tile_each_segment_and_fit(text in awkward_text(), width in 1usize..30) {
        let segments = Segments::new(&text);
        let boundaries: Vec<usize> = text
            .grapheme_indices(true)
            .map(|(at, _)| at)
            .chain(std::iter::once(text.len()))
            .collect();
        let rows: Vec<_> = rows_from(&text, &segments, 0, width).collect();
        for pair in rows.windows(2) {
            if pair[0].segment == pair[1].segment {
                prop_assert_eq!(pair[0].end, pair[1].start, "rows of a segment touch");
            } else {
                prop_assert!(pair[0].end <= pair[1].start);
            }
        }
        for row in &rows {
            prop_assert!(boundaries.contains(&row.start) && boundaries.contains(&row.end));
            let shown: Vec<_> = glyphs(&text, row.start..row.end).collect();
            let cells: usize = shown.iter().map(|glyph| glyph.width).sum();
            prop_assert!(cells <= width || shown.len() == 1, "row of {} cells at width {}", cells, width);
            for glyph in &shown {
                prop_assert!(!glyph.shown.chars().any(margin::text::is_unsafe_char));
            }
        }
        // Every character that is not a line end is on some row.
        let covered: usize = rows.iter().map(|row| row.end - row.start).sum();
        let line_ends = text.matches("\r\n").count() * 2 + text.matches('\n').count() - text.matches("\r\n").count();
        prop_assert_eq!(covered + line_ends, text.len());
    }

    #[test]
    fn walking_back_meets_walking_forward(text in awkward_text(), width in 1usize..30) {
        let segments = Segments::new(&text);
        let forward: Vec<_> = rows_from(&text, &segments, 0, width).collect();
        if let Some(last) = forward.last() {
            let mut backward: Vec<_> = rows_before(&text, &segments, last.start, width).collect();
            backward.reverse();
            prop_assert_eq!(&backward[..], &forward[..forward.len() - 1]);
        }
    }
}
