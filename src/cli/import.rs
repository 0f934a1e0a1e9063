//! `margin import`: another tool's annotations into the article's sidecar.

use std::fmt::Write as _;

use super::export::{default_annotator, load_error, path_error, sidecar_error};
use super::{CliError, ExitCode, ImportArgs, ImportFormat};
use crate::article::{Article, ReadOptions};
use crate::interchange::import::{self, ImportOptions, Imported, brat, jsonl};
use crate::interchange::now_rfc3339;
use crate::sidecar::{self, Status};
use crate::text::escape;

pub fn run(args: &ImportArgs) -> Result<(), CliError> {
    let article = Article::read(&args.article, ReadOptions::default())
        .map_err(|error| load_error(error.into()))?;
    let bytes = std::fs::read(&args.file).map_err(|error| path_error(&args.file, &error))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        CliError::new(
            ExitCode::DataErr,
            format!(
                "{}: invalid UTF-8 at byte {}",
                args.file.display(),
                error.utf8_error().valid_up_to()
            ),
        )
    })?;
    let options = ImportOptions {
        annotator: default_annotator(args.annotator.as_ref()),
        status: args.status.map_or(Status::Confirmed, Into::into),
        timestamp: Some(now_rfc3339()),
    };
    let parsed = match args.format {
        ImportFormat::Brat => brat::parse(&text, &article, &options),
        ImportFormat::Jsonl => jsonl::parse(&text, &article, &options),
    };
    let Imported { document, ignored } = parsed.map_err(|error| {
        CliError::new(
            ExitCode::DataErr,
            format!("{}:{error}", args.file.display()),
        )
    })?;

    let sidecar_path = args
        .sidecar
        .clone()
        .unwrap_or_else(|| sidecar::sidecar_path_for(&args.article));
    let existing = sidecar::load(&sidecar_path).map_err(|error| sidecar_error(&error))?;
    let (merged, report) =
        import::into_sidecar(existing, &article, &sidecar_path, document.annotations);
    sidecar::save(&sidecar_path, &merged).map_err(|error| sidecar_error(&error))?;

    let mut summary = format!(
        "imported {} into {}: {} added, {} filled in, {} decisions kept",
        args.file.display(),
        sidecar_path.display(),
        report.added,
        report.filled,
        report.kept
    );
    if !ignored.is_empty() {
        let skipped: Vec<String> = ignored
            .iter()
            .map(|(what, count)| format!("{what} {count}"))
            .collect();
        let _ = write!(summary, "; skipped {}", skipped.join(", "));
    }
    println!("{}", escape(&summary));
    Ok(())
}
