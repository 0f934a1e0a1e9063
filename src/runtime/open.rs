//! Opening one article for review. The text is read at once (the first frame
//! shows it); the sidecar (through a `Store`: read-only with a reason when it
//! cannot be written; re-anchored when the article changed; a crashed
//! session's recovery file) and then the detector's candidates arrive from a
//! background thread, in that order, so a large sidecar or a slow detector
//! never holds up the first frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;

use crate::app::FileState;
use crate::app::state::LoadedSidecar;
use crate::article::{Article, ArticleError, ReadOptions};
use crate::detect::Candidate;
use crate::sidecar::build::new_document;
use crate::sidecar::reanchor::reanchor;
use crate::sidecar::{Store, sidecar_path_for};

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
        /// `None` when the sidecar could not even be read: nothing is ever written.
        store: Option<Store>,
        sidecar: Box<LoadedSidecar>,
    },
    Candidates(u64, Vec<Candidate>),
}

/// Where a crashed session's document goes: beside the sidecar, never over it.
/// Must agree with `Store::write_recovery`.
pub fn recovery_path_for(sidecar: &Path) -> PathBuf {
    let mut name = sidecar.file_name().unwrap_or_default().to_os_string();
    name.push(".recovery");
    sidecar.with_file_name(name)
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
        let (store, loaded) = load_sidecar(&article, &sidecar, read_only);
        let sent = results.send(Loaded::Sidecar {
            generation,
            store,
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

fn load_sidecar(
    article: &Article,
    sidecar: &Path,
    read_only: bool,
) -> (Option<Store>, LoadedSidecar) {
    let (store, document, read_only) = match Store::open(sidecar, read_only) {
        Ok(opened) => {
            let reason = opened.store.read_only().map(ToString::to_string);
            (Some(opened.store), opened.document, reason)
        }
        Err(error) => (None, None, Some(error.to_string())),
    };
    let mut document = document.unwrap_or_else(|| new_document(article, sidecar));
    let mut notice = None;
    if document.article.sha256 != article.sha256() {
        let report = reanchor(&mut document, article);
        notice = Some(format!(
            "The article changed since the sidecar was written: {} moved, {} need review, {} orphaned (F shows them).",
            report.moved, report.needs_review, report.orphaned
        ));
    }
    let recovery = if read_only.is_none() {
        crate::sidecar::load(&recovery_path_for(sidecar))
            .ok()
            .flatten()
    } else {
        None
    };
    let loaded = LoadedSidecar {
        document,
        read_only,
        notice,
        recovery,
    };
    (store, loaded)
}
