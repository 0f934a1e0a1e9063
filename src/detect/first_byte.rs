//! Short fixed lists of words or phrases, indexed by their first byte.
//!
//! The lists that text is compared with on every line or at every full stop
//! (furniture lines, titles before a period) hold a few dozen entries, and a
//! scan of the whole list cost a few instructions per entry each time. Which
//! entries start with a byte (in either ASCII case) is known when compiling, so
//! a comparison only visits those.

/// A list of at most 64 non-empty entries, with its first-byte index.
pub struct ByFirstByte {
    entries: &'static [&'static str],
    /// For each byte, bit `i` is set when entry `i` starts with that byte,
    /// ignoring ASCII case.
    starting_with: [u64; 256],
}

impl ByFirstByte {
    /// Panics (when compiling, for a `const`) on more than 64 entries or an
    /// empty one.
    pub const fn new(entries: &'static [&'static str]) -> Self {
        assert!(entries.len() <= 64);
        let mut starting_with = [0; 256];
        let mut index = 0;
        while index < entries.len() {
            let first = entries[index].as_bytes()[0];
            starting_with[first.to_ascii_lowercase() as usize] |= 1 << index;
            starting_with[first.to_ascii_uppercase() as usize] |= 1 << index;
            index += 1;
        }
        Self {
            entries,
            starting_with,
        }
    }

    /// The entries that start with `byte` in either ASCII case, in list order.
    pub fn starting_with(&self, byte: u8) -> impl Iterator<Item = &'static str> + use<> {
        let entries = self.entries;
        let mut bits = self.starting_with[usize::from(byte)];
        std::iter::from_fn(move || {
            let index = bits.trailing_zeros() as usize;
            bits &= bits.wrapping_sub(1);
            entries.get(index).copied()
        })
    }

    /// Whether `word` is an entry, ignoring ASCII case.
    pub fn contains_ignore_case(&self, word: &[u8]) -> bool {
        word.first().is_some_and(|&first| {
            self.starting_with(first)
                .any(|entry| entry.as_bytes().eq_ignore_ascii_case(word))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: ByFirstByte = ByFirstByte::new(&["mr", "Mrs", "dr", "© ", "v"]);

    /// The index lists exactly the entries a full scan would compare, for
    /// every byte, and membership is the case-insensitive scan's.
    #[test]
    fn index_agrees_with_a_scan_of_the_list() {
        for byte in 0..=u8::MAX {
            let indexed: Vec<&str> = LIST.starting_with(byte).collect();
            let scanned: Vec<&str> = LIST
                .entries
                .iter()
                .copied()
                .filter(|entry| entry.as_bytes()[0].eq_ignore_ascii_case(&byte))
                .collect();
            assert_eq!(indexed, scanned, "{byte}");
        }
        for word in ["MR", "mrs", "Dr", "d", "", "v", "V", "vs", "© ", "©"] {
            let scanned = LIST
                .entries
                .iter()
                .any(|entry| entry.as_bytes().eq_ignore_ascii_case(word.as_bytes()));
            assert_eq!(
                LIST.contains_ignore_case(word.as_bytes()),
                scanned,
                "{word}"
            );
        }
    }
}
