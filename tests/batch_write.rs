//! `detect --write DIR` on a temporary corpus: writes every article's sidecar,
//! skips current ones, keeps decisions, and a re-run changes nothing.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/interchange/support.rs"]
mod support;

use margin::sidecar::{Status, sidecar_path_for};
use support::{load_sidecar, quote, read_article, run, run_ok, write_article};

const TEXT: &str = "The mayor said \"the bridge opens in May\" on Friday.\n";

fn summary(dir: &std::path::Path) -> String {
    run_ok(&["detect", "--write", dir.to_str().unwrap()])
}

#[test]
fn writes_skips_current_keeps_decisions_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let one = write_article(root, "one.txt", TEXT);
    let two = write_article(root, "nested/two.md", TEXT);
    write_article(root, ".hidden/three.txt", TEXT);
    write_article(root, "data.csv", "a,b\n");

    let first = run(&["detect", "--write", root.to_str().unwrap()]);
    assert!(first.status.success());
    assert!(
        String::from_utf8(first.stdout)
            .unwrap()
            .starts_with("2 written, 0 skipped, 0 failed")
    );
    assert!(first.stderr.is_empty(), "no progress bar in a pipe");
    assert!(sidecar_path_for(&one).is_file() && sidecar_path_for(&two).is_file());
    assert!(!sidecar_path_for(&root.join(".hidden/three.txt")).exists());
    // A sidecar is not taken for an article on the next run.
    assert!(summary(root).starts_with("0 written, 2 skipped, 0 failed"));

    // A reviewer confirms a quote they added; then the article changes.
    let mut document = load_sidecar(&one);
    let article = read_article(&one);
    document.annotations.push(
        quote("\"the bridge opens in May\"")
            .status(Status::Confirmed)
            .note("checked with the council")
            .build(&article),
    );
    margin::sidecar::save(&sidecar_path_for(&one), &document).unwrap();
    assert!(
        summary(root).starts_with("0 written, 2 skipped"),
        "same article, same detector"
    );
    std::fs::write(&one, format!("{TEXT}Updated at noon.\n")).unwrap();
    assert!(summary(root).starts_with("1 written, 1 skipped"));
    let after = load_sidecar(&one);
    let kept = after
        .annotations
        .iter()
        .find(|a| a.note() == "checked with the council")
        .unwrap();
    assert_eq!(kept.status, Status::Confirmed);
    assert_eq!(after.article.sha256, read_article(&one).sha256());

    let before = std::fs::read(sidecar_path_for(&one)).unwrap();
    assert!(summary(root).starts_with("0 written, 2 skipped"));
    assert_eq!(
        std::fs::read(sidecar_path_for(&one)).unwrap(),
        before,
        "re-runs change nothing"
    );
}

#[test]
fn a_sidecar_that_does_not_parse_is_a_failure_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let article = write_article(dir.path(), "story.txt", TEXT);
    let sidecar = sidecar_path_for(&article);
    std::fs::write(&sidecar, "{ half a sidecar").unwrap();
    let output = run(&["detect", "--write", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(65));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .starts_with("0 written, 0 skipped, 1 failed")
    );
    assert_eq!(
        std::fs::read_to_string(&sidecar).unwrap(),
        "{ half a sidecar"
    );
}

#[test]
fn failures_are_listed_one_line_each_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_article(root, "good.txt", TEXT);
    let bad = write_article(root, "bad\u{1b}[31m.txt", "");
    std::fs::write(&bad, b"caf\xe9\n").unwrap();
    let output = run(&["detect", "--write", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(65));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("1 written, 0 skipped, 1 failed"),
        "{stdout}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        !stderr.contains('\u{1b}'),
        "escapes are shown, not sent: {stderr:?}"
    );
    assert!(
        stderr.contains("bad␛[31m.txt: invalid UTF-8 at byte 3"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("margin: 1 of 2 articles failed\n"),
        "{stderr}"
    );
}
