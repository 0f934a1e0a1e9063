//! Review-screen speed (figures in docs/benchmarks-ui.md):
//! - first frame: open a 10 MB article with a 50,000-annotation sidecar and
//!   draw it at 80x24 (detection runs on its own thread and is not waited for);
//! - one keystroke handled and drawn, for a 10 KB and a 10 MB article; a
//!   decision also runs through the real session, which hands the change to
//!   the background saver (the write itself runs on the saver's thread);
//! - where a full save of the 56,668-annotation sidecar spends its time, and
//!   what a decision costs instead (one journal record).
//!
//! `cargo bench --bench ui`

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use margin::app::{FileState, Queue, Settings, State, press};
use margin::article::{Article, ReadOptions};
use margin::runtime::{Loaded, OpenOptions, Session, start};
use margin::sidecar::{Store, sidecar_path_for};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sha2::{Digest as _, Sha256};

#[path = "support/review_fixture.rs"]
mod review_fixture;

use review_fixture::{article_text, document_for};

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
    group.finish();
    save_breakdown(&sidecar, &document);
}

/// Where a full save of the 56,668-annotation sidecar spends its time
/// (serialise, write, fsync, directory fsync, each alone), the whole
/// `Store::save`, and what a decision costs instead: one journal record.
fn save_breakdown(sidecar: &Path, document: &margin::sidecar::Document) {
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    let mut group = c.benchmark_group("save breakdown");
    let bytes = margin::sidecar::io::to_bytes(document);
    group.bench_function("serialise 39 MB (to a sink)", |b| {
        b.iter(|| margin::sidecar::io::write_document(std::io::sink(), document).expect("sink"));
    });
    group.bench_function(
        "SHA-256 of 39 MB (conflict check; again for the written file)",
        |b| {
            b.iter(|| Sha256::digest(&bytes));
        },
    );
    let dir = sidecar.parent().expect("sidecar's directory");
    let scratch = dir.join("scratch.json");
    group.bench_function("write 39 MB (no fsync)", |b| {
        b.iter(|| std::fs::write(&scratch, &bytes).expect("write"));
    });
    group.bench_function("fsync 39 MB just written", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                std::fs::write(&scratch, &bytes).expect("write");
                let file = std::fs::File::open(&scratch).expect("open");
                let started = Instant::now();
                file.sync_all().expect("fsync");
                total += started.elapsed();
            }
            total
        });
    });
    group.bench_function("directory fsync", |b| {
        b.iter(|| {
            std::fs::File::open(dir)
                .and_then(|dir| dir.sync_all())
                .expect("dir fsync");
        });
    });
    let mut store = Store::open(sidecar, false).expect("store").store;
    group.bench_function("Store::save, 56k annotations (all of the above)", |b| {
        b.iter(|| store.save(document).expect("save"));
    });
    let mut annotation = document.annotations[0].clone();
    group.bench_function(
        "Store::record, one decision (journal append + fsync)",
        |b| {
            b.iter(|| {
                annotation.review_mut().note.push('x');
                store
                    .record(&[margin::sidecar::Edit::Upsert(Box::new(annotation.clone()))])
                    .expect("record");
            });
        },
    );
    group.finish();
}

criterion_group!(benches, keystroke, decision_keystroke, first_frame);
criterion_main!(benches);
