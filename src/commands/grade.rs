//! `grill grade`: batch grading, JSON lines in and out, for tools and recruiters' pipelines.
//! `grade_lines` is the one batch loop, shared with `grill calibrate`.

use std::io::{BufRead, Write};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::bank::Bank;
use crate::config::{Config, Input};
use crate::exit::{self, UsageError};
use crate::grader::{Grader, RubricGrader};
use crate::output::Target;
use crate::report::GradedLine;
use crate::score::ScoreCard;

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

/// Grades one request, or says why not in a sentence.
fn grade(bank: &Bank, grader: &dyn Grader, request: &Request) -> Result<ScoreCard, String> {
    let Some(item) = bank.get(&request.question) else {
        let hint = bank
            .suggest_id(&request.question)
            .map(|best| format!("; did you mean `{best}`?"))
            .unwrap_or_default();
        return Err(format!("unknown question `{}`{hint}", request.question));
    };
    grader
        .grade(item, &request.answer)
        .map_err(|error| error.to_string())
}

/// Grades every JSON line of `input` against `bank` with `grader`, calling `each` with the line
/// number, the request and its score card. A line that cannot be read or graded is reported on
/// stderr with its number and skipped, or with `strict` ends the run as a usage error. Blank
/// lines are ignored; a spinner counts lines on a terminal. Returns how many lines were skipped.
pub(crate) fn grade_lines(
    bank: &Bank,
    grader: &dyn Grader,
    input: &Input,
    verb: &'static str,
    strict: bool,
    mut each: impl FnMut(usize, Request, ScoreCard) -> Result<()>,
) -> Result<usize> {
    let name = input.name();
    let reader = input.open()?;
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
            .and_then(|request| grade(bank, grader, &request).map(|card| (request, card)));
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

pub(crate) fn run(config: &Config, input: &Input, output: &Target, strict: bool) -> Result<u8> {
    let bank = Bank::load(&config.banks)?;
    let grader = RubricGrader::new();
    let mut out = output.create().context("cannot open the output")?;
    let failed = grade_lines(
        &bank,
        &grader,
        input,
        "grading",
        strict,
        |_, request, card| {
            let line = GradedLine::new(
                request.id.as_deref(),
                &request.question,
                &card,
                request.human,
            );
            out.write_all(&line.to_bytes())?;
            Ok(())
        },
    )?;
    out.finish().context("cannot write the output")?;
    if failed > 0 {
        eprintln!(
            "{failed} line{} could not be graded",
            if failed == 1 { "" } else { "s" }
        );
        return Ok(exit::FAILURE);
    }
    Ok(exit::OK)
}
