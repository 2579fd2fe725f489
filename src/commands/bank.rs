//! `grill bank ...`: list, count, show and validate the questions of the loaded banks.

use std::io::Write;

use anyhow::Result;

use crate::bank::{Bank, Item, Tier};
use crate::config::{Config, Emit};
use crate::exit::{self, UsageError};
use crate::report::{Document, QuestionList, TopicTable};
use crate::sanitize::{for_terminal, single_line};
use crate::style::{self, paint};

pub(crate) fn load(config: &Config) -> Result<Bank> {
    Ok(Bank::load(&config.banks)?)
}

/// Fails with a usage error naming the nearest topic when one of `topics` is unknown.
pub(crate) fn check_topics(bank: &Bank, topics: &[String]) -> Result<()> {
    let known = bank.topics();
    for topic in topics {
        if !known.contains(&topic.as_str()) {
            let hint = crate::bank::suggest(topic, &known)
                .map(|best| format!("; did you mean `{best}`?"))
                .unwrap_or_else(|| format!("; topics: {}", known.join(", ")));
            return Err(UsageError(format!("--topic {topic}: no such topic{hint}")).into());
        }
    }
    Ok(())
}

pub(crate) fn list(config: &Config, topics: &[String], tiers: &[Tier], emit: &Emit) -> Result<u8> {
    let bank = load(config)?;
    check_topics(&bank, topics)?;
    let selected = bank
        .items()
        .iter()
        .filter(|item| topics.is_empty() || topics.contains(&item.question.topic))
        .filter(|item| tiers.is_empty() || tiers.contains(&item.question.tier));
    let list = QuestionList::new(selected, bank.len());
    super::emit(&Document::Questions(&list), emit)?;
    Ok(exit::OK)
}

pub(crate) fn topics(config: &Config, emit: &Emit) -> Result<u8> {
    let bank = load(config)?;
    let table = TopicTable::new(bank.items());
    super::emit(&Document::Topics(&table), emit)?;
    Ok(exit::OK)
}

pub(crate) fn show(config: &Config, id: &str, reveal: bool) -> Result<u8> {
    let bank = load(config)?;
    let Some(item) = bank.get(id) else {
        let hint = bank
            .suggest_id(id)
            .map(|best| format!("; did you mean `{best}`?"))
            .unwrap_or_else(|| "; see `grill bank list`".to_owned());
        return Err(UsageError(format!("no question with id `{id}`{hint}")).into());
    };
    let mut out = anstream::stdout().lock();
    write!(out, "{}", render_show(item, reveal))?;
    Ok(exit::OK)
}

/// The question and (with `reveal`) its rubric for a terminal: bank text is shown with its control
/// characters neutralised.
fn render_show(item: &Item, reveal: bool) -> String {
    let (q, r) = (&item.question, &item.rubric);
    let mut s = String::new();
    let minutes = q.time_limit_secs().div_ceil(60);
    s.push_str(&format!(
        "{}  {}\n\n{}\n",
        paint(style::HEADING, single_line(&q.id)),
        paint(
            style::DIM,
            format!("{} · {} · {minutes} min", single_line(&q.topic), q.tier)
        ),
        for_terminal(&q.prompt)
    ));
    if !q.hints.is_empty() {
        s.push_str(&format!("\n{}\n", paint(style::HEADING, "Hints")));
        for (n, hint) in q.hints.iter().enumerate() {
            s.push_str(&format!("  {}. {}\n", n + 1, for_terminal(hint)));
        }
    }
    s.push_str(&format!(
        "\n{} {}\n",
        paint(style::HEADING, "Concepts"),
        paint(
            style::DIM,
            format!(
                "(total weight {}, pass mark {})",
                crate::bank::round2(r.total_weight()),
                r.pass_mark
            )
        )
    ));
    for concept in &r.concepts {
        let required = if concept.required { "  required" } else { "" };
        s.push_str(&format!(
            "  [{}] {}{}\n",
            concept.weight,
            single_line(&concept.label),
            paint(style::WARN, required)
        ));
        if reveal {
            s.push_str(&format!("      id: {}\n", single_line(&concept.id)));
            s.push_str(&format!("      phrases: {}\n", phrases(&concept.any)));
            s.push_str(&format!(
                "      follow-up: {}\n",
                for_terminal(&concept.follow_up)
            ));
        }
    }
    if reveal {
        if !r.misconceptions.is_empty() {
            s.push_str(&format!("\n{}\n", paint(style::HEADING, "Misconceptions")));
            for m in &r.misconceptions {
                s.push_str(&format!(
                    "  -{} {}\n      phrases: {}\n",
                    m.penalty,
                    single_line(&m.label),
                    phrases(&m.any)
                ));
            }
        }
        s.push_str(&format!(
            "\n{}\n{}\n",
            paint(style::HEADING, "Model answer"),
            for_terminal(r.model_answer.trim())
        ));
        if !r.examples.is_empty() {
            s.push_str(&format!(
                "\n{}\n",
                paint(
                    style::DIM,
                    format!(
                        "{} self-test examples (run `grill bank test`)",
                        r.examples.len()
                    )
                )
            ));
        }
    } else {
        s.push_str(&format!(
            "\n{}\n",
            paint(
                style::DIM,
                "Phrases, misconceptions and the model answer are hidden; add --reveal to see them."
            )
        ));
    }
    s
}

/// Phrases on one line, each neutralised, separated by ` | `.
fn phrases(list: &[String]) -> String {
    let shown: Vec<_> = list.iter().map(|phrase| single_line(phrase)).collect();
    shown.join(" | ")
}

pub(crate) fn validate(config: &Config) -> Result<u8> {
    let bank = load(config)?;
    let mut out = anstream::stdout().lock();
    let concepts: usize = bank
        .items()
        .iter()
        .map(|item| item.rubric.concepts.len())
        .sum();
    writeln!(
        out,
        "{} {} questions, {} rubrics, {} concepts in {} files; no problems found",
        paint(style::GOOD, "ok:"),
        bank.len(),
        bank.len(),
        concepts,
        bank.file_count()
    )?;
    Ok(exit::OK)
}
