//! JSONL export: loads in Python and slices back, code point for code point.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/interchange/support.rs"]
mod support;

use std::io::Write as _;
use std::process::{Command, Stdio};

use support::{STORY, annotated, run_ok, story_specs};

/// Checks every span the way a Python user would, against the article file
/// read as the sidecar contract says; prints the number of spans checked.
const PYTHON_CHECK: &str = r#"
import json, sys
count = 0
for line in sys.stdin:
    record = json.loads(line)
    article = open(record["meta"]["path"], encoding="utf-8-sig", newline="").read()
    assert record["text"] == article, "text differs from the article"
    for span in record["spans"]:
        assert record["text"][span["start"]:span["end"]] == span["text"], span
        assert span["label"] in ("QUOTE", "CLAIM"), span
        for role in ("source", "cue"):
            if span[role]:
                assert record["text"][span[role]["start"]:span[role]["end"]] == span[role]["text"]
        count += 1
print(count)
"#;

fn python_check(jsonl: &str) -> usize {
    let mut child = Command::new("python3")
        .args(["-c", PYTHON_CHECK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(jsonl.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "python check failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn spans_slice_back_in_python_over_emoji_cjk_combining_marks_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = annotated(dir.path(), "story.txt", STORY, &story_specs());
    // A second article with a byte-order mark, which is not part of the text.
    let bom_story = format!("\u{feff}{STORY}");
    let (bom_path, _) = annotated(dir.path(), "bom.txt", &bom_story, &story_specs());
    let jsonl = run_ok(&[
        "export",
        "--format",
        "jsonl",
        path.to_str().unwrap(),
        bom_path.to_str().unwrap(),
    ]);
    assert_eq!(jsonl.lines().count(), 2, "one line per article");
    // Confirmed only by default: 5 of the 7 annotations, in each article.
    assert_eq!(python_check(&jsonl), 10);

    let all = run_ok(&[
        "export",
        "--format",
        "jsonl",
        "--all",
        path.to_str().unwrap(),
    ]);
    assert_eq!(python_check(&all), 7);
    let pending = run_ok(&[
        "export",
        "--format",
        "jsonl",
        "--status",
        "pending",
        path.to_str().unwrap(),
    ]);
    assert_eq!(python_check(&pending), 1);
}

#[test]
fn spans_carry_speaker_style_verdict_note_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let (path, document) = annotated(dir.path(), "story.txt", STORY, &story_specs());
    let jsonl = run_ok(&["export", "--format", "jsonl", path.to_str().unwrap()]);
    let record: serde_json::Value = serde_json::from_str(jsonl.trim()).unwrap();
    let spans = record["spans"].as_array().unwrap();
    let quote = spans.iter().find(|s| s["speaker"] == "Ana López").unwrap();
    assert_eq!(quote["label"], "QUOTE");
    assert_eq!(quote["style"], "direct");
    assert_eq!(quote["status"], "confirmed");
    assert_eq!(quote["cue"]["text"], "said");
    assert!(
        document
            .annotations
            .iter()
            .any(|a| quote["id"] == a.id.as_str())
    );
    let claim = spans.iter().find(|s| s["verdict"] == "misleading").unwrap();
    assert_eq!(claim["label"], "CLAIM");
    assert!(claim["note"].as_str().unwrap().contains("council minutes"));
}

#[test]
fn an_article_without_a_sidecar_exports_with_no_spans() {
    let dir = tempfile::tempdir().unwrap();
    let path = support::write_article(dir.path(), "fresh.txt", "Nothing reviewed yet.\n");
    let jsonl = run_ok(&["export", "--format", "jsonl", path.to_str().unwrap()]);
    let record: serde_json::Value = serde_json::from_str(jsonl.trim()).unwrap();
    assert_eq!(record["spans"], serde_json::json!([]));
    assert!(
        !margin::sidecar::sidecar_path_for(&path).exists(),
        "looking creates nothing"
    );
}

#[test]
fn annotations_the_changed_article_no_longer_holds_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = annotated(dir.path(), "story.txt", STORY, &story_specs());
    // Someone rewrote the start of the article after it was annotated.
    std::fs::write(&path, STORY.replacen("Mayor", "The mayor", 1)).unwrap();
    let output = support::run(&["export", "--format", "jsonl", path.to_str().unwrap()]);
    assert!(output.status.success());
    let jsonl = String::from_utf8(output.stdout).unwrap();
    // Whatever re-anchoring manages, no exported span may be wrong.
    assert!(python_check(&jsonl) <= 5);
    let spans: serde_json::Value = serde_json::from_str(jsonl.trim()).unwrap();
    let exported = spans["spans"].as_array().unwrap().len();
    if exported < 5 {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("no longer match the article"), "{stderr}");
    }
}
