//! `grill calibrate`: how well the grader agrees with human grades a recruiter trusts.

use anyhow::Result;

use super::grade::grade_lines;
use crate::agreement::{self, Graded};
use crate::bank::Bank;
use crate::config::{Config, Emit, Input};
use crate::exit::{self, UsageError};
use crate::grader::RubricGrader;
use crate::report::Document;

pub(crate) fn run(config: &Config, input: &Input, emit: &Emit) -> Result<u8> {
    let bank = Bank::load(&config.banks)?;
    let grader = config.grader(RubricGrader::new(), false)?;
    let mut rows: Vec<Graded> = Vec::new();
    let mut ungraded_by_humans = 0usize;
    let unreadable = grade_lines(
        &bank,
        &*grader,
        input,
        "calibrating",
        false,
        config.llm.as_ref().map(|settings| settings.jobs),
        |request, card| {
            let human = request.human?;
            Some(Graded {
                line: 0,
                id: request.id.map(|id| match id {
                    serde_json::Value::String(id) => id,
                    other => other.to_string(),
                }),
                question: request.question.into_owned(),
                answer: request.answer.into_owned(),
                human,
                score: card.score,
                concepts_hit: card
                    .concepts
                    .iter()
                    .filter(|c| c.hit())
                    .map(|c| c.id.to_string())
                    .collect(),
            })
        },
        |line, graded| {
            match graded {
                Some(graded) => rows.push(Graded { line, ..graded }),
                None => ungraded_by_humans += 1,
            }
            Ok(())
        },
    )?;
    let Some(calibration) = agreement::calibrate(&rows, unreadable + ungraded_by_humans) else {
        return Err(UsageError(format!(
            "{}: calibration needs at least two graded lines with a `human` grade, found {}",
            input.name(),
            rows.len()
        ))
        .into());
    };
    super::emit(&Document::Calibration(&calibration), emit)?;
    if let Some(summary) = grader.summary() {
        eprintln!("{summary}");
    }
    Ok(exit::OK)
}
