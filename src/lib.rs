//! grill: a terminal mock interviewer for backend engineering. `run` is the whole program; the
//! binary only calls it.

pub mod agreement;
pub mod bank;
mod batch;
pub mod cli;
mod commands;
pub mod config;
pub mod config_file;
pub mod exit;
pub mod grader;
pub mod llm;
pub mod output;
mod progress;
pub mod repl;
pub mod report;
pub mod sanitize;
pub mod score;
pub mod screen;
pub mod session;
pub mod stats;
mod style;
mod table;
mod wrap;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::config::Config;

/// Runs grill with these command-line arguments and returns the process exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut command = Cli::command().color(clap_color(&args));
    let parsed = command
        .try_get_matches_from_mut(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches).map(|cli| (cli, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            let _ = error.print();
            return exit::code(if error.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let result = Config::from_cli(cli, &matches)
        .map_err(anyhow::Error::from)
        .and_then(|(config, action)| {
            config.color.write_global();
            commands::run(&config, action)
        });
    match result {
        Ok(code) => exit::code(code),
        Err(error) if exit::is_broken_pipe(&error) => exit::code(exit::OK),
        Err(error) => {
            report(&error);
            exit::code(exit::code_for(&error))
        }
    }
}

/// Prints an error and its causes once, at the edge. Messages quote files and arguments, so
/// their control characters are neutralised; a bank diagnostic stays on its one line.
fn report(error: &anyhow::Error) {
    use sanitize::for_terminal;
    let mut stderr = anstream::stderr().lock();
    if let Some(bank::BankError::Invalid(diagnostics)) = error.downcast_ref() {
        for diagnostic in diagnostics {
            let _ = writeln!(
                stderr,
                "{}: {} {}",
                style::paint(style::HEADING, &diagnostic.location),
                style::paint(style::ERROR, "error:"),
                sanitize::single_line(&diagnostic.message)
            );
        }
    }
    let _ = write!(
        stderr,
        "{} {}",
        style::paint(style::ERROR, "error:"),
        for_terminal(&error.to_string())
    );
    for cause in error.chain().skip(1) {
        let _ = write!(
            stderr,
            "\n  caused by: {}",
            for_terminal(&cause.to_string())
        );
    }
    let _ = writeln!(stderr);
}

/// `--color` must also reach clap's own help and error output, which print before the config
/// exists.
fn clap_color(args: &[OsString]) -> clap::ColorChoice {
    let mut iter = args.iter().map(|arg| arg.to_string_lossy());
    while let Some(arg) = iter.next() {
        let value = match arg.strip_prefix("--color") {
            Some("") => iter.next().map(|value| value.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => None,
        };
        match value.as_deref() {
            Some("always") => return clap::ColorChoice::Always,
            Some("never") => return clap::ColorChoice::Never,
            _ => {}
        }
    }
    clap::ColorChoice::Auto
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::cli::Cli::command().debug_assert();
    }
}
