//! brat standoff: a `.ann` per article, beside a copy of its text (`.txt`), with
//! an `annotation.conf` that declares what the files use.
//!
//! - `T` lines: `Quote`/`Claim` spans, and the `Source` (speaker mention) and
//!   `Cue` spans of quotes, tied to their quote by `Attributed` and `Cued`
//!   relations (`R` lines).
//! - `A` lines: `Status`, `Style`, `Verdict` and `Speaker` attributes. brat
//!   values are single tokens, so `%`, whitespace and controls in a value are
//!   percent-encoded (`mostly%20true`).
//! - `#` lines: the note, as `AnnotatorNotes` (one line: breaks become spaces).
//!
//! Offsets are code points, as brat counts them. A span that crosses a line
//! break is written as fragments around the break (`10 20;21 30`), which is how
//! brat itself stores such spans; the text field joins the fragments with a space.
//! Line breaks at either end of a span cannot be written and are left out.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use super::{ArticleExport, one_line, status_name};
use crate::detect::Kind;
use crate::sidecar::{Annotation, TextSpan};

/// First line of every `annotation.conf` this writes; one without it is the
/// user's and is never replaced.
pub const CONF_MARKER: &str = "# written by margin export --format brat";

/// The verdicts the label set has by default; declared even when unused.
const DEFAULT_VERDICTS: [&str; 4] = ["true", "false", "misleading", "unverifiable"];

/// The brat document name of an article: `story.txt` -> `story`; any other name
/// is kept whole (`story.md` -> `story.md`), since brat needs `<name>.txt`.
pub fn document_name(article: &Path) -> String {
    let name = article.file_name().unwrap_or_default().to_string_lossy();
    match name.strip_suffix(".txt") {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => name.into_owned(),
    }
}

/// The brat type of a kind.
pub fn type_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Quote => "Quote",
        Kind::Claim => "Claim",
    }
}

/// The `.ann` text of one article.
pub fn ann(export: &ArticleExport<'_>) -> String {
    let mut writer = AnnWriter::default();
    for annotation in &export.annotations {
        writer.annotation(annotation);
    }
    writer.out
}

#[derive(Default)]
struct AnnWriter {
    out: String,
    spans: usize,
    relations: usize,
    attributes: usize,
    notes: usize,
}

impl AnnWriter {
    fn annotation(&mut self, annotation: &Annotation) {
        let Some(id) = self.span(
            type_name(annotation.kind),
            annotation.start,
            &annotation.text,
        ) else {
            return;
        };
        self.attribute("Status", &id, status_name(annotation.status));
        if let Some(style) = annotation.style {
            self.attribute("Style", &id, style.as_str());
        }
        if let Some(label) = annotation.label() {
            self.attribute("Verdict", &id, &encode_value(label));
        }
        if let Some(speaker) = &annotation.speaker {
            self.attribute("Speaker", &id, &encode_value(speaker));
        }
        self.role("Source", "Attributed", &id, annotation.source.as_deref());
        self.role("Cue", "Cued", &id, annotation.cue.as_deref());
        let note = one_line(annotation.note());
        if !note.is_empty() {
            self.notes += 1;
            let _ = writeln!(self.out, "#{}\tAnnotatorNotes {id}\t{note}", self.notes);
        }
    }

    /// Writes a `T` line; `None` when the span is nothing but line breaks.
    fn span(&mut self, type_name: &str, start: u64, text: &str) -> Option<String> {
        let fragments = fragments(start, text);
        if fragments.is_empty() {
            return None;
        }
        self.spans += 1;
        let id = format!("T{}", self.spans);
        let offsets: Vec<String> = fragments
            .iter()
            .map(|(start, end, _)| format!("{start} {end}"))
            .collect();
        let texts: Vec<&str> = fragments.iter().map(|(_, _, text)| *text).collect();
        let _ = writeln!(
            self.out,
            "{id}\t{type_name} {}\t{}",
            offsets.join(";"),
            texts.join(" ")
        );
        Some(id)
    }

    fn attribute(&mut self, name: &str, target: &str, value: &str) {
        self.attributes += 1;
        let _ = writeln!(self.out, "A{}\t{name} {target} {value}", self.attributes);
    }

    fn role(&mut self, type_name: &str, relation: &str, quote: &str, span: Option<&TextSpan>) {
        let Some(span) = span else { return };
        let Some(id) = self.span(type_name, span.start, &span.text) else {
            return;
        };
        self.relations += 1;
        let _ = writeln!(
            self.out,
            "R{}\t{relation} Arg1:{quote} Arg2:{id}",
            self.relations
        );
    }
}

/// The runs of `text` (which starts at code point `start`) between line breaks:
/// (start, end, text) in code points.
fn fragments(start: u64, text: &str) -> Vec<(u64, u64, &str)> {
    let mut fragments = Vec::new();
    let mut run_start: Option<(u64, usize)> = None;
    let mut position = start;
    for (byte, c) in text.char_indices() {
        let is_break = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
        match (is_break, run_start) {
            (true, Some((from, from_byte))) => {
                fragments.push((from, position, &text[from_byte..byte]));
                run_start = None;
            }
            (false, None) => run_start = Some((position, byte)),
            _ => {}
        }
        position += 1;
    }
    if let Some((from, from_byte)) = run_start {
        fragments.push((from, position, &text[from_byte..]));
    }
    fragments
}

/// An attribute value as one brat token: `%`, whitespace, controls and the
/// conf file's separators (`|`, `,`) percent-encoded.
pub fn encode_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '|' | ',') || c.is_whitespace() || c.is_control() {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The `annotation.conf` for a set of exported articles: the entity, relation
/// and attribute types, with every verdict and speaker value they use.
pub fn conf(exports: &[ArticleExport<'_>]) -> String {
    let mut verdicts: BTreeSet<String> = DEFAULT_VERDICTS.iter().map(|v| (*v).to_owned()).collect();
    let mut speakers = BTreeSet::new();
    for annotation in exports.iter().flat_map(|export| &export.annotations) {
        verdicts.extend(annotation.label().map(encode_value));
        speakers.extend(annotation.speaker.as_deref().map(encode_value));
    }
    let values = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join("|");
    let mut out = format!(
        "{CONF_MARKER}\n\n[entities]\nQuote\nClaim\nSource\nCue\n\n\
         [relations]\nAttributed\tArg1:Quote, Arg2:Source\nCued\tArg1:Quote, Arg2:Cue\n\
         <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n\
         [events]\n\n[attributes]\n\
         Status\tArg:<ENTITY>, Value:pending|confirmed|rejected\n\
         Style\tArg:Quote, Value:direct|indirect|mixed\n\
         Verdict\tArg:Claim, Value:{}\n",
        values(&verdicts)
    );
    if !speakers.is_empty() {
        let _ = writeln!(out, "Speaker\tArg:<ENTITY>, Value:{}", values(&speakers));
    }
    out
}
