//! What the session hands back to front ends: the events of an interview as plain data (a
//! question asked, an answer graded, a follow-up, the end). Rendering them is the front end's
//! business; what they reveal was decided by the plan's feedback policy.

use crate::bank::Tier;
use crate::score::ScoreCard;

use super::record::{Covered, EndReason, FollowUpAsk};

/// Something that happened in the interview, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A question is asked (or asked again after a resume or `/repeat`).
    Asked(Ask),
    /// The main answer was graded and recorded; what the candidate may see of it.
    Graded(Verdict),
    /// The follow-up for the answer's biggest gap is asked.
    FollowUp {
        /// The question number.
        n: usize,
        /// The follow-up.
        ask: FollowUpAsk,
    },
    /// A follow-up answer was judged and recorded.
    Recovered(Recovery),
    /// The question (or its follow-up) was skipped.
    Skipped(Skip),
    /// The answer had no text; nothing was recorded.
    Empty,
    /// The answer cannot be graded as it is (too long); nothing was recorded.
    Refused(String),
    /// The grader failed (not the candidate's doing); nothing was recorded, the answer can be
    /// submitted again.
    GraderFailed(String),
    /// A warning to show once (the journal could not be written...).
    Notice(String),
    /// The interview is over.
    Ended(EndReason),
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

/// What the candidate is shown of a graded answer, by the plan's feedback policy.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Everything: the score card, the model answer when earned, the follow-up.
    Full(Box<Feedback>),
    /// The score only.
    Score {
        /// The question number.
        n: usize,
        /// 0..100.
        score: u32,
        /// Whether it passed.
        pass: bool,
    },
    /// Nothing but that the answer was recorded.
    Recorded {
        /// The question number.
        n: usize,
    },
}

/// The verdict on a main answer, in full.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// The question number.
    pub n: usize,
    /// The question's tier.
    pub tier: Tier,
    /// The answer, verbatim (evidence spans index into it).
    pub answer: String,
    /// The verdict.
    pub card: ScoreCard,
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
    /// Every missing concept the answer covered, the one asked about first.
    pub covered: Vec<Covered>,
    /// Points recovered in all.
    pub recovered: u32,
    /// The main answer's score.
    pub score: u32,
    /// The score with what was recovered.
    pub total: u32,
}

/// What was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Question `n`.
    Question(usize),
    /// The follow-up of question `n`.
    FollowUp(usize),
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
