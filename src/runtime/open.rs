//! Opening one article for review. The text is read at once (the first frame
//! shows it); the sidecar (through a `Store`: read-only with a reason when it
//! cannot be written; fitted to the article, re-anchored when it changed; a
//! crashed session's recovery file) and then the detector's candidates arrive
//! from a background thread, in that order, so a large sidecar or a slow
//! detector never holds up the first frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;

use crate::app::FileState;
use crate::app::state::LoadedSidecar;
use crate::article::{Article, ArticleError, ReadOptions};
use crate::detect::Candidate;
use crate::sidecar::build::new_document;
use crate::sidecar::{Store, sharing, sidecar_path_for};

/// Shown as the read-only reason until the sidecar has been read.
pub const LOADING: &str = "reading the sidecar…";

/// How articles are opened in this session.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// `--sidecar PATH` (one article only).
    pub sidecar: Option<PathBuf>,
    pub read_only: bool,
    /// Propose the detector's candidates (off with `--no-detect`).
    pub detect: bool,
    pub read: ReadOptions,
}

/// What the background thread of an opening sends, sidecar first.
pub enum Loaded {
    Sidecar {
        generation: u64,
        /// The store, for the background saver; `None` when this session
        /// must not write the sidecar.
        writer: Option<Box<Store>>,
        sidecar: Box<LoadedSidecar>,
    },
    Candidates(u64, Vec<Candidate>),
}

/// Reads the article and starts the background work; the file is read-only
/// (`LOADING`) until its sidecar arrives.
pub fn open_article(
    path: &Path,
    options: &OpenOptions,
    generation: u64,
    results: &Sender<Loaded>,
) -> Result<FileState, ArticleError> {
    let article = Arc::new(Article::read(path, options.read)?);
    let sidecar = options
        .sidecar
        .clone()
        .unwrap_or_else(|| sidecar_path_for(path));
    let mut file = FileState::new(
        Arc::clone(&article),
        new_document(&article, &sidecar),
        generation,
    );
    file.read_only = Some(LOADING.to_owned());
    file.detecting = true;
    let read_only = options.read_only;
    let detect = options.detect;
    let results = results.clone();
    std::thread::spawn(move || {
        let (writer, loaded) = load_sidecar(&article, &sidecar, read_only);
        let sent = results.send(Loaded::Sidecar {
            generation,
            writer,
            sidecar: Box::new(loaded),
        });
        // Nobody listens any more when the session has ended or moved on.
        if sent.is_ok() {
            let candidates = if detect {
                crate::detect::detect(article.text())
            } else {
                Vec::new()
            };
            let _ = results.send(Loaded::Candidates(generation, candidates));
        }
    });
    Ok(file)
}

/// Reads the sidecar (or starts a new document), replays its journal, and
/// fits it to the article; a writable store comes back for the saver.
fn load_sidecar(
    article: &Arc<Article>,
    sidecar: &Path,
    read_only: bool,
) -> (Option<Box<Store>>, LoadedSidecar) {
    let opened = sharing::reading_for(article, || Store::open(sidecar, read_only));
    let (mut store, document, journal) = match opened {
        Ok(opened) => (opened.store, opened.document, opened.journal),
        Err(error) => {
            let loaded = LoadedSidecar {
                document: new_document(article, sidecar),
                read_only: Some(error.to_string()),
                notice: None,
                recovery: None,
            };
            return (None, loaded);
        }
    };
    let mut document = document.unwrap_or_else(|| new_document(article, sidecar));
    // Only when there was no sidecar (else `Store::open` replayed it); a bad
    // journal makes the store read-only with the reason.
    let _ = store.replay(journal, &mut document);
    let changed = document.article.sha256 != article.sha256();
    // Also turns the store read-only when the spans disagree with an unchanged article.
    let report = store.fit_to_article(&mut document, article);
    let notice = changed.then(|| {
        format!(
            "The article changed since the sidecar was written: {} moved, {} need review, {} orphaned (F shows them).",
            report.moved, report.needs_review, report.orphaned
        )
    });
    let read_only = store.read_only().map(ToString::to_string);
    // A crashed session's file belongs to whoever holds the sidecar.
    let recovery = if read_only.is_none() {
        store.load_recovery().ok().flatten()
    } else {
        None
    };
    let writer = read_only.is_none().then(|| Box::new(store));
    let loaded = LoadedSidecar {
        document,
        read_only,
        notice,
        recovery,
    };
    (writer, loaded)
}
