//! brat standoff (`.ann`) import: what `export --format brat` writes, and the
//! attribution corpora written in brat, such as `PolNeAR`.
//!
//! - `T` spans of type `Quote` or `Content` become quotes, `Claim` claims;
//!   `Source` and `Cue` spans fill a quote's `source` and `cue`; other types
//!   (`Attribution` triggers, `Discard`, ...) are skipped and counted.
//! - A quote's speaker is its `Speaker` attribute, else the text of its Source;
//!   a pronoun Source ("she") names the nearest named Source before it.
//!   Sources and cues are tied to contents by events (`E<n>\tAttribution:T4
//!   Content:T3 Cue:T2 Source:T1`, numbered roles such as `Content2` included)
//!   or by `Attributed`/`Cued` relations.
//! - `A` lines give `Status`, `Style`, `Verdict`, `Speaker` (percent-decoded);
//!   `#` `AnnotatorNotes` lines give the note.
//! - Discontinuous spans (`10 20;25 40`): when only whitespace lies between the
//!   fragments (brat's way of storing a span across a line break) they are one
//!   annotation over the covering range; otherwise each fragment is its own
//!   annotation with the same speaker, source and cue (a quote interrupted by
//!   "he said" is two quoted passages, and the interruption is not quoted).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::{
    Fields, ImportError, ImportOptions, Imported, annotation, checked_span, parse_status,
    parse_style, preview,
};
use crate::article::Article;
use crate::detect::Kind;
use crate::interchange::export::one_line;
use crate::sidecar::{TextSpan, build};

/// Parses a `.ann` file's text against its article.
pub fn parse(
    ann: &str,
    article: &Article,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let parsed = Parsed::read(ann, article)?;
    let links = parsed.links()?;
    let named = parsed.named_sources(article);
    let mut annotations = Vec::new();
    let mut ignored = parsed.ignored.clone();
    for span in &parsed.spans {
        let kind = match span.type_name.as_str() {
            "Quote" | "Content" => Kind::Quote,
            "Claim" => Kind::Claim,
            "Source" | "Cue" => continue,
            other => {
                *ignored.entry(other.to_owned()).or_default() += 1;
                continue;
            }
        };
        let fields = parsed.fields(span, links.get(span.id.as_str()), article, &named)?;
        for range in parts(article, &span.ranges) {
            annotations.push(annotation(article, kind, &range, fields.clone(), options));
        }
    }
    Ok(Imported::new(article, annotations, ignored))
}

/// A `T` line, checked against the article.
#[derive(Debug)]
struct Span {
    line: usize,
    id: String,
    type_name: String,
    /// Byte ranges of the fragments, in the order the file gives them.
    ranges: Vec<Range<usize>>,
}

#[derive(Debug, Default)]
struct Parsed {
    spans: Vec<Span>,
    index: HashMap<String, usize>,
    /// (line, [(role, target)]) of `E` lines and of `Attributed`/`Cued` relations.
    links: Vec<(usize, Vec<(String, String)>)>,
    /// target -> attribute name -> value.
    attributes: HashMap<String, HashMap<String, String>>,
    notes: HashMap<String, String>,
    ignored: BTreeMap<String, usize>,
}

/// A content span's source and cue span ids.
#[derive(Debug, Default, Clone)]
struct Link {
    source: Option<String>,
    cue: Option<String>,
}

impl Parsed {
    fn read(ann: &str, article: &Article) -> Result<Self, ImportError> {
        let mut parsed = Self::default();
        let lines: Vec<&str> = ann.lines().collect();
        let mut index = 0;
        while index < lines.len() {
            let line_number = index + 1;
            let line = lines[index];
            index += 1;
            if line.trim().is_empty() {
                continue;
            }
            let error = |problem: String| ImportError::new(line_number, problem);
            let (id, rest) = line
                .split_once('\t')
                .ok_or_else(|| error("expected an id, a tab and the annotation".to_owned()))?;
            match id.chars().next() {
                Some('T') => {
                    let following = &lines[index..];
                    index += parsed.span(line_number, id, rest, article, following)?;
                }
                Some('E') => parsed.event(line_number, rest).map_err(error)?,
                Some('R') => parsed.relation(line_number, rest).map_err(error)?,
                Some('A' | 'M') => parsed.attribute(rest).map_err(error)?,
                Some('#') => parsed.note(rest),
                other => {
                    let kind = format!("{} lines", other.unwrap_or(' '));
                    *parsed.ignored.entry(kind).or_default() += 1;
                }
            }
        }
        Ok(parsed)
    }

    /// Reads a `T` line; returns how many of the `following` lines its text
    /// took (see [`text_lines`]).
    fn span(
        &mut self,
        line: usize,
        id: &str,
        rest: &str,
        article: &Article,
        following: &[&str],
    ) -> Result<usize, ImportError> {
        let error = |problem: String| ImportError::new(line, format!("{id}: {problem}"));
        let (head, text) = match rest.split_once('\t') {
            Some((head, text)) => (head, Some(text)),
            None => (rest, None),
        };
        let (type_name, offsets) = head
            .split_once(' ')
            .ok_or_else(|| error("expected `<Type> <start> <end>`".to_owned()))?;
        let mut ranges = Vec::new();
        for fragment in offsets.split(';') {
            let (start, end) = fragment
                .trim()
                .split_once(' ')
                .and_then(|(start, end)| {
                    Some((start.parse::<u64>().ok()?, end.trim().parse::<u64>().ok()?))
                })
                .ok_or_else(|| error(format!("expected `<start> <end>`, found {fragment:?}")))?;
            ranges.push(checked_span(article, start, end).map_err(error)?);
        }
        let mut consumed = 0;
        if let Some(text) = text {
            let found: Vec<&str> = ranges
                .iter()
                .map(|range| &article.text()[range.clone()])
                .collect();
            let found = found.join(" ");
            consumed = text_lines(&found, text, following).ok_or_else(|| {
                error(format!(
                    "text {} does not match the article there ({})",
                    preview(text),
                    preview(&found)
                ))
            })?;
        }
        if self.index.insert(id.to_owned(), self.spans.len()).is_some() {
            return Err(error("defined twice".to_owned()));
        }
        self.spans.push(Span {
            line,
            id: id.to_owned(),
            type_name: type_name.to_owned(),
            ranges,
        });
        Ok(consumed)
    }

    /// `Attribution:T4 Content:T3 Cue:T2 Source:T1`: the first pair is the
    /// event's type and trigger, the rest its roles.
    fn event(&mut self, line: usize, rest: &str) -> Result<(), String> {
        let mut roles = Vec::new();
        for pair in rest.split_whitespace().skip(1) {
            let (role, target) = pair
                .split_once(':')
                .ok_or_else(|| format!("expected `Role:T<n>`, found {pair:?}"))?;
            roles.push((
                role.trim_end_matches(|c: char| c.is_ascii_digit())
                    .to_owned(),
                target.to_owned(),
            ));
        }
        self.links.push((line, roles));
        Ok(())
    }

    /// `Attributed Arg1:T1 Arg2:T2` ties a source to a quote; `Cued` a cue.
    fn relation(&mut self, line: usize, rest: &str) -> Result<(), String> {
        let mut words = rest.split_whitespace();
        let relation = words.next().unwrap_or_default();
        let role = match relation {
            "Attributed" => "Source",
            "Cued" => "Cue",
            other => {
                *self
                    .ignored
                    .entry(format!("{other} relations"))
                    .or_default() += 1;
                return Ok(());
            }
        };
        let mut argument = |name: &str| {
            words
                .next()
                .and_then(|word| word.strip_prefix(name))
                .map(str::to_owned)
                .ok_or_else(|| format!("expected `{relation} Arg1:T<n> Arg2:T<n>`"))
        };
        let quote = argument("Arg1:")?;
        let target = argument("Arg2:")?;
        self.links.push((
            line,
            vec![("Content".to_owned(), quote), (role.to_owned(), target)],
        ));
        Ok(())
    }

    /// `Status T1 confirmed`.
    fn attribute(&mut self, rest: &str) -> Result<(), String> {
        let mut words = rest.split(' ');
        let (Some(name), Some(target)) = (words.next(), words.next()) else {
            return Err("expected `<Name> T<n> [<value>]`".to_owned());
        };
        let value = decode_value(words.next().unwrap_or_default());
        self.attributes
            .entry(target.to_owned())
            .or_default()
            .insert(name.to_owned(), value);
        Ok(())
    }

    /// `AnnotatorNotes T1\tthe note`.
    fn note(&mut self, rest: &str) {
        let (head, text) = rest.split_once('\t').unwrap_or((rest, ""));
        if let Some(target) = head.strip_prefix("AnnotatorNotes ") {
            self.notes.insert(target.trim().to_owned(), text.to_owned());
        }
    }

    fn get(&self, id: &str, line: usize) -> Result<&Span, ImportError> {
        self.index
            .get(id)
            .map(|&index| &self.spans[index])
            .ok_or_else(|| {
                ImportError::new(line, format!("refers to {id}, which no T line defines"))
            })
    }

    /// Every content's source and cue (the first of each if several are given).
    fn links(&self) -> Result<HashMap<&str, Link>, ImportError> {
        let mut links: HashMap<&str, Link> = HashMap::new();
        for (line, roles) in &self.links {
            let mut link = Link::default();
            let mut contents = Vec::new();
            for (role, target) in roles {
                self.get(target, *line)?;
                match role.as_str() {
                    "Content" => contents.push(target.as_str()),
                    "Source" => link.source = link.source.or_else(|| Some(target.clone())),
                    "Cue" => link.cue = link.cue.or_else(|| Some(target.clone())),
                    _ => {}
                }
            }
            for content in contents {
                let entry = links.entry(content).or_default();
                entry.source = entry.source.take().or_else(|| link.source.clone());
                entry.cue = entry.cue.take().or_else(|| link.cue.clone());
            }
        }
        Ok(links)
    }

    /// The Source mentions that are names, not pronouns: (start byte, name),
    /// in text order.
    fn named_sources(&self, article: &Article) -> Vec<(usize, String)> {
        let mut named: Vec<(usize, String)> = self
            .spans
            .iter()
            .filter(|span| span.type_name == "Source")
            .map(|span| {
                let range = covering(&span.ranges);
                (range.start, one_line(&article.text()[range]))
            })
            .filter(|(_, name)| names_someone(name))
            .collect();
        named.sort();
        named
    }

    fn fields(
        &self,
        span: &Span,
        link: Option<&Link>,
        article: &Article,
        named: &[(usize, String)],
    ) -> Result<Fields, ImportError> {
        let role_span = |id: Option<&String>| -> Result<Option<TextSpan>, ImportError> {
            id.map(|id| {
                self.get(id, span.line)
                    .map(|role| build::text_span(article, &covering(&role.ranges)))
            })
            .transpose()
        };
        let source = role_span(link.and_then(|link| link.source.as_ref()))?;
        let cue = role_span(link.and_then(|link| link.cue.as_ref()))?;
        let attributes = self.attributes.get(&span.id);
        let attribute = |name: &str| attributes.and_then(|values| values.get(name));
        let error =
            |problem: String| ImportError::new(span.line, format!("{}: {problem}", span.id));
        let status = attribute("Status")
            .map(|value| {
                parse_status(value).ok_or_else(|| error(format!("unknown status {value:?}")))
            })
            .transpose()?;
        let style = attribute("Style")
            .map(|value| {
                parse_style(value).ok_or_else(|| error(format!("unknown style {value:?}")))
            })
            .transpose()?;
        let source_start = link
            .and_then(|link| link.source.as_ref())
            .and_then(|id| self.index.get(id))
            .map(|&index| covering(&self.spans[index].ranges).start);
        let speaker = attribute("Speaker").cloned().or_else(|| {
            let mention = one_line(&source.as_ref()?.text);
            Some(resolve(mention, source_start?, named))
        });
        Ok(Fields {
            status,
            speaker,
            source,
            cue,
            style,
            label: attribute("Verdict").cloned(),
            note: self.notes.get(&span.id).cloned().unwrap_or_default(),
            from: format!("brat {}", span.id),
        })
    }
}

/// How many `following` lines the text field of a `T` line takes: 0 when it
/// is the span's text, or the number of line breaks in the span when the tool
/// that wrote the file put them raw into the field (some corpora do), in which
/// case those lines must continue the text exactly. `None` when it does not match.
fn text_lines(found: &str, field: &str, following: &[&str]) -> Option<usize> {
    if found == field {
        return Some(0);
    }
    let found = found.replace("\r\n", "\n");
    let breaks = found.matches('\n').count();
    let continuation = following.get(..breaks).filter(|_| breaks > 0)?;
    let written = std::iter::once(field)
        .chain(continuation.iter().copied())
        .collect::<Vec<_>>()
        .join("\n");
    (written == found).then_some(breaks)
}

/// The speaker a Source mention names: itself, or for a pronoun ("she") the
/// nearest named Source before it, as corpora such as `PolNeAR` advise for
/// scoring speakers (a pronoun with no name before it stays as it is).
fn resolve(mention: String, start: usize, named: &[(usize, String)]) -> String {
    if !is_pronoun(&mention) {
        return mention;
    }
    let before = named.partition_point(|(named_start, _)| *named_start < start);
    before
        .checked_sub(1)
        .map_or(mention, |index| named[index].1.clone())
}

/// Whether a Source mention holds a name ("Senator Ana Ruiz", "the
/// Sierra Club"), as opposed to a pronoun or a description that names nobody
/// ("few people", "The party's existing rules"): only named sources stand in
/// for a pronoun.
fn names_someone(mention: &str) -> bool {
    const NO_NAME: &[&str] = &[
        "the", "a", "an", "few", "many", "some", "several", "most", "his", "her", "their", "its",
        "our", "my", "your", "this", "that", "these", "those", "one", "another", "other", "both",
        "all", "each", "no", "any", "every", "i", "we", "you", "he", "she", "they", "it",
    ];
    !is_pronoun(mention)
        && mention
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .enumerate()
            .any(|(index, word)| {
                word.chars().next().is_some_and(char::is_uppercase)
                    && (index > 0 || !NO_NAME.iter().any(|stop| stop.eq_ignore_ascii_case(word)))
            })
}

fn is_pronoun(mention: &str) -> bool {
    // Relative pronouns too: "Ms. Ruiz, who led the count, said ..." has the
    // Source "who".
    const PRONOUNS: [&str; 15] = [
        "he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me", "who",
        "whom", "which",
    ];
    PRONOUNS.contains(&mention.trim().to_lowercase().as_str())
}

/// The range from the first fragment's start to the last one's end.
fn covering(ranges: &[Range<usize>]) -> Range<usize> {
    let start = ranges.iter().map(|range| range.start).min().unwrap_or(0);
    let end = ranges.iter().map(|range| range.end).max().unwrap_or(0);
    start..end
}

/// The annotations a span's fragments make: one covering range when only
/// whitespace separates them, else one per fragment (see the module comment).
fn parts(article: &Article, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|range| range.start);
    let only_whitespace_between = sorted.windows(2).all(|pair| {
        pair[0].end <= pair[1].start
            && article.text()[pair[0].end..pair[1].start]
                .chars()
                .all(char::is_whitespace)
    });
    if only_whitespace_between {
        vec![covering(&sorted)]
    } else {
        sorted
    }
}

/// Undoes the export's percent-encoding of attribute values.
pub fn decode_value(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_line_types_are_counted_whatever_their_first_character() {
        let article = Article::from_string(std::path::Path::new("a.txt"), "Some text.".to_owned());
        let ann = "N1\tReference T1 Wikipedia:1\tx\n\u{e9}1\tfoo\n";
        let imported = parse(ann, &article, &ImportOptions::default()).expect("parses");
        assert_eq!(imported.ignored.get("N lines"), Some(&1));
        assert_eq!(imported.ignored.get("\u{e9} lines"), Some(&1));
    }

    #[test]
    fn values_decode_what_the_export_encodes() {
        let value = "mostly true, 100% | «so»";
        let encoded = crate::interchange::export::brat::encode_value(value);
        assert!(!encoded.contains([' ', '|', ',']));
        assert_eq!(decode_value(&encoded), value);
        assert_eq!(decode_value("50%"), "50%");
    }
}
