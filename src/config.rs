//! Turns the parsed command line and environment into one validated configuration, resolved
//! once (banks, colour, data folder, output formats); clap's types stop here.

use std::path::{Path, PathBuf};

use anstream::ColorChoice;

use crate::bank::{BankSpec, Tier, TierMode};
use crate::cli::{
    BankCommand, Cli, ColorArg, Command, FormatArg, FormatArgs, PracticeArgs, TierArg, TierChoice,
};
use crate::output::{Format, Target};

/// Problems with flags or environment found before any work starts.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ConfigError {
    /// `$GRILL_HOME` is set but empty.
    #[error("GRILL_HOME is set but empty: unset it or name a folder")]
    EmptyGrillHome,
    /// No data directory could be found.
    #[error("no data directory: set GRILL_HOME to a folder grill may write to")]
    NoDataDir,
    /// `--report FILE` names a format grill cannot write.
    #[error("--report {}: unknown format: name the file .md (Markdown) or .json (JSON)", .0.display())]
    ReportFormat(PathBuf),
    /// Interview flags given before a subcommand that is not an interview.
    #[error("{0} only applies to an interview (`grill` or `grill practice`), not to `grill {1}`")]
    InterviewFlagElsewhere(&'static str, &'static str),
    /// `GRILL_FAKE_CLOCK` is not a number of seconds.
    #[error("GRILL_FAKE_CLOCK={0}: expected whole seconds per line of input")]
    FakeClock(String),
    /// `--output FILE` with no `--format` names a file whose extension says no format.
    #[error("--output {}: unknown format: name the file .md, .json or .txt, or pass --format", .0.display())]
    OutputFormat(PathBuf),
}

/// Settings every command shares.
#[derive(Debug, Clone)]
pub struct Config {
    /// Whether to colour output.
    pub color: ColorChoice,
    /// Which banks to load.
    pub banks: BankSpec,
    /// Where sessions are kept: `$GRILL_HOME`, or the platform data folder; the error is kept
    /// for the commands that need the folder.
    pub data_dir: Result<PathBuf, ConfigError>,
    /// Development builds only (the shipped binary never reads it): `GRILL_FAKE_CLOCK`, a clock
    /// frozen at a fixed date that moves this many seconds per line of input, so the CLI tests
    /// get reproducible transcripts.
    pub fake_clock: Option<u64>,
}

impl Config {
    /// The data folder, or why there is none.
    pub fn data_dir(&self) -> Result<&Path, ConfigError> {
        self.data_dir.as_deref().map_err(Clone::clone)
    }
}

/// A report file to write, and its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    /// Where.
    pub target: Target,
    /// Markdown or JSON, from the extension.
    pub format: Format,
}

impl ReportFile {
    fn from_arg(path: Option<PathBuf>) -> Result<Option<ReportFile>, ConfigError> {
        path.map(|path| match Format::for_path(&path) {
            Some(format @ (Format::Markdown | Format::Json)) => Ok(ReportFile {
                target: Target::File(path),
                format,
            }),
            _ => Err(ConfigError::ReportFormat(path)),
        })
        .transpose()
    }
}

/// A document's format and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emit {
    /// The format.
    pub format: Format,
    /// Standard output or a file.
    pub target: Target,
}

impl Emit {
    fn from_args(args: FormatArgs) -> Result<Emit, ConfigError> {
        let target = Target::from_arg(args.output);
        let chosen = match (args.json, args.format) {
            (true, _) | (false, Some(FormatArg::Json)) => Some(Format::Json),
            (false, Some(FormatArg::Md)) => Some(Format::Markdown),
            (false, Some(FormatArg::Text)) => Some(Format::Text),
            (false, None) => None,
        };
        let format = match (chosen, &target) {
            (Some(format), _) => format,
            (None, Target::Stdout) => Format::Text,
            (None, Target::File(path)) => {
                Format::for_path(path).ok_or_else(|| ConfigError::OutputFormat(path.clone()))?
            }
        };
        Ok(Emit { format, target })
    }
}

/// How to run an interview.
#[derive(Debug, Clone)]
pub struct Practice {
    /// How tiers are chosen.
    pub tier: TierMode,
    /// Only these topics (all when empty).
    pub topics: Vec<String>,
    /// How many questions.
    pub count: usize,
    /// The seed, when given.
    pub seed: Option<u64>,
    /// Whether questions are timed.
    pub timed: bool,
    /// The session limit in seconds.
    pub session_limit_secs: Option<u64>,
    /// The report file to write at the end.
    pub report: Option<ReportFile>,
    /// Whether the line editor keeps a history (of commands only, across sessions).
    pub history: bool,
}

impl Practice {
    fn from_args(args: PracticeArgs) -> Result<Practice, ConfigError> {
        Ok(Practice {
            tier: match args.tier {
                TierChoice::Adaptive => TierMode::Adaptive,
                TierChoice::Mixed => TierMode::Mixed,
                TierChoice::Easy => TierMode::Easy,
                TierChoice::Medium => TierMode::Medium,
                TierChoice::Hard => TierMode::Hard,
            },
            topics: args.topic,
            count: usize::from(args.count),
            seed: args.seed,
            timed: args.timed || args.session_minutes.is_some(),
            session_limit_secs: args.session_minutes.map(|m| u64::from(m) * 60),
            report: ReportFile::from_arg(args.report)?,
            history: !args.no_history,
        })
    }
}

/// What the user asked for, with its settings.
#[derive(Debug, Clone)]
pub enum Action {
    /// `grill` with no subcommand, or `grill practice`: an interview.
    Practice(Practice),
    /// `grill resume`.
    Resume {
        /// The session, or the latest unfinished one.
        id: Option<String>,
        /// A report file to write at the end.
        report: Option<ReportFile>,
        /// Whether the line editor keeps a history.
        history: bool,
    },
    /// `grill history`.
    History(Emit),
    /// `grill review`.
    Review {
        /// The session, or the latest one.
        id: Option<String>,
        /// How and where to print it.
        emit: Emit,
    },
    /// `grill bank list`.
    BankList {
        /// Only these topics (all when empty).
        topics: Vec<String>,
        /// Only these tiers (all when empty).
        tiers: Vec<Tier>,
        /// How and where to print it.
        emit: Emit,
    },
    /// `grill bank topics`.
    BankTopics(Emit),
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
        output: Target,
        /// Stop at the first bad line.
        strict: bool,
    },
    /// `grill calibrate`.
    Calibrate {
        /// Where the graded answers come from.
        input: Input,
        /// How and where to print the figures.
        emit: Emit,
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
        let fake_clock = fake_clock()?;
        if let Some(command) = &cli.command
            && !matches!(command, Command::Practice(_))
            && let Some(flag) = interview_flag_given(&cli.practice)
        {
            return Err(ConfigError::InterviewFlagElsewhere(flag, command.name()));
        }
        let action = match cli.command {
            None => Action::Practice(Practice::from_args(cli.practice)?),
            Some(Command::Practice(args)) => Action::Practice(Practice::from_args(args)?),
            Some(Command::Resume {
                id,
                report,
                no_history,
            }) => Action::Resume {
                id,
                report: ReportFile::from_arg(report)?,
                history: !no_history,
            },
            Some(Command::History(format)) => Action::History(Emit::from_args(format)?),
            Some(Command::Review { id, report, format }) => Action::Review {
                id,
                emit: match ReportFile::from_arg(report)? {
                    Some(file) => Emit {
                        format: file.format,
                        target: file.target,
                    },
                    None => Emit::from_args(format)?,
                },
            },
            Some(Command::Completions { shell }) => Action::Completions(shell),
            Some(Command::Bank(bank)) => match bank {
                BankCommand::List {
                    topic,
                    tier,
                    format,
                } => Action::BankList {
                    topics: topic,
                    tiers: tier.into_iter().map(Tier::from).collect(),
                    emit: Emit::from_args(format)?,
                },
                BankCommand::Topics(format) => Action::BankTopics(Emit::from_args(format)?),
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
                output: Target::from_arg(output),
                strict,
            },
            Some(Command::Calibrate { input, format }) => Action::Calibrate {
                input: Input::from_arg(input),
                emit: Emit::from_args(format)?,
            },
        };
        Ok((
            Config {
                color,
                banks,
                data_dir: data_dir(),
                fake_clock,
            },
            action,
        ))
    }
}

/// `GRILL_FAKE_CLOCK`, read by development builds only, for the CLI tests.
#[cfg(debug_assertions)]
fn fake_clock() -> Result<Option<u64>, ConfigError> {
    match std::env::var("GRILL_FAKE_CLOCK") {
        Ok(value) => value
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| ConfigError::FakeClock(value.clone())),
        Err(_) => Ok(None),
    }
}

/// Release builds keep the system clock whatever the environment says.
#[cfg(not(debug_assertions))]
fn fake_clock() -> Result<Option<u64>, ConfigError> {
    Ok(None)
}

/// The first interview flag given at the top level, if any (they default otherwise).
fn interview_flag_given(args: &PracticeArgs) -> Option<&'static str> {
    [
        (args.tier != TierChoice::Adaptive, "--tier"),
        (!args.topic.is_empty(), "--topic"),
        (args.count != 5, "--count"),
        (args.seed.is_some(), "--seed"),
        (args.timed, "--timed"),
        (args.session_minutes.is_some(), "--session-minutes"),
        (args.report.is_some(), "--report"),
        (args.no_history, "--no-history"),
    ]
    .into_iter()
    .find_map(|(given, flag)| given.then_some(flag))
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
fn data_dir() -> Result<PathBuf, ConfigError> {
    match std::env::var_os("GRILL_HOME") {
        Some(home) if home.is_empty() => Err(ConfigError::EmptyGrillHome),
        Some(home) => Ok(PathBuf::from(home)),
        None => dirs::data_dir()
            .map(|dir| dir.join("grill"))
            .ok_or(ConfigError::NoDataDir),
    }
}
