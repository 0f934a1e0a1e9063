//! `margin detect --write DIR`: pre-annotate a corpus, with a progress bar on a
//! terminal and nothing but the summary in a pipe.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::export::path_error;
use super::{CliError, DetectArgs, ExitCode};
use crate::article::ReadOptions;
use crate::interchange::batch;
use crate::text::escape;

pub fn run(args: &DetectArgs) -> Result<(), CliError> {
    let Some(dir) = &args.write else {
        return Err(CliError::new(
            ExitCode::Usage,
            "detect --write needs a directory",
        ));
    };
    if !args.files.is_empty() {
        return Err(CliError::new(
            ExitCode::Usage,
            "detect --write DIR takes no FILE arguments: it works on every article under DIR",
        ));
    }
    let articles = batch::articles(dir).map_err(|error| path_error(dir, &error))?;
    let bar = progress_bar(articles.len() as u64);
    let started = Instant::now();
    let options = ReadOptions {
        max_bytes: args.read.max_size,
    };
    let report = batch::run(&articles, options, &|| bar.inc(1));
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();

    for failure in &report.failed {
        eprintln!("margin: {}", escape(&failure.error));
    }
    println!(
        "{} written, {} skipped, {} failed ({} candidates added; {} files, {:.1} MB in {seconds:.2} s)",
        report.written,
        report.skipped,
        report.failed.len(),
        report.added,
        articles.len(),
        report.bytes as f64 / 1e6,
    );
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::new(
            ExitCode::DataErr,
            format!(
                "{} of {} articles failed",
                report.failed.len(),
                articles.len()
            ),
        ))
    }
}

/// A bar on standard error when it is a terminal; hidden otherwise.
fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {elapsed}, eta {eta}")
    {
        bar.set_style(style);
    }
    bar
}
