//! What a command reports when it fails: one plain line and an exit code from
//! sysexits(3), so scripts can tell bad data from a missing file.

use std::fmt;

use crate::article::ArticleError;
use crate::sidecar::SidecarError;

/// Exit codes (sysexits.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// 64: the command line was wrong.
    Usage = 64,
    /// 65: the input data was bad.
    DataErr = 65,
    /// 66: an input file could not be opened.
    NoInput = 66,
    /// 74: an I/O error while reading or writing.
    IoErr = 74,
}

/// A failed command: the exit code and one line for stderr. The line is escaped
/// when it is printed, since it may quote the input.
#[derive(Debug)]
pub struct CliError {
    pub code: ExitCode,
    pub message: String,
}

impl CliError {
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::escape(&self.message))
    }
}

impl From<ArticleError> for CliError {
    fn from(error: ArticleError) -> Self {
        let code = match &error {
            ArticleError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                ExitCode::NoInput
            }
            ArticleError::Io { source, .. }
                if source.kind() == std::io::ErrorKind::PermissionDenied =>
            {
                ExitCode::NoInput
            }
            ArticleError::Io { .. } => ExitCode::IoErr,
            ArticleError::NotAFile { .. } => ExitCode::NoInput,
            _ => ExitCode::DataErr,
        };
        Self::new(code, error.to_string())
    }
}

impl From<SidecarError> for CliError {
    fn from(error: SidecarError) -> Self {
        let code = match &error {
            _ if error.is_bad_data() => ExitCode::DataErr,
            SidecarError::Read { source, .. }
                if matches!(
                    source.kind(),
                    std::io::ErrorKind::NotFound
                        | std::io::ErrorKind::PermissionDenied
                        | std::io::ErrorKind::InvalidInput
                ) =>
            {
                ExitCode::NoInput
            }
            _ => ExitCode::IoErr,
        };
        Self::new(code, error.to_string())
    }
}
