//! Peak memory of the real review screen, over the article's size (target:
//! under 5x for a 10 MB article with 50,000 candidates).
//!
//! `cargo bench --bench review_memory` runs the release binary in a
//! pseudo-terminal at 80x24, as a person would: open, wait until everything
//! is loaded and detected, make one decision, quit (which saves the whole
//! sidecar). Its peak resident set (`VmHWM`, read from /proc until it exits)
//! is printed for three openings:
//!
//! - the screen's fixture (`benches/ui.rs`): a sidecar of 56,668 quotes,
//!   `--no-detect`;
//! - news-like text with about 50,000 detector candidates, opened for the
//!   first time (the detector runs, its candidates become the sidecar);
//! - the same article opened again: its sidecar is read, the detector runs
//!   again and its candidates are merged.

use std::path::Path;
use std::time::{Duration, Instant};

use margin::article::{Article, ReadOptions};
use margin::sidecar::sidecar_path_for;

#[path = "support/news_text.rs"]
mod news_text;
#[allow(dead_code, reason = "the tests use more of it than this benchmark")]
#[path = "../tests/common/pty.rs"]
mod pty;
#[path = "support/review_fixture.rs"]
mod review_fixture;

const ARTICLE_BYTES: usize = 10 * 1024 * 1024;
/// The target's number of candidates in a 10 MB article.
const CANDIDATES: usize = 50_000;

/// A paragraph the detector proposes nothing in: hedged, no quote, number,
/// name or reporting verb (`main` checks that first). It dilutes the
/// news-like text (a candidate every ~80 bytes) to the target's density.
const QUIET_PARAGRAPH: &str = "perhaps the weather will turn, or perhaps it will not; who can say what tomorrow brings? i think it might be nice to walk by the river when it is warm, if you like that sort of thing.\n\n";

fn main() {
    // `cargo test --all-targets` runs benchmarks too, without `--bench`: this
    // one takes seconds and measures nothing then.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    assert!(
        margin::detect::detect(&QUIET_PARAGRAPH.repeat(10)).is_empty(),
        "the quiet paragraph must not be a candidate"
    );
    let dir = tempfile::tempdir().expect("temporary directory");
    let fixture = write_fixture(dir.path());
    report(
        "sidecar of 56,668 quotes, --no-detect",
        &fixture,
        &["--no-detect"],
        "a",
    );
    let news = write_news(dir.path());
    report(
        "news-like, ~50,000 candidates, first opening",
        &news,
        &[],
        "a",
    );
    report("the same, opened again with its sidecar", &news, &[], "x");
}

/// The screen's fixture: `big.txt` and its sidecar.
fn write_fixture(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("big.txt");
    std::fs::write(&path, review_fixture::article_text(ARTICLE_BYTES)).expect("write article");
    let article = Article::read(&path, ReadOptions::default()).expect("read article");
    let sidecar = sidecar_path_for(&path);
    let document = review_fixture::document_for(&article, &sidecar);
    margin::sidecar::save(&sidecar, &document).expect("write sidecar");
    path
}

/// `news.txt`: news-like text up to the share of the article that gives
/// about [`CANDIDATES`], then quiet paragraphs up to [`ARTICLE_BYTES`].
fn write_news(dir: &Path) -> std::path::PathBuf {
    let dense = news_text(ARTICLE_BYTES);
    let per_byte = margin::detect::detect(&dense).len() as f64 / dense.len() as f64;
    let news_bytes = (CANDIDATES as f64 / per_byte) as usize;
    let mut text = news_text(news_bytes);
    while text.len() < ARTICLE_BYTES {
        text.push_str(QUIET_PARAGRAPH);
    }
    let path = dir.join("news.txt");
    std::fs::write(&path, text).expect("write article");
    path
}

fn news_text(bytes: usize) -> String {
    let text = news_text::news_text(bytes);
    // Whole paragraphs only.
    let end = text[..bytes.min(text.len())]
        .rfind("\n\n")
        .map_or(text.len(), |at| at + 2);
    text[..end].to_owned()
}

/// Opens `article`, waits until its annotations are all on screen, presses
/// `key` (a decision) and quits; prints the peak resident set.
fn report(name: &str, article: &Path, flags: &[&str], key: &str) {
    let dir = article.parent().expect("article directory");
    let file = article
        .file_name()
        .and_then(|name| name.to_str())
        .expect("file name");
    let mut args = vec![file];
    args.extend_from_slice(flags);
    let start = Instant::now();
    let mut screen = pty::Pty::spawn(&args, dir, &[]);
    let pid = screen.pid();
    wait_until_loaded(&screen);
    let loaded = start.elapsed();
    screen.key(key, "saved");
    screen.send("q");
    let mut peak = 0;
    while let Some(kib) = peak_kib(pid) {
        peak = peak.max(kib);
        std::thread::sleep(Duration::from_millis(2));
    }
    screen.wait_exit();
    let bytes = std::fs::metadata(article).expect("article size").len();
    let annotations = margin::sidecar::load(&sidecar_path_for(article))
        .ok()
        .flatten()
        .map_or(0, |document| document.annotations.len());
    println!(
        "{name}: {annotations} annotations, peak {:.1} MB = {:.2}x the article ({:.1} MB); all loaded after {:.2} s",
        mb(peak * 1024),
        (peak * 1024) as f64 / bytes as f64,
        mb(bytes),
        loaded.as_secs_f64()
    );
}

/// Everything is in once the status line counts annotations and the
/// detector is done.
fn wait_until_loaded(screen: &pty::Pty) {
    screen.wait_for("reviewed");
    screen.wait_gone("reading");
    screen.wait_gone("detecting");
}

/// The process's peak resident set so far, in KiB; `None` once it is gone.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
