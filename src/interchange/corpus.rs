//! Finding the articles and sidecars of a corpus directory.

use std::io;
use std::path::{Path, PathBuf};

/// The suffix every sidecar's file name ends with.
pub const SIDECAR_SUFFIX: &str = ".annotations.json";

/// What a corpus directory holds, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// `.txt` and `.md` files.
    pub articles: Vec<PathBuf>,
    /// `*.annotations.json` files.
    pub sidecars: Vec<PathBuf>,
}

/// True for a file name the corpus counts as an article.
pub fn is_article_name(name: &str) -> bool {
    let extension = Path::new(name).extension().and_then(|e| e.to_str());
    !name.starts_with('.')
        && extension.is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// The article a sidecar belongs to (`story.txt.annotations.json` -> `story.txt`).
pub fn article_for_sidecar(sidecar: &Path) -> Option<PathBuf> {
    let name = sidecar.file_name()?.to_str()?;
    let article = name.strip_suffix(SIDECAR_SUFFIX)?;
    (!article.is_empty()).then(|| sidecar.with_file_name(article))
}

/// Walks `dir` recursively. Hidden files and directories (a leading `.`) are
/// skipped, and symbolic links to directories are not followed, so a link loop
/// cannot make the walk endless.
pub fn walk(dir: &Path) -> io::Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                pending.push(path);
            } else if !(file_type.is_file() || file_type.is_symlink() && path.is_file()) {
                // Sockets, devices, links to directories: not part of a corpus.
            } else if name.ends_with(SIDECAR_SUFFIX) {
                corpus.sidecars.push(path);
            } else if is_article_name(name) {
                corpus.articles.push(path);
            }
        }
    }
    corpus.articles.sort();
    corpus.sidecars.sort();
    Ok(corpus)
}
