//! An interview as a state machine with no terminal: it chooses questions, scores answers, asks
//! follow-ups, keeps time and journals every step. Front ends call it and render what it returns.
//!
//! This module holds the [`Session`] itself, the [`Builder`] that starts or resumes one, and its
//! bookkeeping (journal writes, session time); moving on is in `flow`, answering in `answer`,
//! where time stands in `time_view`, and what the calls return in `reply`. Grading goes through
//! the [`Grader`] trait, so the session neither knows nor cares what grades it.

mod answer;
pub mod clock;
mod flow;
pub mod journal;
pub mod lock;
pub mod record;
mod reply;
pub mod rng;
pub mod select;
pub mod state;
pub mod store;
mod time_view;
pub mod timing;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::bank::{Bank, Item};
use crate::grader::Grader;

use clock::{Clock, SystemClock};
use journal::{Nowhere, Sink};
use record::{Banks, EndReason, Plan, Record, VERSION};
use state::State;

pub use reply::{Ask, Event, Feedback, HintReply, Recovery, Skip, Verdict};
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
    /// A journal line is not a record (or not one that fits the session); it is skipped.
    #[error("{}:{line}: {message}", .path.display())]
    BadLine {
        /// The journal.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A journal that is not a regular file (a FIFO, a device) is never read.
    #[error("{}: not a regular file", .0.display())]
    NotAFile(PathBuf),
    /// A journal with nothing to replay (no start record).
    #[error("{}: {why}", .path.display())]
    Unreadable {
        /// The journal.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// Another process has the session open.
    #[error("session {id} is open in another grill process{}; finish or quit it there first (or wait for it to end)", .pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    Locked {
        /// The session.
        id: String,
        /// The other process, when known.
        pid: Option<u32>,
    },
    /// The records do not fit together.
    #[error("the session journal is inconsistent: {0}")]
    Corrupt(String),
    /// A question of the session is not in the loaded banks.
    #[error("question `{0}` is not in the loaded banks (was the session started with --bank?)")]
    UnknownQuestion(String),
    /// No saved session has this id.
    #[error("no session `{0}`; `grill history` lists the saved ones")]
    NoSuchSession(String),
    /// The session already ended.
    #[error("session {0} has already finished")]
    Finished(String),
    /// The rubric does not fit the answer's question (a concept id it lacks).
    #[error("question `{question}` has no concept `{concept}`")]
    UnknownConcept {
        /// The question.
        question: String,
        /// The concept asked about.
        concept: String,
    },
}

/// A topic of the loaded banks, as `/topics` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicCount {
    /// The topic.
    pub topic: String,
    /// How many questions it has.
    pub questions: usize,
    /// Whether this interview asks from it.
    pub in_plan: bool,
}

/// An interview in progress.
pub struct Session<'b> {
    bank: &'b Bank,
    grader: &'b dyn Grader,
    pool: Vec<&'b Item>,
    clock: Arc<dyn Clock>,
    state: State,
    base: u64,
    opened: Duration,
    sink: Box<dyn Sink>,
    sink_name: String,
    notices: Vec<String>,
    failing: bool,
}

/// Starts or resumes a [`Session`]: the bank and grader are required; the clock defaults to the
/// system clock and the journal to nowhere.
pub struct Builder<'b> {
    bank: &'b Bank,
    grader: &'b dyn Grader,
    clock: Option<Arc<dyn Clock>>,
    sink: Option<(Box<dyn Sink>, String)>,
}

impl<'b> Builder<'b> {
    /// Keeps time with this clock (tests inject a fake one).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Journals every record to `sink`, named `name` in messages.
    pub fn journal(mut self, sink: Box<dyn Sink>, name: impl Into<String>) -> Self {
        self.sink = Some((sink, name.into()));
        self
    }

    fn parts(self) -> (Arc<dyn Clock>, Box<dyn Sink>, String) {
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock::new()));
        let (sink, name) = self
            .sink
            .unwrap_or_else(|| (Box::new(Nowhere), "nowhere".to_owned()));
        (clock, sink, name)
    }

    /// Starts a new session with id `id` and journals its start.
    pub fn start(self, id: String, plan: Plan, banks: Banks) -> Result<Session<'b>, SessionError> {
        let (bank, grader) = (self.bank, self.grader);
        let mut plan = plan;
        let pool = select::pool(bank.items(), &plan)?;
        if pool.is_empty() {
            return Err(SessionError::NoQuestions);
        }
        let mut notices = Vec::new();
        if plan.count > pool.len() {
            notices.push(format!(
                "only {} question{} match your choices, so the interview has {}, not {}.",
                pool.len(),
                if pool.len() == 1 { "" } else { "s" },
                pool.len(),
                plan.count
            ));
            plan.count = pool.len();
        }
        let (clock, sink, sink_name) = self.parts();
        let start = Record::Start {
            version: VERSION,
            id,
            started: clock.wall(),
            plan,
            banks,
        };
        let state = State::replay(std::slice::from_ref(&start))?;
        let mut session = Session {
            bank,
            grader,
            pool,
            opened: clock.now(),
            clock,
            state,
            base: 0,
            sink,
            sink_name,
            notices,
            failing: false,
        };
        session.save(&start);
        Ok(session)
    }

    /// Continues a saved session where it stopped, from its journal's records.
    pub fn resume(self, records: &[Record]) -> Result<Session<'b>, SessionError> {
        let (bank, grader) = (self.bank, self.grader);
        let state = State::replay(records)?;
        // Quitting is not the end: a quit session is reopened by the `resumed` record below.
        if state
            .finished
            .is_some_and(|reason| reason != EndReason::Quit)
        {
            return Err(SessionError::Finished(state.id));
        }
        if let Some(turn) = state.current()
            && bank.get(&turn.question).is_none()
        {
            return Err(SessionError::UnknownQuestion(turn.question.clone()));
        }
        let pool = select::pool(bank.items(), &state.plan)?;
        let (clock, sink, sink_name) = self.parts();
        let mut session = Session {
            bank,
            grader,
            pool,
            opened: clock.now(),
            clock,
            base: state.last_at,
            state,
            sink,
            sink_name,
            notices: Vec::new(),
            failing: false,
        };
        let at = session.now();
        let wall = Some(session.clock.wall());
        session.record(Record::Resumed { at, wall })?;
        Ok(session)
    }
}

impl<'b> Session<'b> {
    /// A builder for a session over `bank`, graded by `grader`.
    pub fn builder(bank: &'b Bank, grader: &'b dyn Grader) -> Builder<'b> {
        Builder {
            bank,
            grader,
            clock: None,
            sink: None,
        }
    }

    /// Everything known so far.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The topics of the loaded banks, by name, with how many questions each has and whether
    /// this interview draws from it.
    pub fn topics(&self) -> Vec<TopicCount> {
        let mut topics: Vec<TopicCount> = Vec::new();
        for item in self.bank.items() {
            let topic = &item.question.topic;
            let index = match topics.iter().position(|t| t.topic == *topic) {
                Some(index) => index,
                None => {
                    topics.push(TopicCount {
                        topic: topic.clone(),
                        questions: 0,
                        in_plan: false,
                    });
                    topics.len() - 1
                }
            };
            topics[index].questions += 1;
            if self.pool.iter().any(|p| p.question.id == item.question.id) {
                topics[index].in_plan = true;
            }
        }
        topics.sort_by(|a, b| a.topic.cmp(&b.topic));
        topics
    }

    /// The clock, for front ends that must tell it about input.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Session time in milliseconds.
    fn now(&self) -> u64 {
        self.base + (self.clock.now().saturating_sub(self.opened)).as_millis() as u64
    }

    /// Journals a record. A failure is told once; the writer retries at every later record, and
    /// the candidate hears when saving works again.
    fn save(&mut self, record: &Record) {
        match self.sink.write(record) {
            Ok(()) if self.failing => {
                self.failing = false;
                self.notices.push(format!(
                    "saving works again: every answer so far is saved in {}.",
                    self.sink_name
                ));
            }
            Ok(()) => {}
            Err(error) if !self.failing => {
                self.failing = true;
                self.notices.push(format!(
                    "cannot save this session to {}: {error}. The interview goes on; grill keeps your answers and tries again after each one.",
                    self.sink_name
                ));
            }
            Err(_) => {}
        }
    }

    /// Whether the journal holds everything recorded so far.
    pub fn saved(&self) -> bool {
        !self.failing && self.sink.saved()
    }

    fn record(&mut self, record: Record) -> Result<(), SessionError> {
        self.state.apply(&record)?;
        self.save(&record);
        Ok(())
    }

    /// The notices gathered so far, as events, appended to `events`.
    fn notices(&mut self, events: &mut Vec<Event>) {
        events.extend(self.notices.drain(..).map(Event::Notice));
    }

    fn item(&self, id: &str) -> Result<&'b Item, SessionError> {
        self.bank
            .get(id)
            .ok_or_else(|| SessionError::UnknownQuestion(id.to_owned()))
    }
}
