//! `grill completions SHELL`: prints a completion script generated from the clap definition.

use anyhow::Result;
use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit;

pub(crate) fn run(shell: clap_complete::Shell) -> Result<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "grill", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(exit::OK)
}
