//! Stats over a small corpus built here.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/interchange/support.rs"]
mod support;

use margin::interchange::stats::corpus_stats;
use margin::sidecar::Status;
use support::{annotated, claim, quote, run_ok, write_article};

const TEXT: &str = "The council said \"we will vote\" and taxes rose 4% in 2025.\n";

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    annotated(
        root,
        "done.txt",
        TEXT,
        &[
            quote("\"we will vote\"")
                .status(Status::Confirmed)
                .annotator("alice"),
            claim("taxes rose 4% in 2025")
                .status(Status::Rejected)
                .annotator("alice"),
        ],
    );
    annotated(
        root,
        "desk/half.md",
        TEXT,
        &[
            quote("\"we will vote\"")
                .status(Status::Confirmed)
                .annotator("bob"),
            claim("taxes rose 4% in 2025"),
        ],
    );
    write_article(root, "desk/untouched.txt", TEXT);
    // Hidden directories and files that are not articles are not the corpus.
    write_article(root, ".trash/old.txt", TEXT);
    write_article(root, "notes.json", "{}");
    std::fs::write(root.join("broken.txt.annotations.json"), "{ not json").unwrap();
    dir
}

#[test]
fn counts_articles_statuses_kinds_and_annotators() {
    let dir = corpus();
    let stats = corpus_stats(dir.path()).unwrap();
    // done, half, untouched, and the article of the broken sidecar.
    assert_eq!(stats.articles, 4);
    assert_eq!(stats.with_sidecar, 2);
    assert_eq!(stats.fully_reviewed, 1);
    assert_eq!(
        (
            stats.annotations.confirmed,
            stats.annotations.rejected,
            stats.annotations.pending
        ),
        (2, 1, 1)
    );
    assert_eq!(stats.reviewed_share(), Some(0.75));
    assert_eq!(stats.by_kind["quote"].confirmed, 2);
    assert_eq!(stats.by_kind["claim"].pending, 1);
    assert_eq!(stats.by_annotator["alice"].total(), 2);
    assert_eq!(stats.by_annotator["bob"].confirmed, 1);
    assert_eq!(stats.by_annotator["(none)"].pending, 1);
    assert_eq!(stats.unreadable.len(), 1);
}

#[test]
fn the_command_prints_a_table_and_json() {
    let dir = corpus();
    let table = run_ok(&["stats", dir.path().to_str().unwrap()]);
    assert!(
        table.starts_with("4 articles, 2 with a sidecar, 1 fully reviewed\n"),
        "{table}"
    );
    assert!(table.contains("alice"));
    let json: serde_json::Value =
        serde_json::from_str(&run_ok(&["stats", "--json", dir.path().to_str().unwrap()])).unwrap();
    assert_eq!(json["articles"], 4);
    assert_eq!(json["reviewed_share"], 0.75);
    assert_eq!(json["by_kind"]["claim"]["rejected"], 1);
}
