//! Turns the parsed command line and environment into one validated configuration, resolved
//! once (banks, colour, data folder, output formats), with the environment and the config file
//! under the flags; clap's types stop here.

use std::path::{Path, PathBuf};

use anstream::ColorChoice;

use crate::bank::{BankSpec, Tier, TierMode};
use clap::ValueEnum;
use clap::parser::{ArgMatches, ValueSource};

use crate::cli::{
    BankCommand, Cli, ColorArg, Command, ConfigCommand, FormatArg, FormatArgs, LlmArgs, LlmCommand,
    PracticeArgs, ScreenCommand, TierArg, TierChoice,
};
use crate::config_file::{ConfigFile, FileError};
use crate::llm::{ApiKey, Settings as LlmSettings};
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
    /// `GRILL_TODAY` is not a date.
    #[error("GRILL_TODAY={0}: expected a date as YYYY-MM-DD")]
    Today(String),
    /// `--since` is not a date.
    #[error("--since {0}: expected a date as YYYY-MM-DD")]
    Since(String),
    /// `GRILL_FAKE_CLOCK` is not a number of seconds.
    #[error("GRILL_FAKE_CLOCK={0}: expected whole seconds per line of input")]
    FakeClock(String),
    /// The config file is wrong.
    #[error(transparent)]
    File(#[from] FileError),
    /// The config file holds a value out of range.
    #[error("{}:{line}: {message}", .path.display())]
    FileValue {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// `--llm` with no model named anywhere.
    #[error(
        "--llm needs a model: pass --llm-model NAME, set GRILL_LLM_MODEL or put llm_model in the config file"
    )]
    LlmModel,
    /// An LLM setting out of range, from a flag or the environment.
    #[error("{origin}: {message}")]
    LlmValue {
        /// The flag or variable.
        origin: Source,
        /// What is wrong.
        message: String,
    },
    /// `--output FILE` with no `--format` names a file whose extension says no format.
    #[error("--output {}: unknown format: name the file .md, .json, .html or .txt, or pass --format", .0.display())]
    OutputFormat(PathBuf),
    /// `--bank` or `--no-default-bank` given to `grill screen`, whose file names its banks.
    #[error(
        "{0} does not apply to `grill screen`: the screen file's [banks] table says which banks a screen uses"
    )]
    BankFlagForScreen(&'static str),
    /// `--candidate` is empty, too long or not one line.
    #[error("--candidate `{0}`: give the candidate's name, one line of 1 to 100 characters")]
    Candidate(String),
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
    /// Development builds only: `GRILL_TODAY=YYYY-MM-DD`, the day (Unix seconds of its midnight,
    /// UTC) the review scheduler takes as today, and the day a fake-clock interview happens on,
    /// so tests can simulate weeks of practice.
    pub today: Option<u64>,
    /// Whether the line editor keeps typed lines in `history.txt` in the data folder.
    pub history: bool,
    /// The config file, read and checked.
    pub file: ConfigFile,
    /// Every setting in effect and where it comes from, for `grill config show`.
    pub settings: Vec<Setting>,
    /// The LLM judge's endpoint, when `--llm` asks for it (or `grill llm check` checks it);
    /// `None` grades with the rubric alone, exactly as without an LLM.
    pub llm: Option<LlmSettings>,
    /// For `grill screen`: the LLM endpoint, key and limits a screen scored by a model uses, with
    /// the model left for the screen file to name.
    pub screen_llm: Option<LlmSettings>,
    /// Warnings found while resolving (a config file holding a key that others can read).
    pub warnings: Vec<String>,
}

/// Where a setting in effect comes from, highest precedence first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// The config file, at this line.
    File(PathBuf, usize),
    /// grill's default.
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "environment {var}"),
            Source::File(path, line) => write!(f, "file {}:{line}", path.display()),
            Source::Default => f.write_str("default"),
        }
    }
}

/// One setting in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The config file key.
    pub key: &'static str,
    /// The value, as the file would spell it.
    pub value: String,
    /// Where it comes from.
    pub source: Source,
}

/// The layers a setting is looked up in: the parsed command line (flags and the environment
/// clap read) and the config file.
struct Layers<'a> {
    matches: &'a ArgMatches,
    file: &'a ConfigFile,
    settings: Vec<Setting>,
}

impl Layers<'_> {
    /// Where clap found argument `id`: the command line or the environment, if either.
    fn given(&self, id: &str, flag: &'static str, env: Option<&'static str>) -> Option<Source> {
        match self.matches.value_source(id) {
            Some(ValueSource::CommandLine) => Some(Source::Flag(flag)),
            Some(ValueSource::EnvVariable) => env.map(Source::Env),
            _ => None,
        }
    }

    /// The file's line for `key`, as a source.
    fn in_file(&self, key: &str) -> Option<Source> {
        let path = self.file.path.clone()?;
        self.file.line(key).map(|line| Source::File(path, line))
    }

    /// An error about the file's value for `key`.
    fn bad(&self, key: &str, message: String) -> ConfigError {
        ConfigError::FileValue {
            path: self.file.path.clone().unwrap_or_default(),
            line: self.file.line(key).unwrap_or(1),
            message: format!("{key}: {message}"),
        }
    }

    fn note(&mut self, key: &'static str, value: String, source: Source) {
        self.settings.push(Setting { key, value, source });
    }
}

impl Config {
    /// The grader this configuration asks for, for any front end (interviews, batches,
    /// screens): the LLM judge over `rubric` when `--llm` is on (with a spinner and Ctrl-C
    /// cancelling the wait when `interactive`), else `rubric` itself, exactly as without an LLM.
    pub fn grader(
        &self,
        rubric: crate::grader::RubricGrader,
        interactive: bool,
    ) -> Result<Box<dyn crate::grader::Grader>, crate::llm::LlmError> {
        crate::llm::grader(self.llm.as_ref(), rubric, interactive)
    }

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
            (false, Some(FormatArg::Html)) => Some(Format::Html),
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
    /// Every question's limit in seconds, instead of its own.
    pub time_limit_secs: Option<u32>,
    /// The session limit in seconds.
    pub session_limit_secs: Option<u64>,
    /// Exactly these questions, in order (empty: select by tier and topics).
    pub questions: Vec<String>,
    /// The report file to write at the end.
    pub report: Option<ReportFile>,
    /// Whether the line editor keeps a history (of commands only, across sessions).
    pub history: bool,
}

impl Practice {
    /// The interview settings: each flag, else its environment variable, else the config file,
    /// else the default.
    fn resolve(args: PracticeArgs, layers: &mut Layers<'_>) -> Result<Practice, ConfigError> {
        let file = layers.file.values.clone();
        let (tier, source) = match (
            layers.given("tier", "--tier", Some("GRILL_TIER")),
            &file.tier,
        ) {
            (Some(source), _) => (args.tier, source),
            (None, Some(name)) => (
                TierChoice::from_str(name, true).map_err(|_| {
                    layers.bad(
                        "tier",
                        format!("`{name}` is not adaptive, mixed, easy, medium or hard"),
                    )
                })?,
                layers.in_file("tier").unwrap_or(Source::Default),
            ),
            (None, None) => (args.tier, Source::Default),
        };
        let tier = match tier {
            TierChoice::Adaptive => TierMode::Adaptive,
            TierChoice::Mixed => TierMode::Mixed,
            TierChoice::Easy => TierMode::Easy,
            TierChoice::Medium => TierMode::Medium,
            TierChoice::Hard => TierMode::Hard,
        };
        layers.note("tier", tier.as_str().to_owned(), source);

        let (count, source) = match (
            layers.given("count", "--count", Some("GRILL_COUNT")),
            file.count,
        ) {
            (Some(source), _) => (args.count, source),
            (None, Some(count)) if (1..=200).contains(&count) => {
                (count, layers.in_file("count").unwrap_or(Source::Default))
            }
            (None, Some(count)) => {
                return Err(layers.bad("count", format!("{count} is not in 1..=200")));
            }
            (None, None) => (args.count, Source::Default),
        };
        layers.note("count", count.to_string(), source);

        let (topics, source) = match (args.topic.is_empty(), file.topics) {
            (false, _) => (args.topic, Source::Flag("--topic")),
            (true, Some(topics)) => (topics, layers.in_file("topics").unwrap_or(Source::Default)),
            (true, None) => (Vec::new(), Source::Default),
        };
        layers.note("topics", format!("{topics:?}"), source);

        let (session_minutes, source) = match (args.session_minutes, file.session_minutes) {
            (Some(m), _) => (Some(m), Source::Flag("--session-minutes")),
            (None, Some(m)) if (1..=600).contains(&m) => (
                Some(m),
                layers.in_file("session_minutes").unwrap_or(Source::Default),
            ),
            (None, Some(m)) => {
                return Err(layers.bad("session_minutes", format!("{m} is not in 1..=600")));
            }
            (None, None) => (None, Source::Default),
        };
        layers.note(
            "session_minutes",
            session_minutes.map_or_else(|| "none".to_owned(), |m| m.to_string()),
            source,
        );

        let (time_limit, source) = match (args.time_limit, file.time_limit) {
            (Some(secs), _) => (Some(secs), Source::Flag("--time-limit")),
            (None, Some(secs)) if (1..=86_400).contains(&secs) => (
                Some(secs),
                layers.in_file("time_limit").unwrap_or(Source::Default),
            ),
            (None, Some(secs)) => {
                return Err(layers.bad("time_limit", format!("{secs} is not in 1..=86400 seconds")));
            }
            (None, None) => (None, Source::Default),
        };
        layers.note(
            "time_limit",
            time_limit.map_or_else(|| "none".to_owned(), |s| s.to_string()),
            source,
        );

        let (timed, source) = match (args.timed, file.timed) {
            (true, _) => (true, Source::Flag("--timed")),
            (false, Some(timed)) => (timed, layers.in_file("timed").unwrap_or(Source::Default)),
            (false, None) => (false, Source::Default),
        };
        layers.note("timed", timed.to_string(), source);

        Ok(Practice {
            tier,
            topics,
            count: usize::from(count),
            seed: args.seed,
            timed: timed || session_minutes.is_some() || time_limit.is_some(),
            time_limit_secs: time_limit,
            session_limit_secs: session_minutes.map(|m| u64::from(m) * 60),
            questions: args.question,
            report: ReportFile::from_arg(args.report)?,
            history: !args.no_history && file.history.unwrap_or(true),
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
    /// `grill stats`.
    Stats {
        /// How and where to print the figures.
        emit: Emit,
        /// Only sessions started at or after this Unix time.
        since: Option<u64>,
        /// ASCII-only charts.
        ascii: bool,
        /// Ignore the review cache.
        rebuild: bool,
    },
    /// `grill drill`.
    Drill {
        /// How many questions at most.
        count: usize,
        /// Only these topics (all when empty).
        topics: Vec<String>,
        /// Whether the line editor keeps a history.
        history: bool,
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
    /// `grill llm check`.
    LlmCheck,
    /// `grill calibrate`.
    Calibrate {
        /// Where the graded answers come from.
        input: Input,
        /// How and where to print the figures.
        emit: Emit,
    },
    /// `grill completions`.
    Completions(clap_complete::Shell),
    /// `grill config path`.
    ConfigPath,
    /// `grill config show`.
    ConfigShow,
    /// `grill screen ...`.
    Screen(ScreenAction),
}

/// `grill screen ...`, resolved.
#[derive(Debug, Clone)]
pub enum ScreenAction {
    /// Check a screen file.
    Validate {
        /// The screen file.
        file: PathBuf,
        /// Print the frozen form.
        freeze: bool,
    },
    /// Run it hosted for one candidate.
    Run {
        /// The screen file.
        file: PathBuf,
        /// The candidate.
        candidate: String,
        /// The results folder.
        out: PathBuf,
    },
    /// Write its sealed pack.
    Pack {
        /// The screen file.
        file: PathBuf,
        /// The pack to write.
        out: Target,
    },
    /// Take a sealed pack.
    Take {
        /// The pack.
        pack: PathBuf,
        /// The candidate.
        candidate: String,
        /// Where the result goes.
        out: PathBuf,
    },
    /// Grade sealed results.
    Grade {
        /// The result files.
        results: Vec<PathBuf>,
        /// The screen file.
        screen: PathBuf,
    },
    /// Report on a results folder.
    Report {
        /// The folder.
        dir: PathBuf,
        /// The format.
        format: crate::report::screen::ScreenFormat,
        /// Where it goes.
        target: Target,
    },
    /// Grade a results folder again.
    Rescore {
        /// The folder.
        dir: PathBuf,
        /// The screen file.
        screen: PathBuf,
    },
}

impl ScreenAction {
    fn from_command(command: ScreenCommand) -> Result<ScreenAction, ConfigError> {
        use crate::report::screen::ScreenFormat;
        Ok(match command {
            ScreenCommand::Validate { file, freeze } => ScreenAction::Validate { file, freeze },
            ScreenCommand::Run {
                file,
                candidate,
                out,
            } => ScreenAction::Run {
                file,
                candidate: candidate_name(candidate)?,
                out,
            },
            ScreenCommand::Pack { file, out } => ScreenAction::Pack {
                file,
                out: Target::from_arg(out),
            },
            ScreenCommand::Take {
                pack,
                candidate,
                out,
            } => ScreenAction::Take {
                pack,
                candidate: candidate_name(candidate)?,
                out,
            },
            ScreenCommand::Grade { results, screen } => ScreenAction::Grade { results, screen },
            ScreenCommand::Report {
                dir,
                format,
                output,
            } => {
                let target = Target::from_arg(output);
                let format = match (format, &target) {
                    (Some(format), _) => ScreenFormat::from(format),
                    (None, Target::File(path)) => {
                        ScreenFormat::for_path(path).unwrap_or(ScreenFormat::Table)
                    }
                    (None, Target::Stdout) => ScreenFormat::Table,
                };
                ScreenAction::Report {
                    dir,
                    format,
                    target,
                }
            }
            ScreenCommand::Rescore { dir, screen } => ScreenAction::Rescore { dir, screen },
        })
    }
}

/// A candidate's name: not empty, one line, at most 100 characters.
fn candidate_name(name: String) -> Result<String, ConfigError> {
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 100 || trimmed.chars().any(char::is_control)
    {
        return Err(ConfigError::Candidate(
            crate::sanitize::single_line(&name).into_owned(),
        ));
    }
    Ok(trimmed.to_owned())
}

impl Config {
    /// Resolves the command line, the environment and the config file into a configuration and
    /// the action to run: flags first, then the environment, then the file, then the defaults.
    pub fn from_cli(cli: Cli, matches: &ArgMatches) -> Result<(Config, Action), ConfigError> {
        let file = ConfigFile::load(crate::config_file::location())?;
        let sub = match &cli.command {
            Some(_) => matches.subcommand().map_or(matches, |(_, sub)| sub),
            None => matches,
        };
        let mut layers = Layers {
            matches: sub,
            file: &file,
            settings: Vec::new(),
        };
        let color = resolve_color(cli.color, &mut layers)?;
        if matches!(cli.command, Some(Command::Screen(_))) {
            if !cli.banks.bank.is_empty() {
                return Err(ConfigError::BankFlagForScreen("--bank"));
            }
            if cli.banks.no_default_bank {
                return Err(ConfigError::BankFlagForScreen("--no-default-bank"));
            }
        }
        let banks = BankSpec {
            embedded: !cli.banks.no_default_bank,
            folders: cli.banks.bank,
        };
        let fake_clock = fake_clock()?;
        let today = today()?;
        if let Some(command) = &cli.command
            && !matches!(command, Command::Practice(_))
            && let Some(flag) = interview_flag_given(matches)
        {
            return Err(ConfigError::InterviewFlagElsewhere(flag, command.name()));
        }
        let (data_dir, source) = data_dir(&file);
        let data_dir_shown = data_dir.as_ref().map_or_else(
            |error| format!("none ({error})"),
            |d| d.display().to_string(),
        );
        layers.note("data_dir", data_dir_shown, source);
        let history = file.values.history.unwrap_or(true);
        let source = layers.in_file("history").unwrap_or(Source::Default);
        layers.note("history", history.to_string(), source);
        // The interview settings in effect, for `grill config show` and for `grill` alone.
        let top = {
            let mut top = Layers {
                matches,
                file: &file,
                settings: Vec::new(),
            };
            let practice = Practice::resolve(cli.practice.clone(), &mut top)?;
            (practice, top.settings)
        };
        let (top_practice, mut settings) = top;
        let (llm_args, jobs) = match &cli.command {
            None => (cli.practice.llm.clone(), None),
            Some(Command::Practice(args)) => (args.llm.clone(), None),
            Some(Command::Resume { llm, .. }) => (llm.clone(), None),
            Some(Command::Grade { llm, jobs, .. } | Command::Calibrate { llm, jobs, .. }) => {
                (llm.clone(), *jobs)
            }
            Some(Command::Llm(LlmCommand::Check { llm })) => (
                LlmArgs {
                    llm: true,
                    ..llm.clone()
                },
                None,
            ),
            // A screen names its model in its file; the endpoint, key and limits come from the
            // environment or the config file as for `--llm`.
            Some(Command::Screen(_)) => (
                LlmArgs {
                    llm_model: Some(SCREEN_MODEL.to_owned()),
                    ..LlmArgs::default()
                },
                None,
            ),
            Some(_) => (LlmArgs::default(), None),
        };
        let mut warnings = Vec::new();
        let llm = resolve_llm(&llm_args, jobs, &mut layers, &data_dir, &mut warnings)?;
        let screen_llm = matches!(cli.command, Some(Command::Screen(_)))
            .then(|| llm.clone())
            .flatten();
        let llm = if llm_args.llm {
            Some(llm.ok_or(ConfigError::LlmModel)?)
        } else {
            None
        };
        let action = match cli.command {
            None => Action::Practice(top_practice),
            Some(Command::Practice(args)) => {
                let mut sub_layers = Layers {
                    matches: sub,
                    file: &file,
                    settings: Vec::new(),
                };
                let practice = Practice::resolve(args, &mut sub_layers)?;
                settings = sub_layers.settings;
                Action::Practice(practice)
            }
            Some(Command::Config(ConfigCommand::Path)) => Action::ConfigPath,
            Some(Command::Config(ConfigCommand::Show)) => Action::ConfigShow,
            Some(Command::Resume {
                id,
                report,
                no_history,
                ..
            }) => Action::Resume {
                id,
                report: ReportFile::from_arg(report)?,
                history: !no_history && history,
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
            Some(Command::Stats {
                json,
                since,
                ascii,
                rebuild,
                output,
            }) => Action::Stats {
                emit: Emit::from_args(FormatArgs {
                    format: None,
                    json,
                    output: output.unwrap_or_else(|| PathBuf::from("-")),
                })?,
                since: since
                    .map(|day| parse_day(&day).ok_or(ConfigError::Since(day)))
                    .transpose()?,
                ascii,
                rebuild,
            },
            Some(Command::Drill {
                count,
                topic,
                no_history,
            }) => Action::Drill {
                count: usize::from(count),
                topics: topic,
                history: !no_history && history,
            },
            Some(Command::Completions { shell }) => Action::Completions(shell),
            Some(Command::Screen(screen)) => Action::Screen(ScreenAction::from_command(screen)?),
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
            Some(Command::Llm(LlmCommand::Check { .. })) => Action::LlmCheck,
            Some(Command::Grade {
                input,
                output,
                strict,
                ..
            }) => Action::Grade {
                input: Input::from_arg(input),
                output: Target::from_arg(output),
                strict,
            },
            Some(Command::Calibrate { input, format, .. }) => Action::Calibrate {
                input: Input::from_arg(input),
                emit: Emit::from_args(format)?,
            },
        };
        settings.extend(layers.settings);
        settings.sort_by_key(|setting| {
            crate::config_file::KEYS
                .iter()
                .position(|key| *key == setting.key)
        });
        Ok((
            Config {
                color,
                banks,
                data_dir,
                fake_clock,
                today,
                history,
                file,
                settings,
                llm,
                screen_llm,
                warnings,
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

/// `GRILL_TODAY`, read by development builds only, for the scheduling tests.
#[cfg(debug_assertions)]
fn today() -> Result<Option<u64>, ConfigError> {
    match std::env::var("GRILL_TODAY") {
        Ok(value) => parse_day(&value).map(Some).ok_or(ConfigError::Today(value)),
        Err(_) => Ok(None),
    }
}

/// Release builds schedule by the system clock whatever the environment says.
#[cfg(not(debug_assertions))]
fn today() -> Result<Option<u64>, ConfigError> {
    Ok(None)
}

/// `YYYY-MM-DD` as the Unix seconds of that day's midnight, UTC.
pub fn parse_day(text: &str) -> Option<u64> {
    let date: jiff::civil::Date = text.trim().parse().ok()?;
    let stamp: jiff::Timestamp = format!("{date}T00:00:00Z").parse().ok()?;
    let seconds = stamp.as_second();
    u64::try_from(seconds).ok()
}

/// Release builds keep the system clock whatever the environment says.
#[cfg(not(debug_assertions))]
fn fake_clock() -> Result<Option<u64>, ConfigError> {
    Ok(None)
}

/// The first interview flag given on the command line at the top level, if any (the
/// environment and the config file only set defaults).
fn interview_flag_given(matches: &ArgMatches) -> Option<&'static str> {
    [
        ("tier", "--tier"),
        ("topic", "--topic"),
        ("count", "--count"),
        ("seed", "--seed"),
        ("timed", "--timed"),
        ("session_minutes", "--session-minutes"),
        ("time_limit", "--time-limit"),
        ("question", "--question"),
        ("report", "--report"),
        ("no_history", "--no-history"),
        ("llm", "--llm"),
        ("llm_base_url", "--llm-base-url"),
        ("llm_model", "--llm-model"),
        ("llm_timeout", "--llm-timeout"),
    ]
    .into_iter()
    .find_map(|(id, flag)| {
        (matches.value_source(id) == Some(ValueSource::CommandLine)).then_some(flag)
    })
}

/// The first of these environment variables that is set and not blank, with its name.
fn env_var(names: &[&'static str]) -> Option<(String, &'static str)> {
    names.iter().find_map(|name| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|v| (v.trim().to_owned(), *name))
    })
}

/// A number of seconds as a duration, refused when not in 0.1..=3600.
fn seconds(value: f64, source: &Source) -> Result<std::time::Duration, ConfigError> {
    if !(0.1..=3600.0).contains(&value) {
        return Err(ConfigError::LlmValue {
            origin: source.clone(),
            message: format!("{value} is not in 0.1..=3600 seconds"),
        });
    }
    Ok(std::time::Duration::from_secs_f64(value))
}

/// The model `grill screen` resolves LLM settings with, until the screen file names its own.
const SCREEN_MODEL: &str = "the screen's model";

/// The LLM judge's settings, each from its flag, else the environment (`GRILL_LLM_*`, then
/// `OPENAI_*`), else the config file, else the default; `None` when no model is named. The key
/// is noted as `[redacted]`; a file holding a key that others can read earns a warning.
fn resolve_llm(
    args: &LlmArgs,
    jobs: Option<u16>,
    layers: &mut Layers<'_>,
    data_dir: &Result<PathBuf, ConfigError>,
    warnings: &mut Vec<String>,
) -> Result<Option<LlmSettings>, ConfigError> {
    let file = layers.file.values.clone();
    let text = |layers: &Layers<'_>,
                flag: Option<&String>,
                flag_name: &'static str,
                env: &[&'static str],
                file: Option<&String>,
                key: &'static str| {
        match (flag, env_var(env), file) {
            (Some(value), _, _) => Some((value.trim().to_owned(), Source::Flag(flag_name))),
            (None, Some((value, name)), _) => Some((value, Source::Env(name))),
            (None, None, Some(value)) => Some((
                value.trim().to_owned(),
                layers.in_file(key).unwrap_or(Source::Default),
            )),
            (None, None, None) => None,
        }
    };
    let (base_url, source) = text(
        layers,
        args.llm_base_url.as_ref(),
        "--llm-base-url",
        &["GRILL_LLM_BASE_URL", "OPENAI_BASE_URL"],
        file.llm_base_url.as_ref(),
        "llm_base_url",
    )
    .unwrap_or_else(|| ("https://api.openai.com/v1".to_owned(), Source::Default));
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        return Err(ConfigError::LlmValue {
            origin: source,
            message: format!(
                "`{}` is not an http:// or https:// URL",
                crate::sanitize::single_line(&base_url)
            ),
        });
    }
    layers.note(
        "llm_base_url",
        crate::llm::without_userinfo(&base_url),
        source,
    );
    let model = text(
        layers,
        args.llm_model.as_ref(),
        "--llm-model",
        &["GRILL_LLM_MODEL"],
        file.llm_model.as_ref(),
        "llm_model",
    );
    match &model {
        Some((model, source)) => layers.note("llm_model", model.clone(), source.clone()),
        None => layers.note("llm_model", "none".to_owned(), Source::Default),
    }
    let key = match (
        env_var(&["GRILL_LLM_API_KEY", "OPENAI_API_KEY"]),
        &file.llm_api_key,
    ) {
        (Some((key, name)), _) => Some((ApiKey::new(key), Source::Env(name))),
        (None, Some(secret)) => {
            if let Some(path) = &layers.file.path
                && crate::config_file::readable_by_others(path)
            {
                warnings.push(format!(
                    "{} holds llm_api_key and others can read it: chmod 600 {}",
                    path.display(),
                    path.display()
                ));
            }
            Some((
                ApiKey::new(secret.expose()),
                layers.in_file("llm_api_key").unwrap_or(Source::Default),
            ))
        }
        (None, None) => None,
    };
    let api_key = match key {
        Some((key, source)) => {
            layers.note("llm_api_key", "[redacted]".to_owned(), source);
            key
        }
        None => {
            layers.note("llm_api_key", "none".to_owned(), Source::Default);
            None
        }
    };
    let file_source =
        |layers: &Layers<'_>, key: &str| layers.in_file(key).unwrap_or(Source::Default);
    let defaults = LlmSettings::new("", "");
    let (timeout, source) = match (args.llm_timeout, file.llm_timeout) {
        (Some(secs), _) => {
            let source = Source::Flag("--llm-timeout");
            (seconds(secs, &source)?, source)
        }
        (None, Some(secs)) => {
            let source = file_source(layers, "llm_timeout");
            (seconds(secs, &source)?, source)
        }
        (None, None) => (defaults.timeout, Source::Default),
    };
    layers.note("llm_timeout", timeout.as_secs_f64().to_string(), source);
    let (connect_timeout, source) = match file.llm_connect_timeout {
        Some(secs) => {
            let source = file_source(layers, "llm_connect_timeout");
            (seconds(secs, &source)?, source)
        }
        None => (defaults.connect_timeout, Source::Default),
    };
    layers.note(
        "llm_connect_timeout",
        connect_timeout.as_secs_f64().to_string(),
        source,
    );
    let (retries, source) = match file.llm_retries {
        Some(retries) if retries > 10 => {
            return Err(layers.bad("llm_retries", format!("{retries} is not in 0..=10")));
        }
        Some(retries) => (retries, file_source(layers, "llm_retries")),
        None => (defaults.retries, Source::Default),
    };
    layers.note("llm_retries", retries.to_string(), source);
    let (temperature, source) = match file.llm_temperature {
        Some(t) if !(0.0..=2.0).contains(&t) => {
            return Err(layers.bad("llm_temperature", format!("{t} is not in 0..=2")));
        }
        Some(t) => (t, file_source(layers, "llm_temperature")),
        None => (defaults.temperature, Source::Default),
    };
    layers.note("llm_temperature", temperature.to_string(), source);
    let (max_tokens, source) = match file.llm_max_tokens {
        Some(m) if !(64..=100_000).contains(&m) => {
            return Err(layers.bad("llm_max_tokens", format!("{m} is not in 64..=100000")));
        }
        Some(m) => (m, file_source(layers, "llm_max_tokens")),
        None => (defaults.max_tokens, Source::Default),
    };
    layers.note("llm_max_tokens", max_tokens.to_string(), source);
    let (jobs, source) = match (jobs, file.llm_jobs) {
        (Some(jobs), _) => (jobs, Source::Flag("--jobs")),
        (None, Some(jobs)) if (1..=256).contains(&jobs) => (jobs, file_source(layers, "llm_jobs")),
        (None, Some(jobs)) => {
            return Err(layers.bad("llm_jobs", format!("{jobs} is not in 1..=256")));
        }
        (None, None) => (4, Source::Default),
    };
    layers.note("llm_jobs", jobs.to_string(), source);
    let Some((model, _)) = model else {
        return Ok(None);
    };
    let mut settings = LlmSettings::new(base_url, model);
    settings.api_key = api_key;
    settings.timeout = timeout;
    settings.connect_timeout = connect_timeout;
    settings.retries = retries;
    settings.temperature = temperature;
    settings.max_tokens = max_tokens;
    settings.jobs = usize::from(jobs);
    settings.modes_file = data_dir.as_ref().ok().map(|dir| dir.join("llm-modes.json"));
    Ok(Some(settings))
}

/// The colour choice: `--color` (or `GRILL_COLOR`), else `NO_COLOR`, else the file, else auto.
fn resolve_color(arg: ColorArg, layers: &mut Layers<'_>) -> Result<ColorChoice, ConfigError> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let file = layers.file.values.color.clone();
    let (arg, source) = match (layers.given("color", "--color", Some("GRILL_COLOR")), file) {
        (Some(source), _) => (arg, source),
        (None, _) if no_color => (ColorArg::Never, Source::Env("NO_COLOR")),
        (None, Some(name)) => (
            ColorArg::from_str(&name, true).map_err(|_| {
                layers.bad("color", format!("`{name}` is not auto, always or never"))
            })?,
            layers.in_file("color").unwrap_or(Source::Default),
        ),
        (None, None) => (ColorArg::Auto, Source::Default),
    };
    let (choice, name) = match arg {
        ColorArg::Auto => (ColorChoice::Auto, "auto"),
        ColorArg::Always => (ColorChoice::Always, "always"),
        ColorArg::Never => (ColorChoice::Never, "never"),
    };
    layers.note("color", name.to_owned(), source);
    Ok(choice)
}

/// An input file that cannot be opened (missing, a folder, not readable).
#[derive(Debug, thiserror::Error)]
#[error("--input {}: cannot open it: {source}", .path.display())]
pub struct InputError {
    /// The file given.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
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

    /// Opens the input for buffered reading; a file that cannot be opened is the caller's
    /// mistake (exit code 2).
    pub fn open(&self) -> Result<Box<dyn std::io::BufRead + Send>, InputError> {
        Ok(match self {
            Input::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
            Input::File(path) => {
                let file = std::fs::File::open(path).map_err(|source| InputError {
                    path: path.clone(),
                    source,
                })?;
                Box::new(std::io::BufReader::new(file))
            }
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

/// The folder grill keeps sessions and history in: `$GRILL_HOME`, else the file's `data_dir`,
/// else the platform data folder; and where that came from.
fn data_dir(file: &ConfigFile) -> (Result<PathBuf, ConfigError>, Source) {
    match std::env::var_os("GRILL_HOME") {
        Some(home) if home.is_empty() => {
            (Err(ConfigError::EmptyGrillHome), Source::Env("GRILL_HOME"))
        }
        Some(home) => (Ok(PathBuf::from(home)), Source::Env("GRILL_HOME")),
        None => match (&file.values.data_dir, &file.path, file.line("data_dir")) {
            (Some(dir), Some(path), Some(line)) => {
                (Ok(dir.clone()), Source::File(path.clone(), line))
            }
            _ => (
                dirs::data_dir()
                    .map(|dir| dir.join("grill"))
                    .ok_or(ConfigError::NoDataDir),
                Source::Default,
            ),
        },
    }
}
