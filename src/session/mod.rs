//! An interview as a state machine with no terminal: it chooses questions, scores answers, asks
//! follow-ups, keeps time and journals every step. Front ends call it and render what it returns.
//!
//! This module holds the [`Session`] itself and its bookkeeping (journal writes, session time, the
//! rubric cache); moving on is in `flow`, answering in `answer`, where time stands in
//! `time_view`, and what the calls return in `reply`.

mod answer;
pub mod clock;
mod flow;
pub mod journal;
pub mod record;
mod reply;
pub mod rng;
pub mod select;
pub mod state;
mod time_view;
pub mod timing;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::bank::{Bank, Item};
use crate::score::{CompiledRubric, ScoreError};

use clock::Clock;
use journal::Sink;
use record::{Banks, Plan, Record, VERSION};
use state::State;

pub use reply::{Ask, Feedback, HintReply, Next, Recovery, Reply, SkipReply};
pub use time_view::{Clocked, TimeView};

/// What can go wrong running or reading a session.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No question fits the plan.
    #[error("no question matches the chosen tier and topics")]
    NoQuestions,
    /// A journal could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// The journal.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A journal line is not a record.
    #[error("{}:{line}: not a session record: {message}", .path.display())]
    BadLine {
        /// The journal.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// The records do not fit together.
    #[error("the session journal is inconsistent: {0}")]
    Corrupt(String),
    /// A question of the session is not in the loaded banks.
    #[error("question `{0}` is not in the loaded banks (was the session started with --bank?)")]
    UnknownQuestion(String),
    /// The session already ended.
    #[error("session {0} has already finished")]
    Finished(String),
    /// The scorer refused.
    #[error(transparent)]
    Score(#[from] ScoreError),
}

/// An interview in progress.
pub struct Session<'b> {
    bank: &'b Bank,
    pool: Vec<&'b Item>,
    clock: Arc<dyn Clock>,
    state: State,
    base: u64,
    opened: Duration,
    sink: Box<dyn Sink>,
    sink_name: String,
    notices: Vec<String>,
    rubrics: HashMap<String, CompiledRubric>,
}

impl<'b> Session<'b> {
    /// Starts a new session and journals its start.
    pub fn start(
        bank: &'b Bank,
        id: String,
        plan: Plan,
        banks: Banks,
        clock: Arc<dyn Clock>,
        sink: Box<dyn Sink>,
        sink_name: String,
    ) -> Result<Self, SessionError> {
        let pool = select::pool(bank.items(), &plan);
        if pool.is_empty() {
            return Err(SessionError::NoQuestions);
        }
        let start = Record::Start {
            version: VERSION,
            id,
            started: clock.wall(),
            plan,
            banks,
        };
        let state = State::replay(std::slice::from_ref(&start))?;
        let mut session = Session::open(bank, pool, clock, state, 0, sink, sink_name);
        session.save(&start);
        Ok(session)
    }

    /// Continues a saved session where it stopped.
    pub fn resume(
        bank: &'b Bank,
        records: &[Record],
        clock: Arc<dyn Clock>,
        sink: Box<dyn Sink>,
        sink_name: String,
    ) -> Result<Self, SessionError> {
        let state = State::replay(records)?;
        if state.finished.is_some() {
            return Err(SessionError::Finished(state.id));
        }
        if let Some(turn) = state.current()
            && bank.get(&turn.question).is_none()
        {
            return Err(SessionError::UnknownQuestion(turn.question.clone()));
        }
        let pool = select::pool(bank.items(), &state.plan);
        let base = state.last_at;
        let mut session = Session::open(bank, pool, clock, state, base, sink, sink_name);
        let at = session.now();
        session.record(Record::Resumed { at })?;
        Ok(session)
    }

    /// A session over `state`, whose clock reads `base` ms now.
    fn open(
        bank: &'b Bank,
        pool: Vec<&'b Item>,
        clock: Arc<dyn Clock>,
        state: State,
        base: u64,
        sink: Box<dyn Sink>,
        sink_name: String,
    ) -> Self {
        Session {
            bank,
            pool,
            opened: clock.now(),
            clock,
            state,
            base,
            sink,
            sink_name,
            notices: Vec::new(),
            rubrics: HashMap::new(),
        }
    }

    /// Everything known so far.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The clock, for front ends that must tell it about input.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Warnings to show once (the journal could not be written...).
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Session time in milliseconds.
    fn now(&self) -> u64 {
        self.base + (self.clock.now().saturating_sub(self.opened)).as_millis() as u64
    }

    fn save(&mut self, record: &Record) {
        if let Err(error) = self.sink.write(record) {
            self.notices.push(format!(
                "cannot save this session to {}: {error}. The interview goes on, but it will not be saved or resumable.",
                self.sink_name
            ));
            self.sink = Box::new(journal::Nowhere);
        }
    }

    fn record(&mut self, record: Record) -> Result<(), SessionError> {
        self.state.apply(&record)?;
        self.save(&record);
        Ok(())
    }

    fn rubric(&mut self, id: &str) -> Result<&CompiledRubric, SessionError> {
        if !self.rubrics.contains_key(id) {
            let item = self
                .bank
                .get(id)
                .ok_or_else(|| SessionError::UnknownQuestion(id.to_owned()))?;
            let compiled = CompiledRubric::new(&item.question, &item.rubric);
            self.rubrics.insert(id.to_owned(), compiled);
        }
        Ok(&self.rubrics[id])
    }
}
