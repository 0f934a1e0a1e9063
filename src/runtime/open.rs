//! Opening one article for review: the text, its sidecar through a `Store`
//! (read-only with a reason when it cannot be written), re-anchoring when the
//! article changed, a crashed session's recovery file, and detection started
//! on a background thread so the first frame never waits for it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;

use crate::app::FileState;
use crate::article::{Article, ArticleError, ReadOptions};
use crate::detect::Candidate;
use crate::sidecar::build::new_document;
use crate::sidecar::reanchor::reanchor;
use crate::sidecar::{Store, sidecar_path_for};

/// How articles are opened in this session.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// `--sidecar PATH` (one article only).
    pub sidecar: Option<PathBuf>,
    pub read_only: bool,
    pub read: ReadOptions,
}

/// Detector results for the article opened as `generation`.
pub type Detection = (u64, Vec<Candidate>);

/// An opened article and the store that saves its sidecar (`None` when the
/// sidecar could not even be read: then nothing is ever written).
pub struct Opened {
    pub file: FileState,
    pub store: Option<Store>,
    /// Something to tell the user at once (the article changed since the sidecar).
    pub notice: Option<String>,
}

/// Where a crashed session's document goes: beside the sidecar, never over it.
/// Must agree with `Store::write_recovery`.
pub fn recovery_path_for(sidecar: &Path) -> PathBuf {
    let mut name = sidecar.file_name().unwrap_or_default().to_os_string();
    name.push(".recovery");
    sidecar.with_file_name(name)
}

pub fn open_article(
    path: &Path,
    options: &OpenOptions,
    generation: u64,
    detections: &Sender<Detection>,
) -> Result<Opened, ArticleError> {
    let article = Arc::new(Article::read(path, options.read)?);
    let sidecar = options
        .sidecar
        .clone()
        .unwrap_or_else(|| sidecar_path_for(path));
    let (store, document, read_only) = match Store::open(&sidecar, options.read_only) {
        Ok(opened) => {
            let reason = opened.store.read_only().map(ToString::to_string);
            (Some(opened.store), opened.document, reason)
        }
        Err(error) => (None, None, Some(error.to_string())),
    };
    let mut document = document.unwrap_or_else(|| new_document(&article, &sidecar));
    let mut notice = None;
    if document.article.sha256 != article.sha256() {
        let report = reanchor(&mut document, &article);
        notice = Some(format!(
            "The article changed since the sidecar was written: {} moved, {} need review, {} orphaned (F shows them).",
            report.moved, report.needs_review, report.orphaned
        ));
    }
    let mut file = FileState::new(Arc::clone(&article), document, generation);
    file.read_only = read_only;
    if file.read_only.is_none() {
        file.recovery = crate::sidecar::load(&recovery_path_for(&sidecar))
            .ok()
            .flatten();
    }
    file.detecting = true;
    spawn_detection(article, generation, detections.clone());
    Ok(Opened {
        file,
        store,
        notice,
    })
}

fn spawn_detection(article: Arc<Article>, generation: u64, results: Sender<Detection>) {
    std::thread::spawn(move || {
        let candidates = crate::detect::detect(article.text());
        // The receiver is gone when the session ended first: nothing to do.
        let _ = results.send((generation, candidates));
    });
}
