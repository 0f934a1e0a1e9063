//! `margin FILE...` / `margin DIR`: the review screen.

use std::path::{Path, PathBuf};

use super::{CliError, ExitCode, ReviewArgs};
use crate::app::Settings;
use crate::app::state::DEFAULT_LABELS;
use crate::article::ReadOptions;
use crate::runtime::{self, OpenOptions, RuntimeError};

pub fn run(args: &ReviewArgs) -> Result<(), CliError> {
    let paths = articles(&args.paths)?;
    if args.sidecar.is_some() && paths.len() > 1 {
        return Err(CliError::new(
            ExitCode::Usage,
            "--sidecar works with one article only",
        ));
    }
    let settings = Settings {
        annotator: args
            .annotator
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "unknown".to_owned()),
        labels: labels(args.labels.as_deref())?,
        color: std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
    };
    let options = OpenOptions {
        sidecar: args.sidecar.clone(),
        read_only: args.read_only,
        detect: !args.no_detect,
        read: ReadOptions {
            max_bytes: args.read.max_size,
        },
    };
    runtime::run(paths, options, settings).map_err(|error| match error {
        RuntimeError::Article(error) => CliError::from(error),
        other => CliError::new(ExitCode::IoErr, other.to_string()),
    })
}

/// The articles to review: the files given, or every article in one directory
/// (sidecars, recovery and lock files left out), in name order.
fn articles(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    match paths {
        [] => Err(CliError::new(
            ExitCode::Usage,
            "give the articles to review (margin FILE... or margin DIR); see margin --help",
        )),
        [dir] if dir.is_dir() => {
            let entries = std::fs::read_dir(dir).map_err(|error| {
                CliError::new(ExitCode::NoInput, format!("{}: {error}", dir.display()))
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_file() && is_article_name(path))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(CliError::new(
                    ExitCode::NoInput,
                    format!("{}: no articles in this directory", dir.display()),
                ));
            }
            Ok(files)
        }
        paths => Ok(paths.to_vec()),
    }
}

fn is_article_name(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    !name.starts_with('.')
        && !name.contains(".annotations.json")
        && !name.ends_with(".lock")
        && !name.ends_with(".recovery")
}

/// `--labels FILE`: one label a line, blank lines ignored.
fn labels(path: Option<&Path>) -> Result<Vec<String>, CliError> {
    let Some(path) = path else {
        return Ok(DEFAULT_LABELS
            .iter()
            .map(|&label| label.to_owned())
            .collect());
    };
    let text = std::fs::read_to_string(path).map_err(|error| {
        CliError::new(ExitCode::NoInput, format!("{}: {error}", path.display()))
    })?;
    let labels: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    if labels.is_empty() {
        return Err(CliError::new(
            ExitCode::DataErr,
            format!("{}: no labels in the file", path.display()),
        ));
    }
    Ok(labels)
}
