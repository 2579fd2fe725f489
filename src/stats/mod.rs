//! Progress over weeks, derived from the session journals alone: what every answer showed about
//! each concept ([`Observation`]), the spaced-repetition schedule built from them
//! ([`schedule`]), and the figures `grill stats` shows ([`Stats`]). Nothing here is the source
//! of truth; the journals are, and everything can be rebuilt from them.

pub mod cache;
pub mod schedule;
mod summary;

use serde::{Deserialize, Serialize};

use crate::bank::Tier;
use crate::score::{Flag, Status};
use crate::session::state::State;

pub use schedule::{Grade, Item, LEECH_LAPSES, Links, Schedule};
pub use summary::{
    Excluded, Inputs, Leech, Retired, Reviews, Stats, TimeSpent, Trend, WeakConcept, Week,
    end_of_day,
};

/// What one answer showed about one concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// The session.
    pub session: String,
    /// When (Unix seconds).
    pub at: u64,
    /// The question.
    pub question: String,
    /// Its topic.
    pub topic: String,
    /// Its tier.
    pub tier: Tier,
    /// The concept's id.
    pub concept: String,
    /// The concept's label.
    pub label: String,
    /// Its status in the main answer.
    pub status: Status,
    /// Whether the follow-up won it back.
    pub recovered: bool,
    /// The review grade; `None` when the answer's grade is not the learner's to carry (see
    /// [`not_a_review`]).
    pub grade: Option<Grade>,
}

/// Why an answer's card is not a review of what the candidate knows, if it is not: a scoring
/// failure is never the learner's lapse. A refused answer (empty, too long) never reaches the
/// journal, and a skipped question has no card, so neither is ever seen here.
pub fn not_a_review(card: &crate::score::ScoreCard) -> Option<String> {
    if let Some(why) = &card.fallback {
        return Some(format!("the grader fell back to the rubric ({why})"));
    }
    if card.flags.iter().any(|f| matches!(f, Flag::Empty)) {
        return Some("the answer had no words".to_owned());
    }
    None
}

/// When a turn happened: by the wall clock of the session's start, or of the resume it followed.
fn turn_time(state: &State, started_ms: u64) -> u64 {
    state.wall_time(started_ms)
}

/// Every concept of every answered question of a session, with its review grade.
pub fn observations(state: &State) -> (Vec<Observation>, Vec<Excluded>) {
    let mut seen = Vec::new();
    let mut excluded = Vec::new();
    for turn in state.turns.iter() {
        let Some(answer) = &turn.answer else {
            continue;
        };
        let skip = not_a_review(&answer.card);
        if let Some(why) = &skip {
            excluded.push(Excluded {
                session: state.id.clone(),
                question: turn.question.clone(),
                why: why.clone(),
            });
        }
        for concept in &answer.card.concepts {
            let recovered = turn.recovered_concept(&concept.id).is_some();
            seen.push(Observation {
                session: state.id.clone(),
                at: turn_time(state, turn.started),
                question: turn.question.clone(),
                topic: turn.topic.clone(),
                tier: turn.tier,
                concept: concept.id.to_string(),
                label: concept.label.to_string(),
                status: concept.status,
                recovered,
                grade: skip
                    .is_none()
                    .then(|| Grade::from_status(concept.status, recovered, answer.card.score)),
            });
        }
    }
    (seen, excluded)
}

#[cfg(test)]
mod tests;
