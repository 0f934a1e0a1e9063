//! `margin review`.

use super::{CliError, ExitCode, ReviewArgs};

pub fn run(_args: &ReviewArgs) -> Result<(), CliError> {
    Err(CliError::new(
        ExitCode::Usage,
        "margin review: not built yet",
    ))
}
