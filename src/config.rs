//! Turns the parsed command line and environment into one validated configuration; clap's types
//! stop here.

use std::path::PathBuf;

use anstream::ColorChoice;

use crate::bank::{BankSpec, Tier};
use crate::cli::{BankCommand, Cli, ColorArg, Command, TierArg};

/// Problems with flags or environment found before any work starts.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `$GRILL_HOME` is set but empty.
    #[error("GRILL_HOME is set but empty: unset it or name a folder")]
    EmptyGrillHome,
    /// No data directory could be found.
    #[error("no data directory: set GRILL_HOME to a folder grill may write to")]
    NoDataDir,
}

/// Settings every command shares.
#[derive(Debug, Clone)]
pub struct Config {
    /// Whether to colour output.
    pub color: ColorChoice,
    /// Which banks to load.
    pub banks: BankSpec,
}

/// What the user asked for, with its settings.
#[derive(Debug, Clone)]
pub enum Action {
    /// `grill` with no subcommand.
    Default,
    /// `grill bank list`.
    BankList {
        /// Only these topics (all when empty).
        topics: Vec<String>,
        /// Only these tiers (all when empty).
        tiers: Vec<Tier>,
        /// JSON instead of a table.
        json: bool,
    },
    /// `grill bank topics`.
    BankTopics {
        /// JSON instead of a table.
        json: bool,
    },
    /// `grill bank show`.
    BankShow {
        /// The question id.
        id: String,
        /// Show the whole rubric.
        reveal: bool,
    },
    /// `grill bank validate`.
    BankValidate,
    /// `grill bank test`.
    BankTest,
    /// `grill grade`.
    Grade {
        /// Where the answers come from.
        input: Input,
        /// Where the graded lines go.
        output: Output,
        /// Stop at the first bad line.
        strict: bool,
    },
    /// `grill calibrate`.
    Calibrate {
        /// Where the graded answers come from.
        input: Input,
        /// JSON instead of a report.
        json: bool,
    },
    /// `grill completions`.
    Completions(clap_complete::Shell),
}

impl Config {
    /// Resolves the command line into a configuration and the action to run.
    pub fn from_cli(cli: Cli) -> Result<(Config, Action), ConfigError> {
        let color = match cli.color {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        };
        let banks = BankSpec {
            embedded: !cli.banks.no_default_bank,
            folders: cli.banks.bank,
        };
        let action = match cli.command {
            None => Action::Default,
            Some(Command::Completions { shell }) => Action::Completions(shell),
            Some(Command::Bank(bank)) => match bank {
                BankCommand::List { topic, tier, json } => Action::BankList {
                    topics: topic,
                    tiers: tier.into_iter().map(Tier::from).collect(),
                    json,
                },
                BankCommand::Topics { json } => Action::BankTopics { json },
                BankCommand::Show { id, reveal } => Action::BankShow { id, reveal },
                BankCommand::Validate => Action::BankValidate,
                BankCommand::Test => Action::BankTest,
            },
            Some(Command::Grade {
                input,
                output,
                strict,
            }) => Action::Grade {
                input: Input::from_arg(input),
                output: Output::from_arg(output),
                strict,
            },
            Some(Command::Calibrate { input, json }) => Action::Calibrate {
                input: Input::from_arg(input),
                json,
            },
        };
        Ok((Config { color, banks }, action))
    }
}

/// A file to read, or stdin (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    fn from_arg(path: PathBuf) -> Self {
        if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(path)
        }
    }

    /// Opens the input for buffered reading.
    pub fn open(&self) -> std::io::Result<Box<dyn std::io::BufRead>> {
        Ok(match self {
            Input::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
            Input::File(path) => Box::new(std::io::BufReader::new(std::fs::File::open(path)?)),
        })
    }

    /// How to name the input in messages.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// A file to write, or stdout (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output.
    Stdout,
    /// A file, created or truncated.
    File(PathBuf),
}

impl Output {
    fn from_arg(path: PathBuf) -> Self {
        if path.as_os_str() == "-" {
            Output::Stdout
        } else {
            Output::File(path)
        }
    }

    /// Opens the output for buffered writing.
    pub fn create(&self) -> std::io::Result<Box<dyn std::io::Write>> {
        Ok(match self {
            Output::Stdout => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            Output::File(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
        })
    }
}

impl From<TierArg> for Tier {
    fn from(tier: TierArg) -> Self {
        match tier {
            TierArg::Easy => Tier::Easy,
            TierArg::Medium => Tier::Medium,
            TierArg::Hard => Tier::Hard,
        }
    }
}

/// The folder grill keeps sessions and history in: `$GRILL_HOME`, or the platform data dir.
pub fn data_dir() -> Result<PathBuf, ConfigError> {
    match std::env::var_os("GRILL_HOME") {
        Some(home) if home.is_empty() => Err(ConfigError::EmptyGrillHome),
        Some(home) => Ok(PathBuf::from(home)),
        None => dirs::data_dir()
            .map(|dir| dir.join("grill"))
            .ok_or(ConfigError::NoDataDir),
    }
}
