//! One module per subcommand; `run` dispatches the validated action to it.

mod bank;
mod bank_test;
mod calibrate;
mod completions;
mod grade;
mod history;
mod practice;
mod resume;
mod review;

use anyhow::Result;

use crate::config::{Action, Config};

/// Runs one action and returns the exit code it earned.
pub(crate) fn run(config: &Config, action: Action) -> Result<u8> {
    match action {
        Action::Practice(practice) => practice::run(config, &practice),
        Action::Resume { id, report } => resume::run(config, id.as_deref(), report.as_ref()),
        Action::History { json } => history::run(json),
        Action::Review { id, report } => review::run(id.as_deref(), report.as_ref()),
        Action::BankList {
            topics,
            tiers,
            json,
        } => bank::list(config, &topics, &tiers, json),
        Action::BankTopics { json } => bank::topics(config, json),
        Action::BankShow { id, reveal } => bank::show(config, &id, reveal),
        Action::BankValidate => bank::validate(config),
        Action::BankTest => bank_test::run(config),
        Action::Grade {
            input,
            output,
            strict,
        } => grade::run(config, &input, &output, strict),
        Action::Calibrate { input, json } => calibrate::run(config, &input, json),
        Action::Completions(shell) => completions::run(shell),
    }
}
