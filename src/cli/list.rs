//! `margin list`.

use super::{CliError, ExitCode, ListArgs};

pub fn run(_args: &ListArgs) -> Result<(), CliError> {
    Err(CliError::new(ExitCode::Usage, "margin list: not built yet"))
}
