//! The journal's records: everything that happens in a session, one JSON object per line. The
//! session's state is rebuilt by replaying them, so what is saved is exactly what is known.

use serde::{Deserialize, Serialize};

pub use crate::bank::TierMode;
use crate::bank::{Tier, Weight};
use crate::score::{Evidence, ScoreCard};

/// The journal format version written in the `start` record.
pub const VERSION: u32 = 1;

/// What a reply to an answer reveals to the candidate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeedbackPolicy {
    /// The score card, the follow-up for the biggest gap and, when earned, the model answer.
    #[default]
    Full,
    /// The score and pass or fail only: no concepts, no follow-ups, no model answer.
    Score,
    /// Nothing: the answer is recorded and the next question asked.
    Nothing,
}

impl FeedbackPolicy {
    /// Whether this is the default, which journals leave out.
    pub fn is_full(&self) -> bool {
        *self == FeedbackPolicy::Full
    }
}

/// What the interview asks and how: a selection rule (tier mode, topics, count, seed) or a fixed
/// list of questions, the time limits, and what a reply reveals.
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
    /// These questions, in this order, instead of a selection (empty: select by the rule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<String>,
    /// What a reply reveals.
    #[serde(default, skip_serializing_if = "FeedbackPolicy::is_full")]
    pub feedback: FeedbackPolicy,
    /// Every question's limit in seconds, instead of its own (`--time-limit`); still capped by
    /// the session time left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_secs: Option<u32>,
}

impl Plan {
    /// How questions are chosen, in a word: the tier mode, or `chosen` for a fixed list.
    pub fn mode(&self) -> &'static str {
        if self.questions.is_empty() {
            self.tier.as_str()
        } else {
            "chosen"
        }
    }

    /// A plan that selects `count` questions by tier mode and topics, with the given seed;
    /// untimed, full feedback.
    pub fn select(tier: TierMode, topics: Vec<String>, count: usize, seed: u64) -> Plan {
        Plan {
            tier,
            topics,
            count,
            seed,
            timed: false,
            session_limit_secs: None,
            questions: Vec::new(),
            feedback: FeedbackPolicy::Full,
            time_limit_secs: None,
        }
    }

    /// A plan that asks exactly these questions, in this order; untimed, full feedback.
    pub fn fixed(questions: Vec<String>) -> Plan {
        Plan {
            count: questions.len(),
            questions,
            ..Plan::select(TierMode::Mixed, Vec::new(), 0, 0)
        }
    }
}

/// Which banks the session was asked from, so `grill resume` loads the same ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Banks {
    /// The embedded bank was loaded.
    pub embedded: bool,
    /// Extra bank folders, as absolute paths.
    pub folders: Vec<std::path::PathBuf>,
}

/// The follow-up the interviewer asks after an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpAsk {
    /// The concept it probes.
    pub concept: String,
    /// That concept's label.
    pub label: String,
    /// That concept's weight.
    pub weight: Weight,
    /// The question.
    pub question: String,
}

/// A missing concept a follow-up answer covered, and what it won back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Covered {
    /// The concept's id.
    pub concept: String,
    /// Its label.
    pub label: String,
    /// Its weight.
    pub weight: Weight,
    /// The words of the follow-up answer that covered it.
    pub evidence: Option<Evidence>,
    /// Points recovered for it on the 0..100 scale.
    pub recovered: u32,
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
        card: ScoreCard,
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
        /// Whether it covered the concept the follow-up asked about.
        hit: bool,
        /// The words that did.
        evidence: Option<Evidence>,
        /// Points recovered on the 0..100 scale, for every concept covered.
        recovered: u32,
        /// Session time.
        at: u64,
        /// Milliseconds taken.
        elapsed: u64,
        /// Every missing concept the answer covered (journals before this field only recovered
        /// the concept asked about: read as that one when `hit`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        covered: Vec<Covered>,
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
    /// The session was resumed; the current question's clock restarts here. A session that was
    /// quit is reopened by it (its `finished` record stays in the journal).
    Resumed {
        /// Session time.
        at: u64,
        /// Unix seconds when it was resumed, so answers after it are dated by the day they were
        /// given (journals before this field lack it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wall: Option<u64>,
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
            | Record::Resumed { at, .. }
            | Record::Finished { at, .. } => *at,
        }
    }
}
