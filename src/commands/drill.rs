//! `grill drill`: an interview on the concepts due for review, most overdue and weakest first.
//! For each due concept it prefers a question of the bank that probes the same concept and the
//! candidate has not answered yet, else the question that found the gap; the interview itself
//! is an ordinary one (same REPL, journal and `grill resume`), so its answers are the next
//! reviews.

use std::collections::BTreeSet;

use anyhow::Result;

use crate::bank::{Bank, TierMode};
use crate::config::{Config, Practice};
use crate::exit;
use crate::session::clock::format_date;
use crate::stats::{Schedule, end_of_day, schedule::links};

use super::stats::{derive, now};

/// The questions to ask for the due items, in order, at most `count`: per item its first
/// linked question not yet answered, else its own; a question covering several items is asked
/// once.
pub(crate) fn plan(
    schedule: &Schedule,
    bank: &Bank,
    answered: &BTreeSet<String>,
    now: u64,
    topics: &[String],
    count: usize,
) -> Vec<String> {
    let links = links(bank);
    let mut chosen: Vec<String> = Vec::new();
    for item in schedule.due(end_of_day(now) - 1) {
        if chosen.len() == count {
            break;
        }
        if !topics.is_empty() && !topics.contains(&item.topic) {
            continue;
        }
        let fresh = links
            .get(&(item.question.clone(), item.concept.clone()))
            .into_iter()
            .flatten()
            .map(|(question, _)| question)
            .find(|q| !answered.contains(*q) && !chosen.contains(q) && bank.get(q).is_some());
        let question = fresh.unwrap_or(&item.question);
        if !chosen.contains(question) && bank.get(question).is_some() {
            chosen.push(question.clone());
        }
    }
    chosen
}

pub(crate) fn run(config: &Config, count: usize, topics: &[String], history: bool) -> Result<u8> {
    let bank = Bank::load(&config.banks)?;
    super::bank::check_topics(&bank, topics)?;
    let derived = derive(config, &bank, false)?;
    let answered: BTreeSet<String> = derived
        .listing
        .sessions
        .iter()
        .flat_map(|s| s.state.turns.iter())
        .filter(|t| t.answer.is_some())
        .map(|t| t.question.clone())
        .collect();
    let now = now(config);
    let questions = plan(&derived.schedule, &bank, &answered, now, topics, count);
    if questions.is_empty() {
        let next = derived
            .schedule
            .items
            .iter()
            .filter(|i| i.retired.is_none())
            .filter(|i| topics.is_empty() || topics.contains(&i.topic))
            .map(|i| i.due)
            .min();
        match next {
            Some(due) => println!(
                "Nothing is due for review today. The next review is due on {}.",
                &format_date(due)[..10]
            ),
            None => println!(
                "Nothing to review yet: concepts you miss in `grill practice` come back here when they are due."
            ),
        }
        return Ok(exit::OK);
    }
    let due = derived.schedule.due(end_of_day(now) - 1).len();
    println!(
        "Drill: {} question{} for the {} concept{} due for review.",
        questions.len(),
        if questions.len() == 1 { "" } else { "s" },
        due,
        if due == 1 { "" } else { "s" },
    );
    let practice = Practice {
        tier: TierMode::Adaptive,
        topics: Vec::new(),
        count: questions.len(),
        seed: None,
        timed: false,
        time_limit_secs: None,
        session_limit_secs: None,
        questions,
        report: None,
        history,
    };
    super::practice::run(config, &practice)
}
