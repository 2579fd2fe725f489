//! Answering: scoring a main answer and choosing its follow-up, judging the follow-up's answer,
//! and the other things a candidate can do to a question (a hint, a skip, the model answer).

use crate::bank::Tier;
use crate::score::ScoreError;

use super::record::{Card, FollowUpAsk, Record, Span, Stage};
use super::reply::{Feedback, HintReply, Recovery, Reply, SkipReply};
use super::select;
use super::state::{FollowUp, Turn};
use super::timing::{self, ms};
use super::{Session, SessionError};

/// A scorer's result with a too-long answer set apart: `Err(message)` is a refusal to show, not
/// a failure of the session.
fn refusable<T>(result: Result<T, ScoreError>) -> Result<Result<T, String>, SessionError> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(error @ ScoreError::TooLong { .. }) => Ok(Err(error.to_string())),
        Err(error) => Err(error.into()),
    }
}

impl Session<'_> {
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
            return self.answer_question(&turn, text, at);
        }
        let (Some(answer), Some(follow_up)) = (&turn.answer, &turn.follow_up) else {
            return Ok(Reply::NotAsking);
        };
        self.answer_follow_up(&turn, &answer.card, follow_up, text, at)
    }

    /// Scores the main answer, journals it with the follow-up it calls for, and says so.
    fn answer_question(&mut self, turn: &Turn, text: &str, at: u64) -> Result<Reply, SessionError> {
        let card = match refusable(self.rubric(&turn.question)?.score(text))? {
            Ok(card) => Card::from(&card),
            Err(why) => return Ok(Reply::Rejected(why)),
        };
        let elapsed = at.saturating_sub(turn.started);
        let overtime = timing::overtime(ms(elapsed), turn.limit()).map(|d| d.as_millis() as u64);
        let follow_up = card.gaps.first().map(|gap| FollowUpAsk {
            concept: gap.concept.clone(),
            label: gap.label.clone(),
            weight: gap.weight,
            question: gap.follow_up.clone(),
        });
        let encourage = turn.tier == Tier::Easy && card.score < select::WEAK;
        let model_answer = if encourage {
            self.model_answer_of(&turn.question)
        } else {
            None
        };
        self.record(Record::Answered {
            n: turn.n,
            answer: text.to_owned(),
            card: card.clone(),
            at,
            elapsed,
            overtime,
            follow_up: follow_up.clone(),
        })?;
        Ok(Reply::Feedback(Box::new(Feedback {
            n: turn.n,
            tier: turn.tier,
            answer: text.to_owned(),
            card,
            elapsed,
            overtime,
            encourage,
            model_answer,
            follow_up,
        })))
    }

    /// Judges the follow-up's answer against its one concept and journals the points recovered.
    fn answer_follow_up(
        &mut self,
        turn: &Turn,
        card: &Card,
        follow_up: &FollowUp,
        text: &str,
        at: u64,
    ) -> Result<Reply, SessionError> {
        let judged = match refusable(
            self.rubric(&turn.question)?
                .judge(text, &follow_up.ask.concept),
        )? {
            Ok(judged) => judged,
            Err(why) => return Ok(Reply::Rejected(why)),
        };
        let total_weight = card.total_weight().max(1);
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
        let score = card.score;
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
        Some((turn.n, self.model_answer_of(&turn.question)?))
    }

    /// A question's model answer, trimmed.
    fn model_answer_of(&self, id: &str) -> Option<String> {
        let item = self.bank.get(id)?;
        Some(item.rubric.model_answer.trim().to_owned())
    }
}
