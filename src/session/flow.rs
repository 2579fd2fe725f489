//! Moving through the interview: what is being asked now, choosing and journaling the next
//! question, and ending the session.

use super::record::{EndReason, Record};
use super::reply::{Ask, Next};
use super::select;
use super::state::Turn;
use super::{Session, SessionError};

impl Session<'_> {
    /// The question as put to the candidate.
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
        Some(match turn.open_follow_up() {
            Some(follow_up) => Next::FollowUp {
                n: turn.n,
                ask: follow_up.ask.clone(),
            },
            None => Next::Question(self.ask_for(turn)),
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
}
