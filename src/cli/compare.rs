//! `margin compare`.

use super::{CliError, CompareArgs, ExitCode};

pub fn run(_args: &CompareArgs) -> Result<(), CliError> {
    Err(CliError::new(
        ExitCode::Usage,
        "margin compare: not built yet",
    ))
}
