//! CSV, W3C Web Annotation, `ClaimReview` and the Markdown report, each checked
//! in its own format.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/interchange/support.rs"]
mod support;

use serde_json::Value;
use support::{STORY, annotated, run, run_ok, story_specs};

fn story() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = annotated(dir.path(), "story.txt", STORY, &story_specs());
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

#[test]
fn csv_parses_back_with_commas_quotes_and_line_breaks_intact() {
    let (dir, path) = story();
    let csv_text = run_ok(&["export", "--format", "csv", "--all", &path]);
    assert!(csv_text.contains("\r\n"), "RFC 4180 records end in CRLF");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    let quote = rows
        .iter()
        .find(|row| &row[column("speaker")] == "Ana López")
        .unwrap();
    assert_eq!(
        &quote[column("note")],
        "Check the \"€12 million\", figure,\nagainst the budget."
    );
    let taxes = rows
        .iter()
        .find(|row| row[column("text")].starts_with("\"Taxes"))
        .unwrap();
    assert_eq!(
        &taxes[column("text")],
        "\"Taxes rose by 4%, not 2%,\r\nand nobody asked us\""
    );
    assert_eq!(&taxes[column("cue_text")], "added");
    assert!(rows.iter().all(|row| row.len() == headers.len()));

    let out = dir.path().join("out.csv");
    assert_eq!(
        run_ok(&[
            "export",
            "--format",
            "csv",
            "--all",
            &path,
            "-o",
            out.to_str().unwrap()
        ]),
        ""
    );
    assert_eq!(
        std::fs::read_to_string(out).unwrap(),
        csv_text,
        "-o writes what stdout would"
    );
}

#[test]
fn w3c_annotations_have_context_type_and_both_selectors() {
    let (_dir, path) = story();
    let value: Value =
        serde_json::from_str(&run_ok(&["export", "--format", "w3c", &path])).unwrap();
    assert_eq!(value["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(value["type"], "AnnotationCollection");
    let items = value["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(value["total"], 5);
    let text: Vec<char> = STORY.chars().collect();
    for item in items {
        assert_eq!(item["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"].as_str().unwrap().starts_with("urn:"));
        assert!(
            item["target"]["source"]
                .as_str()
                .unwrap()
                .starts_with("file:///")
        );
        let selectors = item["target"]["selector"].as_array().unwrap();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let (start, end) = (
            usize::try_from(position["start"].as_u64().unwrap()).unwrap(),
            usize::try_from(position["end"].as_u64().unwrap()).unwrap(),
        );
        let exact: String = text[start..end].iter().collect();
        assert_eq!(quote["exact"], exact.as_str());
        let prefix: String = text[start.saturating_sub(32)..start].iter().collect();
        assert_eq!(quote["prefix"], prefix.as_str());
        assert!(quote["suffix"].is_string());
        assert!(
            item["body"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b["purpose"] == "tagging")
        );
    }
    let assessed = items
        .iter()
        .find(|i| i["motivation"] == "assessing")
        .unwrap();
    assert!(
        assessed["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["value"] == "misleading")
    );
}

#[test]
fn claimreview_has_the_required_fields_for_each_claim_with_a_verdict() {
    let (_dir, path) = story();
    let value: Value =
        serde_json::from_str(&run_ok(&["export", "--format", "claimreview", &path])).unwrap();
    let reviews = value.as_array().unwrap();
    assert_eq!(reviews.len(), 2, "the two confirmed claims with a verdict");
    for review in reviews {
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert!(review["url"].is_string());
        assert!(review["claimReviewed"].is_string());
        assert_eq!(review["reviewRating"]["@type"], "Rating");
        assert!(review["reviewRating"]["alternateName"].is_string());
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
    }
    let bridge = reviews
        .iter()
        .find(|r| r["reviewRating"]["alternateName"] == "misleading")
        .unwrap();
    assert_eq!(bridge["claimReviewed"], "The bridge cost €12 million");
    // The claim sits inside the mayor's quote: she is its author.
    assert_eq!(bridge["itemReviewed"]["author"]["name"], "Ana López");
    assert!(
        bridge["reviewBody"]
            .as_str()
            .unwrap()
            .contains("€15 million")
    );
    assert_eq!(bridge["author"]["name"], "alice");
}

#[test]
fn markdown_report_has_verdicts_notes_speakers_and_what_is_pending() {
    let (_dir, path) = story();
    let report = run_ok(&["export", "--format", "markdown", &path]);
    assert!(report.starts_with("# Fact-check report: story.txt\n"));
    assert!(report.contains("7 annotations: 5 confirmed, 1 rejected, 1 pending (86% reviewed)"));
    assert!(report.contains("**Verdict: misleading**"));
    assert!(report.contains("**Verdict: false**"));
    assert!(report.contains("Note: Final cost was €15 million; see council minutes."));
    assert!(report.contains("### Ana López (1)"));
    assert!(report.contains("### Ze\u{301}lie Dubois (1)"));
    assert!(report.contains("## Still pending (1)"));
    assert!(report.contains("Unemployment fell to 3.1% last year."));
    assert!(
        !report.contains("Critics disagreed.”"),
        "rejected items are only counted"
    );
    // Article text cannot inject Markdown: the 4% sign is plain, a note's line
    // break is a space, and markup characters are escaped.
    assert!(report.contains("figure, against the budget."));
}

#[test]
fn markdown_escapes_article_text_that_looks_like_markup() {
    let dir = tempfile::tempdir().unwrap();
    let text = "He said \"see [this](http://evil.example) *now* <script>\" today.\n";
    let (path, _) = annotated(
        dir.path(),
        "markup.txt",
        text,
        &[
            support::quote("\"see [this](http://evil.example) *now* <script>\"")
                .status(margin::sidecar::Status::Confirmed),
        ],
    );
    let report = run_ok(&["export", "--format", "markdown", path.to_str().unwrap()]);
    assert!(
        report.contains(r"\[this\](http://evil.example) \*now\* \<script\>"),
        "{report}"
    );
}

#[test]
fn markdown_refuses_a_status_filter_it_would_ignore() {
    let (_dir, path) = story();
    let output = run(&["export", "--format", "markdown", "--all", &path]);
    assert_eq!(output.status.code(), Some(64));
}
