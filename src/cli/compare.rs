//! `margin compare A B`: annotator B against annotator A, for one article or for
//! two directories (file by file, matched by article file name, and in total).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::export::{path_error, sidecar_error, stdout, write_error};
use super::{CliError, CompareArgs, CompareFormat, ExitCode};
use crate::interchange::compare::{Comparison, Counts, Disagreement, compare};
use crate::interchange::corpus::{self, SIDECAR_SUFFIX, article_for_sidecar};
use crate::sidecar::{self, Document};
use crate::text::escape;

pub fn run(args: &CompareArgs) -> Result<(), CliError> {
    let output = match (args.reference.is_dir(), args.candidate.is_dir()) {
        (true, true) => compare_directories(&args.reference, &args.candidate, args.format)?,
        (false, false) => {
            let a = load_side(&args.reference)?;
            let b = load_side(&args.candidate)?;
            warn_if_other_article(&args.reference, &a, &b);
            let comparison = compare(&a, &b);
            match args.format {
                CompareFormat::Json => json(&comparison.to_json()),
                CompareFormat::Text => text_report(&comparison, true),
            }
        }
        _ => {
            return Err(CliError::new(
                ExitCode::Usage,
                "compare two sidecars or two directories, not one of each",
            ));
        }
    };
    let mut out = stdout();
    out.write_all(output.as_bytes()).map_err(write_error)?;
    out.flush().map_err(write_error)
}

/// A sidecar, or the sidecar beside an article.
fn load_side(path: &Path) -> Result<Document, CliError> {
    let is_sidecar = path.to_string_lossy().ends_with(SIDECAR_SUFFIX);
    let sidecar_path = if is_sidecar {
        path.to_path_buf()
    } else {
        sidecar::sidecar_path_for(path)
    };
    sidecar::load(&sidecar_path)
        .map_err(|error| sidecar_error(&error))?
        .ok_or_else(|| {
            CliError::new(
                ExitCode::NoInput,
                format!("{}: no such sidecar", sidecar_path.display()),
            )
        })
}

fn warn_if_other_article(name: &Path, a: &Document, b: &Document) {
    if a.article.sha256 != b.article.sha256 {
        eprintln!(
            "margin: {}: the two sidecars were made on different versions of the article; offsets may not line up",
            escape(&name.to_string_lossy())
        );
    }
}

/// The sidecars under a directory, by article file name.
fn sidecars_by_name(dir: &Path) -> Result<BTreeMap<String, PathBuf>, CliError> {
    let corpus = corpus::walk(dir).map_err(|error| path_error(dir, &error))?;
    let mut by_name = BTreeMap::new();
    for sidecar in corpus.sidecars {
        let Some(name) = article_for_sidecar(&sidecar).and_then(|article| {
            article
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        }) else {
            continue;
        };
        if let Some(other) = by_name.insert(name.clone(), sidecar.clone()) {
            return Err(CliError::new(
                ExitCode::DataErr,
                format!(
                    "{} and {} are both sidecars of an article named {name}; compare them one by one",
                    other.display(),
                    sidecar.display()
                ),
            ));
        }
    }
    Ok(by_name)
}

fn compare_directories(a: &Path, b: &Path, format: CompareFormat) -> Result<String, CliError> {
    let a_files = sidecars_by_name(a)?;
    let b_files = sidecars_by_name(b)?;
    let mut total = Comparison::default();
    let mut files = Vec::new();
    for (name, a_path) in &a_files {
        let Some(b_path) = b_files.get(name) else {
            continue;
        };
        let a_document = load_side(a_path)?;
        let b_document = load_side(b_path)?;
        warn_if_other_article(Path::new(name), &a_document, &b_document);
        let comparison = compare(&a_document, &b_document);
        total.add(&comparison);
        files.push((name.clone(), comparison));
    }
    let only =
        |one: &BTreeMap<String, PathBuf>, other: &BTreeMap<String, PathBuf>| -> Vec<String> {
            one.keys()
                .filter(|name| !other.contains_key(*name))
                .cloned()
                .collect()
        };
    let (only_a, only_b) = (only(&a_files, &b_files), only(&b_files, &a_files));
    Ok(match format {
        CompareFormat::Json => {
            let mut total_json = total.to_json();
            if let Some(object) = total_json.as_object_mut() {
                object.remove("disagreements");
            }
            let files_json: Vec<serde_json::Value> = files
                .iter()
                .map(|(name, comparison)| {
                    let mut value = serde_json::json!({ "file": name });
                    if let (Some(object), serde_json::Value::Object(rest)) =
                        (value.as_object_mut(), comparison.to_json())
                    {
                        object.extend(rest);
                    }
                    value
                })
                .collect();
            json(&serde_json::json!({
                "files": files_json,
                "total": total_json,
                "only_in_a": only_a,
                "only_in_b": only_b,
            }))
        }
        CompareFormat::Text => {
            let mut out = String::new();
            for (name, comparison) in &files {
                let _ = writeln!(out, "== {} ==", escape(name));
                out.push_str(&text_report(comparison, true));
                out.push('\n');
            }
            let _ = writeln!(out, "== total ({} files, micro-averaged) ==", files.len());
            out.push_str(&text_report(&total, false));
            for (side, names) in [("A", &only_a), ("B", &only_b)] {
                if !names.is_empty() {
                    let shown: Vec<_> =
                        names.iter().map(|name| escape(name).into_owned()).collect();
                    let _ = writeln!(out, "only in {side} (not compared): {}", shown.join(", "));
                }
            }
            out
        }
    })
}

fn json(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "  -  ".to_owned(), |value| format!("{value:.3}"))
}

fn scores(counts: &Counts) -> String {
    format!(
        "P {} R {} F1 {} ({} matched)",
        score(counts.precision()),
        score(counts.recall()),
        score(counts.f1()),
        counts.matched
    )
}

/// The human-readable report: scores per kind, agreement, and (for one
/// article) the disagreements.
fn text_report(comparison: &Comparison, with_disagreements: bool) -> String {
    let mut out = String::new();
    for (kind, kind_scores) in &comparison.by_kind {
        let _ = writeln!(
            out,
            "{:<6} A {} spans, B {} spans\n  exact    {}\n  overlap  {}",
            kind.as_str(),
            kind_scores.overlap.reference,
            kind_scores.overlap.candidate,
            scores(&kind_scores.exact),
            scores(&kind_scores.overlap),
        );
        let speakers = &kind_scores.speakers;
        if *kind == crate::detect::Kind::Quote && speakers.compared > 0 {
            let _ = writeln!(
                out,
                "  speaker  {} same on {} of {} matched quotes A attributes",
                score(speakers.accuracy()),
                speakers.same,
                speakers.compared
            );
        }
    }
    let statuses = &comparison.statuses;
    let _ = writeln!(
        out,
        "decisions: observed agreement {}, Cohen's kappa {} over {} matched pairs",
        score(statuses.observed()),
        score(statuses.kappa()),
        statuses.pairs()
    );
    if with_disagreements {
        let _ = writeln!(out, "disagreements: {}", comparison.disagreements.len());
        for disagreement in &comparison.disagreements {
            out.push_str(&disagreement_line(disagreement));
        }
    }
    out
}

fn disagreement_line(disagreement: &Disagreement) -> String {
    let what: Vec<&str> = disagreement
        .differences
        .iter()
        .map(|difference| difference.as_str())
        .collect();
    let side = |name: &str, span: Option<&crate::interchange::compare::SpanRef>| {
        span.map(|span| {
            let mut text: String = span.text.chars().take(60).collect();
            if span.text.chars().nth(60).is_some() {
                text.push('…');
            }
            let status = crate::interchange::export::status_name(span.status);
            format!(
                " {name} {}..{} {status} “{}”",
                span.start,
                span.end,
                escape(&text)
            )
        })
        .unwrap_or_default()
    };
    format!(
        "  {} {}:{}{}\n",
        disagreement.kind.as_str(),
        what.join("+"),
        side("A", disagreement.a.as_ref()),
        side("B", disagreement.b.as_ref())
    )
}
