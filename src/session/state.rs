//! The session's state, rebuilt by replaying journal records: a live session and a resumed one
//! go through the same `apply`, so they cannot disagree.

use std::time::Duration;

use crate::bank::Tier;

use super::SessionError;
use super::record::{Banks, Covered, EndReason, FollowUpAsk, Plan, Record, Stage};
use super::rng::Rng;
use crate::score::{Evidence, ScoreCard};

/// The main answer to a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Verbatim.
    pub text: String,
    /// The verdict.
    pub card: ScoreCard,
    /// Milliseconds taken.
    pub elapsed: u64,
    /// Milliseconds past the limit.
    pub overtime: Option<u64>,
}

/// A follow-up question and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    /// What was asked.
    pub ask: FollowUpAsk,
    /// When its clock started (session ms).
    pub started: u64,
    /// The answer, verbatim.
    pub answer: Option<String>,
    /// Whether the answer covered the concept asked about.
    pub hit: bool,
    /// The words that did.
    pub evidence: Option<Evidence>,
    /// Points recovered, for every concept covered.
    pub recovered: u32,
    /// Every missing concept the answer covered.
    pub covered: Vec<Covered>,
    /// Whether it was skipped.
    pub skipped: bool,
    /// Milliseconds taken.
    pub elapsed: Option<u64>,
}

impl FollowUp {
    /// Whether it still waits for an answer.
    pub fn open(&self) -> bool {
        self.answer.is_none() && !self.skipped
    }
}

/// One question of the session.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// 1-based number.
    pub n: usize,
    /// The question id.
    pub question: String,
    /// Its topic.
    pub topic: String,
    /// Its tier.
    pub tier: Tier,
    /// The question as asked.
    pub prompt: String,
    /// The limit in seconds, when timed.
    pub limit_secs: Option<u32>,
    /// When its clock started (session ms; restarted on resume).
    pub started: u64,
    /// Hints shown.
    pub hints: usize,
    /// The answer, once given.
    pub answer: Option<Answer>,
    /// Whether the question was skipped.
    pub skipped: bool,
    /// The follow-up, once asked.
    pub follow_up: Option<FollowUp>,
}

impl Turn {
    /// The answer's own score (0 when skipped or unanswered).
    pub fn score(&self) -> u32 {
        self.answer.as_ref().map_or(0, |a| a.card.score)
    }

    /// Points won back by the follow-up.
    pub fn recovered(&self) -> u32 {
        self.follow_up.as_ref().map_or(0, |f| f.recovered)
    }

    /// The score with the recovered points, at most 100.
    pub fn total(&self) -> u32 {
        (self.score() + self.recovered()).min(100)
    }

    /// Whether the question counts in the totals: answered (even with its follow-up still
    /// waiting) or skipped.
    pub fn counted(&self) -> bool {
        self.skipped || self.answer.is_some()
    }

    /// Whether the follow-up covered this concept.
    pub fn recovered_concept(&self, concept: &str) -> Option<&Covered> {
        self.follow_up
            .as_ref()
            .and_then(|f| f.covered.iter().find(|c| c.concept == concept))
    }

    /// Whether nothing more is expected for this question.
    pub fn done(&self) -> bool {
        self.skipped || (self.answer.is_some() && self.follow_up.as_ref().is_none_or(|f| !f.open()))
    }

    /// Whether the question is waiting for its main answer.
    pub fn awaiting_answer(&self) -> bool {
        self.answer.is_none() && !self.skipped
    }

    /// Time spent: the answer's and the follow-up's.
    pub fn elapsed(&self) -> u64 {
        self.answer.as_ref().map_or(0, |a| a.elapsed)
            + self.follow_up.as_ref().and_then(|f| f.elapsed).unwrap_or(0)
    }

    /// The follow-up, when the main answer is in and the follow-up still waits for its own.
    pub fn open_follow_up(&self) -> Option<&FollowUp> {
        self.follow_up
            .as_ref()
            .filter(|follow_up| self.answer.is_some() && follow_up.open())
    }

    /// The question's time limit, when timed.
    pub fn limit(&self) -> Option<Duration> {
        self.limit_secs.map(|s| Duration::from_secs(u64::from(s)))
    }
}

/// Everything known about a session.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The session id.
    pub id: String,
    /// Unix seconds.
    pub started: u64,
    /// What was asked for.
    pub plan: Plan,
    /// Which banks.
    pub banks: Banks,
    /// The questions so far.
    pub turns: Vec<Turn>,
    /// The random generator.
    pub rng: Rng,
    /// How it ended, once it has.
    pub finished: Option<EndReason>,
    /// Session time of the last record.
    pub last_at: u64,
    /// Each resume that recorded the day: its session time (ms) and Unix seconds.
    pub resumes: Vec<(u64, u64)>,
}

impl State {
    /// Unix seconds at session time `at` (ms): from the last resume before it that recorded the
    /// day, else from the session's start.
    pub fn wall_time(&self, at: u64) -> u64 {
        match self.resumes.iter().rev().find(|(from, _)| *from <= at) {
            Some(&(from, wall)) => wall + (at - from) / 1000,
            None => self.started + at / 1000,
        }
    }

    /// Replays records; the first must be `start`.
    pub fn replay(records: &[Record]) -> Result<State, SessionError> {
        let Some(Record::Start {
            id,
            started,
            plan,
            banks,
            ..
        }) = records.first()
        else {
            return Err(SessionError::Corrupt(
                "the journal does not begin with a start record".into(),
            ));
        };
        let mut state = State {
            id: id.clone(),
            started: *started,
            rng: Rng::new(plan.seed),
            plan: plan.clone(),
            banks: banks.clone(),
            turns: Vec::new(),
            finished: None,
            last_at: 0,
            resumes: Vec::new(),
        };
        for record in &records[1..] {
            state.apply(record)?;
        }
        Ok(state)
    }

    /// The question being asked, if it still waits for something.
    pub fn current(&self) -> Option<&Turn> {
        self.turns.last().filter(|turn| !turn.done())
    }

    fn turn(&mut self, n: usize) -> Result<&mut Turn, SessionError> {
        match self.turns.last_mut() {
            Some(turn) if turn.n == n => Ok(turn),
            _ => Err(SessionError::Corrupt(format!(
                "a record names question {n}, which is not the current one"
            ))),
        }
    }

    /// Applies one record.
    pub fn apply(&mut self, record: &Record) -> Result<(), SessionError> {
        self.last_at = self.last_at.max(record.at());
        match record {
            Record::Start { .. } => {
                return Err(SessionError::Corrupt("a second start record".into()));
            }
            Record::Asked {
                n,
                question,
                topic,
                tier,
                prompt,
                limit_secs,
                at,
                rng,
            } => {
                self.rng = Rng::new(*rng);
                self.turns.push(Turn {
                    n: *n,
                    question: question.clone(),
                    topic: topic.clone(),
                    tier: *tier,
                    prompt: prompt.clone(),
                    limit_secs: *limit_secs,
                    started: *at,
                    hints: 0,
                    answer: None,
                    skipped: false,
                    follow_up: None,
                });
            }
            Record::Hint { n, index, .. } => {
                let turn = self.turn(*n)?;
                turn.hints = turn.hints.max(index + 1);
            }
            Record::Answered {
                n,
                answer,
                card,
                at,
                elapsed,
                overtime,
                follow_up,
            } => {
                let turn = self.turn(*n)?;
                turn.answer = Some(Answer {
                    text: answer.clone(),
                    card: card.clone(),
                    elapsed: *elapsed,
                    overtime: *overtime,
                });
                turn.follow_up = follow_up.clone().map(|ask| FollowUp {
                    ask,
                    started: *at,
                    answer: None,
                    hit: false,
                    evidence: None,
                    recovered: 0,
                    covered: Vec::new(),
                    skipped: false,
                    elapsed: None,
                });
            }
            Record::FollowUpAnswered {
                n,
                answer,
                hit,
                evidence,
                recovered,
                elapsed,
                covered,
                ..
            } => {
                let follow_up = self.turn(*n)?.follow_up.as_mut().ok_or_else(|| {
                    SessionError::Corrupt(format!("question {n} has no follow-up to answer"))
                })?;
                follow_up.answer = Some(answer.clone());
                follow_up.hit = *hit;
                follow_up.evidence = evidence.clone();
                follow_up.recovered = *recovered;
                follow_up.elapsed = Some(*elapsed);
                follow_up.covered = if covered.is_empty() && *hit {
                    vec![Covered {
                        concept: follow_up.ask.concept.clone(),
                        label: follow_up.ask.label.clone(),
                        weight: follow_up.ask.weight,
                        evidence: evidence.clone(),
                        recovered: *recovered,
                    }]
                } else {
                    covered.clone()
                };
            }
            Record::Skipped { n, stage, .. } => {
                let turn = self.turn(*n)?;
                match stage {
                    Stage::Question => turn.skipped = true,
                    Stage::FollowUp => {
                        if let Some(follow_up) = turn.follow_up.as_mut() {
                            follow_up.skipped = true;
                        }
                    }
                }
            }
            Record::Resumed { at, wall } => {
                if let Some(wall) = wall {
                    self.resumes.push((*at, *wall));
                }
                if self.finished == Some(EndReason::Quit) {
                    self.finished = None;
                }
                if let Some(turn) = self.turns.last_mut().filter(|turn| !turn.done()) {
                    match turn.follow_up.as_mut() {
                        Some(follow_up) if follow_up.open() => follow_up.started = *at,
                        _ => turn.started = *at,
                    }
                }
            }
            Record::Finished { reason, .. } => self.finished = Some(*reason),
        }
        Ok(())
    }

    /// The questions for which nothing more is expected, in order.
    pub fn done_turns(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|t| t.done())
    }

    /// The questions that count in the totals, in order: every one answered or skipped,
    /// including one whose follow-up is still waiting.
    pub fn counted_turns(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|t| t.counted())
    }

    /// The mean total score of the questions counted, if any.
    pub fn average(&self) -> Option<f64> {
        let done: Vec<&Turn> = self.counted_turns().collect();
        (!done.is_empty())
            .then(|| done.iter().map(|t| f64::from(t.total())).sum::<f64>() / done.len() as f64)
    }
}
