//! Text that is almost always a slice of the article (an annotation's text, its
//! prefix and suffix, a quote's source and cue), kept as a range into the
//! article's shared text instead of a copy. For a 10 MB article with 50,000
//! annotations the copies and their allocations were a third of the review
//! screen's memory. Text that differs from the article (an orphan's, or one
//! read from a sidecar before it is matched with the article) is owned.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `text[start..end]`, on char boundaries (checked when made). A copy is a
/// text of its own, whole. `u32` offsets keep an excerpt at 16 bytes, two
/// thirds of a `String`; `end == u32::MAX` stands for the end of the text, so
/// a copy of any length fits, and ranges past 4 GiB are copied.
#[derive(Clone)]
pub struct Excerpt {
    text: Arc<String>,
    start: u32,
    end: u32,
}

/// See [`Excerpt`].
const TO_THE_END: u32 = u32::MAX;

impl Excerpt {
    /// `text[range]` without copying it; a copy when `range` is past 4 GiB.
    ///
    /// # Panics
    /// When `range` is not a char-boundary range of `text`, like slicing.
    pub fn shared(text: &Arc<String>, range: Range<usize>) -> Self {
        let slice = &text[range.clone()];
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) if end < TO_THE_END => Self {
                text: Arc::clone(text),
                start,
                end,
            },
            _ => Self::from(slice),
        }
    }

    /// Shares `text` from byte `at` on in place of this excerpt's own copy, when
    /// the bytes there are the same; otherwise leaves it as it is.
    pub fn share_at(&mut self, text: &Arc<String>, at: usize) {
        // Read for an article, then fitted to it: shared already, no second compare.
        if self.is_part_of(text) {
            return;
        }
        let end = at.saturating_add(self.len());
        // Equal bytes of a whole str starting at a char boundary end at one too;
        // only an empty excerpt could match at a non-boundary.
        if text.is_char_boundary(at) && text.as_bytes().get(at..end) == Some(self.as_bytes()) {
            *self = Self::shared(text, at..end);
        }
    }

    /// Like [`Excerpt::share_at`] for text that ends at byte `end` (a prefix).
    pub fn share_ending_at(&mut self, text: &Arc<String>, end: usize) {
        if let Some(start) = end.checked_sub(self.len()) {
            self.share_at(text, start);
        }
    }

    /// Whether this is a range of `text` rather than a copy of its own.
    pub fn is_part_of(&self, text: &Arc<String>) -> bool {
        Arc::ptr_eq(&self.text, text)
    }

    pub fn as_str(&self) -> &str {
        let end = if self.end == TO_THE_END {
            self.text.len()
        } else {
            self.end as usize
        };
        &self.text[self.start as usize..end]
    }
}

impl Default for Excerpt {
    fn default() -> Self {
        Self::from(String::new())
    }
}

impl Deref for Excerpt {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Excerpt {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Excerpt {
    fn from(text: String) -> Self {
        Self {
            text: Arc::new(text),
            start: 0,
            end: TO_THE_END,
        }
    }
}

impl From<&str> for Excerpt {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<Excerpt> for String {
    fn from(excerpt: Excerpt) -> Self {
        excerpt.as_str().to_owned()
    }
}

/// Equal when the text is: where it is kept does not matter.
impl PartialEq for Excerpt {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Excerpt {}

impl PartialEq<str> for Excerpt {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Excerpt {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Excerpt {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), formatter)
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl Serialize for Excerpt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Excerpt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Arc<String> {
        Arc::new("Él dijo: «sí».".to_owned())
    }

    #[test]
    fn a_shared_excerpt_reads_as_its_slice() {
        let text = article();
        let excerpt = Excerpt::shared(&text, 10..15);
        assert_eq!(excerpt, "«sí");
        assert_eq!(excerpt, Excerpt::from("«sí"));
        assert_eq!(
            serde_json::to_string(&excerpt).ok().as_deref(),
            Some("\"«sí\"")
        );
    }

    #[test]
    fn an_owned_copy_is_shared_only_where_the_article_has_the_same_bytes() {
        let text = article();
        let mut excerpt = Excerpt::from("dijo");
        excerpt.share_at(&text, 4);
        assert!(excerpt.is_part_of(&text));
        assert_eq!((excerpt.start, excerpt.end), (4, 8));

        let mut elsewhere = Excerpt::from("dijo");
        elsewhere.share_at(&text, 5);
        assert!(!elsewhere.is_part_of(&text));
        assert_eq!(elsewhere, "dijo");
        // Inside a multi-byte character: never a slice that would panic.
        let mut inside = Excerpt::from("");
        inside.share_at(&text, 1);
        assert!(!inside.is_part_of(&text));
        let mut past_the_end = Excerpt::from(".x");
        past_the_end.share_at(&text, text.len() - 1);
        assert_eq!(past_the_end, ".x");
    }

    #[test]
    fn a_prefix_is_shared_by_where_it_ends() {
        let text = article();
        let mut prefix = Excerpt::from("Él ");
        prefix.share_ending_at(&text, 4);
        assert!(prefix.is_part_of(&text));
        assert_eq!((prefix.start, prefix.end), (0, 4));
        let mut too_long = Excerpt::from("xxÉl ");
        too_long.share_ending_at(&text, 4);
        assert!(!too_long.is_part_of(&text));
    }

    #[test]
    fn an_excerpt_reads_back_from_json_as_it_was_written() {
        let excerpt: Result<Excerpt, _> = serde_json::from_str("\"a\\u0000b\"");
        assert_eq!(excerpt.ok().as_deref(), Some("a\u{0}b"));
    }

    #[test]
    fn an_excerpt_takes_two_thirds_of_a_string() {
        assert_eq!(std::mem::size_of::<Excerpt>(), 16);
        assert_eq!(std::mem::size_of::<Option<Excerpt>>(), 16);
    }

    #[test]
    fn a_copy_reads_whole_and_a_range_that_ends_the_text_reads_to_its_end() {
        let text = article();
        let whole = Excerpt::shared(&text, 0..text.len());
        assert_eq!(whole, text.as_str());
        assert_eq!(Excerpt::from(text.as_str()), text.as_str());
        assert_eq!(Excerpt::default(), "");
    }
}
