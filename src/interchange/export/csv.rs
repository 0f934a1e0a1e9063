//! CSV: one row per annotation, RFC 4180 (CRLF records; fields with commas,
//! quotes or line breaks quoted, quotes doubled).
//!
//! Cells are written exactly as the text is; a spreadsheet may treat a cell that
//! starts with `=`, `+`, `-` or `@` as a formula, so open untrusted exports as text.

use super::{ArticleExport, origin_name, status_name};

/// The header row's columns, in order.
pub const COLUMNS: [&str; 23] = [
    "article",
    "id",
    "kind",
    "status",
    "start",
    "end",
    "text",
    "speaker",
    "style",
    "verdict",
    "note",
    "source_start",
    "source_end",
    "source_text",
    "cue_start",
    "cue_end",
    "cue_text",
    "score",
    "origin",
    "edited",
    "annotator",
    "created",
    "updated",
];

/// A CSV writer with RFC 4180 settings.
pub fn writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// Writes the header row.
pub fn write_header<W: std::io::Write>(writer: &mut csv::Writer<W>) -> csv::Result<()> {
    writer.write_record(COLUMNS)
}

/// Writes one row per exported annotation of the article.
pub fn write_rows<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    export: &ArticleExport<'_>,
) -> csv::Result<()> {
    let article = export.article.path().to_string_lossy();
    for annotation in &export.annotations {
        let source = annotation.source.as_ref();
        let cue = annotation.cue.as_ref();
        let number = |value: Option<u64>| value.map(|v| v.to_string()).unwrap_or_default();
        writer.write_record([
            article.as_ref(),
            &annotation.id,
            annotation.kind.as_str(),
            status_name(annotation.status),
            &annotation.start.to_string(),
            &annotation.end.to_string(),
            &annotation.text,
            annotation.speaker.as_deref().unwrap_or_default(),
            annotation
                .style
                .map(crate::detect::Style::as_str)
                .unwrap_or_default(),
            annotation.label().unwrap_or_default(),
            annotation.note(),
            &number(source.map(|s| s.start)),
            &number(source.map(|s| s.end)),
            source.map(|s| s.text.as_str()).unwrap_or_default(),
            &number(cue.map(|c| c.start)),
            &number(cue.map(|c| c.end)),
            cue.map(|c| c.text.as_str()).unwrap_or_default(),
            &annotation.score.map(|s| s.to_string()).unwrap_or_default(),
            origin_name(annotation.origin),
            if annotation.edited { "true" } else { "false" },
            annotation.annotator().unwrap_or_default(),
            annotation.created().unwrap_or_default(),
            annotation.updated().unwrap_or_default(),
        ])?;
    }
    Ok(())
}
