//! One module per subcommand; `run` dispatches the validated action to it. The few helpers every
//! command needs (warnings, the saved sessions, printing a document) are here.

mod bank;
mod bank_test;
mod calibrate;
mod completions;
mod config;
mod drill;
mod grade;
mod history;
mod interview;
mod llm;
mod practice;
mod resume;
mod review;
mod screen;
mod screen_take;
mod stats;

use std::io::Write;

use anyhow::{Context, Result};

use crate::config::{Action, Config, Emit};
use crate::exit::UsageError;
use crate::report::Document;
use crate::sanitize::for_terminal;
use crate::session::SessionError;
use crate::session::store::{Listing, Store};
use crate::style::{self, paint};

/// Runs one action and returns the exit code it earned.
pub(crate) fn run(config: &Config, action: Action) -> Result<u8> {
    for warning in &config.warnings {
        warn(warning);
    }
    match action {
        Action::Practice(practice) => practice::run(config, &practice),
        Action::Resume {
            id,
            report,
            history,
        } => resume::run(config, id.as_deref(), report.as_ref(), history),
        Action::History(emit) => history::run(config, &emit),
        Action::Review { id, emit } => review::run(config, id.as_deref(), &emit),
        Action::Stats {
            emit,
            since,
            ascii,
            rebuild,
        } => stats::run(config, &emit, since, ascii, rebuild),
        Action::Drill {
            count,
            topics,
            history,
        } => drill::run(config, count, &topics, history),
        Action::BankList {
            topics,
            tiers,
            emit,
        } => bank::list(config, &topics, &tiers, &emit),
        Action::BankTopics(emit) => bank::topics(config, &emit),
        Action::BankShow { id, reveal } => bank::show(config, &id, reveal),
        Action::BankValidate => bank::validate(config),
        Action::BankTest => bank_test::run(config),
        Action::Grade {
            input,
            output,
            strict,
        } => grade::run(config, &input, &output, strict),
        Action::Calibrate { input, emit } => calibrate::run(config, &input, &emit),
        Action::Completions(shell) => completions::run(config, shell),
        Action::ConfigPath => config::path(config),
        Action::ConfigShow => config::show(config),
        Action::Screen(screen) => screen::run(config, screen),
        Action::LlmCheck => llm::check(config),
    }
}

/// Prints a warning on stderr; it may quote stored text, so it is neutralised.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(
        anstream::stderr().lock(),
        "{} {}",
        paint(style::WARN, "warning:"),
        for_terminal(message)
    );
}

/// The store of the data folder and its saved sessions, oldest first; bad lines and journals
/// that cannot be read are skipped with a warning each.
pub(crate) fn saved(config: &Config) -> Result<(Store, Listing)> {
    let store = Store::new(config.data_dir()?);
    let listing = store.list();
    for warning in &listing.warnings {
        warn(warning);
    }
    Ok((store, listing))
}

/// A session error that is the user's to fix (an unknown id...), as a usage error.
pub(crate) fn usage(error: SessionError) -> anyhow::Error {
    UsageError(error.to_string()).into()
}

/// Prints a document as asked.
pub(crate) fn emit(document: &Document<'_>, emit: &Emit) -> Result<()> {
    document
        .emit(emit.format, &emit.target)
        .with_context(|| format!("cannot write to {}", interview::describe(&emit.target)))
}
