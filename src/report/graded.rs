//! One graded answer as `grill grade` writes it: a JSON line projecting the score card onto the
//! batch format (documented in the README), so pipelines that read it keep working; fields of
//! the input line that grill does not know are copied through.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::score::{Flag, Judge, ScoreCard, Status};

#[derive(Serialize)]
struct GradedConcept<'a> {
    id: &'a str,
    hit: bool,
    status: Status,
    evidence: Option<&'a str>,
    span: Option<[usize; 2]>,
}

#[derive(Serialize)]
struct GradedMisconception<'a> {
    label: &'a str,
    penalty: u32,
    evidence: &'a str,
}

/// A graded line: the caller's id and question, the card's verdict, the human grade if given.
#[derive(Serialize)]
pub struct GradedLine<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    question: &'a str,
    score: u32,
    pass: bool,
    concepts: Vec<GradedConcept<'a>>,
    misconceptions: Vec<GradedMisconception<'a>>,
    follow_ups: Vec<&'a str>,
    flags: &'a [Flag],
    #[serde(skip_serializing_if = "Option::is_none")]
    human: Option<f64>,
    /// Why the LLM judge failed and the rubric graded instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<&'a str>,
    /// How the LLM judge graded: model, the rubric's own score, disagreement, claims, tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    judge: Option<&'a Judge>,
    /// The input line's other fields, copied through.
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

impl<'a> GradedLine<'a> {
    /// The line for `card`, graded for `question`; `id` comes back as it was given (a string
    /// or a number) and `extra` holds the input line's other fields.
    pub fn new(
        id: Option<&'a Value>,
        question: &'a str,
        card: &'a ScoreCard,
        human: Option<f64>,
        extra: &'a Map<String, Value>,
    ) -> Self {
        GradedLine {
            id,
            question,
            score: card.score,
            pass: card.pass,
            concepts: card
                .concepts
                .iter()
                .map(|c| GradedConcept {
                    id: &c.id,
                    hit: c.hit(),
                    status: c.status,
                    evidence: c.evidence.as_ref().map(|e| e.text.as_str()),
                    span: c.evidence.as_ref().map(|e| [e.start, e.end]),
                })
                .collect(),
            misconceptions: card
                .misconceptions
                .iter()
                .map(|m| GradedMisconception {
                    label: &m.label,
                    penalty: m.penalty,
                    evidence: &m.evidence.text,
                })
                .collect(),
            follow_ups: card.follow_ups().collect(),
            flags: &card.flags,
            human,
            fallback: card.fallback.as_deref(),
            judge: card.judge.as_deref(),
            extra,
        }
    }

    /// The line as JSON, with its newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Sized for a typical line, so the buffer is not regrown several times while writing.
        let mut line = Vec::with_capacity(1024);
        serde_json::to_writer(&mut line, self).expect("a graded line always serialises");
        line.push(b'\n');
        line
    }
}
