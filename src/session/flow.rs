//! Moving through the interview: what is being asked now, choosing and journaling the next
//! question, and ending the session. Every call returns the events it caused, in order.

use super::record::{EndReason, Record};
use super::reply::{Ask, Event};
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

    /// What is being asked now (a question, a follow-up, or the end), without moving on.
    pub fn current(&self) -> Option<Event> {
        if let Some(reason) = self.state.finished {
            return Some(Event::Ended(reason));
        }
        let turn = self.state.current()?;
        Some(match turn.open_follow_up() {
            Some(follow_up) => Event::FollowUp {
                n: turn.n,
                ask: follow_up.ask.clone(),
            },
            None => Event::Asked(self.ask_for(turn)),
        })
    }

    /// Opens the interview: what is being asked (after a resume) or the first question, with any
    /// notices so far.
    pub fn begin(&mut self) -> Result<Vec<Event>, SessionError> {
        let mut events = Vec::new();
        self.advance(&mut events)?;
        Ok(events)
    }

    /// Pushes what comes next: the current question or follow-up if one waits, else the next
    /// question, else the end of the session.
    pub(super) fn advance(&mut self, events: &mut Vec<Event>) -> Result<(), SessionError> {
        let next = match self.current() {
            Some(next) => next,
            None => self.ask_next()?,
        };
        self.notices(events);
        events.push(next);
        Ok(())
    }

    fn ask_next(&mut self) -> Result<Event, SessionError> {
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
        let Some(item) = select::next(&self.pool, &self.state.turns, plan, &mut rng) else {
            return self.finish(EndReason::OutOfQuestions);
        };
        let question = &item.question;
        self.record(Record::Asked {
            n: self.state.turns.len() + 1,
            question: question.id.clone(),
            topic: question.topic.clone(),
            tier: question.tier,
            prompt: question.prompt.clone(),
            limit_secs: plan.timed.then(|| {
                let own = plan
                    .time_limit_secs
                    .unwrap_or_else(|| question.time_limit_secs());
                // Never more than the session has left.
                match plan.session_limit_secs {
                    Some(session) => {
                        let left = (session * 1000).saturating_sub(at).div_ceil(1000);
                        own.min(u32::try_from(left).unwrap_or(u32::MAX)).max(1)
                    }
                    None => own,
                }
            }),
            at,
            rng: rng.state(),
        })?;
        Ok(self.current().expect("a question was just asked"))
    }

    /// Ends the session for good.
    fn finish(&mut self, reason: EndReason) -> Result<Event, SessionError> {
        if let Some(reason) = self.state.finished {
            return Ok(Event::Ended(reason));
        }
        let at = self.now();
        self.record(Record::Finished { reason, at })?;
        Ok(Event::Ended(reason))
    }

    /// The candidate quits: the session ends for good.
    pub fn quit(&mut self) -> Result<Vec<Event>, SessionError> {
        let ended = self.finish(EndReason::Quit)?;
        let mut events = Vec::new();
        self.notices(&mut events);
        events.push(ended);
        Ok(events)
    }
}
