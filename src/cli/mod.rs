//! The command line: argument definitions (clap) and one module per command.
//! Each command returns a `CliError` that `main` prints as one plain line.

mod batch;
mod compare;
mod detect;
mod error;
mod export;
mod import;
mod list;
mod review;
mod stats;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use error::{CliError, ExitCode};

use crate::detect::Kind;
use crate::sidecar::Status;

#[derive(Debug, Parser)]
#[command(
    name = "margin",
    version,
    about = "Review the quotes and claims in news articles",
    long_about = "Review the quotes and claims in news articles.\n\n\
        `margin FILE...` or `margin DIR` opens the review screen; the subcommands \
        below work without it. Decisions are saved to FILE.annotations.json.",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the candidate quotes and claims the detector finds.
    Detect(DetectArgs),
    /// Print what a sidecar holds.
    List(ListArgs),
    /// Write annotations in another tool's format.
    Export(ExportArgs),
    /// Turn another tool's annotations into a sidecar.
    Import(ImportArgs),
    /// Compare two sidecars of the same article (or two directories of them).
    Compare(CompareArgs),
    /// Progress over a corpus of annotated articles.
    Stats(StatsArgs),
}

/// Options shared by every command that reads articles.
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// Refuse articles larger than this many bytes (at most 4294967294).
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = crate::article::DEFAULT_MAX_BYTES,
        value_parser = clap::value_parser!(u64).range(..=crate::article::MAX_ARTICLE_BYTES)
    )]
    pub max_size: u64,
}

#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    /// Articles to review, or one directory of them.
    #[arg(value_name = "FILE")]
    pub paths: Vec<PathBuf>,
    /// Show everything, write nothing.
    #[arg(long)]
    pub read_only: bool,
    /// Who is reviewing (default: $USER).
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Sidecar to use instead of FILE.annotations.json (one article only).
    #[arg(long, value_name = "PATH")]
    pub sidecar: Option<PathBuf>,
    /// Label set for claim verdicts: one label a line.
    #[arg(long, value_name = "FILE")]
    pub labels: Option<PathBuf>,
    /// Review only what the sidecar holds (e.g. an imported gold set): propose nothing new.
    #[arg(long)]
    pub no_detect: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DetectArgs {
    /// Articles to scan.
    #[arg(value_name = "FILE", required_unless_present = "write")]
    pub files: Vec<PathBuf>,
    /// Print the sidecar document for one file instead of a table; writes nothing.
    #[arg(long, conflicts_with = "write")]
    pub json: bool,
    /// Pre-annotate every article under DIR: merge into their sidecars, skipping current ones.
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// The article (its sidecar is FILE.annotations.json).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Sidecar to read instead of FILE.annotations.json.
    #[arg(long, value_name = "PATH")]
    pub sidecar: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Pending,
    Confirmed,
    Rejected,
}

impl From<StatusArg> for Status {
    fn from(status: StatusArg) -> Self {
        match status {
            StatusArg::Pending => Self::Pending,
            StatusArg::Confirmed => Self::Confirmed,
            StatusArg::Rejected => Self::Rejected,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Quote,
    Claim,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Quote => Self::Quote,
            KindArg::Claim => Self::Claim,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Brat,
    W3c,
    Claimreview,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Articles whose sidecars to export.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Only annotations with this status (default: confirmed).
    #[arg(long, value_enum, conflicts_with = "all")]
    pub status: Option<StatusArg>,
    /// Every annotation, whatever its status.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Brat,
    Jsonl,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// The file to import (a brat .ann or a JSONL file).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The article the annotations belong to.
    #[arg(long, value_name = "ARTICLE")]
    pub article: PathBuf,
    /// Who made these annotations (default: $USER).
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Status of imported annotations the file gives none for (default: confirmed).
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Sidecar to write instead of ARTICLE.annotations.json.
    #[arg(long, value_name = "PATH")]
    pub sidecar: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// The reference: a sidecar, or a directory of them.
    #[arg(value_name = "A")]
    pub reference: PathBuf,
    /// Compared against A: a sidecar, or a directory of them.
    #[arg(value_name = "B")]
    pub candidate: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: CompareFormat,
}

#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// A directory of articles and their sidecars.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Some(Command::Detect(args)) if args.write.is_some() => batch::run(&args),
        Some(Command::Detect(args)) => detect::run(&args),
        Some(Command::List(args)) => list::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Compare(args)) => compare::run(&args),
        Some(Command::Stats(args)) => stats::run(&args),
        None => review::run(&cli.review),
    }
}
