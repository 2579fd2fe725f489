//! The saved sessions as `grill history` lists them.

use serde::Serialize;

use crate::session::clock::format_date;
use crate::session::record::EndReason;
use crate::session::state::State;

use super::Report;

/// One saved session.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// The session id.
    pub id: String,
    /// When it started.
    pub started: String,
    /// Questions answered or skipped (an answer whose follow-up was left open counts).
    pub questions: usize,
    /// Questions planned.
    pub count: usize,
    /// Mean total score of the questions done.
    pub average: Option<u32>,
    /// Whether it ended (rather than being left to resume).
    pub finished: bool,
    /// `finished`, `quit` (reopened by `grill resume ID`) or `unfinished` (left to resume).
    pub status: &'static str,
}

impl HistoryRow {
    /// The row of one session.
    pub fn new(state: &State) -> Self {
        let finished = state.finished.is_some();
        let status = match state.finished {
            None => "unfinished",
            Some(EndReason::Quit) => "quit",
            Some(_) => "finished",
        };
        HistoryRow {
            id: state.id.clone(),
            started: format_date(state.started),
            questions: state.counted_turns().count(),
            count: state.plan.count,
            average: Report::new(state).average,
            finished,
            status,
        }
    }
}
