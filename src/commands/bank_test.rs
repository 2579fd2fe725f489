//! `grill bank test`: runs every rubric's self-test examples and lists those outside their band.

use std::io::Write;

use anyhow::Result;

use crate::bank::Bank;
use crate::config::Config;
use crate::exit;
use crate::grader::{Grader, RubricGrader};
use crate::style::{self, paint};

pub(crate) fn run(config: &Config) -> Result<u8> {
    let bank = Bank::load(&config.banks)?;
    let mut out = anstream::stdout().lock();
    let (mut examples, mut failures, mut warnings) = (0usize, 0usize, 0usize);
    let grader = RubricGrader::new();
    for item in bank.items() {
        let compiled = grader.compiled(item);
        for (concept, phrase) in compiled.prompt_only_phrases() {
            warnings += 1;
            writeln!(
                out,
                "{}: {} {}: phrase {phrase:?} of concept `{concept}` never credits: all its words are in the prompt",
                item.rubric.location,
                paint(style::WARN, "warning:"),
                item.question.id,
            )?;
        }
        for (n, example) in item.rubric.examples.iter().enumerate() {
            examples += 1;
            let card = match grader.grade(item, &example.answer) {
                Ok(card) => card,
                Err(error) => {
                    failures += 1;
                    writeln!(
                        out,
                        "{}: {} {} example {}: {error}",
                        example.location,
                        paint(style::BAD, "FAIL"),
                        item.question.id,
                        n + 1
                    )?;
                    continue;
                }
            };
            if card.score < example.min || card.score > example.max {
                failures += 1;
                let hit: Vec<&str> = card
                    .concepts
                    .iter()
                    .filter(|c| c.hit())
                    .map(|c| &*c.id)
                    .collect();
                let missed: Vec<&str> = card.gaps.iter().map(|g| &*g.concept).collect();
                writeln!(
                    out,
                    "{}: {} {} example {}: scored {}, expected {}..{}\n    hit: {}\n    missed: {}",
                    example.location,
                    paint(style::BAD, "FAIL"),
                    item.question.id,
                    n + 1,
                    card.score,
                    example.min,
                    example.max,
                    if hit.is_empty() {
                        "-".to_owned()
                    } else {
                        hit.join(", ")
                    },
                    if missed.is_empty() {
                        "-".to_owned()
                    } else {
                        missed.join(", ")
                    },
                )?;
            }
        }
    }
    let summary = format!(
        "{examples} examples in {} rubrics: {} passed, {failures} outside their band{}",
        bank.len(),
        examples - failures,
        if warnings > 0 {
            format!(", {warnings} warnings")
        } else {
            String::new()
        }
    );
    if failures > 0 {
        writeln!(out, "{}", paint(style::BAD, summary))?;
        Ok(exit::FAILURE)
    } else {
        writeln!(out, "{} {summary}", paint(style::GOOD, "ok:"))?;
        Ok(exit::OK)
    }
}
