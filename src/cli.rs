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
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN",
          env = "GRILL_COLOR")]
    pub color: ColorArg,

    #[command(flatten)]
    pub banks: BankArgs,

    /// Interview settings for `grill` with no subcommand (the same as `grill practice`).
    #[command(flatten)]
    pub practice: PracticeArgs,

    /// What to do; with none, grill starts an interview.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How an interview is run.
#[derive(Debug, Clone, Args)]
pub struct PracticeArgs {
    /// Difficulty: adaptive starts at medium and follows your answers; mixed picks at random.
    #[arg(long, value_enum, default_value_t = TierChoice::Adaptive, value_name = "TIER",
          env = "GRILL_TIER")]
    pub tier: TierChoice,

    /// Only questions on this topic (repeatable; see `grill bank topics`).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,

    /// How many questions to ask.
    #[arg(long, default_value_t = 5, value_name = "N", env = "GRILL_COUNT",
          value_parser = clap::value_parser!(u16).range(1..=200))]
    pub count: u16,

    /// Seed the question order, to replay the same interview.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,

    /// Time each question (its own limit, or its tier's default) and show the time left.
    #[arg(long)]
    pub timed: bool,

    /// Give every question SECS seconds instead of its own limit (implies --timed).
    #[arg(long, value_name = "SECS",
          value_parser = clap::value_parser!(u32).range(1..=86400))]
    pub time_limit: Option<u32>,

    /// Practise exactly this question (repeatable, asked in the order given; see `grill bank
    /// list`). Topics and tiers do not apply.
    #[arg(long = "question", value_name = "ID", conflicts_with = "topic")]
    pub question: Vec<String>,

    /// Also limit the whole session to M minutes (implies --timed).
    #[arg(long, value_name = "M",
          value_parser = clap::value_parser!(u32).range(1..=600))]
    pub session_minutes: Option<u32>,

    /// Also write the end-of-session report to FILE: Markdown (.md) or JSON (.json).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Keep no line-editing history at all (by default only commands are kept across sessions,
    /// never answers).
    #[arg(long)]
    pub no_history: bool,

    /// The LLM judge.
    #[command(flatten)]
    pub llm: LlmArgs,
}

/// The LLM judge's flags; the API key is never a flag (it would show in the process list): set
/// GRILL_LLM_API_KEY or OPENAI_API_KEY, or `llm_api_key` in the config file.
#[derive(Debug, Clone, Default, Args)]
pub struct LlmArgs {
    /// Grade with an LLM judge through an OpenAI-compatible endpoint, every claim checked
    /// against the answer; the rubric grades whenever the endpoint fails.
    #[arg(long)]
    pub llm: bool,

    /// The endpoint's base URL, e.g. http://localhost:11434/v1 [env: GRILL_LLM_BASE_URL,
    /// OPENAI_BASE_URL; default: https://api.openai.com/v1]
    #[arg(long, value_name = "URL")]
    pub llm_base_url: Option<String>,

    /// The model to ask [env: GRILL_LLM_MODEL].
    #[arg(long, value_name = "NAME")]
    pub llm_model: Option<String>,

    /// Seconds one request may take before the rubric grades instead [default: 60].
    #[arg(long, value_name = "SECS")]
    pub llm_timeout: Option<f64>,
}

/// The tier choices of `--tier` for an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TierChoice {
    /// Start at medium; up a tier after a strong answer, down after a weak one.
    Adaptive,
    /// A random tier for every question.
    Mixed,
    /// Easy questions only.
    Easy,
    /// Medium questions only.
    Medium,
    /// Hard questions only.
    Hard,
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

/// How and where a document is printed.
#[derive(Debug, Clone, Args)]
pub struct FormatArgs {
    /// The format: text (a table for the terminal), md (Markdown), json or html (one
    /// self-contained page); by default text, or what the --output file's extension says.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// The same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Write to FILE instead of standard output (- is standard output).
    #[arg(long, short, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

/// A document format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Aligned text, coloured on a terminal.
    Text,
    /// Markdown.
    Md,
    /// Pretty JSON.
    Json,
    /// One self-contained HTML page with charts (inline CSS and SVG, no scripts).
    Html,
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
    /// Start an interview (what `grill` alone does).
    Practice(PracticeArgs),
    /// Continue the last unfinished interview (or the one named) where it stopped.
    Resume {
        /// The session id (see `grill history`); the latest unfinished one when omitted.
        id: Option<String>,
        /// Also write the report to FILE: Markdown (.md) or JSON (.json).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Keep no line-editing history at all.
        #[arg(long)]
        no_history: bool,
        /// The LLM judge, as for `practice` (a session is graded by whatever the resuming
        /// command asks for; each card records which grader produced it).
        #[command(flatten)]
        llm: LlmArgs,
    },
    /// List saved interviews: id, date, questions, average score, finished or not.
    History(FormatArgs),
    /// Print the report of one saved interview, with its answers.
    Review {
        /// The session id (see `grill history`); the latest when omitted.
        id: Option<String>,
        /// Write the report to FILE instead: Markdown (.md) or JSON (.json); the same as
        /// --output FILE.
        #[arg(long, value_name = "FILE", conflicts_with = "output")]
        report: Option<PathBuf>,
        /// The format and where to write.
        #[command(flatten)]
        format: FormatArgs,
    },
    /// Where you stand: scores per topic and tier over time, weakest concepts, reviews due,
    /// leeches, time spent.
    Stats {
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Only sessions started on or after DATE (YYYY-MM-DD); reviews due always count all.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Draw charts with ASCII characters only.
        #[arg(long)]
        ascii: bool,
        /// Rebuild the review state from the session journals, ignoring the cache.
        #[arg(long)]
        rebuild: bool,
        /// Write to FILE instead of standard output, in the format its extension says: .txt,
        /// .md, .json or .html (one page with charts); --json makes it JSON whatever the name.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// An interview on the concepts due for review: most overdue and weakest first.
    Drill {
        /// How many questions to ask at most.
        #[arg(long, default_value_t = 5, value_name = "N",
              value_parser = clap::value_parser!(u16).range(1..=200))]
        count: u16,
        /// Only concepts of questions on this topic (repeatable).
        #[arg(long, value_name = "TOPIC")]
        topic: Vec<String>,
        /// Keep no line-editing history at all.
        #[arg(long)]
        no_history: bool,
    },
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
        /// With --llm: how many requests are in flight at once [default: 4].
        #[arg(long, short, value_name = "N",
              value_parser = clap::value_parser!(u16).range(1..=256))]
        jobs: Option<u16>,
        /// The LLM judge.
        #[command(flatten)]
        llm: LlmArgs,
    },
    /// Compare the scorer with human grades: correlation, error, kappa, worst disagreements.
    #[command(
        after_help = "Input: the same JSON lines as `grill grade`; lines without a `human` grade are skipped."
    )]
    Calibrate {
        /// The JSON-lines file with human grades, or - for stdin.
        #[arg(long, short, value_name = "FILE")]
        input: PathBuf,
        /// The format and where to write.
        #[command(flatten)]
        format: FormatArgs,
        /// With --llm: how many requests are in flight at once [default: 4].
        #[arg(long, short, value_name = "N",
              value_parser = clap::value_parser!(u16).range(1..=256))]
        jobs: Option<u16>,
        /// The LLM judge.
        #[command(flatten)]
        llm: LlmArgs,
    },
    /// Check the LLM judge's endpoint.
    #[command(subcommand)]
    Llm(LlmCommand),
    /// Show where the config file is, or the settings in effect and where each comes from.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Recruiter screens: the same questions, limits and scoring for every candidate.
    #[command(subcommand)]
    Screen(ScreenCommand),
    /// Print a shell completion script to stdout.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

impl Command {
    /// The subcommand's name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Practice(_) => "practice",
            Command::Resume { .. } => "resume",
            Command::History(_) => "history",
            Command::Review { .. } => "review",
            Command::Stats { .. } => "stats",
            Command::Drill { .. } => "drill",
            Command::Bank(_) => "bank",
            Command::Grade { .. } => "grade",
            Command::Calibrate { .. } => "calibrate",
            Command::Config(_) => "config",
            Command::Completions { .. } => "completions",
            Command::Screen(_) => "screen",
            Command::Llm(_) => "llm",
        }
    }
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
        /// The format and where to write.
        #[command(flatten)]
        format: FormatArgs,
    },
    /// List topics with their question counts per tier.
    Topics(FormatArgs),
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

/// `grill config ...`
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum ConfigCommand {
    /// Print the config file's path (it need not exist).
    Path,
    /// Print every setting in effect and where it comes from: flag, environment, file, default.
    Show,
}

/// `grill screen ...`
#[derive(Debug, Subcommand)]
#[command(after_help = "Docs: docs/SCREENS.md (the screen file, packs, results and reports).")]
pub enum ScreenCommand {
    /// Check a screen file against the banks and print the questions every candidate gets.
    Validate {
        /// The screen file (TOML).
        file: PathBuf,
        /// Print the screen's frozen form instead: the same file with its `[[pick]]` rules and
        /// seed replaced by the `questions` list they resolve to.
        #[arg(long)]
        freeze: bool,
    },
    /// Run the screen for one candidate here, on a machine you control (in person or over SSH).
    Run {
        /// The screen file (TOML).
        file: PathBuf,
        /// The candidate's name (names the result file; running it again resumes).
        #[arg(long, value_name = "NAME")]
        candidate: String,
        /// Where result files go.
        #[arg(long, value_name = "DIR", default_value = "screen-results")]
        out: PathBuf,
    },
    /// Write the sealed pack a candidate takes on their own machine: prompts, limits and allowed
    /// hints only.
    Pack {
        /// The screen file (TOML).
        file: PathBuf,
        /// The pack file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Take a sealed screen from its pack; answers go to a result file for the recruiter.
    Take {
        /// The pack file.
        pack: PathBuf,
        /// Your name, as the recruiter asked (names the result file; taking it again resumes).
        #[arg(long, value_name = "NAME")]
        candidate: String,
        /// Where the result file goes.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
    },
    /// Grade result files from sealed takes (the grading is appended to each file).
    Grade {
        /// The result files.
        #[arg(required = true, value_name = "RESULT")]
        results: Vec<PathBuf>,
        /// The screen file the pack was made from.
        #[arg(long, value_name = "FILE")]
        screen: PathBuf,
    },
    /// Compare the candidates of a results folder: ranked table, per-question statistics.
    Report {
        /// The folder of result files.
        dir: PathBuf,
        /// table, md, csv, json or html; by default table, or what the --output file's extension
        /// says.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<ScreenFormatArg>,
        /// Write to FILE instead of standard output (- is standard output).
        #[arg(long, short, value_name = "FILE", default_value = "-")]
        output: PathBuf,
    },
    /// Grade every result again with the current rubrics and show what changed; old grades stay
    /// in each file's history.
    Rescore {
        /// The folder of result files.
        dir: PathBuf,
        /// The screen file.
        #[arg(long, value_name = "FILE")]
        screen: PathBuf,
    },
}

/// A screen report format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScreenFormatArg {
    /// An aligned table for the terminal.
    Table,
    /// Markdown.
    Md,
    /// CSV (RFC 4180, header row), one row per candidate.
    Csv,
    /// JSON, everything.
    Json,
    /// One self-contained HTML page with charts; prints well.
    Html,
}

/// `grill llm ...`
#[derive(Debug, Clone, Subcommand)]
pub enum LlmCommand {
    /// One round trip to the endpoint: prints the endpoint, the model, the latency and which
    /// structured-output mode works, or what is wrong (connection refused, a refused key, an
    /// unknown model, a timeout, an unsupported response_format).
    Check {
        /// The endpoint and model.
        #[command(flatten)]
        llm: LlmArgs,
    },
}
