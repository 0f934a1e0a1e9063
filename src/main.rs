//! `margin`: parse the command line, run it, report failure as one plain line.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = margin::cli::Cli::parse();
    match margin::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("margin: {error}");
            std::process::ExitCode::from(error.code as u8)
        }
    }
}
