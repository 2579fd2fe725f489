//! Answering: grading a main answer and choosing its follow-up, judging the follow-up's answer,
//! and the other things a candidate can do to a question (a hint, a skip, the model answer).
//! What a reply reveals follows the plan's feedback policy.

use crate::bank::{Tier, Weight};
use crate::grader::GradeError;
use crate::score::ScoreCard;

use super::record::{Covered, FeedbackPolicy, FollowUpAsk, Record, Stage};
use super::reply::{Event, Feedback, HintReply, Recovery, Skip, Verdict};
use super::select;
use super::state::{FollowUp, Turn};
use super::timing::{self, ms};
use super::{Session, SessionError};

/// The share of a missed concept's weight a follow-up answer that covers it wins back.
pub const RECOVERY_SHARE: f64 = 0.5;

/// The points a follow-up wins back for covering a missed concept of this weight, out of the
/// rubric's total weight: the recovery share of the concept's worth, at least one point.
fn recovery(weight: Weight, total_weight: f64) -> u32 {
    (100.0 * RECOVERY_SHARE * weight.get() / total_weight.max(1.0))
        .round()
        .max(1.0) as u32
}

/// A grading error as the event that tells the candidate.
fn refusal(error: GradeError) -> Event {
    match error {
        GradeError::Refused(why) => Event::Refused(why.to_string()),
        failed @ GradeError::Failed { .. } => Event::GraderFailed(failed.to_string()),
    }
}

impl Session<'_> {
    /// Submits an answer to whatever is being asked, and moves on: returns the verdict, then the
    /// follow-up, the next question or the end. An empty, refused or ungraded answer records
    /// nothing and moves nowhere.
    pub fn submit(&mut self, text: &str) -> Result<Vec<Event>, SessionError> {
        let Some(turn) = self.state.current().cloned() else {
            return Ok(Vec::new());
        };
        if text.trim().is_empty() {
            return Ok(vec![Event::Empty]);
        }
        let at = self.now();
        let verdict = if turn.awaiting_answer() {
            self.answer_question(&turn, text, at)?
        } else {
            match (&turn.answer, &turn.follow_up) {
                (Some(answer), Some(follow_up)) => {
                    self.answer_follow_up(&turn, &answer.card, follow_up, text, at)?
                }
                _ => return Ok(Vec::new()),
            }
        };
        let mut events = Vec::new();
        self.notices(&mut events);
        let moves_on = !matches!(verdict, Event::Refused(_) | Event::GraderFailed(_));
        events.push(verdict);
        if moves_on {
            self.advance(&mut events)?;
        }
        Ok(events)
    }

    /// Grades the main answer, journals it with the follow-up it calls for, and says what the
    /// policy lets the candidate see.
    fn answer_question(&mut self, turn: &Turn, text: &str, at: u64) -> Result<Event, SessionError> {
        let item = self.item(&turn.question)?;
        let card = match self.grader.grade(item, text) {
            Ok(card) => card,
            Err(error) => return Ok(refusal(error)),
        };
        let policy = self.state.plan.feedback;
        let elapsed = at.saturating_sub(turn.started);
        let overtime = timing::overtime(ms(elapsed), turn.limit()).map(|d| d.as_millis() as u64);
        let follow_up = card
            .gaps
            .first()
            .filter(|_| policy == FeedbackPolicy::Full)
            .map(|gap| FollowUpAsk {
                concept: gap.concept.to_string(),
                label: gap.label.to_string(),
                weight: gap.weight,
                question: gap.follow_up.to_string(),
            });
        let encourage = turn.tier == Tier::Easy && card.score < select::WEAK;
        let model_answer = if encourage && policy == FeedbackPolicy::Full {
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
        Ok(Event::Graded(match policy {
            FeedbackPolicy::Full => Verdict::Full(Box::new(Feedback {
                n: turn.n,
                tier: turn.tier,
                answer: text.to_owned(),
                card,
                elapsed,
                overtime,
                encourage,
                model_answer,
                follow_up,
            })),
            FeedbackPolicy::Score => Verdict::Score {
                n: turn.n,
                score: card.score,
                pass: card.pass,
            },
            FeedbackPolicy::Nothing => Verdict::Recorded { n: turn.n },
        }))
    }

    /// Judges the follow-up's answer against every concept the main answer missed (the one asked
    /// about first), and journals the points recovered for each it covers.
    fn answer_follow_up(
        &mut self,
        turn: &Turn,
        card: &ScoreCard,
        follow_up: &FollowUp,
        text: &str,
        at: u64,
    ) -> Result<Event, SessionError> {
        let item = self.item(&turn.question)?;
        let asked = follow_up.ask.concept.as_str();
        let mut missing: Vec<&str> = vec![asked];
        missing.extend(
            card.gaps
                .iter()
                .map(|gap| &*gap.concept)
                .filter(|concept| *concept != asked),
        );
        let judged = match self.grader.judge(item, text, &missing) {
            Ok(judged) if judged.len() == missing.len() => judged,
            Ok(_) => {
                return Err(SessionError::UnknownConcept {
                    question: turn.question.clone(),
                    concept: asked.to_owned(),
                });
            }
            Err(error) => return Ok(refusal(error)),
        };
        let total_weight = card.total_weight();
        let covered: Vec<Covered> = missing
            .iter()
            .zip(&judged)
            .filter(|(_, result)| result.hit())
            .map(|(concept, result)| {
                let (label, weight) = card
                    .concept(concept)
                    .map(|c| (c.label.to_string(), c.weight))
                    .unwrap_or_else(|| (result.label.to_string(), result.weight));
                Covered {
                    concept: (*concept).to_owned(),
                    label,
                    weight,
                    evidence: result.evidence.clone(),
                    recovered: recovery(weight, total_weight),
                }
            })
            .collect();
        let hit = judged[0].hit();
        let evidence = judged[0].evidence.clone().filter(|_| hit);
        let recovered: u32 = covered.iter().map(|c| c.recovered).sum();
        self.record(Record::FollowUpAnswered {
            n: turn.n,
            answer: text.to_owned(),
            hit,
            evidence,
            recovered,
            at,
            elapsed: at.saturating_sub(follow_up.started),
            covered: covered.clone(),
        })?;
        let score = card.score;
        Ok(Event::Recovered(Recovery {
            n: turn.n,
            ask: follow_up.ask.clone(),
            covered,
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

    /// Skips the question, or its follow-up when that is being asked, and moves on.
    pub fn skip(&mut self) -> Result<Vec<Event>, SessionError> {
        let Some(turn) = self.state.current() else {
            return Ok(Vec::new());
        };
        let n = turn.n;
        let stage = if turn.awaiting_answer() {
            Stage::Question
        } else {
            Stage::FollowUp
        };
        let at = self.now();
        self.record(Record::Skipped { n, stage, at })?;
        let mut events = vec![Event::Skipped(match stage {
            Stage::Question => Skip::Question(n),
            Stage::FollowUp => Skip::FollowUp(n),
        })];
        self.advance(&mut events)?;
        Ok(events)
    }

    /// The model answer of the latest question answered or skipped, with its number, when the
    /// feedback policy shows model answers.
    pub fn model_answer(&self) -> Option<(usize, String)> {
        if self.state.plan.feedback != FeedbackPolicy::Full {
            return None;
        }
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
