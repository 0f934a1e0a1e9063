//! `margin detect --write DIR`: pre-annotate a corpus.

use super::{CliError, DetectArgs, ExitCode};

pub fn run(_args: &DetectArgs) -> Result<(), CliError> {
    Err(CliError::new(
        ExitCode::Usage,
        "margin detect --write: not built yet",
    ))
}
