//! The journal's records: everything that happens in a session, one JSON object per line. The
//! session's state is rebuilt by replaying them, so what is saved is exactly what is known.

use serde::{Deserialize, Serialize};

use crate::bank::Tier;
use crate::score::ScoreCard;

/// The journal format version written in the `start` record.
pub const VERSION: u32 = 1;

/// How questions' tiers are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// What the candidate asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// How tiers are chosen.
    pub tier: TierMode,
    /// Only these topics (all when empty).
    pub topics: Vec<String>,
    /// How many questions.
    pub count: usize,
    /// The random seed.
    pub seed: u64,
    /// Whether questions have time limits.
    pub timed: bool,
    /// The session's time limit, in seconds.
    pub session_limit_secs: Option<u64>,
}

/// Which banks the session was asked from, so `grill resume` loads the same ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Banks {
    /// The embedded bank was loaded.
    pub embedded: bool,
    /// Extra bank folders, as absolute paths.
    pub folders: Vec<std::path::PathBuf>,
}

/// Where in an answer something was found, with the answer's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first word.
    pub start: usize,
    /// Byte offset past the last word.
    pub end: usize,
    /// The words.
    pub text: String,
}

impl From<&crate::score::Evidence> for Span {
    fn from(evidence: &crate::score::Evidence) -> Self {
        Span {
            start: evidence.start,
            end: evidence.end,
            text: evidence.text.clone(),
        }
    }
}

/// The verdict on one concept, as saved (never the rubric's phrases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConceptMark {
    /// The concept id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its weight.
    pub weight: u32,
    /// Whether it is required.
    pub required: bool,
    /// `hit`, `missed`, `negated` (or any status the scorer adds).
    pub status: String,
    /// The answer's words that earned it.
    pub evidence: Option<Span>,
}

impl ConceptMark {
    /// Whether the concept was credited in full.
    pub fn hit(&self) -> bool {
        self.status == "hit"
    }
}

/// A misconception stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mistake {
    /// The wrong belief.
    pub label: String,
    /// Points lost.
    pub penalty: u32,
    /// Where the answer states it.
    pub evidence: Span,
}

/// A missed concept and its follow-up question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapMark {
    /// The concept id.
    pub concept: String,
    /// Its label.
    pub label: String,
    /// Its weight.
    pub weight: u32,
    /// Whether it is required.
    pub required: bool,
    /// What the interviewer asks about it.
    pub follow_up: String,
}

/// A score card as saved in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// 0..100.
    pub score: u32,
    /// Whether the answer passed.
    pub pass: bool,
    /// The rubric's pass mark.
    pub pass_mark: u32,
    /// Every concept, in rubric order.
    pub concepts: Vec<ConceptMark>,
    /// Misconceptions stated.
    pub misconceptions: Vec<Mistake>,
    /// Missed concepts, most important first.
    pub gaps: Vec<GapMark>,
    /// Whole-answer flags by kind: `keyword-list`, `grader-directed`, `empty`.
    pub flags: Vec<String>,
}

impl Card {
    /// The sum of the concept weights.
    pub fn total_weight(&self) -> u32 {
        self.concepts.iter().map(|c| c.weight).sum()
    }
}

fn kebab<T: Serialize>(value: &T, field: Option<&str>) -> String {
    let value = serde_json::to_value(value).unwrap_or_default();
    let value = match field {
        Some(field) => value.get(field).cloned().unwrap_or_default(),
        None => value,
    };
    value.as_str().unwrap_or("unknown").to_owned()
}

impl From<&ScoreCard> for Card {
    fn from(card: &ScoreCard) -> Self {
        Card {
            score: card.score,
            pass: card.pass,
            pass_mark: card.pass_mark,
            concepts: card
                .concepts
                .iter()
                .map(|c| ConceptMark {
                    id: c.id.to_string(),
                    label: c.label.to_string(),
                    weight: c.weight,
                    required: c.required,
                    status: kebab(&c.status, None),
                    evidence: c.evidence.as_ref().map(Span::from),
                })
                .collect(),
            misconceptions: card
                .misconceptions
                .iter()
                .map(|m| Mistake {
                    label: m.label.to_string(),
                    penalty: m.penalty,
                    evidence: Span::from(&m.evidence),
                })
                .collect(),
            gaps: card
                .gaps
                .iter()
                .map(|g| GapMark {
                    concept: g.concept.to_string(),
                    label: g.label.to_string(),
                    weight: g.weight,
                    required: g.required,
                    follow_up: g.follow_up.to_string(),
                })
                .collect(),
            flags: card.flags.iter().map(|f| kebab(f, Some("kind"))).collect(),
        }
    }
}

/// The follow-up the interviewer asks after an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpAsk {
    /// The concept it probes.
    pub concept: String,
    /// That concept's label.
    pub label: String,
    /// That concept's weight.
    pub weight: u32,
    /// The question.
    pub question: String,
}

/// Which part of a turn was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The question itself.
    Question,
    /// Its follow-up.
    FollowUp,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndReason {
    /// Every question was asked.
    Completed,
    /// No question left that fits the plan.
    OutOfQuestions,
    /// The session's time ran out.
    SessionTime,
    /// The candidate quit.
    Quit,
}

/// One line of the journal. `at` is session time in milliseconds, continuing across resumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Record {
    /// The session began.
    Start {
        /// The journal format version.
        version: u32,
        /// The session id.
        id: String,
        /// Unix seconds.
        started: u64,
        /// What was asked for.
        plan: Plan,
        /// Which banks.
        banks: Banks,
    },
    /// A question was asked.
    Asked {
        /// 1-based question number.
        n: usize,
        /// The question id.
        question: String,
        /// Its topic.
        topic: String,
        /// Its tier.
        tier: Tier,
        /// The question as asked.
        prompt: String,
        /// The time limit, in seconds, when timed.
        limit_secs: Option<u32>,
        /// Session time.
        at: u64,
        /// The random generator's state after choosing.
        rng: u64,
    },
    /// A hint was shown.
    Hint {
        /// The question number.
        n: usize,
        /// Which hint (0-based).
        index: usize,
        /// Session time.
        at: u64,
    },
    /// The question was answered.
    Answered {
        /// The question number.
        n: usize,
        /// The answer, verbatim.
        answer: String,
        /// The verdict.
        card: Card,
        /// Session time.
        at: u64,
        /// Milliseconds taken.
        elapsed: u64,
        /// Milliseconds past the limit.
        overtime: Option<u64>,
        /// The follow-up asked next, if any.
        follow_up: Option<FollowUpAsk>,
    },
    /// The follow-up was answered.
    FollowUpAnswered {
        /// The question number.
        n: usize,
        /// The answer, verbatim.
        answer: String,
        /// Whether it covered the concept.
        hit: bool,
        /// The words that did.
        evidence: Option<Span>,
        /// Points recovered on the 0..100 scale.
        recovered: u32,
        /// Session time.
        at: u64,
        /// Milliseconds taken.
        elapsed: u64,
    },
    /// The question or its follow-up was skipped.
    Skipped {
        /// The question number.
        n: usize,
        /// Which part.
        stage: Stage,
        /// Session time.
        at: u64,
    },
    /// The session was resumed; the current question's clock restarts here.
    Resumed {
        /// Session time.
        at: u64,
    },
    /// The session ended.
    Finished {
        /// Why.
        reason: EndReason,
        /// Session time.
        at: u64,
    },
}

impl Record {
    /// The session time of the record (0 for the start).
    pub fn at(&self) -> u64 {
        match self {
            Record::Start { .. } => 0,
            Record::Asked { at, .. }
            | Record::Hint { at, .. }
            | Record::Answered { at, .. }
            | Record::FollowUpAnswered { at, .. }
            | Record::Skipped { at, .. }
            | Record::Resumed { at }
            | Record::Finished { at, .. } => *at,
        }
    }
}
