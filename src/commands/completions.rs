//! `grill completions SHELL`: prints a completion script generated from the clap definition, with
//! the loaded banks' topics and question ids as the values `--topic`, `--question` and
//! `grill bank show` complete to.

use anyhow::Result;
use std::io::Write;

use clap::builder::PossibleValuesParser;
use clap::{Arg, CommandFactory};

use crate::bank::Bank;
use crate::cli::Cli;
use crate::config::Config;
use crate::exit;

pub(crate) fn run(config: &Config, shell: clap_complete::Shell) -> Result<u8> {
    let mut command = Cli::command();
    // Offer the bank's topics and ids; without a bank, complete them as free text.
    if let Ok(bank) = Bank::load(&config.banks) {
        // clap keeps value names as `&'static str`; this process only prints the script.
        let leak = |name: &str| -> &'static str { Box::leak(name.to_owned().into_boxed_str()) };
        let topics: Vec<&'static str> = bank.topics().into_iter().map(leak).collect();
        let ids: Vec<&'static str> = bank.items().iter().map(|i| leak(&i.question.id)).collect();
        let topic = |arg: Arg| arg.value_parser(PossibleValuesParser::new(topics.clone()));
        let id = |arg: Arg| arg.value_parser(PossibleValuesParser::new(ids.clone()));
        command = command
            .mut_arg("topic", topic)
            .mut_arg("question", id)
            .mut_subcommand("practice", |sub| {
                sub.mut_arg("topic", topic).mut_arg("question", id)
            })
            .mut_subcommand("drill", |sub| sub.mut_arg("topic", topic))
            .mut_subcommand("bank", |bank| {
                bank.mut_subcommand("list", |list| list.mut_arg("topic", topic))
                    .mut_subcommand("show", |show| show.mut_arg("id", id))
            });
    }
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "grill", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(exit::OK)
}
