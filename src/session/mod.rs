//! An interview as a state machine with no terminal: it chooses questions, scores answers, asks
//! follow-ups, keeps time and journals every step. Front ends call it and render what it returns.

pub mod clock;
pub mod journal;
pub mod record;
pub mod rng;
pub mod select;
pub mod state;
pub mod timing;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::bank::{Bank, Item, Tier};
use crate::score::{CompiledRubric, ScoreError};

use clock::Clock;
use journal::Sink;
use record::{Banks, Card, EndReason, FollowUpAsk, Plan, Record, Span, Stage, VERSION};
use state::{State, Turn};
use timing::{Warning, ms};

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

/// The clock of whatever is being answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocked {
    /// 1-based question number.
    pub n: usize,
    /// Whether it is the follow-up being answered.
    pub follow_up: bool,
    /// Time taken so far.
    pub elapsed: Duration,
    /// The limit, when timed.
    pub limit: Option<Duration>,
}

impl Clocked {
    /// Time left, when timed (zero once over).
    pub fn left(&self) -> Option<Duration> {
        self.limit.map(|limit| limit.saturating_sub(self.elapsed))
    }

    /// Time past the limit.
    pub fn over(&self) -> Option<Duration> {
        timing::overtime(self.elapsed, self.limit)
    }
}

/// Where time stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeView {
    /// The current question's clock, if one is being answered.
    pub question: Option<Clocked>,
    /// How many questions the session has.
    pub count: usize,
    /// Session time so far.
    pub session: Duration,
    /// Session time left, with a session limit.
    pub session_left: Option<Duration>,
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
        let mut session = Session {
            bank,
            pool,
            opened: clock.now(),
            clock,
            state,
            base: 0,
            sink,
            sink_name,
            notices: Vec::new(),
            rubrics: HashMap::new(),
        };
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
        let mut session = Session {
            bank,
            pool,
            opened: clock.now(),
            clock,
            base: state.last_at,
            state,
            sink,
            sink_name,
            notices: Vec::new(),
            rubrics: HashMap::new(),
        };
        let at = session.now();
        session.record(Record::Resumed { at })?;
        Ok(session)
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

    fn ask_for(&self, turn: &Turn) -> Ask {
        Ask {
            n: turn.n,
            count: self.state.plan.count,
            id: turn.question.clone(),
            topic: turn.topic.clone(),
            tier: turn.tier,
            prompt: turn.prompt.clone(),
            limit_secs: turn.limit_secs,
            hints: self
                .bank
                .get(&turn.question)
                .map_or(0, |item| item.question.hints.len()),
        }
    }

    /// What is being asked now, without moving on.
    pub fn current(&self) -> Option<Next> {
        if let Some(reason) = self.state.finished {
            return Some(Next::Done(reason));
        }
        let turn = self.state.current()?;
        Some(match &turn.follow_up {
            Some(follow_up) if turn.answer.is_some() && follow_up.open() => Next::FollowUp {
                n: turn.n,
                ask: follow_up.ask.clone(),
            },
            _ => Next::Question(self.ask_for(turn)),
        })
    }

    /// Asks the next question, or ends the session when it is over.
    pub fn advance(&mut self) -> Result<Next, SessionError> {
        if let Some(next) = self.current() {
            return Ok(next);
        }
        let at = self.now();
        let plan = &self.state.plan;
        let reason = if self.state.turns.len() >= plan.count {
            Some(EndReason::Completed)
        } else if plan.timed && plan.session_limit_secs.is_some_and(|s| at >= s * 1000) {
            Some(EndReason::SessionTime)
        } else {
            None
        };
        if let Some(reason) = reason {
            return self.finish(reason);
        }
        let mut rng = self.state.rng;
        let Some(item) = select::next(&self.pool, &self.state.turns, plan.tier, &mut rng) else {
            return self.finish(EndReason::OutOfQuestions);
        };
        let question = &item.question;
        self.record(Record::Asked {
            n: self.state.turns.len() + 1,
            question: question.id.clone(),
            topic: question.topic.clone(),
            tier: question.tier,
            prompt: question.prompt.clone(),
            limit_secs: plan.timed.then(|| question.time_limit_secs()),
            at,
            rng: rng.state(),
        })?;
        Ok(self.current().expect("a question was just asked"))
    }

    /// Ends the session for good.
    pub fn finish(&mut self, reason: EndReason) -> Result<Next, SessionError> {
        if let Some(reason) = self.state.finished {
            return Ok(Next::Done(reason));
        }
        let at = self.now();
        self.record(Record::Finished { reason, at })?;
        Ok(Next::Done(reason))
    }

    /// Submits an answer to whatever is being asked.
    pub fn answer(&mut self, text: &str) -> Result<Reply, SessionError> {
        let Some(turn) = self.state.current().cloned() else {
            return Ok(Reply::NotAsking);
        };
        if text.trim().is_empty() {
            return Ok(Reply::Empty);
        }
        let at = self.now();
        if turn.awaiting_answer() {
            let card = match self.rubric(&turn.question)?.score(text) {
                Ok(card) => card,
                Err(error @ ScoreError::TooLong { .. }) => {
                    return Ok(Reply::Rejected(error.to_string()));
                }
                Err(error) => return Err(error.into()),
            };
            let card = Card::from(&card);
            let elapsed = at.saturating_sub(turn.started);
            let limit = turn.limit_secs.map(|s| Duration::from_secs(u64::from(s)));
            let overtime = timing::overtime(ms(elapsed), limit).map(|d| d.as_millis() as u64);
            let follow_up = card.gaps.first().map(|gap| FollowUpAsk {
                concept: gap.concept.clone(),
                label: gap.label.clone(),
                weight: gap.weight,
                question: gap.follow_up.clone(),
            });
            let encourage = turn.tier == Tier::Easy && card.score < select::WEAK;
            let model_answer = encourage
                .then(|| self.bank.get(&turn.question))
                .flatten()
                .map(|item| item.rubric.model_answer.trim().to_owned());
            self.record(Record::Answered {
                n: turn.n,
                answer: text.to_owned(),
                card: card.clone(),
                at,
                elapsed,
                overtime,
                follow_up: follow_up.clone(),
            })?;
            return Ok(Reply::Feedback(Box::new(Feedback {
                n: turn.n,
                tier: turn.tier,
                answer: text.to_owned(),
                card,
                elapsed,
                overtime,
                encourage,
                model_answer,
                follow_up,
            })));
        }
        let (Some(answer), Some(follow_up)) = (&turn.answer, &turn.follow_up) else {
            return Ok(Reply::NotAsking);
        };
        let judged = match self
            .rubric(&turn.question)?
            .judge(text, &follow_up.ask.concept)
        {
            Ok(judged) => judged,
            Err(error @ ScoreError::TooLong { .. }) => {
                return Ok(Reply::Rejected(error.to_string()));
            }
            Err(error) => return Err(error.into()),
        };
        let total_weight = answer.card.total_weight().max(1);
        let recovered = if judged.hit() {
            ((50 * follow_up.ask.weight) as f64 / f64::from(total_weight))
                .round()
                .max(1.0) as u32
        } else {
            0
        };
        let evidence = judged
            .evidence
            .as_ref()
            .filter(|_| judged.hit())
            .map(Span::from);
        self.record(Record::FollowUpAnswered {
            n: turn.n,
            answer: text.to_owned(),
            hit: judged.hit(),
            evidence: evidence.clone(),
            recovered,
            at,
            elapsed: at.saturating_sub(follow_up.started),
        })?;
        let score = answer.card.score;
        Ok(Reply::Recovery(Recovery {
            n: turn.n,
            ask: follow_up.ask.clone(),
            hit: judged.hit(),
            evidence,
            recovered,
            score,
            total: (score + recovered).min(100),
        }))
    }

    /// Shows the next hint of the current question.
    pub fn hint(&mut self) -> Result<HintReply, SessionError> {
        let Some(turn) = self.state.current() else {
            return Ok(HintReply::NotAsking);
        };
        let (n, index) = (turn.n, turn.hints);
        let hints = self
            .bank
            .get(&turn.question)
            .map(|item| item.question.hints.clone())
            .unwrap_or_default();
        let Some(text) = hints.get(index).cloned() else {
            return Ok(HintReply::NoMore { of: hints.len() });
        };
        let at = self.now();
        self.record(Record::Hint { n, index, at })?;
        Ok(HintReply::Hint {
            index,
            of: hints.len(),
            text,
        })
    }

    /// Skips the question, or its follow-up when that is being asked.
    pub fn skip(&mut self) -> Result<SkipReply, SessionError> {
        let Some(turn) = self.state.current() else {
            return Ok(SkipReply::NotAsking);
        };
        let n = turn.n;
        let stage = if turn.awaiting_answer() {
            Stage::Question
        } else {
            Stage::FollowUp
        };
        let at = self.now();
        self.record(Record::Skipped { n, stage, at })?;
        Ok(match stage {
            Stage::Question => SkipReply::Question(n),
            Stage::FollowUp => SkipReply::FollowUp(n),
        })
    }

    /// The model answer of the latest question answered or skipped, with its number.
    pub fn model_answer(&self) -> Option<(usize, String)> {
        let turn = self
            .state
            .turns
            .iter()
            .rev()
            .find(|turn| !turn.awaiting_answer())?;
        let item = self.bank.get(&turn.question)?;
        Some((turn.n, item.rubric.model_answer.trim().to_owned()))
    }

    /// Where time stands.
    pub fn time(&self) -> TimeView {
        let now = self.now();
        let question = self.state.current().map(|turn| match &turn.follow_up {
            Some(follow_up) if turn.answer.is_some() && follow_up.open() => Clocked {
                n: turn.n,
                follow_up: true,
                elapsed: ms(now.saturating_sub(follow_up.started)),
                limit: None,
            },
            _ => Clocked {
                n: turn.n,
                follow_up: false,
                elapsed: ms(now.saturating_sub(turn.started)),
                limit: turn.limit_secs.map(|s| Duration::from_secs(u64::from(s))),
            },
        });
        let session_limit = self
            .state
            .plan
            .session_limit_secs
            .filter(|_| self.state.plan.timed)
            .map(Duration::from_secs);
        TimeView {
            question,
            count: self.state.plan.count,
            session: ms(now),
            session_left: session_limit.map(|limit| limit.saturating_sub(ms(now))),
        }
    }

    /// Warnings still to come, as (time from now, warning), soonest first.
    pub fn warnings(&self) -> Vec<(Duration, Warning)> {
        let time = self.time();
        let mut due = Vec::new();
        if let Some(clocked) = time.question
            && let Some(limit) = clocked.limit
        {
            due.extend(
                timing::question_warnings(limit)
                    .into_iter()
                    .filter(|(at, _)| *at > clocked.elapsed)
                    .map(|(at, w)| (at - clocked.elapsed, w)),
            );
        }
        if let Some(left) = time.session_left {
            let limit = time.session + left;
            due.extend(
                timing::session_warnings(limit)
                    .into_iter()
                    .filter(|(at, _)| *at > time.session)
                    .map(|(at, w)| (at - time.session, w)),
            );
        }
        due.sort_by_key(|(at, _)| *at);
        due
    }
}
