//! Reading a sidecar for a known article: each annotation shares the article's
//! text ([`Excerpt`](crate::text::Excerpt)) as soon as it is read, so the copies
//! it was read with are freed one at a time and their room is reused by the
//! next. Sharing them all after the whole file was read left their room as
//! holes between the annotations that stayed: 9 MB of a 39 MB sidecar's
//! 50,000 annotations, never given back.
//!
//! The article reaches the deserializer through a thread-local because the
//! derived `Deserialize` of [`Document`](super::Document) has no way to carry
//! it; [`reading_for`] sets it for exactly one call on this thread.

use std::cell::RefCell;
use std::sync::Arc;

use serde::Deserializer;
use serde::de::{SeqAccess, Visitor};

use super::build::share_article_text;
use super::model::Annotation;
use crate::article::Article;

thread_local! {
    static ARTICLE: RefCell<Option<Arc<Article>>> = const { RefCell::new(None) };
}

/// Runs `read` (which reads sidecars on this thread) with their annotations
/// sharing `article`'s text as they are read.
pub fn reading_for<T>(article: &Arc<Article>, read: impl FnOnce() -> T) -> T {
    /// Clears the article even when `read` panics.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            ARTICLE.with_borrow_mut(Option::take);
        }
    }
    ARTICLE.with_borrow_mut(|current| *current = Some(Arc::clone(article)));
    let _reset = Reset;
    read()
}

/// `Document::annotations`, read one at a time, each sharing the article of
/// [`reading_for`] when there is one.
pub(super) fn deserialize_annotations<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Annotation>, D::Error> {
    struct Annotations;

    impl<'de> Visitor<'de> for Annotations {
        type Value = Vec<Annotation>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a list of annotations")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
            let article = ARTICLE.with_borrow(Clone::clone);
            let mut annotations = Vec::new();
            while let Some(mut annotation) = items.next_element::<Annotation>()? {
                if let Some(article) = &article {
                    share_article_text(&mut annotation, article);
                }
                annotations.push(annotation);
            }
            Ok(annotations)
        }
    }

    deserializer.deserialize_seq(Annotations)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::sidecar::build::detect_document;

    #[test]
    fn annotations_read_for_an_article_are_the_same_as_read_without_it() {
        let article = Arc::new(Article::from_string(
            Path::new("story.txt"),
            "“We will not wait,” the minister said on Monday. Prices rose 4% in May.".to_owned(),
        ));
        let document = detect_document(&article, Path::new("story.txt.annotations.json"));
        assert!(!document.annotations.is_empty());
        let json = serde_json::to_string(&document).unwrap();
        let plain: serde_json::Result<super::super::Document> = serde_json::from_str(&json);
        let shared = reading_for(&article, || serde_json::from_str(&json));
        let (plain, shared) = (plain.unwrap(), shared.unwrap());
        assert_eq!(plain, document);
        assert_eq!(shared, document);
        let text = article.shared_text();
        let texts = |document: &super::super::Document| {
            document
                .annotations
                .iter()
                .flat_map(|a| {
                    [
                        a.text.is_part_of(text),
                        a.prefix.is_part_of(text),
                        a.suffix.is_part_of(text),
                    ]
                })
                .collect::<Vec<_>>()
        };
        assert!(texts(&plain).iter().all(|shared| !shared));
        assert!(texts(&shared).iter().all(|shared| *shared));
        assert!(
            ARTICLE.with_borrow(Option::is_none),
            "the article is cleared"
        );
    }
}
