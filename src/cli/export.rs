//! `margin export`: annotations in another tool's format, to standard output or
//! a file (brat: a directory of `.ann`/`.txt` files for several articles).
//!
//! Output is exact into files and pipes; on a terminal, characters that could
//! drive it (escapes, bidi overrides) are shown escaped instead.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use super::{CliError, ExitCode, ExportArgs, ExportFormat};
use crate::article::ReadOptions;
use crate::interchange::export::{
    ArticleExport, Selection, brat, claimreview, csv, jsonl, markdown, w3c,
};
use crate::interchange::{Annotated, LoadError};
use crate::sidecar::SidecarError;
use crate::text::escape;

pub fn run(args: &ExportArgs) -> Result<(), CliError> {
    let selection = selection(args)?;
    let loaded = args
        .files
        .iter()
        .map(|path| Annotated::load(path, ReadOptions::default()).map_err(load_error))
        .collect::<Result<Vec<_>, _>>()?;
    let exports: Vec<ArticleExport<'_>> = loaded
        .iter()
        .map(|annotated| ArticleExport::new(annotated, selection))
        .collect();
    for export in exports.iter().filter(|export| export.stale > 0) {
        eprintln!(
            "margin: {}: {} annotations no longer match the article and are left out",
            escape(&export.article.path().to_string_lossy()),
            export.stale
        );
    }
    if args.format == ExportFormat::Brat {
        return write_brat(&exports, args.output.as_deref());
    }
    let mut out = open_output(args.output.as_deref())?;
    write_stream(args.format, &exports, &mut out).map_err(write_error)?;
    out.flush().map_err(write_error)
}

fn selection(args: &ExportArgs) -> Result<Selection, CliError> {
    if args.format == ExportFormat::Markdown {
        if args.all || args.status.is_some() {
            return Err(CliError::new(
                ExitCode::Usage,
                "the markdown report always covers every status; drop --status/--all",
            ));
        }
        return Ok(Selection::All);
    }
    Ok(match (args.all, args.status) {
        (true, _) => Selection::All,
        (false, Some(status)) => Selection::Status(status.into()),
        (false, None) => Selection::default(),
    })
}

/// Every format but brat: one stream of text.
fn write_stream(
    format: ExportFormat,
    exports: &[ArticleExport<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ExportFormat::Jsonl => {
            for export in exports {
                out.write_all(jsonl::line(export).as_bytes())?;
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::writer(out);
            csv::write_header(&mut writer).map_err(io::Error::other)?;
            for export in exports {
                csv::write_rows(&mut writer, export).map_err(io::Error::other)?;
            }
            writer.flush()?;
        }
        ExportFormat::Markdown => {
            let reports: Vec<String> = exports.iter().map(markdown::report).collect();
            out.write_all(reports.join("---\n\n").as_bytes())?;
        }
        ExportFormat::W3c => {
            let items: Vec<_> = exports.iter().flat_map(w3c::annotations).collect();
            write_json(out, &w3c::collection(&items))?;
        }
        ExportFormat::Claimreview => {
            let reviews: Vec<_> = exports.iter().flat_map(claimreview::reviews).collect();
            write_json(out, &serde_json::Value::Array(reviews))?;
        }
        ExportFormat::Brat => {
            for export in exports {
                out.write_all(brat::ann(export).as_bytes())?;
            }
        }
    }
    Ok(())
}

fn write_json(out: &mut dyn Write, value: &serde_json::Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// brat: one article to standard output or a file; several (or `-o` naming a
/// directory) to a directory of `<name>.ann` and `<name>.txt`, with an
/// `annotation.conf`, ready to open in brat.
fn write_brat(exports: &[ArticleExport<'_>], output: Option<&Path>) -> Result<(), CliError> {
    let to_directory = exports.len() > 1 || output.is_some_and(Path::is_dir);
    match output {
        Some(dir) if to_directory => write_brat_directory(exports, dir),
        _ if to_directory => Err(CliError::new(
            ExitCode::Usage,
            "brat export of several articles needs -o DIR (a .ann per article goes there)",
        )),
        _ => {
            let mut out = open_output(output)?;
            write_stream(ExportFormat::Brat, exports, &mut out).map_err(write_error)?;
            out.flush().map_err(write_error)
        }
    }
}

fn write_brat_directory(exports: &[ArticleExport<'_>], dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|error| path_error(dir, &error))?;
    let mut names = std::collections::HashMap::new();
    for export in exports {
        let name = brat::document_name(export.article.path());
        if let Some(other) = names.insert(name.clone(), export.article.path()) {
            return Err(CliError::new(
                ExitCode::Usage,
                format!(
                    "{} and {} would both be written as {name}.ann; export them separately",
                    other.display(),
                    export.article.path().display()
                ),
            ));
        }
        write_file(
            &dir.join(format!("{name}.ann")),
            brat::ann(export).as_bytes(),
        )?;
        let text = dir.join(format!("{name}.txt"));
        // brat reads the text beside the .ann; never write over the article itself.
        if !same_file(&text, export.article.path()) {
            write_file(&text, export.article.text().as_bytes())?;
        }
    }
    let conf = dir.join("annotation.conf");
    match std::fs::read_to_string(&conf) {
        Ok(existing) if !existing.starts_with(brat::CONF_MARKER) => {
            eprintln!(
                "margin: {} is not one margin wrote; left as it is",
                escape(&conf.to_string_lossy())
            );
            Ok(())
        }
        _ => write_file(&conf, brat::conf(exports).as_bytes()),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    std::fs::write(path, bytes).map_err(|error| path_error(path, &error))
}

/// Standard output (escaped on a terminal) or a new file.
pub(super) fn open_output(output: Option<&Path>) -> Result<Box<dyn Write>, CliError> {
    match output {
        Some(path) => {
            let file = File::create(path).map_err(|error| path_error(path, &error))?;
            Ok(Box::new(BufWriter::new(file)))
        }
        None => Ok(stdout()),
    }
}

/// Standard output; on a terminal, through [`TerminalSafe`].
pub(super) fn stdout() -> Box<dyn Write> {
    let stdout = io::stdout();
    if stdout.is_terminal() {
        Box::new(TerminalSafe::new(stdout.lock()))
    } else {
        Box::new(BufWriter::new(stdout.lock()))
    }
}

/// A writer that escapes, on the way to a terminal, every character that could
/// drive it (line breaks and tabs pass: they only lay the text out).
pub(super) struct TerminalSafe<W: Write> {
    inner: W,
    /// The start of a character split across two writes.
    partial: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub(super) fn new(inner: W) -> Self {
        Self {
            inner,
            partial: Vec::new(),
        }
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(bytes);
        let valid = match std::str::from_utf8(&self.partial) {
            Ok(text) => text.len(),
            Err(error) if error.error_len().is_none() => error.valid_up_to(),
            // Not UTF-8 at all (never produced here): shown as replacement characters.
            Err(_) => self.partial.len(),
        };
        let text = String::from_utf8_lossy(&self.partial[..valid]);
        let mut shown = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, '\n' | '\t') {
                shown.push(c);
            } else {
                crate::text::escape_char(c, &mut shown);
            }
        }
        self.inner.write_all(shown.as_bytes())?;
        self.partial.drain(..valid);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A failure to load an article or its sidecar, as the command reports it.
pub(super) fn load_error(error: LoadError) -> CliError {
    match error {
        LoadError::Article(error) => error.into(),
        LoadError::Sidecar(error) => sidecar_error(&error),
    }
}

pub(super) fn sidecar_error(error: &SidecarError) -> CliError {
    let code = match error {
        SidecarError::Read { source, .. } if source.kind() == io::ErrorKind::PermissionDenied => {
            ExitCode::NoInput
        }
        SidecarError::Parse { .. } => ExitCode::DataErr,
        _ => ExitCode::IoErr,
    };
    CliError::new(code, error.to_string())
}

pub(super) fn path_error(path: &Path, error: &io::Error) -> CliError {
    let code = match error.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => ExitCode::NoInput,
        _ => ExitCode::IoErr,
    };
    CliError::new(code, format!("{}: {error}", path.display()))
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(write_error)`
pub(super) fn write_error(error: io::Error) -> CliError {
    CliError::new(ExitCode::IoErr, format!("cannot write the output: {error}"))
}

/// The value of `$USER`, for annotations whose annotator is not given.
pub(super) fn default_annotator(given: Option<&String>) -> Option<String> {
    given
        .cloned()
        .or_else(|| std::env::var("USER").ok().filter(|user| !user.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_shows_escapes_and_keeps_split_characters_whole() {
        let mut out = TerminalSafe::new(Vec::new());
        let text = "a\u{1b}[2Jb\u{202e}c\té\n".as_bytes();
        // Split inside the two-byte `é`.
        let split = text.len() - 2;
        out.write_all(&text[..split]).expect("writes");
        out.write_all(&text[split..]).expect("writes");
        let shown = String::from_utf8(out.inner).expect("UTF-8");
        assert_eq!(shown, "a␛[2Jb⟨U+202E⟩c\té\n");
    }
}
