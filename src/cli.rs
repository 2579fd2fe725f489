//! The command line as clap sees it; nothing here is used past `Config::from_cli`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// grill: a terminal mock interviewer for backend engineering.
///
/// Run `grill` with no arguments to start an interview on the embedded question bank.
#[derive(Debug, Parser)]
#[command(name = "grill", version, about, long_about = None, propagate_version = true)]
#[command(after_help = "Docs: README.md and docs/FORMAT.md (the bank and rubric formats).")]
pub struct Cli {
    /// When to use colour: auto follows the terminal and NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    #[command(flatten)]
    pub banks: BankArgs,

    /// What to do; with none, grill starts an interview.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which question banks to load.
#[derive(Debug, Clone, Args)]
pub struct BankArgs {
    /// Add the bank in DIR (a folder holding question_bank/ and rubrics/); repeatable.
    #[arg(long = "bank", global = true, value_name = "DIR")]
    pub bank: Vec<PathBuf>,

    /// Use only the banks given with --bank, not the embedded one.
    #[arg(long, global = true)]
    pub no_default_bank: bool,
}

/// The colour choices of `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// A difficulty tier on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TierArg {
    /// Definitions and basic trade-offs.
    Easy,
    /// Applying and comparing.
    Medium,
    /// Design, failure modes and deep trade-offs.
    Hard,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Browse and check question banks.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Grade answers in bulk: JSON lines in, one score card per line out.
    #[command(
        after_help = "Input lines: {\"id\": \"x/1\", \"question\": \"db-acid\", \"answer\": \"...\", \"human\": 4.5}\n(id and human are optional). Output: one JSON object per input line, in input order."
    )]
    Grade {
        /// The JSON-lines file to grade, or - for stdin.
        #[arg(long, short, value_name = "FILE")]
        input: PathBuf,
        /// Where to write the graded lines, or - for stdout.
        #[arg(long, short, value_name = "FILE", default_value = "-")]
        output: PathBuf,
        /// Stop at the first malformed line or unknown question instead of skipping it.
        #[arg(long)]
        strict: bool,
    },
    /// Compare the scorer with human grades: correlation, error, kappa, worst disagreements.
    #[command(
        after_help = "Input: the same JSON lines as `grill grade`; lines without a `human` grade are skipped."
    )]
    Calibrate {
        /// The JSON-lines file with human grades, or - for stdin.
        #[arg(long, short, value_name = "FILE")]
        input: PathBuf,
        /// Print JSON instead of a report.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script to stdout.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `grill bank ...`
#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// List questions as a table (id, topic, tier, prompt).
    List {
        /// Only this topic (repeatable).
        #[arg(long, value_name = "TOPIC")]
        topic: Vec<String>,
        /// Only this tier (repeatable).
        #[arg(long, value_enum, value_name = "TIER")]
        tier: Vec<TierArg>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List topics with their question counts per tier.
    Topics {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one question, its hints and its rubric's concepts.
    Show {
        /// The question id (see `grill bank list`).
        id: String,
        /// Also show phrases, misconceptions, follow-ups and the model answer.
        #[arg(long)]
        reveal: bool,
    },
    /// Check bank files and report every problem with file, line and column.
    Validate,
    /// Score every rubric's [[rubric.examples]] and list those outside their band.
    Test,
}
