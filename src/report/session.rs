//! The end-of-session report as data, built from a session's state: per question, per topic
//! and per tier, and the study list.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::bank::{Tier, Weight};
use crate::score::{Flag, ScoreCard};
use crate::session::clock::format_date;
use crate::session::record::EndReason;
use crate::session::state::{State, Turn};

/// One question of the report.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionRow {
    /// 1-based number.
    pub n: usize,
    /// The question id.
    pub id: String,
    /// Its topic.
    pub topic: String,
    /// Its tier.
    pub tier: Tier,
    /// The question.
    pub prompt: String,
    /// `answered`, `skipped` or `unanswered`.
    pub status: &'static str,
    /// The answer's own score.
    pub score: u32,
    /// Points won back by the follow-up.
    pub recovered: u32,
    /// score + recovered, at most 100.
    pub total: u32,
    /// Whether the answer passed.
    pub pass: bool,
    /// Seconds spent (answer and follow-up).
    pub elapsed_secs: u64,
    /// The limit, when timed.
    pub limit_secs: Option<u32>,
    /// Seconds past the limit.
    pub overtime_secs: Option<u64>,
    /// Hints used.
    pub hints: usize,
    /// The answer, verbatim.
    pub answer: Option<String>,
    /// Every concept of the rubric and what became of it (empty when not answered).
    pub concepts: Vec<ConceptRow>,
    /// The misconceptions the answer states.
    pub misconceptions: Vec<MisconceptionRow>,
    /// What the grader noticed about the answer as a whole (a keyword list, sentences addressed
    /// to the grader, partial credit withdrawn), with the words that caused it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<FlagRow>,
    /// The follow-up and its answer.
    pub follow_up: Option<FollowUpRow>,
    /// Why the LLM judge failed and the rubric graded this answer instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    /// How the LLM judge graded this answer, beside the rubric's own score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judge: Option<crate::score::Judge>,
}

impl QuestionRow {
    /// The notices a report shows under the score: a fallback to the rubric, which model
    /// judged, and a disagreement of more than 20 points with the rubric.
    pub fn grader_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(reason) = &self.fallback {
            notes.push(format!("Rubric only: the LLM judge failed ({reason})."));
        }
        if let Some(judge) = &self.judge {
            if judge.disagreement {
                notes.push(format!(
                    "Disagreement: the LLM judge {} gave {}, the rubric alone {}.",
                    judge.model, self.score, judge.rubric_score
                ));
            } else {
                notes.push(format!(
                    "Judged by {} ({} claims verified, {} dropped); the rubric alone gave {}.",
                    judge.model, judge.verified, judge.dropped, judge.rubric_score
                ));
            }
        }
        notes
    }
}

/// A flag on an answer's card.
#[derive(Debug, Clone, Serialize)]
pub struct FlagRow {
    /// `keyword-list`, `grader-directed`, `contradicted` or `empty`.
    pub kind: &'static str,
    /// What it means, in one sentence.
    pub note: &'static str,
    /// The words behind it.
    pub evidence: Vec<String>,
}

impl FlagRow {
    /// The words behind the flag, each quoted between `marks` and made safe by `escape`, joined
    /// by commas; `None` when there are none.
    pub fn quoted(&self, marks: (&str, &str), escape: impl Fn(&str) -> String) -> Option<String> {
        let words: Vec<String> = self
            .evidence
            .iter()
            .map(|e| format!("{}{}{}", marks.0, escape(e), marks.1))
            .collect();
        (!words.is_empty()).then(|| words.join(", "))
    }
}

/// One concept of a question's rubric, as the answer and its follow-up left it.
#[derive(Debug, Clone, Serialize)]
pub struct ConceptRow {
    /// The concept's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its weight.
    pub weight: Weight,
    /// Whether missing it fails the answer.
    pub required: bool,
    /// In the main answer: `hit`, `partial`, `negated` or `missed`.
    pub status: &'static str,
    /// The main answer's words that earned (or, negated, nearly earned) it.
    pub evidence: Option<String>,
    /// Points won back by the follow-up answer for it (0 when it did not cover it).
    pub recovered: u32,
    /// The follow-up answer's words that covered it.
    pub recovered_evidence: Option<String>,
    /// Where `evidence` sits in the answer (byte offsets), to highlight it in a page.
    #[serde(skip)]
    pub span: Option<(usize, usize)>,
}

impl ConceptRow {
    /// Whether the concept is still missing after the follow-up.
    pub fn missing(&self) -> bool {
        self.status != "hit" && self.recovered == 0
    }
}

/// A misconception the answer states.
#[derive(Debug, Clone, Serialize)]
pub struct MisconceptionRow {
    /// The wrong belief.
    pub label: String,
    /// Points taken off.
    pub penalty: u32,
    /// The answer's words that state it.
    pub evidence: String,
    /// Where `evidence` sits in the answer (byte offsets), to highlight it in a page.
    #[serde(skip)]
    pub span: (usize, usize),
}

/// A follow-up in the report.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpRow {
    /// The concept's label.
    pub concept: String,
    /// The question.
    pub question: String,
    /// The answer, verbatim.
    pub answer: Option<String>,
    /// Points recovered.
    pub recovered: u32,
    /// The labels of the missing concepts the answer covered.
    pub covered: Vec<String>,
    /// Whether it was skipped.
    pub skipped: bool,
}

/// An average over some questions.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// The topic or tier.
    pub name: String,
    /// How many questions.
    pub questions: usize,
    /// Their mean total score.
    pub average: u32,
}

/// Something to study: a gap left open, and the question that probes it.
#[derive(Debug, Clone, Serialize)]
pub struct StudyItem {
    /// The question number.
    pub n: usize,
    /// Its topic.
    pub topic: String,
    /// What was missing.
    pub concept: String,
    /// The question to be able to answer.
    pub question: String,
}

/// The end-of-session report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The session id.
    pub session: String,
    /// When it started.
    pub started: String,
    /// `completed`, `out-of-questions`, `session-time`, `quit`, or `unfinished`.
    pub status: String,
    /// How tiers were chosen.
    pub tier_mode: &'static str,
    /// Whether questions were timed.
    pub timed: bool,
    /// The seed, to replay the same questions.
    pub seed: u64,
    /// Every question asked.
    pub questions: Vec<QuestionRow>,
    /// The mean total score of the questions answered or skipped.
    pub average: Option<u32>,
    /// Averages per topic.
    pub topics: Vec<Bar>,
    /// Averages per tier.
    pub tiers: Vec<Bar>,
    /// The best topic, when topics differ.
    pub strongest: Option<String>,
    /// The worst topic, when topics differ.
    pub weakest: Option<String>,
    /// Gaps to study, with their follow-up questions.
    pub study: Vec<StudyItem>,
    /// Hints used in all.
    pub hints: usize,
}

fn row(turn: &Turn) -> QuestionRow {
    let status = if turn.skipped {
        "skipped"
    } else if turn.answer.is_some() {
        "answered"
    } else {
        "unanswered"
    };
    QuestionRow {
        n: turn.n,
        id: turn.question.clone(),
        topic: turn.topic.clone(),
        tier: turn.tier,
        prompt: turn.prompt.clone(),
        status,
        score: turn.score(),
        recovered: turn.recovered(),
        total: turn.total(),
        pass: turn.answer.as_ref().is_some_and(|a| a.card.pass),
        elapsed_secs: (turn.elapsed() + 500) / 1000,
        limit_secs: turn.limit_secs,
        overtime_secs: turn
            .answer
            .as_ref()
            .and_then(|a| a.overtime)
            .map(|ms| ms.div_ceil(1000)),
        hints: turn.hints,
        answer: turn.answer.as_ref().map(|a| a.text.clone()),
        concepts: concepts(turn),
        misconceptions: turn.answer.as_ref().map_or_else(Vec::new, |a| {
            a.card
                .misconceptions
                .iter()
                .map(|m| MisconceptionRow {
                    label: m.label.to_string(),
                    penalty: m.penalty,
                    evidence: m.evidence.text.clone(),
                    span: (m.evidence.start, m.evidence.end),
                })
                .collect()
        }),
        flags: turn
            .answer
            .as_ref()
            .map_or_else(Vec::new, |a| flags(&a.card)),
        follow_up: turn.follow_up.as_ref().map(|f| FollowUpRow {
            concept: f.ask.label.clone(),
            question: f.ask.question.clone(),
            answer: f.answer.clone(),
            recovered: f.recovered,
            covered: f.covered.iter().map(|c| c.label.clone()).collect(),
            skipped: f.skipped,
        }),
        fallback: turn.answer.as_ref().and_then(|a| a.card.fallback.clone()),
        judge: turn
            .answer
            .as_ref()
            .and_then(|a| a.card.judge.as_deref().cloned()),
    }
}

/// A card's flags, each with its note and the words behind it: the answer's own words, or for
/// withdrawn partial credit the labels of the concepts.
fn flags(card: &ScoreCard) -> Vec<FlagRow> {
    card.flags
        .iter()
        .map(|flag| FlagRow {
            kind: flag.kind(),
            note: flag.note(),
            evidence: match flag {
                Flag::KeywordList { evidence, .. } | Flag::GraderDirected { evidence, .. } => {
                    evidence.iter().map(|e| e.text.clone()).collect()
                }
                Flag::Contradicted { concepts } | Flag::Vague { concepts } => concepts
                    .iter()
                    .map(|id| {
                        card.concept(id)
                            .map_or_else(|| id.to_string(), |c| c.label.to_string())
                    })
                    .collect(),
                Flag::Empty => Vec::new(),
            },
        })
        .collect()
}

/// The concept cards of an answered turn, in rubric order.
fn concepts(turn: &Turn) -> Vec<ConceptRow> {
    let Some(answer) = &turn.answer else {
        return Vec::new();
    };
    answer
        .card
        .concepts
        .iter()
        .map(|c| {
            let covered = turn.recovered_concept(&c.id);
            ConceptRow {
                id: c.id.to_string(),
                label: c.label.to_string(),
                weight: c.weight,
                required: c.required,
                status: c.status.as_str(),
                evidence: c.evidence.as_ref().map(|e| e.text.clone()),
                recovered: covered.map_or(0, |c| c.recovered),
                recovered_evidence: covered
                    .and_then(|c| c.evidence.as_ref().map(|e| e.text.clone())),
                span: c.evidence.as_ref().map(|e| (e.start, e.end)),
            }
        })
        .collect()
}

fn bars<'a>(groups: impl Iterator<Item = (String, &'a Turn)>) -> Vec<Bar> {
    let mut totals: BTreeMap<String, (u32, usize)> = BTreeMap::new();
    for (name, turn) in groups {
        let entry = totals.entry(name).or_default();
        entry.0 += turn.total();
        entry.1 += 1;
    }
    totals
        .into_iter()
        .map(|(name, (sum, n))| Bar {
            name,
            questions: n,
            average: (f64::from(sum) / n as f64).round() as u32,
        })
        .collect()
}

impl Report {
    /// The report of a session as it stands.
    pub fn new(state: &State) -> Report {
        let done: Vec<&Turn> = state.counted_turns().collect();
        let topics = bars(done.iter().map(|t| (t.topic.clone(), *t)));
        let mut tiers = bars(done.iter().map(|t| (t.tier.as_str().to_owned(), *t)));
        tiers.sort_by_key(|bar| bar.name.parse::<Tier>().ok());
        // The first topic (by name) with the best and the worst average, when they differ.
        let best = topics.iter().rev().max_by_key(|b| b.average);
        let worst = topics.iter().min_by_key(|b| b.average);
        let (strongest, weakest) = match (best, worst) {
            (Some(best), Some(worst)) if best.average > worst.average => {
                (Some(best.name.clone()), Some(worst.name.clone()))
            }
            _ => (None, None),
        };
        let mut study = Vec::new();
        for turn in &done {
            if turn.skipped {
                study.push(StudyItem {
                    n: turn.n,
                    topic: turn.topic.clone(),
                    concept: "Skipped question".into(),
                    question: turn.prompt.clone(),
                });
                continue;
            }
            let Some(answer) = &turn.answer else { continue };
            for gap in &answer.card.gaps {
                if turn.recovered_concept(&gap.concept).is_some() {
                    continue;
                }
                study.push(StudyItem {
                    n: turn.n,
                    topic: turn.topic.clone(),
                    concept: gap.label.to_string(),
                    question: gap.follow_up.to_string(),
                });
            }
        }
        let status = match state.finished {
            None => "unfinished",
            Some(EndReason::Completed) => "completed",
            Some(EndReason::OutOfQuestions) => "out-of-questions",
            Some(EndReason::SessionTime) => "session-time",
            Some(EndReason::Quit) => "quit",
        };

        Report {
            session: state.id.clone(),
            started: format_date(state.started),
            status: status.to_owned(),
            tier_mode: state.plan.mode(),
            timed: state.plan.timed,
            seed: state.plan.seed,
            questions: state.turns.iter().map(row).collect(),
            average: state.average().map(|a| a.round() as u32),
            topics,
            tiers,
            strongest,
            weakest,
            study,
            hints: state.turns.iter().map(|t| t.hints).sum(),
        }
    }
}
