//! `margin export`.

use super::{CliError, ExitCode, ExportArgs};

pub fn run(_args: &ExportArgs) -> Result<(), CliError> {
    Err(CliError::new(
        ExitCode::Usage,
        "margin export: not built yet",
    ))
}
