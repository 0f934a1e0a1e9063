//! `margin stats`.

use super::{CliError, ExitCode, StatsArgs};

pub fn run(_args: &StatsArgs) -> Result<(), CliError> {
    Err(CliError::new(
        ExitCode::Usage,
        "margin stats: not built yet",
    ))
}
