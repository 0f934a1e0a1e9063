//! Exact phrase search over text with the matches of a leftmost-longest
//! Aho-Corasick scan: from where the last match ended, the match that starts
//! first, and of those the longest.
//!
//! The reporting cues are a hundred-odd phrases starting with most letters, so
//! an automaton steps through every byte of the text with no way to skip, at
//! about 19 instructions a byte. Here a byte costs three table lookups and two
//! ands (bit-parallel matching of the phrases' three-byte prefixes), and only
//! positions where a prefix occurs compare phrases.

use std::ops::Range;

/// Phrases are found by their first three bytes.
const PREFIX_LEN: usize = 3;

/// A fixed list of phrases, searched for as described above.
pub struct PhraseSearch {
    phrases: Vec<&'static [u8]>,
    /// For each byte value and each of the first three positions, the bits of
    /// the prefixes with that byte there. A prefix's bit is its rank among the
    /// distinct prefixes modulo 64: with more than 64, prefixes share bits and
    /// a hit is only a maybe, which `match_ending_at` settles.
    masks: Box<[[u64; 256]; PREFIX_LEN]>,
    /// The distinct prefixes in rank order, and for each the indexes of its
    /// phrases, longest first, then in list order: the first that matches at a
    /// position is the one.
    prefixes: Vec<(u32, Vec<usize>)>,
}

impl PhraseSearch {
    /// `None` when a phrase is shorter than three bytes (this search cannot
    /// see it).
    pub fn new(phrases: impl IntoIterator<Item = &'static str>) -> Option<Self> {
        let phrases: Vec<&'static [u8]> = phrases.into_iter().map(str::as_bytes).collect();
        let mut by_prefix = Vec::with_capacity(phrases.len());
        for (index, phrase) in phrases.iter().enumerate() {
            by_prefix.push((prefix_of(phrase.get(..PREFIX_LEN)?), index));
        }
        by_prefix.sort_by_key(|&(prefix, index)| {
            (prefix, std::cmp::Reverse(phrases[index].len()), index)
        });
        let mut prefixes: Vec<(u32, Vec<usize>)> = Vec::new();
        for (prefix, index) in by_prefix {
            match prefixes.last_mut() {
                Some((last, indexes)) if *last == prefix => indexes.push(index),
                _ => prefixes.push((prefix, vec![index])),
            }
        }
        let mut masks = Box::new([[0; 256]; PREFIX_LEN]);
        for (rank, (prefix, _)) in prefixes.iter().enumerate() {
            for (position, byte) in prefix.to_le_bytes()[..PREFIX_LEN].iter().enumerate() {
                masks[position][usize::from(*byte)] |= 1 << (rank % 64);
            }
        }
        Some(Self {
            phrases,
            masks,
            prefixes,
        })
    }

    /// Non-overlapping matches in `text`, in order: (byte range, phrase index).
    pub fn find_iter<'a>(
        &'a self,
        text: &'a [u8],
    ) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        let mut from = 0;
        std::iter::from_fn(move || {
            let (range, index) = self.find_from(text, from)?;
            from = range.end;
            Some((range, index))
        })
    }

    /// The leftmost-longest match that starts at or after `from`.
    // Out of line, so that the byte loop's three masks stay in registers
    // (inlined into the caller's collect, one was kept on the stack: 11
    // instructions a byte instead of 8).
    #[inline(never)]
    fn find_from(&self, text: &[u8], from: usize) -> Option<(Range<usize>, usize)> {
        let rest = text.get(from..)?;
        let [first, second, third] = &*self.masks;
        // Prefixes whose first byte, or first two bytes, end at the last byte.
        let (mut one, mut two) = (0, 0);
        for (offset, &byte) in rest.iter().enumerate() {
            let byte = usize::from(byte);
            let three = two & third[byte];
            two = one & second[byte];
            one = first[byte];
            if three != 0
                && let Some(found) = self.match_ending_at(text, from + offset, three)
            {
                return Some(found);
            }
        }
        None
    }

    /// The longest phrase whose prefix ends at `end`, where the prefixes of
    /// ranks `ranks` (modulo 64) may end. Kept out of the byte loop, so that
    /// the loop's state stays in registers.
    #[inline(never)]
    fn match_ending_at(
        &self,
        text: &[u8],
        end: usize,
        ranks: u64,
    ) -> Option<(Range<usize>, usize)> {
        let start = end + 1 - PREFIX_LEN;
        let prefix = prefix_of(text.get(start..=end)?);
        let mut bits = ranks;
        let indexes = loop {
            if bits == 0 {
                return None;
            }
            let bit = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let found = self.prefixes.iter().skip(bit).step_by(64);
            if let Some((_, indexes)) = found.into_iter().find(|(p, _)| *p == prefix) {
                break indexes;
            }
        };
        let rest = &text[start..];
        indexes
            .iter()
            .find(|&&index| starts_with(rest, self.phrases[index]))
            .map(|&index| (start..start + self.phrases[index].len(), index))
    }
}

/// `text.starts_with(phrase)` byte by byte: the slice comparison calls
/// `memcmp`, whose call costs more than comparing a phrase of a few letters,
/// most of which differ from the text within a byte or two of the prefix.
fn starts_with(text: &[u8], phrase: &[u8]) -> bool {
    text.len() >= phrase.len() && text.iter().zip(phrase).all(|(a, b)| a == b)
}

/// Three bytes as a number, the first in the low byte.
fn prefix_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .rev()
        .fold(0, |prefix, &byte| (prefix << 8) | u32::from(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_agrees_with_the_slice_method() {
        let texts: [&[u8]; 6] = [
            b"",
            b"s",
            b"said",
            b"saying so",
            b"sai",
            "s\u{e9}".as_bytes(),
        ];
        for text in texts {
            for phrase in texts {
                assert_eq!(starts_with(text, phrase), text.starts_with(phrase));
            }
        }
    }
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
    use proptest::prelude::*;

    const PHRASES: &[&str] = &[
        "said",
        "says",
        "say",
        "saying",
        "told",
        "according to",
        "according",
        "to the",
        "drew attention to the fact",
        "drew attention to",
        "pointed out",
        "out of",
        "add",
        "added",
        "adds",
        "sai",
    ];

    fn reference(phrases: &[&'static str], text: &str) -> Vec<(Range<usize>, usize)> {
        let Ok(automaton) = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(phrases)
        else {
            panic!("the reference automaton builds");
        };
        automaton
            .find_iter(text)
            .map(|found| (found.range(), found.pattern().as_usize()))
            .collect()
    }

    fn ours(phrases: &[&'static str], text: &str) -> Vec<(Range<usize>, usize)> {
        let Some(search) = PhraseSearch::new(phrases.iter().copied()) else {
            panic!("phrases are three bytes or longer");
        };
        search.find_iter(text.as_bytes()).collect()
    }

    #[test]
    fn overlapping_and_nested_phrases_match_as_aho_corasick_does() {
        let text = "He said: she drew attention to the factory, according to the saying; \
                    sai says sayings added adds to the add, pointed out of town. unsaid.";
        assert_eq!(ours(PHRASES, text), reference(PHRASES, text));
        assert!(!ours(PHRASES, text).is_empty());
    }

    #[test]
    fn the_cues_on_the_sample_articles_match_as_aho_corasick_does() {
        let cues: Vec<&'static str> = super::super::lexicon::CUES
            .iter()
            .map(|cue| cue.phrase)
            .chain(["According to"])
            .collect();
        for text in [
            include_str!("../../../sample_articles/ryabkov-seed.txt"),
            include_str!("../../../sample_articles/paris-climate-summit.txt"),
            include_str!("../../../sample_articles/long-planning-hearing-live.txt"),
        ] {
            assert_eq!(ours(&cues, text), reference(&cues, text));
        }
    }

    /// 125 prefixes: more than the 64 bits, so prefixes share a bit.
    fn many_phrases() -> Vec<&'static str> {
        let letters = ["a", "b", "c", "d", "e"];
        let mut phrases = Vec::new();
        for first in letters {
            for second in letters {
                for third in letters {
                    let prefix = format!("{first}{second}{third}");
                    for phrase in [
                        prefix.clone(),
                        format!("{prefix}x"),
                        format!("{prefix} {first}"),
                    ] {
                        phrases.push(&*Box::leak(phrase.into_boxed_str()));
                    }
                }
            }
        }
        phrases
    }

    #[test]
    fn short_phrases_are_refused() {
        assert!(PhraseSearch::new(["ok", "said"]).is_none());
    }

    proptest! {
        /// Random text built from pieces of the phrases, so that matches
        /// overlap, nest and touch.
        #[test]
        fn same_matches_as_aho_corasick(
            pieces in proptest::collection::vec(
                prop::sample::select(vec![
                    "sa", "id", "ys", "ing", "to", "ld", "tol", " ", "  ", "the", " the",
                    "acc", "ording", "drew", " attention", " fact", "ory", "point", "ed",
                    " out", "of", "add", "s", ".", "é", "“", "x",
                ]),
                0..60,
            )
        ) {
            let text: String = pieces.concat();
            prop_assert_eq!(ours(PHRASES, &text), reference(PHRASES, &text));
        }

        #[test]
        fn same_matches_as_aho_corasick_with_shared_bits(text in "[abcdex ]{0,80}") {
            let phrases = many_phrases();
            prop_assert_eq!(ours(&phrases, &text), reference(&phrases, &text));
        }
    }
}
