//! `margin list`: what a sidecar holds, as a table or a JSON array.

use super::detect::table::{self, Table, excerpt};
use super::{CliError, ExitCode, ListArgs};
use crate::detect::Kind;
use crate::sidecar::{Annotation, Status, io};

pub fn run(args: &ListArgs) -> Result<(), CliError> {
    let sidecar = args
        .sidecar
        .clone()
        .unwrap_or_else(|| io::sidecar_path_for(&args.file));
    let annotations = match io::load(&sidecar)? {
        Some(document) => document.annotations,
        // No sidecar yet is an empty list, unless the article is missing too.
        None if args.file.exists() => Vec::new(),
        None => {
            return Err(CliError::new(
                ExitCode::NoInput,
                format!(
                    "{}: no such file (and no sidecar {})",
                    args.file.display(),
                    sidecar.display()
                ),
            ));
        }
    };
    let status = args.status.map(Status::from);
    let kind = args.kind.map(Kind::from);
    let mut selected: Vec<&Annotation> = annotations
        .iter()
        .filter(|a| status.is_none_or(|status| a.status == status))
        .filter(|a| kind.is_none_or(|kind| a.kind == kind))
        .collect();
    selected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    if args.json {
        let mut json = serde_json::to_string_pretty(&selected)
            .map_err(|error| CliError::new(ExitCode::IoErr, error.to_string()))?;
        json.push('\n');
        return table::print(&json);
    }
    table::print(&annotations_table(&selected))
}

fn annotations_table(annotations: &[&Annotation]) -> String {
    let mut table = Table::new([
        "ID", "STATUS", "KIND", "ANCHOR", "SPAN", "SPEAKER", "EXCERPT",
    ]);
    for annotation in annotations {
        table.row([
            annotation.id.to_string(),
            serde_plain(&annotation.status),
            annotation.kind.as_str().to_owned(),
            serde_plain(&annotation.anchor),
            format!("{}-{}", annotation.start, annotation.end),
            annotation.speaker.as_deref().unwrap_or("-").to_owned(),
            excerpt(&annotation.text),
        ]);
    }
    table.render()
}

/// An enum's name as the sidecar writes it (`needs_review`).
fn serde_plain<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}
