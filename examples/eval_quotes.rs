//! Scores the quote detector against `PolNeAR` (brat standoff attributions).
//!
//! ```text
//! cargo run --release --example eval_quotes -- /work/shared/data/polnear/dev
//! cargo run --release --example eval_quotes -- DIR --show direct|reported|speaker|false
//! cargo run --release --example eval_quotes -- --speed sample_articles
//! ```
//!
//! `--speed DIR` repeats the `.txt` files of DIR into a text of about 64 MB and
//! prints the throughput of `detect_quotes` in MB of text per second of CPU
//! time (from `/proc/thread-self/schedstat`, so other processes on a shared
//! machine do not distort it; wall time is printed too).
//!
//! Definitions (`PolNeAR` annotates every attribution; we score the part the
//! detector is for):
//! - Gold items: each `E` attribution with a Content, from the alphabetically
//!   first annotator's `.ann` of each article. Offsets are code points.
//! - **direct**: gold content that opens with a quotation mark or sits right
//!   after one (the quote is the content, not a fragment of it).
//! - **reported**: any other gold content whose cue contains a verb of saying
//!   (say, tell, according to, note, add, write, claim, ...; see `SPEECH_CUES`).
//!   Mixed quotes (reported speech with quoted fragments) fall here.
//! - **other**: beliefs, intentions, "polls show", cue-less items. Reported for
//!   recall only: the detector does not aim at them, but predictions that hit
//!   them are not false positives.
//! - A prediction matches a gold item when it overlaps one of its content
//!   fragments by at least half of the shorter of the two spans.
//! - Precision of **direct** counts predictions of style `direct`; of
//!   **reported**, predictions of style `indirect` or `mixed`; a prediction is
//!   right when it matches any gold item. Recall of a category counts gold items
//!   of that category matched by a prediction of any style.
//! - Speaker: for each matched prediction, the best-overlapping gold item's
//!   source; a pronoun source is resolved to the nearest preceding named gold
//!   source. Names match leniently: case-insensitive, one's last word among the
//!   other's words (so "Mr. Trump" = "Donald Trump").

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use margin::detect::{self, Candidate, Kind, Style};
use margin::text::OffsetIndex;

/// Cue words that mark speech (lowercase prefixes of a cue's words).
const SPEECH_CUES: &[&str] = &[
    "say",
    "said",
    "tell",
    "told",
    "according",
    "note",
    "add",
    "writ",
    "wrote",
    "tweet",
    "claim",
    "report",
    "announc",
    "stat",
    "declar",
    "explain",
    "argu",
    "insist",
    "warn",
    "stress",
    "emphasi",
    "acknowledg",
    "admit",
    "ask",
    "answer",
    "repl",
    "respond",
    "suggest",
    "recall",
    "comment",
    "mention",
    "continu",
    "promis",
    "pledg",
    "vow",
    "den",
    "confirm",
    "accus",
    "charg",
    "alleg",
    "reiterat",
    "remark",
    "point",
    "testif",
    "reveal",
    "conced",
    "assert",
    "predict",
    "urg",
    "complain",
    "blast",
    "slam",
    "criticiz",
    "prais",
    "post",
    "wrote",
    "call",
];

/// Third-person pronouns; a first-person source ("I said") is the writer, who
/// is usually not named in the text, so "I" is compared as it is.
const PRONOUNS: &[&str] = &["he", "she", "they", "him", "her", "them", "it", "his"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Direct,
    Reported,
    Other,
}

struct Gold {
    fragments: Vec<Range<usize>>,
    category: Category,
    speaker: Option<String>,
}

struct Article {
    name: String,
    text: String,
    gold: Vec<Gold>,
}

#[derive(Default)]
struct Tally {
    predicted: usize,
    predicted_right: usize,
    gold: usize,
    gold_found: usize,
    speaker_checked: usize,
    speaker_right: usize,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: eval_quotes DIR [--show direct|reported|speaker|false] | --speed DIR");
        return ExitCode::FAILURE;
    };
    if dir == "--speed" {
        return match args.get(1).map(|dir| speed(Path::new(dir))) {
            Some(Ok(())) => ExitCode::SUCCESS,
            Some(Err(error)) => {
                eprintln!("eval_quotes: {error}");
                ExitCode::FAILURE
            }
            None => {
                eprintln!("usage: eval_quotes --speed DIR");
                ExitCode::FAILURE
            }
        };
    }
    let show = args
        .iter()
        .position(|arg| arg == "--show")
        .and_then(|index| args.get(index + 1))
        .cloned();
    let articles = match load(Path::new(dir)) {
        Ok(articles) => articles,
        Err(error) => {
            eprintln!("eval_quotes: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut tallies: BTreeMap<Category, Tally> = BTreeMap::new();
    for article in &articles {
        score_article(article, &mut tallies, show.as_deref());
    }
    report(&articles, &tallies);
    ExitCode::SUCCESS
}

const SPEED_TEXT_BYTES: usize = 64 * 1024 * 1024;

fn speed(dir: &Path) -> Result<(), String> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|error| format!("{}: {error}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    let mut corpus = String::new();
    for path in &paths {
        let text =
            fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
        corpus.push_str(text.trim_start_matches('\u{feff}'));
        corpus.push_str("\n\n");
    }
    if corpus.trim().is_empty() {
        return Err(format!("{}: no .txt files", dir.display()));
    }
    let mut text = String::with_capacity(SPEED_TEXT_BYTES + corpus.len());
    while text.len() < SPEED_TEXT_BYTES {
        text.push_str(&corpus);
    }
    let (wall, cpu) = (std::time::Instant::now(), cpu_nanos());
    let found = detect::quotes::detect_quotes(&text).len();
    let cpu = cpu_nanos()
        .zip(cpu)
        .map(|(end, start)| (end - start) as f64 / 1e9);
    let wall = wall.elapsed().as_secs_f64();
    let megabytes = text.len() as f64 / 1e6;
    println!("{megabytes:.1} MB, {found} quotes");
    println!("wall: {:.1} MB/s", megabytes / wall);
    if let Some(cpu) = cpu {
        println!("cpu:  {:.1} MB/s", megabytes / cpu);
    }
    Ok(())
}

/// Nanoseconds this thread has run on a CPU (Linux).
fn cpu_nanos() -> Option<u64> {
    let stat = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn report(articles: &[Article], tallies: &BTreeMap<Category, Tally>) {
    println!("PolNeAR: {} articles", articles.len());
    println!(
        "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "category", "gold", "pred", "P", "R", "F1"
    );
    let mut speaker = (0, 0);
    for (category, tally) in tallies {
        let precision = ratio(tally.predicted_right, tally.predicted);
        let recall = ratio(tally.gold_found, tally.gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        let name = format!("{category:?}").to_lowercase();
        if *category == Category::Other {
            println!(
                "{name:<10} {:>6} {:>6} {:>6} {recall:>6.3} {:>6}",
                tally.gold, "-", "-", "-"
            );
        } else {
            println!(
                "{name:<10} {:>6} {:>6} {precision:>6.3} {recall:>6.3} {f1:>6.3}",
                tally.gold, tally.predicted
            );
        }
        speaker.0 += tally.speaker_right;
        speaker.1 += tally.speaker_checked;
    }
    for (category, tally) in tallies
        .iter()
        .filter(|(category, _)| **category != Category::Other)
    {
        println!(
            "speaker right on {:?} predictions: {}/{} = {:.3}",
            category,
            tally.speaker_right,
            tally.speaker_checked,
            ratio(tally.speaker_right, tally.speaker_checked)
        );
    }
    println!(
        "speaker right overall: {}/{} = {:.3}",
        speaker.0,
        speaker.1,
        ratio(speaker.0, speaker.1)
    );
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn score_article(article: &Article, tallies: &mut BTreeMap<Category, Tally>, show: Option<&str>) {
    let index = OffsetIndex::new(&article.text);
    let predictions: Vec<(Candidate, Range<usize>)> = detect::detect(&article.text)
        .into_iter()
        .filter(|candidate| candidate.kind == Kind::Quote)
        .filter_map(|candidate| {
            let start = index.to_char(&article.text, candidate.span.start)?;
            let end = index.to_char(&article.text, candidate.span.end)?;
            Some((candidate, start..end))
        })
        .collect();
    for gold in &article.gold {
        let tally = tallies.entry(gold.category).or_default();
        tally.gold += 1;
        let found = predictions.iter().any(|(_, span)| matches(span, gold));
        if found {
            tally.gold_found += 1;
        } else if show == Some(category_name(gold.category)) {
            let fragment = &gold.fragments[0];
            println!(
                "MISS {}: {}",
                article.name,
                char_slice(&article.text, fragment)
            );
        }
    }
    for (candidate, span) in &predictions {
        let category = match candidate.style {
            Some(Style::Direct) => Category::Direct,
            _ => Category::Reported,
        };
        let best = article
            .gold
            .iter()
            .filter(|gold| matches(span, gold))
            .max_by_key(|gold| {
                gold.fragments
                    .iter()
                    .map(|fragment| overlap(span, fragment))
                    .max()
                    .unwrap_or(0)
            });
        let tally = tallies.entry(category).or_default();
        tally.predicted += 1;
        let Some(gold) = best else {
            if show == Some("false") {
                println!(
                    "FALSE {}: {}",
                    article.name,
                    char_slice(&article.text, span)
                );
            }
            continue;
        };
        tally.predicted_right += 1;
        if let Some(expected) = &gold.speaker {
            tally.speaker_checked += 1;
            let right = candidate
                .speaker
                .as_deref()
                .is_some_and(|speaker| same_name(speaker, expected));
            if right {
                tally.speaker_right += 1;
            } else if show == Some("speaker") {
                println!(
                    "SPEAKER {} {category:?} {:?}: got {:?}, want {expected:?}: {}",
                    article.name,
                    candidate.reasons,
                    candidate.speaker,
                    char_slice(&article.text, span)
                );
            }
        }
    }
}

fn category_name(category: Category) -> &'static str {
    match category {
        Category::Direct => "direct",
        Category::Reported => "reported",
        Category::Other => "other",
    }
}

/// The span with up to 80 characters of context either side, marked with [ ].
fn char_slice(text: &str, span: &Range<usize>) -> String {
    let before = span.start.saturating_sub(80);
    let chars: Vec<char> = text
        .chars()
        .skip(before)
        .take(span.end - before + 80)
        .collect();
    let (head, rest) = chars.split_at((span.start - before).min(chars.len()));
    let (body, tail) = rest.split_at((span.end - span.start).min(rest.len()));
    let string = |chars: &[char]| chars.iter().collect::<String>().replace('\n', " / ");
    format!("{}[{}]{}", string(head), string(body), string(tail))
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

fn matches(span: &Range<usize>, gold: &Gold) -> bool {
    gold.fragments.iter().any(|fragment| {
        let shorter = span.len().min(fragment.len());
        shorter > 0 && 2 * overlap(span, fragment) >= shorter
    })
}

fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|word| !word.is_empty() && *word != "s")
        .map(str::to_lowercase)
        .collect()
}

fn same_name(predicted: &str, expected: &str) -> bool {
    let predicted = words(predicted);
    let expected = words(expected);
    let last_in = |a: &[String], b: &[String]| a.last().is_some_and(|last| b.contains(last));
    last_in(&predicted, &expected) || last_in(&expected, &predicted)
}

fn load(dir: &Path) -> Result<Vec<Article>, String> {
    let attributions = dir.join("attributions");
    let mut files: Vec<PathBuf> = fs::read_dir(&attributions)
        .map_err(|error| format!("{}: {error}", attributions.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ann"))
        .collect();
    files.sort();
    let mut seen = std::collections::HashSet::new();
    let mut articles = Vec::new();
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default();
        let Some((name, _annotator)) = stem.rsplit_once('_') else {
            continue;
        };
        if !seen.insert(name.to_owned()) {
            continue;
        }
        let text_path = dir.join("text").join(format!("{name}.txt"));
        let text = fs::read_to_string(&text_path)
            .map_err(|error| format!("{}: {error}", text_path.display()))?;
        let standoff =
            fs::read_to_string(&file).map_err(|error| format!("{}: {error}", file.display()))?;
        let gold = parse_gold(&text, &standoff);
        articles.push(Article {
            name: name.to_owned(),
            text,
            gold,
        });
    }
    Ok(articles)
}

struct TextBound {
    kind: String,
    fragments: Vec<Range<usize>>,
}

fn parse_gold(text: &str, standoff: &str) -> Vec<Gold> {
    let mut bounds: BTreeMap<&str, TextBound> = BTreeMap::new();
    let mut events: Vec<BTreeMap<&str, &str>> = Vec::new();
    for line in standoff.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((kind, offsets)) = body.split_once(' ') else {
                continue;
            };
            let fragments = offsets
                .split(';')
                .filter_map(|pair| {
                    let (start, end) = pair.trim().split_once(' ')?;
                    Some(start.parse().ok()?..end.parse().ok()?)
                })
                .collect();
            bounds.insert(
                id,
                TextBound {
                    kind: kind.to_owned(),
                    fragments,
                },
            );
        } else if id.starts_with('E') {
            let roles = body
                .split_whitespace()
                .filter_map(|pair| pair.split_once(':'))
                .map(|(role, target)| (role.trim_end_matches(|c: char| c.is_ascii_digit()), target))
                .collect();
            events.push(roles);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let slice = |range: &Range<usize>| -> String {
        chars[range.start.min(chars.len())..range.end.min(chars.len())]
            .iter()
            .collect()
    };
    let text_of = |id: Option<&&str>| -> Option<(usize, String)> {
        let bound = bounds.get(id?)?;
        let first = bound.fragments.first()?;
        Some((
            first.start,
            bound
                .fragments
                .iter()
                .map(&slice)
                .collect::<Vec<_>>()
                .join(" "),
        ))
    };
    let mut named_sources: Vec<(usize, String)> = events
        .iter()
        .filter_map(|event| text_of(event.get("Source")))
        .filter(|(_, source)| is_named(source))
        .collect();
    named_sources.sort();
    events
        .iter()
        .filter_map(|event| {
            let content = bounds.get(event.get("Content")?)?;
            if content.kind != "Content" || content.fragments.is_empty() {
                return None;
            }
            let cue = text_of(event.get("Cue"))
                .map(|(_, cue)| cue.to_lowercase())
                .unwrap_or_default();
            let category = categorize(&chars, &content.fragments, &cue);
            let speaker = text_of(event.get("Source")).and_then(|(at, source)| {
                if is_pronoun(&source) {
                    named_sources
                        .iter()
                        .rev()
                        .find(|(start, _)| *start < at)
                        .map(|(_, name)| name.clone())
                } else {
                    Some(source)
                }
            });
            Some(Gold {
                fragments: content.fragments.clone(),
                category,
                speaker,
            })
        })
        .collect()
}

fn is_pronoun(source: &str) -> bool {
    PRONOUNS
        .iter()
        .any(|pronoun| pronoun.eq_ignore_ascii_case(source.trim()))
}

fn is_named(source: &str) -> bool {
    !is_pronoun(source)
        && source.split_whitespace().enumerate().any(|(index, word)| {
            word.chars().next().is_some_and(char::is_uppercase)
                && !(index == 0 && ["The", "A", "An"].contains(&word))
        })
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '「' | '『')
}

fn categorize(chars: &[char], fragments: &[Range<usize>], cue: &str) -> Category {
    let first = &fragments[0];
    let opens = chars[first.start.min(chars.len())..first.end.min(chars.len())]
        .iter()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| is_quote_mark(*c));
    let after_mark = chars[..first.start.min(chars.len())]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| matches!(c, '"' | '“' | '„' | '«' | '‘' | '「'));
    if opens || after_mark {
        return Category::Direct;
    }
    let speech = cue
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| SPEECH_CUES.iter().any(|prefix| word.starts_with(prefix)));
    if speech {
        Category::Reported
    } else {
        Category::Other
    }
}
