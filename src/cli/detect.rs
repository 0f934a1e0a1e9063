//! `margin detect`.

use super::{CliError, DetectArgs, ExitCode};

pub fn run(_args: &DetectArgs) -> Result<(), CliError> {
    Err(CliError::new(
        ExitCode::Usage,
        "margin detect: not built yet",
    ))
}
