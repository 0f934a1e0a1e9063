//! Review-screen speed (figures in docs/benchmarks-ui.md):
//! - first frame: open a 10 MB article with a 50,000-annotation sidecar and
//!   draw it at 80x24 (detection runs on its own thread and is not waited for);
//! - one keystroke handled and drawn, for a 10 KB and a 10 MB article; a
//!   decision also runs through the real session, which hands the change to
//!   the background saver (the write itself runs on the saver's thread);
//! - one save of the 50,000-annotation sidecar (what the saver does per write).
//!
//! `cargo bench --bench ui`

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use margin::app::{FileState, Queue, Settings, State, press};
use margin::article::{Article, ReadOptions};
use margin::detect::{Candidate, Kind};
use margin::runtime::{Loaded, OpenOptions, Session, start};
use margin::sidecar::build::{annotation_from_candidate, new_document};
use margin::sidecar::{Document, Store, sidecar_path_for};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// An article of about `bytes` bytes with one quote every other paragraph.
fn article_text(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut paragraph = 0;
    while text.len() < bytes {
        let written = if paragraph % 2 == 0 {
            write!(
                text,
                "\"We will act on this now, and we will not wait,\" said Official {paragraph}, speaking in the capital.\n\n"
            )
        } else {
            write!(
                text,
                "Unemployment rose to {paragraph} percent last year, the statistics office reported on Monday.\n\n"
            )
        };
        written.expect("writing to a String");
        paragraph += 1;
    }
    text
}

/// A document with a pending quote for every quoted paragraph.
fn document_for(article: &Article, sidecar: &Path) -> Document {
    let text = article.text();
    let mut document = new_document(article, sidecar);
    let needle = "\"We will act on this now, and we will not wait,\"";
    document.annotations = text
        .match_indices(needle)
        .map(|(start, _)| Candidate {
            kind: Kind::Quote,
            span: start..start + needle.len(),
            style: None,
            speaker: Some("Official".to_owned()),
            source: None,
            cue: None,
            score: 0.9,
            reasons: vec!["paired quotation marks".into()].into(),
        })
        .map(|candidate| annotation_from_candidate(article, &candidate))
        .collect();
    document
}

fn state_for(bytes: usize) -> State {
    let path = Path::new("story.txt");
    let article = Article::from_string(path, article_text(bytes));
    let document = document_for(&article, &sidecar_path_for(path));
    let file = FileState::new(Arc::new(article), document, 0);
    let queue = Queue {
        paths: vec![path.to_path_buf()],
        current: 0,
        progress: vec![None],
    };
    let mut state = State::new(Settings::default(), queue, file);
    "2026-11-28T18:00:00Z".clone_into(&mut state.now);
    state
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(80, 24)).expect("test terminal")
}

fn keystroke(c: &mut Criterion) {
    for (name, bytes) in [("10KB", 10 * 1024), ("10MB", 10 * 1024 * 1024)] {
        let mut state = state_for(bytes);
        let mut terminal = terminal();
        let last = state.file.annotations().len() - 1;
        c.bench_function(&format!("keystroke j + draw, {name}"), |b| {
            b.iter(|| {
                let keys = if state.file.selected == Some(last) {
                    "g"
                } else {
                    "j"
                };
                press(&mut state, keys).expect("keys");
                terminal
                    .draw(|frame| frame.render_widget(&state, frame.area()))
                    .expect("draw");
            });
        });
        c.bench_function(&format!("keystroke PgDn + draw, {name}"), |b| {
            b.iter(|| {
                press(&mut state, "PgDn").expect("keys");
                terminal
                    .draw(|frame| frame.render_widget(&state, frame.area()))
                    .expect("draw");
            });
        });
    }
}

/// A session on a real article of `bytes` with its sidecar, once its sidecar
/// and detector results have arrived (as when the user starts deciding).
fn session_for(dir: &Path, bytes: usize) -> Session {
    let path = dir.join(format!("story-{bytes}.txt"));
    std::fs::write(&path, article_text(bytes)).expect("write article");
    let article = Article::read(&path, ReadOptions::default()).expect("read article");
    let sidecar = sidecar_path_for(&path);
    margin::sidecar::save(&sidecar, &document_for(&article, &sidecar)).expect("write sidecar");
    let options = OpenOptions {
        sidecar: None,
        read_only: false,
        detect: true,
        read: ReadOptions::default(),
    };
    let mut session = start(vec![path], options, Settings::default()).expect("open");
    while let Ok(loaded) = session.loads.1.recv() {
        let done = matches!(loaded, Loaded::Candidates(..));
        session.receive(loaded);
        if done {
            break;
        }
    }
    "2026-11-28T18:00:00Z".clone_into(&mut session.state.now);
    session
}

/// Confirm and undo as the event loop runs them: update, hand each change to
/// the saver, show its reports, draw. The saver writes meanwhile on its own
/// thread (on this 2-core machine it competes for the CPU, as it would).
fn decision_keystroke(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in [("10KB", 10 * 1024), ("10MB", 10 * 1024 * 1024)] {
        let mut session = session_for(dir.path(), bytes);
        let mut terminal = terminal();
        c.bench_function(
            &format!("keystroke a (confirm) + u (undo) + save hand-off + draw, {name}"),
            |b| {
                b.iter(|| {
                    for effect in press(&mut session.state, "a u").expect("keys") {
                        session.run_effect(effect);
                    }
                    session.take_reports();
                    terminal
                        .draw(|frame| frame.render_widget(&session.state, frame.area()))
                        .expect("draw");
                });
            },
        );
        // The last write finishes before the next case (and the temp dir goes).
        black_box(session.finish());
    }
}

/// What the runtime does before the first frame (open the article, wait up to
/// `SIDECAR_PATIENCE` for its sidecar; detection runs on its own thread) and
/// the frame itself, timed; then, untimed, waits for the background thread
/// (sidecar and detection) so that iterations do not pile up threads.
fn first_frames(path: &Path, options: &OpenOptions, iterations: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        let started = Instant::now();
        let mut session = start(
            vec![path.to_path_buf()],
            options.clone(),
            Settings::default(),
        )
        .expect("open");
        let mut terminal = terminal();
        terminal
            .draw(|frame| frame.render_widget(&session.state, frame.area()))
            .expect("draw");
        total += started.elapsed();
        black_box(session.state.file.annotations().len());
        while let Ok(loaded) = session.loads.1.recv() {
            let done = matches!(loaded, Loaded::Candidates(..));
            session.receive(loaded);
            if done {
                break;
            }
        }
    }
    total
}

fn first_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    std::fs::write(&path, article_text(10 * 1024 * 1024)).expect("write article");
    let options = OpenOptions {
        sidecar: None,
        read_only: false,
        detect: true,
        read: ReadOptions::default(),
    };
    let mut group = c.benchmark_group("first frame");
    group.sample_size(10);
    group.bench_function("open 10MB (no sidecar yet), draw 80x24", |b| {
        b.iter_custom(|iterations| first_frames(&path, &options, iterations));
    });
    let article = Article::read(&path, ReadOptions::default()).expect("read article");
    let sidecar = sidecar_path_for(&path);
    let document = document_for(&article, &sidecar);
    margin::sidecar::save(&sidecar, &document).expect("write sidecar");
    group.bench_function("open 10MB + 56k-annotation sidecar, draw 80x24", |b| {
        b.iter_custom(|iterations| first_frames(&path, &options, iterations));
    });
    group.bench_function("save 56k-annotation sidecar", |b| {
        let mut store = Store::open(&sidecar, false).expect("store").store;
        b.iter(|| store.save(&document).expect("save"));
    });
    group.finish();
}

criterion_group!(benches, keystroke, decision_keystroke, first_frame);
criterion_main!(benches);
