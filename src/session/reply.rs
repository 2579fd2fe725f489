//! What the session hands back to front ends: plain data about what is asked and what an answer
//! earned. Rendering it is the front end's business.

use crate::bank::Tier;

use super::record::{Card, EndReason, FollowUpAsk, Span};

/// What the interviewer does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Asks a question (again, after a resume or `/repeat`).
    Question(Ask),
    /// Asks (again) the follow-up of question `n`.
    FollowUp {
        /// The question number.
        n: usize,
        /// The follow-up.
        ask: FollowUpAsk,
    },
    /// The interview is over.
    Done(EndReason),
}

/// A question as put to the candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ask {
    /// 1-based number.
    pub n: usize,
    /// How many questions the session has.
    pub count: usize,
    /// The question id.
    pub id: String,
    /// Its topic.
    pub topic: String,
    /// Its tier.
    pub tier: Tier,
    /// The question.
    pub prompt: String,
    /// Its limit in seconds, when timed.
    pub limit_secs: Option<u32>,
    /// How many hints it has.
    pub hints: usize,
}

/// The verdict on a main answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// The question number.
    pub n: usize,
    /// The question's tier.
    pub tier: Tier,
    /// The answer, verbatim (evidence spans index into it).
    pub answer: String,
    /// The verdict.
    pub card: Card,
    /// Milliseconds taken.
    pub elapsed: u64,
    /// Milliseconds past the limit.
    pub overtime: Option<u64>,
    /// A weak answer to an easy question: encourage, and show the model answer.
    pub encourage: bool,
    /// The model answer, when shown unasked.
    pub model_answer: Option<String>,
    /// The follow-up the interviewer asks next.
    pub follow_up: Option<FollowUpAsk>,
}

/// The verdict on a follow-up answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// The question number.
    pub n: usize,
    /// The follow-up.
    pub ask: FollowUpAsk,
    /// Whether the answer covered the concept.
    pub hit: bool,
    /// The words that did.
    pub evidence: Option<Span>,
    /// Points recovered.
    pub recovered: u32,
    /// The main answer's score.
    pub score: u32,
    /// The score with what was recovered.
    pub total: u32,
}

/// What submitting an answer did.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The main answer was scored.
    Feedback(Box<Feedback>),
    /// The follow-up answer was judged.
    Recovery(Recovery),
    /// The answer had no text.
    Empty,
    /// The scorer refused it (too long); nothing was recorded.
    Rejected(String),
    /// No question is waiting.
    NotAsking,
}

/// What `/hint` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintReply {
    /// A hint.
    Hint {
        /// 0-based.
        index: usize,
        /// How many there are.
        of: usize,
        /// The hint.
        text: String,
    },
    /// Every hint has been shown.
    NoMore {
        /// How many there were.
        of: usize,
    },
    /// No question is waiting.
    NotAsking,
}

/// What `/skip` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReply {
    /// The question was skipped.
    Question(usize),
    /// The follow-up of this question was skipped.
    FollowUp(usize),
    /// No question is waiting.
    NotAsking,
}
