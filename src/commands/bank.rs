//! `grill bank ...`: list, count, show and validate the questions of the loaded banks.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::bank::{Bank, Item, Tier};
use crate::config::Config;
use crate::exit::{self, UsageError};
use crate::sanitize::{for_terminal, single_line};
use crate::style::{self, paint};
use crate::table::{self, Table};

pub(crate) fn load(config: &Config) -> Result<Bank> {
    Ok(Bank::load(&config.banks)?)
}

/// A question as `bank list --json` prints it.
#[derive(Debug, Serialize)]
struct ListedQuestion<'a> {
    id: &'a str,
    topic: &'a str,
    tier: Tier,
    prompt: &'a str,
    time_limit_secs: u32,
    tags: &'a [String],
    hints: usize,
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

pub(crate) fn list(config: &Config, topics: &[String], tiers: &[Tier], json: bool) -> Result<u8> {
    let bank = load(config)?;
    check_topics(&bank, topics)?;
    let selected: Vec<&Item> = bank
        .items()
        .iter()
        .filter(|item| topics.is_empty() || topics.contains(&item.question.topic))
        .filter(|item| tiers.is_empty() || tiers.contains(&item.question.tier))
        .collect();
    let mut out = anstream::stdout().lock();
    if json {
        let listed: Vec<ListedQuestion<'_>> = selected
            .iter()
            .map(|item| ListedQuestion {
                id: &item.question.id,
                topic: &item.question.topic,
                tier: item.question.tier,
                prompt: &item.question.prompt,
                time_limit_secs: item.question.time_limit_secs(),
                tags: &item.question.tags,
                hints: item.question.hints.len(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
        return Ok(exit::OK);
    }
    let mut table = Table::new(&["ID", "TOPIC", "TIER", "PROMPT"]);
    for item in &selected {
        let q = &item.question;
        table.row(vec![
            single_line(&q.id).into_owned(),
            single_line(&q.topic).into_owned(),
            q.tier.to_string(),
            single_line(&q.prompt).into_owned(),
        ]);
    }
    write!(out, "{}", table.render(table::stdout_width()))?;
    writeln!(
        out,
        "{}",
        paint(
            style::DIM,
            format!("{} of {} questions", selected.len(), bank.len())
        )
    )?;
    Ok(exit::OK)
}

/// Question counts for one topic.
#[derive(Debug, Default, Serialize)]
struct TopicCounts {
    easy: usize,
    medium: usize,
    hard: usize,
    total: usize,
}

pub(crate) fn topics(config: &Config, json: bool) -> Result<u8> {
    let bank = load(config)?;
    let mut counts: BTreeMap<&str, TopicCounts> = BTreeMap::new();
    for item in bank.items() {
        let entry = counts.entry(&item.question.topic).or_default();
        match item.question.tier {
            Tier::Easy => entry.easy += 1,
            Tier::Medium => entry.medium += 1,
            Tier::Hard => entry.hard += 1,
        }
        entry.total += 1;
    }
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &counts)?;
        writeln!(out)?;
        return Ok(exit::OK);
    }
    let mut table = Table::new(&["TOPIC", "EASY", "MEDIUM", "HARD", "TOTAL"]);
    let mut all = TopicCounts::default();
    for (topic, c) in &counts {
        table.row(vec![
            single_line(topic).into_owned(),
            c.easy.to_string(),
            c.medium.to_string(),
            c.hard.to_string(),
            c.total.to_string(),
        ]);
        all.easy += c.easy;
        all.medium += c.medium;
        all.hard += c.hard;
        all.total += c.total;
    }
    table.row(vec![
        "all".to_owned(),
        all.easy.to_string(),
        all.medium.to_string(),
        all.hard.to_string(),
        all.total.to_string(),
    ]);
    write!(out, "{}", table.render(None))?;
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
                r.total_weight(),
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
