//! JSONL import: our own export round trips; doccano's shape is read too.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/interchange/support.rs"]
mod support;

use margin::article::Article;
use margin::detect::Kind;
use margin::interchange::import::{ImportOptions, jsonl};
use margin::sidecar::Status;
use support::{STORY, annotated, run, run_ok, story_specs};

#[test]
fn jsonl_export_imports_back_to_the_same_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let (path, document) = annotated(dir.path(), "story.txt", STORY, &story_specs());
    // A corpus file: the import picks the line with this article's text.
    let other = support::write_article(dir.path(), "other.txt", "Another story.\n");
    let exported = run_ok(&[
        "export",
        "--format",
        "jsonl",
        "--all",
        other.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    let jsonl_path = dir.path().join("corpus.jsonl");
    std::fs::write(&jsonl_path, exported).unwrap();
    let gold = dir.path().join("gold.json");
    run_ok(&[
        "import",
        "--format",
        "jsonl",
        jsonl_path.to_str().unwrap(),
        "--article",
        path.to_str().unwrap(),
        "--sidecar",
        gold.to_str().unwrap(),
    ]);
    let imported = margin::sidecar::load(&gold).unwrap().unwrap();
    let key = |a: &margin::sidecar::Annotation| {
        (
            a.id.clone(),
            a.start,
            a.end,
            a.status,
            a.speaker.clone(),
            a.label().map(str::to_owned),
            a.note().to_owned(),
            a.source.clone(),
            a.cue.clone(),
            a.style,
        )
    };
    let mut expected: Vec<_> = document.annotations.iter().map(key).collect();
    expected.sort_by_key(|k| k.0.clone());
    let found: Vec<_> = imported.annotations.iter().map(key).collect::<Vec<_>>();
    let mut found = found;
    found.sort_by_key(|k| k.0.clone());
    assert_eq!(found, expected);
}

#[test]
fn doccano_labels_are_read_and_other_labels_skipped() {
    let text = "Rates rose 2% in May, the bank said.";
    let article = Article::from_string(std::path::Path::new("bank.txt"), text.to_owned());
    let line = serde_json::json!({
        "text": text,
        "label": [[0, 20, "CLAIM"], [22, 30, "ORG"]],
    });
    let imported = jsonl::parse(&format!("{line}\n"), &article, &ImportOptions::default()).unwrap();
    let annotations = &imported.document.annotations;
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0].kind, Kind::Claim);
    assert_eq!(annotations[0].text, "Rates rose 2% in May");
    assert_eq!(annotations[0].status, Status::Confirmed);
    assert_eq!(imported.ignored.get("ORG"), Some(&1));
}

#[test]
fn mismatches_are_refused_with_the_line() {
    let text = "Rates rose 2% in May.";
    let article = Article::from_string(std::path::Path::new("bank.txt"), text.to_owned());
    let options = ImportOptions::default();
    let wrong_text = format!(
        "{}\n{}\n",
        serde_json::json!({"text": "something else", "spans": []}),
        serde_json::json!({"text": text, "spans": [{"start": 0, "end": 5, "label": "CLAIM", "text": "Rotes"}]}),
    );
    let error = jsonl::parse(&wrong_text, &article, &options).unwrap_err();
    assert_eq!(
        error.to_string(),
        "2: span 1: text \"Rotes\" does not match the article there (\"Rates\")"
    );
    let past = format!(
        "{}\n",
        serde_json::json!({"text": text, "spans": [{"start": 10, "end": 99, "label": "QUOTE"}]})
    );
    assert!(
        jsonl::parse(&past, &article, &options)
            .unwrap_err()
            .to_string()
            .contains("past the end")
    );
    let none = format!("{}\n", serde_json::json!({"text": "other", "spans": []}));
    assert!(
        jsonl::parse(&none, &article, &options)
            .unwrap_err()
            .to_string()
            .contains("none of the 1 records")
    );
    assert_eq!(
        jsonl::parse("{not json\n", &article, &options)
            .unwrap_err()
            .line,
        1
    );
}

#[test]
fn the_status_flag_sets_the_default_status() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Rates rose 2% in May.\n";
    let path = support::write_article(dir.path(), "bank.txt", text);
    let file = dir.path().join("in.jsonl");
    let line =
        serde_json::json!({"text": text, "spans": [{"start": 0, "end": 20, "label": "claim"}]});
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let output = run(&[
        "import",
        "--format",
        "jsonl",
        file.to_str().unwrap(),
        "--article",
        path.to_str().unwrap(),
        "--status",
        "pending",
    ]);
    assert!(output.status.success());
    let document = support::load_sidecar(&path);
    assert_eq!(document.annotations[0].status, Status::Pending);
}
