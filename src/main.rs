//! `margin`: parse the command line, run it, report failure as one plain line.

use std::io::Write as _;

use clap::Parser;
use margin::cli::{Cli, ExitCode};

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version are not errors; clap prints them (to stdout).
        Err(error) if !error.use_stderr() => {
            let _ = error.print();
            return std::process::ExitCode::SUCCESS;
        }
        // A usage error is 64 (sysexits EX_USAGE), not clap's default 2.
        Err(error) => {
            let _ = error.print();
            return std::process::ExitCode::from(ExitCode::Usage as u8);
        }
    };
    match margin::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // Not `eprintln!`, which panics when the terminal is gone (a hang-up).
            let _ = writeln!(std::io::stderr(), "margin: {error}");
            std::process::ExitCode::from(error.code as u8)
        }
    }
}
