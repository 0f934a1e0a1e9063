//! Loading a sidecar never trusts it: every bad file gives one line naming the
//! file and the place; no input panics or overflows the stack; and a good file
//! survives `save(load(x))` byte for byte, unknown fields included.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use margin::sidecar::io::{self, MAX_SIDECAR_BYTES};
use margin::sidecar::{Document, SidecarError};
use proptest::prelude::*;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sidecar/fuzz-corpus")
}

fn load_fixture(name: &str) -> Result<Document, SidecarError> {
    let path = corpus_dir().join(name);
    io::parse(&path, &std::fs::read(&path).unwrap())
}

/// The error for a fixture, checked to be one line that starts with its path.
fn error_for(name: &str) -> String {
    let error = load_fixture(name).expect_err(name);
    let message = error.to_string();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with(&corpus_dir().join(name).display().to_string()),
        "{message}"
    );
    assert!(error.is_bad_data(), "{name}: {message}");
    message
}

#[test]
fn a_valid_sidecar_keeps_unknown_fields_and_saves_back_canonically() {
    let document = load_fixture("valid.json").unwrap();
    assert_eq!(document.extra["x-top"], serde_json::json!(true));
    assert_eq!(document.article.extra["encoding_note"], "kept");
    let custom = document.annotations[0].extra.get("x-custom").unwrap();
    assert_eq!(custom["deep"][1], 2.5);
    let bytes = io::to_bytes(&document);
    let again = io::parse(Path::new("again"), &bytes).unwrap();
    assert_eq!(again, document);
    assert_eq!(io::to_bytes(&again), bytes);
    let text = String::from_utf8(bytes).unwrap();
    // Contract key order, unknown ones after the known.
    let keys: Vec<usize> = [
        "\"id\"",
        "\"kind\"",
        "\"start\"",
        "\"original\"",
        "\"x-custom\"",
    ]
    .iter()
    .map(|key| text.find(key).unwrap())
    .collect();
    assert!(keys.is_sorted(), "{text}");
    assert!(text.ends_with("}\n"));
}

#[test]
fn every_bad_sidecar_is_refused_with_the_place() {
    let cases = [
        ("empty", ":1:0: not a margin sidecar: EOF while parsing"),
        (
            "not-json",
            ":1:1: not a margin sidecar: expected a JSON object",
        ),
        (
            "truncated.json",
            ": not a margin sidecar: EOF while parsing",
        ),
        (
            "array.json",
            ":1:1: not a margin sidecar: expected a JSON object",
        ),
        ("deep-nesting.json", "recursion limit exceeded"),
        ("deep-in-extra.json", "recursion limit exceeded"),
        (
            "unknown-status.json",
            "annotation 0 (id \"q1\"): unknown variant `maybe`",
        ),
        (
            "unknown-kind.json",
            "annotation 0 (id \"q1\"): unknown variant `rumour`",
        ),
        (
            "wrong-type.json",
            "annotation 0 (id \"q1\"): invalid type: string \"4\", expected u64",
        ),
        (
            "negative-offset.json",
            "annotation 0 (id \"q1\"): invalid value: integer `-4`",
        ),
        (
            "duplicate-id.json",
            "annotation 1 (id \"q1\"): duplicate id (also annotation 0)",
        ),
        (
            "end-before-start.json",
            "annotation 0 (id \"q1\"): end 9 is before start 12",
        ),
        (
            "past-the-end.json",
            "annotation 0 (id \"q1\"): end 105 is past the article's end (40 code points)",
        ),
        (
            "text-length-mismatch.json",
            "annotation 0 (id \"q1\"): text is 6 code points long but the span 4..9 is 5",
        ),
        (
            "newer-version.json",
            ": written by a newer margin (format version 2; this margin reads version 1)",
        ),
        (
            "wrong-format.json",
            ": format: is \"something-else\", expected \"margin-annotations\"",
        ),
        (
            "wrong-offset-unit.json",
            ": offset_unit: is \"utf16\", expected \"codepoint\"",
        ),
        ("huge-number.json", "number out of range"),
        ("invalid-utf8.json", "invalid unicode code point"),
        ("nul-bytes.json", ":1:31: not a margin sidecar: "),
    ];
    for (name, expected) in cases {
        let message = error_for(name);
        assert!(message.contains(expected), "{name}: {message}");
    }
}

#[test]
fn type_errors_give_line_and_column() {
    let message = error_for("unknown-status.json");
    let after_path = message.split_once(".json:").unwrap().1;
    let mut parts = after_path.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().unwrap();
    let column: usize = parts.next().unwrap().parse().unwrap();
    assert!(line >= 1 && column > 1, "{message}");
}

#[test]
fn a_sidecar_over_the_size_limit_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.annotations.json");
    // Sparse: one byte over the limit, no block written; reading it would
    // take time and memory.
    let size = MAX_SIDECAR_BYTES + 1;
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(size).unwrap();
    let error = io::load(&path).unwrap_err();
    assert!(matches!(
        error,
        SidecarError::TooLarge { size: found, limit: MAX_SIDECAR_BYTES, .. } if found == size
    ));
    assert!(error.to_string().contains("over the limit"), "{error}");
}

/// Every corpus file (the fuzz target's seeds) through the loader: it may
/// refuse, it may not panic, and a refusal is one line naming the file.
#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let mut count = 0;
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Err(error) = io::parse(&path, &bytes) {
            let message = error.to_string();
            assert_eq!(message.lines().count(), 1, "{}: {message}", path.display());
        }
        count += 1;
    }
    assert!(count >= 20, "the corpus went missing");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary bytes never panic the loader.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = io::parse(Path::new("fuzz"), &bytes);
    }

    /// JSON-ish mutations of a valid sidecar never panic the loader.
    #[test]
    fn mutated_sidecars_never_panic(
        cut in 0_usize..2000,
        insert in proptest::collection::vec(prop_oneof![
            Just(b'{'), Just(b'}'), Just(b'['), Just(b']'), Just(b'"'), Just(b','),
            Just(b':'), Just(b'-'), Just(b'9'), Just(b'\\'), Just(0xff_u8), Just(b'e'),
        ], 0..16),
    ) {
        let mut bytes = std::fs::read(corpus_dir().join("valid.json")).unwrap();
        let at = cut.min(bytes.len());
        bytes.splice(at..at, insert);
        let _ = io::parse(Path::new("fuzz"), &bytes);
    }

    /// save(load(x)) == x for every canonical sidecar, unknown fields included.
    #[test]
    fn save_of_load_is_the_identity(document in arbitrary_document()) {
        let bytes = io::to_bytes(&document);
        let loaded = io::parse(Path::new("prop"), &bytes).unwrap();
        prop_assert_eq!(io::to_bytes(&loaded), bytes);
    }
}

fn arbitrary_extra() -> impl Strategy<Value = serde_json::Map<String, serde_json::Value>> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(serde_json::Value::from),
        "\\PC{0,8}".prop_map(serde_json::Value::from),
    ];
    let value = leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::vec(("x-[a-z]{1,4}", inner), 0..4)
                .prop_map(|entries| serde_json::Value::Object(entries.into_iter().collect())),
        ]
    });
    proptest::collection::vec(("x-[a-z]{1,6}", value), 0..3)
        .prop_map(|entries| entries.into_iter().collect())
}

fn arbitrary_annotation() -> impl Strategy<Value = margin::sidecar::Annotation> {
    (
        0_u64..500,
        "\\PC{1,12}",
        prop_oneof![Just("quote"), Just("claim")],
        prop_oneof![Just("pending"), Just("confirmed"), Just("rejected")],
        prop_oneof![Just("exact"), Just("moved"), Just("needs_review")],
        proptest::option::of(0.0_f64..1.0),
        proptest::option::of("\\PC{0,10}"),
        // label, annotator, created, updated: any of them may be there alone.
        proptest::array::uniform4(proptest::option::of("\\PC{0,30}")),
        arbitrary_extra(),
    )
        .prop_map(|(start, text, kind, status, anchor, score, speaker, review, extra)| {
            let [label, annotator, created, updated] = review;
            let end = start + text.chars().count() as u64;
            let mut value = serde_json::json!({
                "id": "", "kind": kind, "start": start, "end": end, "text": text,
                "prefix": "p", "suffix": "s", "status": status, "origin": "detector",
                "edited": false, "anchor": anchor, "speaker": speaker, "source": null,
                "cue": null, "style": null, "score": score, "reasons": ["why"], "label": label,
                "note": "n", "annotator": annotator, "created": created, "updated": updated, "original": null,
            });
            value.as_object_mut().unwrap().extend(extra);
            serde_json::from_value(value).unwrap()
        })
}

fn arbitrary_document() -> impl Strategy<Value = Document> {
    (
        proptest::collection::vec(arbitrary_annotation(), 0..8),
        arbitrary_extra(),
    )
        .prop_map(|(mut annotations, extra)| {
            for (index, annotation) in annotations.iter_mut().enumerate() {
                annotation.id = compact_str::format_compact!("q{index}");
            }
            let mut document: Document = serde_json::from_value(serde_json::json!({
                "format": "margin-annotations", "version": 1, "offset_unit": "codepoint",
                "article": {"path": "story.txt", "sha256": "ab", "codepoints": 1000},
                "detector": {"name": "margin", "version": "0.1.0"},
                "annotations": [],
            }))
            .unwrap();
            document.annotations = annotations;
            document.extra = extra;
            document
        })
}
