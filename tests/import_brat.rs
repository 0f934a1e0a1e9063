//! brat import: round trips through the brat export, reads attribution corpora
//! in `PolNeAR`'s shape, and refuses bad offsets naming the file and line.
#![allow(clippy::unwrap_used)]

#[path = "fixtures/interchange/support.rs"]
mod support;

use margin::article::Article;
use margin::detect::Kind;
use margin::interchange::import::{self, ImportOptions, brat};
use margin::sidecar::{Annotation, Origin, Status};
use support::{STORY, annotated, load_sidecar, run, run_ok, story_specs};

/// What must survive a round trip (ids, kinds, spans, decisions, roles).
fn essence(a: &Annotation) -> impl PartialEq + std::fmt::Debug {
    (
        a.id.clone(),
        a.kind,
        a.start,
        a.end,
        a.text.clone(),
        a.status,
        a.speaker.clone(),
        a.label().map(str::to_owned),
        a.style,
        a.source.clone(),
        a.cue.clone(),
        margin::interchange::export::one_line(a.note()),
    )
}

#[test]
fn brat_export_imports_back_to_the_same_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let (path, document) = annotated(dir.path(), "story.txt", STORY, &story_specs());
    let ann = run_ok(&[
        "export",
        "--format",
        "brat",
        "--all",
        path.to_str().unwrap(),
    ]);
    // The quote across a CRLF is written as two fragments, as brat stores it.
    assert!(
        ann.lines()
            .any(|line| line.contains(';') && line.contains("Taxes")),
        "{ann}"
    );
    let ann_path = dir.path().join("story.ann");
    std::fs::write(&ann_path, &ann).unwrap();
    let gold = dir.path().join("gold.json");
    run_ok(&[
        "import",
        "--format",
        "brat",
        ann_path.to_str().unwrap(),
        "--article",
        path.to_str().unwrap(),
        "--sidecar",
        gold.to_str().unwrap(),
    ]);
    let imported = margin::sidecar::load(&gold).unwrap().unwrap();
    let mut expected: Vec<_> = document.annotations.iter().map(essence).collect();
    let mut found: Vec<_> = imported.annotations.iter().map(essence).collect();
    expected.sort_by_key(|e| format!("{e:?}"));
    found.sort_by_key(|e| format!("{e:?}"));
    assert_eq!(found, expected);
    assert!(
        imported
            .annotations
            .iter()
            .all(|a| a.origin == Origin::Import)
    );
}

#[test]
fn brat_export_of_several_articles_writes_a_brat_collection() {
    let dir = tempfile::tempdir().unwrap();
    let (one, _) = annotated(dir.path(), "one.txt", STORY, &story_specs());
    let (two, _) = annotated(dir.path(), "two.md", STORY, &story_specs());
    let out = dir.path().join("brat");
    run_ok(&[
        "export",
        "--format",
        "brat",
        one.to_str().unwrap(),
        two.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    for name in [
        "one.ann",
        "one.txt",
        "two.md.ann",
        "two.md.txt",
        "annotation.conf",
    ] {
        assert!(out.join(name).is_file(), "{name} written");
    }
    assert_eq!(std::fs::read_to_string(out.join("one.txt")).unwrap(), STORY);
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    assert!(conf.contains("[entities]\nQuote\nClaim\nSource\nCue\n"));
    assert!(conf.contains("Verdict\tArg:Claim, Value:false|misleading|true|unverifiable"));
    assert!(
        conf.contains("Ana%20López"),
        "speakers declared, encoded: {conf}"
    );
    // Several articles without a directory is a usage error.
    let output = run(&[
        "export",
        "--format",
        "brat",
        one.to_str().unwrap(),
        two.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(64));
}

/// Code-point offsets of the `nth` occurrence of `needle`.
fn offsets(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let bytes = support::find(text, needle, nth);
    (
        text[..bytes.start].chars().count(),
        text[..bytes.end].chars().count(),
    )
}

/// A brat span field for the first `needle` in `text`: "start end\ttext".
fn brat_span(text: &str, needle: &str) -> String {
    let (start, end) = offsets(text, needle, 0);
    format!("{start} {end}\t{needle}")
}

/// An article in the shape of an attribution corpus, written for this test.
const ATTRIBUTION: &str = "The new road will open in May, the transport office says.\n\
“We are ready,” said the engineer Jo Kim, “and the budget holds.”\n\
Residents believe that the noise will rise. Read more here.\n\
She added that work starts at dawn.\n";

fn attribution_ann() -> String {
    let t = ATTRIBUTION;
    let span = |needle: &str| brat_span(t, needle);
    let (a1, a2) = offsets(t, "“We are ready,”", 0);
    let (b1, b2) = offsets(t, "“and the budget holds.”", 0);
    [
        format!("T1\tSource {}", span("the transport office")),
        format!("T2\tCue {}", span("says")),
        format!("T3\tContent {}", span("The new road will open in May")),
        format!("T4\tAttribution {}", span("says")),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1".to_owned(),
        // A quote interrupted by its attribution: two fragments, out of order.
        format!("T5\tContent {b1} {b2};{a1} {a2}\t“and the budget holds.” “We are ready,”"),
        format!("T6\tSource {}", span("the engineer Jo Kim")),
        format!("T7\tCue {}", span("said")),
        format!("T8\tAttribution {}", span("said")),
        "E2\tAttribution:T8 Cue:T7 Source:T6 Content:T5".to_owned(),
        // A belief with no source: no speaker.
        format!("T9\tContent {}", span("the noise will rise")),
        format!("T10\tCue {}", span("believe")),
        format!("T11\tAttribution-no-source {}", span("believe")),
        "E3\tAttribution-no-source:T11 Content:T9 Cue:T10 ".to_owned(),
        format!("T12\tDiscard {}", span("Read more here.")),
        // A pronoun source: the speaker is the nearest named source before it.
        format!("T13\tSource {}", span("She")),
        format!("T14\tCue {}", span("added")),
        format!("T15\tContent {}", span("work starts at dawn")),
        "R1\tAttributed Arg1:T15 Arg2:T13".to_owned(),
    ]
    .join("\n")
        + "\n"
}

fn parse(ann: &str) -> Result<import::Imported, import::ImportError> {
    let article = Article::from_string(std::path::Path::new("road.txt"), ATTRIBUTION.to_owned());
    brat::parse(ann, &article, &ImportOptions::default())
}

#[test]
fn attribution_corpora_become_quotes_with_speaker_source_and_cue() {
    let imported = parse(&attribution_ann()).unwrap();
    let quotes = &imported.document.annotations;
    assert!(
        quotes
            .iter()
            .all(|q| q.kind == Kind::Quote && q.status == Status::Confirmed)
    );
    let texts: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The new road will open in May",
            "“We are ready,”",
            "“and the budget holds.”",
            "the noise will rise",
            "work starts at dawn",
        ]
    );
    assert_eq!(quotes[0].speaker.as_deref(), Some("the transport office"));
    assert_eq!(quotes[0].cue.as_ref().unwrap().text, "says");
    // Both fragments of the interrupted quote carry its speaker.
    for fragment in &quotes[1..3] {
        assert_eq!(fragment.speaker.as_deref(), Some("the engineer Jo Kim"));
        assert_eq!(
            fragment.source.as_ref().unwrap().text,
            "the engineer Jo Kim"
        );
    }
    assert_eq!(quotes[3].speaker, None);
    assert_eq!(quotes[4].speaker.as_deref(), Some("the engineer Jo Kim"));
    assert_eq!(
        quotes[4].source.as_ref().unwrap().text,
        "She",
        "the mention stays"
    );
    assert_eq!(quotes[3].cue.as_ref().unwrap().text, "believe");
    assert_eq!(imported.ignored.get("Attribution"), Some(&2));
    assert_eq!(imported.ignored.get("Discard"), Some(&1));
    assert_eq!(imported.document.detector.version, import::NOT_DETECTED);
}

#[test]
fn bad_offsets_and_text_are_refused_with_the_line() {
    let past = "T1\tContent 4 7\tnew\nT2\tContent 250 290\tx\n";
    let error = parse(past).unwrap_err();
    assert_eq!(error.line, 2);
    assert!(
        error
            .to_string()
            .starts_with("2: T2: span 250..290 is past the end of the article"),
        "{error}"
    );

    let mismatch = "T1\tContent 4 7\tnow\n";
    let error = parse(mismatch).unwrap_err();
    assert_eq!(
        error.to_string(),
        "1: T1: text \"now\" does not match the article there (\"new\")"
    );

    let dangling = "T1\tContent 4 7\tnew\nE1\tAttribution:T1 Content:T1 Source:T9\n";
    assert_eq!(parse(dangling).unwrap_err().line, 2);

    let garbled = "T1\tContent four 7\tnew\n";
    assert!(
        parse(garbled)
            .unwrap_err()
            .to_string()
            .starts_with("1: T1: expected")
    );
}

#[test]
fn a_text_field_with_raw_line_breaks_is_read_across_its_lines() {
    // Some corpora write a span's line breaks into the text field as they are.
    let (start, end) = offsets(
        ATTRIBUTION,
        "May, the transport office says.\n“We are ready,”",
        0,
    );
    let ann = format!(
        "T1\tContent {start} {end}\tMay, the transport office says.\n“We are ready,”\nT2\tClaim 4 7\tnew\n"
    );
    let imported = parse(&ann).unwrap();
    assert_eq!(imported.document.annotations.len(), 2);
    // The continuation must be the span's text exactly.
    let wrong = ann.replace("\n“We are", "\n“We were");
    assert_eq!(parse(&wrong).unwrap_err().line, 1);
}

#[test]
fn the_command_names_file_and_line_and_exits_65() {
    let dir = tempfile::tempdir().unwrap();
    let article = support::write_article(dir.path(), "road.txt", ATTRIBUTION);
    let ann = dir.path().join("road.ann");
    std::fs::write(&ann, "T1\tContent 4 7\tnew\nT2\tContent 4 900\tx\n").unwrap();
    let output = run(&[
        "import",
        "--format",
        "brat",
        ann.to_str().unwrap(),
        "--article",
        article.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(65));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("margin: {}:2: T2: span 4..900", ann.display())),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
    assert!(
        !margin::sidecar::sidecar_path_for(&article).exists(),
        "nothing written"
    );
}

#[test]
fn importing_never_overwrites_a_decision() {
    let dir = tempfile::tempdir().unwrap();
    let path = support::write_article(dir.path(), "road.txt", ATTRIBUTION);
    let article = support::read_article(&path);
    // A reviewer rejected one span and left another pending.
    let document = support::document(
        &article,
        &[
            support::quote("The new road will open in May").status(Status::Rejected),
            support::quote("the noise will rise"),
        ],
    );
    margin::sidecar::save(&margin::sidecar::sidecar_path_for(&path), &document).unwrap();
    let ann = dir.path().join("road.ann");
    std::fs::write(&ann, attribution_ann()).unwrap();
    let summary = run_ok(&[
        "import",
        "--format",
        "brat",
        ann.to_str().unwrap(),
        "--article",
        path.to_str().unwrap(),
        "--annotator",
        "gold",
    ]);
    assert!(
        summary.contains("3 added, 1 filled in, 1 decisions kept"),
        "{summary}"
    );
    let merged = load_sidecar(&path);
    assert_eq!(merged.annotations.len(), 5);
    let road = merged
        .annotations
        .iter()
        .find(|a| a.text.starts_with("The new road"))
        .unwrap();
    assert_eq!(road.status, Status::Rejected, "the decision stays");
    assert_eq!(road.speaker, None, "and so does the rest of it");
    let noise = merged
        .annotations
        .iter()
        .find(|a| a.text == "the noise will rise")
        .unwrap();
    assert_eq!(
        noise.status,
        Status::Confirmed,
        "an undecided span takes the import's decision"
    );
    assert_eq!(noise.cue.as_ref().unwrap().text, "believe");
    // Importing again changes nothing.
    run_ok(&[
        "import",
        "--format",
        "brat",
        ann.to_str().unwrap(),
        "--article",
        path.to_str().unwrap(),
    ]);
    assert_eq!(load_sidecar(&path).annotations, merged.annotations);
}

#[test]
fn a_pronoun_stands_for_the_nearest_named_source_not_a_description() {
    let text = "Jo Kim said the pool opens. Few residents believe it. He said it again.\n";
    let span = |needle: &str| brat_span(text, needle);
    let ann = [
        format!("T1\tSource {}", span("Jo Kim")),
        format!("T2\tContent {}", span("the pool opens")),
        "R1\tAttributed Arg1:T2 Arg2:T1".to_owned(),
        format!("T3\tSource {}", span("Few residents")),
        format!("T4\tContent {}", span("it.")),
        "R2\tAttributed Arg1:T4 Arg2:T3".to_owned(),
        format!("T5\tSource {}", span("He")),
        format!("T6\tContent {}", span("it again")),
        "R3\tAttributed Arg1:T6 Arg2:T5".to_owned(),
    ]
    .join("\n");
    let article = Article::from_string(std::path::Path::new("pool.txt"), text.to_owned());
    let imported = brat::parse(&ann, &article, &ImportOptions::default()).unwrap();
    let speakers: Vec<Option<&str>> = imported
        .document
        .annotations
        .iter()
        .map(|quote| quote.speaker.as_deref())
        .collect();
    assert_eq!(
        speakers,
        [Some("Jo Kim"), Some("Few residents"), Some("Jo Kim")],
        "\"Few residents\" names nobody, so \"He\" is Jo Kim"
    );
}
