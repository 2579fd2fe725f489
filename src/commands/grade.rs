//! `grill grade`: batch grading, JSON lines in and out, for tools and recruiters' pipelines.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::config::{Config, Input, Output};
use crate::exit::{self, UsageError};
use crate::score::{CompiledRubric, Flag, ScoreCard, Status};

/// One answer to grade.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Request {
    /// The caller's id for the line.
    pub(crate) id: Option<String>,
    /// The question id.
    pub(crate) question: String,
    /// The answer text.
    pub(crate) answer: String,
    /// A human grade on any scale.
    pub(crate) human: Option<f64>,
}

/// Grades answers against a bank, compiling each rubric the first time it is needed.
struct Grader<'b> {
    bank: &'b Bank,
    compiled: HashMap<&'b str, CompiledRubric>,
}

impl<'b> Grader<'b> {
    fn new(bank: &'b Bank) -> Self {
        Self {
            bank,
            compiled: HashMap::new(),
        }
    }

    /// Scores one request, or says why not in a sentence.
    fn grade(&mut self, request: &Request) -> Result<ScoreCard, String> {
        let bank = self.bank;
        let Some(item) = bank.get(&request.question) else {
            let hint = bank
                .suggest_id(&request.question)
                .map(|best| format!("; did you mean `{best}`?"))
                .unwrap_or_default();
            return Err(format!("unknown question `{}`{hint}", request.question));
        };
        let rubric = self
            .compiled
            .entry(item.question.id.as_str())
            .or_insert_with(|| CompiledRubric::new(&item.question, &item.rubric));
        rubric
            .score(&request.answer)
            .map_err(|error| error.to_string())
    }
}

/// Grades every JSON line of `input` against `bank`, calling `each` with the line number, the
/// request and its score card. A line that cannot be read or graded is reported on stderr with
/// its number and skipped, or with `strict` ends the run as a usage error. Blank lines are
/// ignored; a spinner counts lines on a terminal. Returns how many lines were skipped.
pub(crate) fn grade_lines(
    bank: &Bank,
    input: &Input,
    verb: &'static str,
    strict: bool,
    mut each: impl FnMut(usize, Request, ScoreCard) -> Result<()>,
) -> Result<usize> {
    let name = input.name();
    let reader = input
        .open()
        .with_context(|| format!("cannot open {name}"))?;
    let mut grader = Grader::new(bank);
    let progress = crate::progress::lines(verb);
    let mut skipped = 0;
    for (index, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {name}"))?;
        if line.trim().is_empty() {
            continue;
        }
        progress.inc(1);
        let number = index + 1;
        let graded = serde_json::from_str::<Request>(&line)
            .map_err(|error| format!("malformed JSON line: {error}"))
            .and_then(|request| grader.grade(&request).map(|card| (request, card)));
        match graded {
            Ok((request, card)) => each(number, request, card)?,
            Err(reason) if strict => {
                progress.finish_and_clear();
                return Err(UsageError(format!("{name}:{number}: {reason}")).into());
            }
            Err(reason) => {
                skipped += 1;
                progress.suspend(|| eprintln!("{name}:{number}: skipped: {reason}"));
            }
        }
    }
    progress.finish_and_clear();
    Ok(skipped)
}

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

#[derive(Serialize)]
struct Graded<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    question: &'a str,
    score: u32,
    pass: bool,
    concepts: Vec<GradedConcept<'a>>,
    misconceptions: Vec<GradedMisconception<'a>>,
    follow_ups: Vec<&'a str>,
    flags: &'a [Flag],
    #[serde(skip_serializing_if = "Option::is_none")]
    human: Option<f64>,
}

fn graded<'a>(request: &'a Request, card: &'a ScoreCard) -> Graded<'a> {
    Graded {
        id: request.id.as_deref(),
        question: &request.question,
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
        human: request.human,
    }
}

pub(crate) fn run(config: &Config, input: &Input, output: &Output, strict: bool) -> Result<u8> {
    let bank = Bank::load(&config.banks)?;
    let mut out = output.create().context("cannot open the output")?;
    let failed = grade_lines(&bank, input, "grading", strict, |_, request, card| {
        serde_json::to_writer(&mut out, &graded(&request, &card))?;
        out.write_all(b"\n")?;
        Ok(())
    })?;
    out.flush()?;
    if failed > 0 {
        eprintln!(
            "{failed} line{} could not be graded",
            if failed == 1 { "" } else { "s" }
        );
        return Ok(exit::FAILURE);
    }
    Ok(exit::OK)
}
