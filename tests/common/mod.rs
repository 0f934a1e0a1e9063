//! Fixtures shared by the review-screen tests: a small article with quotes and
//! claims, and a sidecar built explicitly from candidates (so the tests do not
//! depend on what the detectors find).
#![allow(dead_code)]

pub mod hangup;
pub mod pty;
#[path = "../../benches/support/review_fixture.rs"]
pub mod review_fixture;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use margin::app::{FileState, Queue, Settings, State};
use margin::article::Article;
use margin::detect::{Candidate, Kind, Style};
use margin::sidecar::build::{annotation_from_candidate, new_document};
use margin::sidecar::{Document, sidecar_path_for};

pub const STORY: &str = "MOSCOW — Russia will not extend the treaty, according to Sergei Ryabkov.\n\
\n\
\"We see no reason to continue,\" Ryabkov told reporters. He said the decision was \"final\".\n\
\n\
Unemployment rose to 7.4 percent in October, the highest level since 2015.\n\
\n\
\"It is a sad day,\" said Maria Ivanova.\n";

/// (kind, exact text, speaker) of each annotation in the fixture, in text order.
pub const SPANS: &[(Kind, &str, Option<&str>)] = &[
    (
        Kind::Quote,
        "Russia will not extend the treaty",
        Some("Sergei Ryabkov"),
    ),
    (
        Kind::Quote,
        "\"We see no reason to continue,\"",
        Some("Sergei Ryabkov"),
    ),
    (Kind::Quote, "\"final\"", Some("he")),
    (
        Kind::Claim,
        "Unemployment rose to 7.4 percent in October",
        None,
    ),
    (Kind::Quote, "\"It is a sad day,\"", Some("Maria Ivanova")),
];

pub fn candidate(text: &str, kind: Kind, needle: &str, speaker: Option<&str>) -> Candidate {
    let start = text.find(needle).expect("needle in fixture text");
    Candidate {
        kind,
        span: start..start + needle.len(),
        style: (kind == Kind::Quote).then_some(Style::Direct),
        speaker: speaker.map(str::to_owned),
        source: None,
        cue: None,
        score: 0.8,
        reasons: vec!["fixture".into()].into(),
    }
}

/// A document for `article` with an annotation for every entry of `spans`.
pub fn document_with(
    article: &Article,
    sidecar: &Path,
    spans: &[(Kind, &str, Option<&str>)],
) -> Document {
    let mut document = new_document(article, sidecar);
    document.annotations = spans
        .iter()
        .map(|&(kind, needle, speaker)| {
            annotation_from_candidate(article, &candidate(article.text(), kind, needle, speaker))
        })
        .collect();
    document
}

pub fn settings() -> Settings {
    Settings {
        annotator: "tester".to_owned(),
        ..Settings::default()
    }
}

/// A review state for `text` with the given annotations, at 80x24, clock fixed.
pub fn state_with(text: &str, spans: &[(Kind, &str, Option<&str>)]) -> State {
    let path = PathBuf::from("story.txt");
    let article = Article::from_string(&path, text.to_owned());
    let document = document_with(&article, &sidecar_path_for(&path), spans);
    let file = FileState::new(Arc::new(article), document, 0);
    let queue = Queue {
        paths: vec![path],
        current: 0,
        progress: vec![None],
    };
    let mut state = State::new(settings(), queue, file);
    "2026-11-28T18:00:00Z".clone_into(&mut state.now);
    state
}

pub fn story_state() -> State {
    state_with(STORY, SPANS)
}

/// Writes the story and its sidecar (the fixture's annotations and the
/// detector's) into `dir`; returns (article, sidecar).
pub fn write_story(dir: &Path) -> (PathBuf, PathBuf) {
    let article_path = dir.join("story.txt");
    std::fs::write(&article_path, STORY).expect("write article");
    let article = Article::read(&article_path, margin::article::ReadOptions::default())
        .expect("read article");
    let sidecar = sidecar_path_for(&article_path);
    // The screen merges the detector's candidates when they arrive; having them
    // in the sidecar already keeps the counts on screen the same before and after.
    let document = story_document(&article, &sidecar);
    margin::sidecar::save(&sidecar, &document).expect("write sidecar");
    (article_path, sidecar)
}

/// The story's sidecar as `write_story` writes it: the fixture's annotations
/// and the detector's candidates merged in.
fn story_document(article: &Article, sidecar: &Path) -> Document {
    let mut document = document_with(article, sidecar, SPANS);
    margin::sidecar::merge_candidates(&mut document, article, margin::detect::detect(STORY));
    document
}

/// The status line's progress for the story, `"N/TOTAL reviewed"`, where TOTAL
/// is however many annotations its sidecar holds: the screen tests follow the
/// detector instead of pinning its current count.
pub fn reviewed(done: usize) -> String {
    let article = Article::from_string(Path::new("story.txt"), STORY.to_owned());
    let total = story_document(&article, Path::new("story.txt.annotations.json"))
        .annotations
        .len();
    format!("{done}/{total} reviewed")
}

pub fn load(sidecar: &Path) -> Document {
    margin::sidecar::load(sidecar)
        .expect("sidecar parses")
        .expect("sidecar exists")
}
