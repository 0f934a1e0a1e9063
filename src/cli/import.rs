//! `margin import`.

use super::{CliError, ExitCode, ImportArgs};

pub fn run(_args: &ImportArgs) -> Result<(), CliError> {
    Err(CliError::new(
        ExitCode::Usage,
        "margin import: not built yet",
    ))
}
