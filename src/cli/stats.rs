//! `margin stats DIR`: review progress over a corpus.

use std::fmt::Write as _;
use std::io::Write as _;

use super::export::{path_error, stdout, write_error};
use super::{CliError, StatsArgs};
use crate::interchange::stats::{CorpusStats, StatusCounts, corpus_stats};
use crate::text::escape;

pub fn run(args: &StatsArgs) -> Result<(), CliError> {
    let stats = corpus_stats(&args.dir).map_err(|error| path_error(&args.dir, &error))?;
    let output = if args.json {
        let mut value = serde_json::to_value(&stats).unwrap_or_default();
        value["reviewed_share"] = serde_json::json!(stats.reviewed_share());
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    } else {
        text(&stats)
    };
    let mut out = stdout();
    out.write_all(output.as_bytes()).map_err(write_error)?;
    out.flush().map_err(write_error)
}

fn counts(counts: &StatusCounts) -> String {
    let share = counts
        .reviewed_share()
        .map_or_else(|| "-".to_owned(), |share| format!("{:.0}%", share * 100.0));
    format!(
        "{:>6} {:>9} {:>8} {:>7}  {share:>8}",
        counts.total(),
        counts.confirmed,
        counts.rejected,
        counts.pending
    )
}

fn text(stats: &CorpusStats) -> String {
    let mut out = format!(
        "{} articles, {} with a sidecar, {} fully reviewed\n\n",
        stats.articles, stats.with_sidecar, stats.fully_reviewed
    );
    let header = format!(
        "{:<20} {:>6} {:>9} {:>8} {:>7}  {:>8}\n",
        "", "total", "confirmed", "rejected", "pending", "reviewed"
    );
    out.push_str(&header);
    let _ = writeln!(out, "{:<20} {}", "all", counts(&stats.annotations));
    for (kind, kind_counts) in &stats.by_kind {
        let _ = writeln!(out, "{kind:<20} {}", counts(kind_counts));
    }
    if !stats.by_annotator.is_empty() {
        let _ = write!(out, "\nby annotator\n{header}");
        for (annotator, annotator_counts) in &stats.by_annotator {
            let _ = writeln!(
                out,
                "{:<20} {}",
                escape(annotator),
                counts(annotator_counts)
            );
        }
    }
    for unreadable in &stats.unreadable {
        let _ = writeln!(out, "unreadable: {}", escape(&unreadable.error));
    }
    out
}
