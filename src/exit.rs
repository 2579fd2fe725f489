//! Exit codes in one place: 0 success, 1 failure, 2 a usage or data error.

use std::process::ExitCode;

use crate::bank::BankError;
use crate::config::{ConfigError, InputError};

/// Success.
pub const OK: u8 = 0;
/// Something failed that is not the user's input (or a check found failures).
pub const FAILURE: u8 = 1;
/// The command line or a data file is wrong.
pub const USAGE: u8 = 2;

/// A mistake in how a command was called, found after parsing (an unknown id or topic...).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The exit code an error deserves.
pub fn code_for(error: &anyhow::Error) -> u8 {
    let is_usage = error.chain().any(|cause| {
        cause.is::<BankError>()
            || cause.is::<ConfigError>()
            || cause.is::<UsageError>()
            || cause.is::<InputError>()
            || cause
                .downcast_ref::<crate::screen::ScreenError>()
                .is_some_and(|e| !matches!(e, crate::screen::ScreenError::Io { .. }))
    });
    if is_usage { USAGE } else { FAILURE }
}

/// Whether the error is only stdout being closed by its reader (`grill bank list | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind);
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Turns a numeric code into the process exit code.
pub fn code(value: u8) -> ExitCode {
    ExitCode::from(value)
}
