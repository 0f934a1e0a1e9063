//! Scores the quote detector against `PolNeAR` (brat standoff attributions)
//! through the library, as a person would with `margin import` and
//! `margin compare`: each article's gold `.ann` is imported
//! (`interchange::import::brat::parse`, pronoun sources resolved to the nearest
//! named source), the detector's document is built
//! (`sidecar::build::detect_document`), and the two are compared
//! (`interchange::compare`), micro-averaged over the corpus. The split into
//! direct quotes, reported speech and other attributions is
//! `interchange::evaluate` (see its module comment for the definitions).
//!
//! ```text
//! cargo run --release --example eval_quotes -- /work/shared/data/polnear/dev
//! cargo run --release --example eval_quotes -- DIR --show direct|reported|other|speaker|false
//! cargo run --release --example eval_quotes -- --speed sample_articles
//! ```
//!
//! Gold: the alphabetically first annotator's `.ann` of each article.
//! A prediction matches a gold content when they overlap by at least half of
//! the shorter span, one to one. Precision of **direct** counts predictions of
//! style `direct`, of **reported** the others; recall of a category counts its
//! gold contents matched by a prediction of any style. Speaker accuracy is over
//! matched predictions whose gold content has a source, by prediction style.
//!
//! `--speed DIR` repeats the `.txt` files of DIR into a text of about 64 MB and
//! prints the throughput of `detect_quotes` in MB of text per second of CPU
//! time (from `/proc/thread-self/schedstat`, so other processes on a shared
//! machine do not distort it; wall time is printed too).
//!
//! Besides recall per gold quote, recall per gold content (`content R`): the
//! fragments of a content interrupted by its attribution are imported as
//! several quotes, and the content counts as found when any of them is
//! (`CategoryCounts::unit_recall`). Speakers are judged by
//! `evaluate::same_speaker_or_mention`.
//!
//! Figures on dev (84 articles), and on train (840) in brackets:
//!
//! ```text
//!            gold  pred  P             R             F1     content R
//! direct      541   603  0.972 (0.962) 0.924 (0.923) 0.947  0.932 (0.942)
//! reported   1005   644  0.936 (0.899) 0.610 (0.581) 0.739  0.637 (0.607)
//! speaker    1023/1180 = 0.867 (8564/10108 = 0.847)
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use margin::article::{Article, ReadOptions};
use margin::detect::{self, Kind};
use margin::interchange::compare::{ByCategory, Difference, Disagreement, SpanRef, SpeakerCounts};
use margin::interchange::evaluate::{
    ArticleEvaluation, QuoteCategory, detected_category, evaluate_article, gold_category,
    same_speaker_or_mention,
};
use margin::sidecar::{Annotation, Document};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!(
            "usage: eval_quotes DIR [--show direct|reported|other|speaker|false] | --speed DIR"
        );
        return ExitCode::FAILURE;
    };
    let result = if dir == "--speed" {
        args.get(1)
            .ok_or_else(|| "usage: eval_quotes --speed DIR".to_owned())
            .and_then(|dir| speed(Path::new(dir)))
    } else {
        let show = args
            .iter()
            .position(|arg| arg == "--show")
            .and_then(|index| args.get(index + 1));
        evaluate(Path::new(dir), show.map(String::as_str))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("eval_quotes: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Scores every article of the split and prints the totals.
fn evaluate(dir: &Path, show: Option<&str>) -> Result<(), String> {
    let articles = gold_files(dir)?;
    let mut total = ByCategory::default();
    for (name, ann_path) in &articles {
        let text_path = dir.join("text").join(format!("{name}.txt"));
        let evaluation = evaluate_file(&text_path, ann_path)?;
        if let Some(show) = show {
            print_disagreements(name, &evaluation, show);
        }
        total.add(&evaluation.quotes);
    }
    report(articles.len(), &total);
    Ok(())
}

fn evaluate_file(text_path: &Path, ann_path: &Path) -> Result<ArticleEvaluation, String> {
    let article =
        Article::read(text_path, ReadOptions::default()).map_err(|error| error.to_string())?;
    let ann =
        fs::read_to_string(ann_path).map_err(|error| format!("{}: {error}", ann_path.display()))?;
    evaluate_article(&ann, &article).map_err(|error| format!("{}:{error}", ann_path.display()))
}

/// (article name, its alphabetically first annotator's `.ann`), by name.
fn gold_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let attributions = dir.join("attributions");
    let mut files: Vec<PathBuf> = fs::read_dir(&attributions)
        .map_err(|error| format!("{}: {error}", attributions.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ann"))
        .collect();
    files.sort();
    let mut first: Vec<(String, PathBuf)> = Vec::new();
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default();
        let Some((name, _annotator)) = stem.rsplit_once('_') else {
            continue;
        };
        // Sorted paths put an article's annotators together, first one first.
        if first.last().is_none_or(|(last, _)| last != name) {
            first.push((name.to_owned(), file));
        }
    }
    Ok(first)
}

/// `--show`: the misses of a gold category, the false finds, or the wrong
/// speakers, from the comparison's disagreements.
fn print_disagreements(name: &str, evaluation: &ArticleEvaluation, show: &str) {
    let quotes = evaluation
        .comparison
        .disagreements
        .iter()
        .filter(|disagreement| disagreement.kind == Kind::Quote);
    for disagreement in quotes {
        let gold = find(&evaluation.gold, disagreement.a.as_ref());
        let detected = find(&evaluation.detected, disagreement.b.as_ref());
        match (gold, detected) {
            (Some(gold), None) if gold_category(gold).as_str() == show => {
                println!("MISS {name}: {}", in_context(gold));
            }
            (None, Some(detected)) if show == "false" => {
                println!("FALSE {name}: {}", in_context(detected));
            }
            (Some(gold), Some(detected)) if show == "speaker" => {
                print_wrong_speaker(name, disagreement, gold, detected);
            }
            _ => {}
        }
    }
}

fn print_wrong_speaker(
    name: &str,
    disagreement: &Disagreement,
    gold: &Annotation,
    detected: &Annotation,
) {
    let Some(expected) = gold.speaker.as_deref() else {
        return;
    };
    let right = same_speaker_or_mention(gold, detected);
    if disagreement.differences.contains(&Difference::Speaker) && !right {
        println!(
            "SPEAKER {name} {} {:?}: got {:?}, want {expected:?}: {}",
            detected_category(detected).as_str(),
            detected.reasons,
            detected.speaker,
            in_context(detected)
        );
    }
}

/// The annotation a disagreement shows.
fn find<'a>(document: &'a Document, span: Option<&SpanRef>) -> Option<&'a Annotation> {
    let span = span?;
    document
        .annotations
        .iter()
        .find(|annotation| annotation.id == span.id && annotation.start == span.start)
}

/// The span with its context either side, marked with [ ], on one line.
fn in_context(annotation: &Annotation) -> String {
    format!(
        "{}[{}]{}",
        annotation.prefix, annotation.text, annotation.suffix
    )
    .replace('\n', " / ")
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

fn report(articles: usize, total: &ByCategory<QuoteCategory>) {
    println!("PolNeAR: {articles} articles");
    println!(
        "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6}   {:>8} {:>9}",
        "category", "gold", "pred", "P", "R", "F1", "contents", "content R"
    );
    let shown = |value: Option<f64>| value.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"));
    for (category, counts) in &total.counts {
        let predicted = if counts.candidate == 0 {
            "-".to_owned()
        } else {
            counts.candidate.to_string()
        };
        println!(
            "{:<10} {:>6} {predicted:>6} {:>6} {:>6} {:>6}   {:>8} {:>9}",
            category.as_str(),
            counts.reference,
            shown(counts.precision()),
            shown(counts.recall()),
            shown(counts.f1()),
            counts.reference_units,
            shown(counts.unit_recall()),
        );
    }
    let mut overall = SpeakerCounts::default();
    for (category, counts) in &total.counts {
        let speakers = counts.speakers;
        if speakers.compared == 0 {
            continue;
        }
        println!(
            "speaker right on {} predictions: {}/{} = {}",
            category.as_str(),
            speakers.same,
            speakers.compared,
            shown(speakers.accuracy())
        );
        overall.compared += speakers.compared;
        overall.same += speakers.same;
    }
    println!(
        "speaker right overall: {}/{} = {}",
        overall.same,
        overall.compared,
        shown(overall.accuracy())
    );
}
