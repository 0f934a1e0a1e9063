//! A fact-check report in Markdown, for a person to read: the claims with their
//! verdicts and notes, the quotes grouped by speaker, what is still pending.
//!
//! The report always covers the whole review (confirmed items in the sections,
//! pending ones listed, rejected ones counted), so it takes no selection.

use std::fmt::Write as _;

use super::{ArticleExport, one_line};
use crate::detect::Kind;
use crate::sidecar::{Annotation, Status};

/// The report for one article (build the export with `Selection::All`).
pub fn report(export: &ArticleExport<'_>) -> String {
    let with = |status: Status| -> Vec<&Annotation> {
        export
            .annotations
            .iter()
            .copied()
            .filter(|annotation| annotation.status == status)
            .collect()
    };
    let confirmed = with(Status::Confirmed);
    let pending = with(Status::Pending);
    let rejected = with(Status::Rejected);

    let mut out = String::new();
    let _ = writeln!(out, "# Fact-check report: {}\n", inline(&export.name()));
    let total = export.annotations.len();
    let reviewed = confirmed.len() + rejected.len();
    let _ = writeln!(
        out,
        "{total} annotations: {} confirmed, {} rejected, {} pending ({} reviewed).\n",
        confirmed.len(),
        rejected.len(),
        pending.len(),
        percent(reviewed, total),
    );
    if export.stale > 0 {
        let _ = writeln!(
            out,
            "{} annotations no longer match the article and are left out.\n",
            export.stale
        );
    }
    claims_section(&mut out, export, &confirmed);
    quotes_section(&mut out, &confirmed);
    pending_section(&mut out, &pending);
    out
}

fn claims_section(out: &mut String, export: &ArticleExport<'_>, confirmed: &[&Annotation]) {
    let claims: Vec<_> = confirmed.iter().filter(|a| a.kind == Kind::Claim).collect();
    let _ = writeln!(out, "## Claims ({})\n", claims.len());
    if claims.is_empty() {
        out.push_str("No confirmed claims.\n\n");
    }
    for (number, claim) in claims.iter().enumerate() {
        let verdict = claim
            .label()
            .map_or_else(|| "no verdict yet".to_owned(), inline);
        let _ = writeln!(
            out,
            "{}. **Verdict: {verdict}**: {}",
            number + 1,
            quoted(&claim.text)
        );
        if let Some(speaker) = export.speaker_of(claim) {
            let _ = writeln!(out, "   - Said by: {}", inline(speaker));
        }
        if !claim.note().is_empty() {
            let _ = writeln!(out, "   - Note: {}", inline(claim.note()));
        }
    }
    out.push('\n');
}

fn quotes_section(out: &mut String, confirmed: &[&Annotation]) {
    let quotes: Vec<_> = confirmed.iter().filter(|a| a.kind == Kind::Quote).collect();
    let _ = writeln!(out, "## Quotes by speaker ({})\n", quotes.len());
    if quotes.is_empty() {
        out.push_str("No confirmed quotes.\n\n");
    }
    // Speakers in the order they first speak; quotes without one come last.
    let mut speakers: Vec<Option<&str>> = Vec::new();
    for quote in &quotes {
        if !speakers.contains(&quote.speaker.as_deref()) {
            speakers.push(quote.speaker.as_deref());
        }
    }
    speakers.sort_by_key(Option::is_none);
    for speaker in speakers {
        let theirs: Vec<_> = quotes
            .iter()
            .filter(|quote| quote.speaker.as_deref() == speaker)
            .collect();
        let name = speaker.map_or_else(|| "Speaker unknown".to_owned(), inline);
        let _ = writeln!(out, "### {name} ({})\n", theirs.len());
        for quote in theirs {
            let style = quote
                .style
                .map(|style| format!(" ({})", style.as_str()))
                .unwrap_or_default();
            let _ = writeln!(out, "- {}{style}", quoted(&quote.text));
            if !quote.note().is_empty() {
                let _ = writeln!(out, "  - Note: {}", inline(quote.note()));
            }
        }
        out.push('\n');
    }
}

fn pending_section(out: &mut String, pending: &[&Annotation]) {
    let _ = writeln!(out, "## Still pending ({})\n", pending.len());
    if pending.is_empty() {
        out.push_str("Nothing left to review.\n\n");
    }
    for annotation in pending {
        let _ = writeln!(
            out,
            "- {} at {}–{}: {}",
            annotation.kind.as_str(),
            annotation.start,
            annotation.end,
            quoted(&annotation.text)
        );
    }
    if !pending.is_empty() {
        out.push('\n');
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "nothing to review".to_owned();
    }
    format!("{:.0}%", part as f64 * 100.0 / whole as f64)
}

/// Span text in quotation marks, unless it already has its own.
fn quoted(text: &str) -> String {
    let marks = [
        '"', '“', '”', '„', '«', '»', '‘', '’', '\'', '「', '」', '『', '』',
    ];
    let trimmed = text.trim();
    let has_own = trimmed.starts_with(marks) && trimmed.ends_with(marks);
    if has_own {
        inline(trimmed)
    } else {
        format!("“{}”", inline(trimmed))
    }
}

/// Text from the article or a reviewer as inline Markdown: one line, and every
/// character that Markdown or HTML would interpret inside a line escaped, so an
/// article cannot inject links, images, code or markup into the report. (Text is
/// never at the start of a line here, so list and heading markers need no escape.)
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if "\\`*_[]<>#|~&$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
