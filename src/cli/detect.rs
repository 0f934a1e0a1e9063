//! `margin detect`: the detector's candidates, as a table or (for one file) as
//! the sidecar document it would start from. Writes nothing.

pub mod table;

use std::fmt::Write as _;

use super::{CliError, DetectArgs, ExitCode};
use crate::article::{Article, ReadOptions};
use crate::sidecar::{Annotation, build, io};
use table::{Table, excerpt};

pub fn run(args: &DetectArgs) -> Result<(), CliError> {
    if args.json && args.files.len() > 1 {
        return Err(CliError::new(
            ExitCode::Usage,
            "detect --json takes one FILE (it prints that file's sidecar document)",
        ));
    }
    let options = ReadOptions {
        max_bytes: args.read.max_size,
    };
    let mut out = String::new();
    for (index, path) in args.files.iter().enumerate() {
        let article = Article::read(path, options)?;
        let document = build::detect_document(&article, &io::sidecar_path_for(path));
        if args.json {
            out.push_str(&String::from_utf8_lossy(&io::to_bytes(&document)));
            continue;
        }
        if args.files.len() > 1 {
            if index > 0 {
                out.push('\n');
            }
            let _ = writeln!(out, "{}:", crate::text::escape(&path.display().to_string()));
        }
        out.push_str(&candidates_table(&document.annotations));
    }
    table::print(&out)
}

/// kind, style, speaker, score, excerpt: one row per candidate.
fn candidates_table(annotations: &[Annotation]) -> String {
    let mut table = Table::new(["KIND", "STYLE", "SPEAKER", "SCORE", "EXCERPT"]);
    for annotation in annotations {
        table.row([
            annotation.kind.as_str().to_owned(),
            annotation
                .style
                .map_or("-", |style| style.as_str())
                .to_owned(),
            annotation.speaker.as_deref().unwrap_or("-").to_owned(),
            annotation
                .score
                .map_or_else(|| "-".to_owned(), |score| format!("{score:.2}")),
            excerpt(&annotation.text),
        ]);
    }
    table.render()
}
