//! Progress over a corpus: how many articles, how much of each kind in each
//! status, how much is reviewed, and who reviewed it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::corpus::{self, article_for_sidecar};
use crate::sidecar::{self, Annotation, Status, sidecar_path_for};

/// Annotations by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub pending: usize,
    pub confirmed: usize,
    pub rejected: usize,
}

impl StatusCounts {
    fn record(&mut self, status: Status) {
        match status {
            Status::Pending => self.pending += 1,
            Status::Confirmed => self.confirmed += 1,
            Status::Rejected => self.rejected += 1,
        }
    }

    fn add(&mut self, other: &Self) {
        self.pending += other.pending;
        self.confirmed += other.confirmed;
        self.rejected += other.rejected;
    }

    pub fn total(&self) -> usize {
        self.pending + self.confirmed + self.rejected
    }

    /// Share decided (confirmed or rejected); `None` when there is nothing.
    pub fn reviewed_share(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| (self.confirmed + self.rejected) as f64 / total as f64)
    }
}

/// Progress over a corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CorpusStats {
    /// Articles, with or without a sidecar.
    pub articles: usize,
    /// Articles that have a sidecar.
    pub with_sidecar: usize,
    /// Articles with annotations, none of them pending.
    pub fully_reviewed: usize,
    pub annotations: StatusCounts,
    /// By kind (`quote`, `claim`).
    pub by_kind: BTreeMap<String, StatusCounts>,
    /// By annotator; `(none)` for annotations nobody has touched.
    pub by_annotator: BTreeMap<String, StatusCounts>,
    /// Sidecars that could not be read, with why.
    pub unreadable: Vec<Unreadable>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub path: PathBuf,
    pub error: String,
}

impl CorpusStats {
    fn add_annotations(&mut self, annotations: &[Annotation]) {
        let mut counts = StatusCounts::default();
        for annotation in annotations {
            counts.record(annotation.status);
            self.by_kind
                .entry(annotation.kind.as_str().to_owned())
                .or_default()
                .record(annotation.status);
            let annotator = annotation.annotator().unwrap_or("(none)");
            self.by_annotator
                .entry(annotator.to_owned())
                .or_default()
                .record(annotation.status);
        }
        if counts.total() > 0 && counts.pending == 0 {
            self.fully_reviewed += 1;
        }
        self.annotations.add(&counts);
    }

    fn merge(mut self, other: Self) -> Self {
        self.articles += other.articles;
        self.with_sidecar += other.with_sidecar;
        self.fully_reviewed += other.fully_reviewed;
        self.annotations.add(&other.annotations);
        for (key, counts) in other.by_kind {
            self.by_kind.entry(key).or_default().add(&counts);
        }
        for (key, counts) in other.by_annotator {
            self.by_annotator.entry(key).or_default().add(&counts);
        }
        self.unreadable.extend(other.unreadable);
        self
    }

    /// Share of all annotations decided.
    pub fn reviewed_share(&self) -> Option<f64> {
        self.annotations.reviewed_share()
    }
}

/// The progress of every article under `dir` (articles, and sidecars whose
/// article is missing, each counted once).
pub fn corpus_stats(dir: &Path) -> std::io::Result<CorpusStats> {
    let corpus = corpus::walk(dir)?;
    let mut articles = corpus.articles;
    articles.extend(
        corpus
            .sidecars
            .iter()
            .filter_map(|path| article_for_sidecar(path)),
    );
    articles.sort();
    articles.dedup();
    let mut stats = articles
        .par_iter()
        .map(|article| article_stats(article))
        .reduce(CorpusStats::default, CorpusStats::merge);
    stats.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(stats)
}

fn article_stats(article: &Path) -> CorpusStats {
    let mut stats = CorpusStats {
        articles: 1,
        ..CorpusStats::default()
    };
    let sidecar = sidecar_path_for(article);
    match sidecar::load(&sidecar) {
        Ok(Some(document)) => {
            stats.with_sidecar = 1;
            stats.add_annotations(&document.annotations);
        }
        Ok(None) => {}
        Err(error) => stats.unreadable.push(Unreadable {
            path: sidecar,
            error: error.to_string(),
        }),
    }
    stats
}
