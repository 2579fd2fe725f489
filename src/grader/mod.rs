//! The one seam between an interview and whatever grades it: a [`Grader`] turns an answer into
//! the score card, whether it reads a keyword rubric ([`RubricGrader`]) or asks a model. Session,
//! `grade`, `calibrate` and `bank test` only ever see the trait.

mod rubric;

use crate::bank::Item;
use crate::score::{ConceptResult, ScoreCard, ScoreError};

pub use rubric::RubricGrader;

/// Why an answer was not refused, yet is not for the candidate to see as a grade.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The answer is longer than a grader takes.
    #[error("the answer is {len} bytes long; answers over {max} bytes are not graded")]
    TooLong {
        /// The answer's length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The answer has no words.
    #[error("the answer is empty")]
    Empty,
}

/// Why grading did not produce a card.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    /// The answer itself cannot be graded: the candidate must change it. Nothing is recorded.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The grader could not do its job (a dead endpoint, a reply that makes no sense, a rubric
    /// that does not fit the question). Never the candidate's fault: a front end falls back to
    /// another grader or says so, and never records it as a failed answer.
    #[error("the {grader} grader failed: {reason}")]
    Failed {
        /// Which grader.
        grader: String,
        /// What went wrong.
        reason: String,
    },
}

impl GradeError {
    /// A failure of the grader named `grader`.
    pub fn failed(grader: &str, reason: impl std::fmt::Display) -> Self {
        GradeError::Failed {
            grader: grader.to_owned(),
            reason: reason.to_string(),
        }
    }

    fn from_score(grader: &str, error: ScoreError) -> Self {
        match error {
            ScoreError::TooLong { len, max } => Refusal::TooLong { len, max }.into(),
            other => GradeError::failed(grader, other),
        }
    }
}

/// Grades answers to the questions of a bank. Implementations are shared across threads (batch
/// grading runs on every core), so they keep any cache behind a lock.
pub trait Grader: Send + Sync {
    /// A short name for notices and provenance: `rubric`, or a model's name.
    fn name(&self) -> &str;

    /// What a batch run should tell its user about this grader once it is done (requests,
    /// fallbacks, tokens); nothing for a grader with nothing to report.
    fn summary(&self) -> Option<String> {
        None
    }

    /// Grades a main answer to the item's question.
    fn grade(&self, item: &Item, answer: &str) -> Result<ScoreCard, GradeError>;

    /// Judges a follow-up answer against the given concepts of the item's rubric, one result per
    /// concept id, in the order given.
    fn judge(
        &self,
        item: &Item,
        answer: &str,
        concepts: &[&str],
    ) -> Result<Vec<ConceptResult>, GradeError>;
}
