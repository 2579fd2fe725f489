//! The in-memory shape of a question bank: questions, their rubrics and where each came from.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::Serialize;

/// How hard a question is; also picks the default time limit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Definitions and basic trade-offs.
    Easy,
    /// Applying and comparing.
    Medium,
    /// Design, failure modes and deep trade-offs.
    Hard,
}

impl Tier {
    /// Every tier, easiest first.
    pub const ALL: [Tier; 3] = [Tier::Easy, Tier::Medium, Tier::Hard];

    /// The time limit a question of this tier gets when it names none.
    pub fn default_time_limit_secs(self) -> u32 {
        match self {
            Tier::Easy => 180,
            Tier::Medium => 300,
            Tier::Hard => 600,
        }
    }

    /// The lowercase name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Easy => "easy",
            Tier::Medium => "medium",
            Tier::Hard => "hard",
        }
    }

    /// One tier harder, saturating at hard.
    pub fn harder(self) -> Tier {
        match self {
            Tier::Easy => Tier::Medium,
            _ => Tier::Hard,
        }
    }

    /// One tier easier, saturating at easy.
    pub fn easier(self) -> Tier {
        match self {
            Tier::Hard => Tier::Medium,
            _ => Tier::Easy,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Tier {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "easy" => Ok(Tier::Easy),
            "medium" => Ok(Tier::Medium),
            "hard" => Ok(Tier::Hard),
            other => Err(format!(
                "unknown tier `{other}`: expected easy, medium or hard"
            )),
        }
    }
}

/// How questions' tiers are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TierMode {
    /// Only easy questions.
    Easy,
    /// Only medium questions.
    Medium,
    /// Only hard questions.
    Hard,
    /// A random tier for every question.
    Mixed,
    /// Start at medium; up after a strong answer, down after a weak one.
    Adaptive,
}

impl TierMode {
    /// The one tier asked, for the fixed modes.
    pub fn fixed(self) -> Option<Tier> {
        match self {
            TierMode::Easy => Some(Tier::Easy),
            TierMode::Medium => Some(Tier::Medium),
            TierMode::Hard => Some(Tier::Hard),
            TierMode::Mixed | TierMode::Adaptive => None,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            TierMode::Easy => "easy",
            TierMode::Medium => "medium",
            TierMode::Hard => "hard",
            TierMode::Mixed => "mixed",
            TierMode::Adaptive => "adaptive",
        }
    }
}

/// A place in a bank file, for messages that point a person at the right line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the user would name it (embedded files are shown under `<embedded>/`).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl Location {
    /// Line 1, column 1 of a file: where problems with the whole file are reported.
    pub fn start_of(file: Arc<str>) -> Location {
        Location {
            file,
            line: 1,
            column: 1,
        }
    }
}

/// Shown as `file:line:column`, the file name with control characters neutralised: a location is
/// printed for a person.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::single_line(&self.file);
        write!(f, "{file}:{}:{}", self.line, self.column)
    }
}

/// One interview question, as written in `question_bank/<topic>.toml`.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// Unique id across every loaded bank.
    pub id: String,
    /// Topic slug.
    pub topic: String,
    /// Difficulty tier.
    pub tier: Tier,
    /// What the interviewer asks.
    pub prompt: String,
    /// The limit the file sets, if any; see [`Question::time_limit_secs`] for the effective one.
    #[serde(skip)]
    pub explicit_time_limit_secs: Option<u32>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// Where the question's id is written.
    #[serde(skip)]
    pub location: Location,
}

impl Question {
    /// The time limit in seconds: the question's own, or its tier's default.
    pub fn time_limit_secs(&self) -> u32 {
        self.explicit_time_limit_secs
            .unwrap_or_else(|| self.tier.default_time_limit_secs())
    }
}

/// How much a concept counts against the others of its rubric: a positive number (1, 2, 1.5).
/// Whole weights print and serialise as integers, so `3` stays `3` in every document.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Weight(f64);

impl Weight {
    /// The default weight.
    pub const ONE: Weight = Weight(1.0);
    /// The largest weight a rubric may give.
    pub const MAX: f64 = 1000.0;
    /// What a valid weight is, for error messages.
    pub const RULE: &'static str = "must be a positive number no larger than 1000";

    /// A weight, if `value` is positive, finite and at most [`Weight::MAX`].
    pub fn new(value: f64) -> Option<Self> {
        (value.is_finite() && value > 0.0 && value <= Self::MAX).then_some(Self(value))
    }

    /// The weight as a number.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The sum of some weights (0 for none).
    pub fn sum(weights: impl IntoIterator<Item = Weight>) -> f64 {
        weights.into_iter().map(Weight::get).sum()
    }

    /// Orders weights; they are never NaN.
    pub fn cmp_total(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Default for Weight {
    fn default() -> Self {
        Self::ONE
    }
}

/// A whole weight (0 is read as 1, the default).
impl From<u32> for Weight {
    fn from(value: u32) -> Self {
        Self(f64::from(value.max(1)))
    }
}

impl fmt::Display for Weight {
    /// `3`, `1.5`, `0.33` (at most two decimals).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", round2(self.0))
    }
}

/// A number rounded to two decimals, for display ("1.5", "3", "0.33").
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

impl Serialize for Weight {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0 <= Self::MAX {
            serializer.serialize_u64(self.0 as u64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Weight {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Weight::new(value).ok_or_else(|| {
            serde::de::Error::custom(format!("a weight {}, found {value}", Weight::RULE))
        })
    }
}

/// One concept a good answer mentions.
#[derive(Debug, Clone, Serialize)]
pub struct Concept {
    /// Unique within its rubric.
    pub id: String,
    /// What the concept is, in a few words.
    pub label: String,
    /// Relative importance, positive.
    pub weight: Weight,
    /// Missing a required concept fails the answer whatever the score.
    pub required: bool,
    /// Phrases; any one of them credits the concept.
    pub any: Vec<String>,
    /// Words that only name the concept ("atomicity", "idempotent"): saying one without any
    /// phrase of `any` earns the rubric's named share. Empty when the rubric gives none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    /// What the interviewer asks when the concept is missing.
    pub follow_up: String,
}

/// A wrong belief that costs points when stated.
#[derive(Debug, Clone, Serialize)]
pub struct Misconception {
    /// The wrong belief, in a few words.
    pub label: String,
    /// Phrases that state it.
    pub any: Vec<String>,
    /// Points off the 0..100 score.
    pub penalty: u32,
}

/// What a self-test answer is meant to show; recorded for the bank's authors and tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExampleKind {
    /// A correct, well-explained answer.
    Strong,
    /// A vague or incomplete answer.
    Weak,
    /// Names the concepts without explaining them.
    NameOnly,
    /// Names the concepts and defines them wrongly.
    WrongDefinition,
}

impl ExampleKind {
    /// Every kind, as written in files.
    pub const NAMES: [&'static str; 4] = ["strong", "weak", "name-only", "wrong-definition"];
}

impl FromStr for ExampleKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "strong" => Ok(ExampleKind::Strong),
            "weak" => Ok(ExampleKind::Weak),
            "name-only" => Ok(ExampleKind::NameOnly),
            "wrong-definition" => Ok(ExampleKind::WrongDefinition),
            other => Err(format!(
                "unknown example kind `{other}`: expected one of {}",
                ExampleKind::NAMES.join(", ")
            )),
        }
    }
}

/// A self-test: an answer and the score band the rubric must give it.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The answer text.
    pub answer: String,
    /// Lowest expected score, inclusive.
    pub min: u32,
    /// Highest expected score, inclusive.
    pub max: u32,
    /// What the answer is meant to show, when the file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ExampleKind>,
    /// Where the example starts.
    #[serde(skip)]
    pub location: Location,
}

/// How an answer to one question is scored, as written in `rubrics/<topic>.toml`.
#[derive(Debug, Clone, Serialize)]
pub struct Rubric {
    /// The id of the question this rubric scores.
    pub question: String,
    /// The lowest passing score, 0..100.
    pub pass_mark: u32,
    /// The share of a concept's weight earned by naming it without explaining it, 0..1.
    pub named_share: f64,
    /// A correct answer, shown after answering.
    pub model_answer: String,
    /// What a good answer covers.
    pub concepts: Vec<Concept>,
    /// Wrong beliefs that cost points.
    pub misconceptions: Vec<Misconception>,
    /// Self-tests run by `grill bank test`.
    pub examples: Vec<Example>,
    /// Where the rubric names its question.
    #[serde(skip)]
    pub location: Location,
}

impl Rubric {
    /// The default pass mark when a rubric names none.
    pub const DEFAULT_PASS_MARK: u32 = 60;

    /// The default share of a concept's weight that naming it earns.
    pub const DEFAULT_NAMED_SHARE: f64 = 0.25;

    /// The sum of all concept weights.
    pub fn total_weight(&self) -> f64 {
        Weight::sum(self.concepts.iter().map(|c| c.weight))
    }
}

/// A question together with its rubric: what the rest of grill works with.
#[derive(Debug, Clone)]
pub struct Item {
    /// The question.
    pub question: Question,
    /// Its rubric.
    pub rubric: Rubric,
}
