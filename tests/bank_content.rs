//! The embedded bank meets the content bar promised for it: coverage per topic and tier, and
//! rubrics complete enough to score and coach with, whose self-tests show that a strong answer
//! passes and that a vague answer, a list of names and a wrong definition do not.

use std::collections::BTreeMap;

use grill::bank::{Bank, BankSpec, ExampleKind, Item, Tier};

fn bank() -> Bank {
    Bank::load(&BankSpec {
        embedded: true,
        folders: Vec::new(),
    })
    .expect("the embedded bank loads")
}

/// The eleven topics of the first edition.
const ORIGINAL_TOPICS: [&str; 11] = [
    "api-design",
    "databases",
    "caching",
    "architecture",
    "distributed-systems",
    "messaging",
    "security",
    "performance",
    "reliability",
    "observability",
    "system-design",
];

/// Topics added in the second edition, where the new questions formed a body of their own.
const NEW_TOPICS: [&str; 2] = ["platform", "ai-backends"];

/// The fewest questions the bank may hold, in all and per tier.
const MIN_QUESTIONS: usize = 220;
const MIN_PER_TIER: usize = 60;
/// Every first-edition topic keeps at least this many questions.
const MIN_PER_ORIGINAL_TOPIC: usize = 12;
/// No topic is smaller than this, so a session on it does not repeat itself at once.
const MIN_PER_TOPIC: usize = 6;
/// Single-word `any` phrases, in percent of all concept phrases (bank-wide and per topic):
/// a bare word is the easiest phrase for a wrong answer to say too.
const MAX_SINGLE_WORD_PERCENT: usize = 15;

#[test]
fn covers_every_topic_and_tier() {
    let bank = bank();
    assert!(
        bank.len() >= MIN_QUESTIONS,
        "{} questions, want at least {MIN_QUESTIONS}",
        bank.len()
    );
    let mut per_topic: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_tier: BTreeMap<Tier, usize> = BTreeMap::new();
    for item in bank.items() {
        *per_topic.entry(&item.question.topic).or_default() += 1;
        *per_tier.entry(item.question.tier).or_default() += 1;
    }
    let mut problems = Vec::new();
    for topic in ORIGINAL_TOPICS {
        let n = per_topic.get(topic).copied().unwrap_or(0);
        if n < MIN_PER_ORIGINAL_TOPIC {
            problems.push(format!(
                "{topic}: {n} questions, want at least {MIN_PER_ORIGINAL_TOPIC}"
            ));
        }
    }
    for topic in NEW_TOPICS {
        if !per_topic.contains_key(topic) {
            problems.push(format!("{topic}: missing"));
        }
    }
    for (topic, n) in &per_topic {
        if *n < MIN_PER_TOPIC {
            problems.push(format!(
                "{topic}: {n} questions, want at least {MIN_PER_TOPIC}"
            ));
        }
    }
    for tier in Tier::ALL {
        let n = per_tier.get(&tier).copied().unwrap_or(0);
        if n < MIN_PER_TIER {
            problems.push(format!(
                "{tier}: {n} questions, want at least {MIN_PER_TIER}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nper topic: {per_topic:?}\nper tier: {per_tier:?}",
        problems.join("\n")
    );
}

#[test]
fn every_rubric_is_complete_enough_to_coach_with() {
    let bank = bank();
    let mut problems = Vec::new();
    for item in bank.items() {
        let (q, r) = (&item.question, &item.rubric);
        let id = &q.id;
        if q.hints.is_empty() {
            problems.push(format!("{id}: no hint"));
        }
        if !(3..=7).contains(&r.concepts.len()) {
            problems.push(format!("{id}: {} concepts", r.concepts.len()));
        }
        let heaviest = r
            .concepts
            .iter()
            .map(|c| c.weight.get())
            .fold(0.0, f64::max);
        for concept in &r.concepts {
            let needed = if concept.weight.get() == heaviest {
                5
            } else {
                3
            };
            if concept.any.len() < needed {
                problems.push(format!(
                    "{id}/{}: {} phrases",
                    concept.id,
                    concept.any.len()
                ));
            }
            if !concept.follow_up.trim_end().ends_with('?') {
                problems.push(format!(
                    "{id}/{}: the follow-up is not a question",
                    concept.id
                ));
            }
        }
        let strong = r.examples.iter().any(|e| e.min >= 75 && e.max == 100);
        let weak = r.examples.iter().any(|e| e.min == 0 && e.max <= 35);
        if !(strong && weak) {
            problems.push(format!(
                "{id}: needs a strong (75..100) and a weak (0..35) example"
            ));
        }
        if r.model_answer.split_whitespace().count() < 40 {
            problems.push(format!("{id}: model answer under 40 words"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rubric_names_a_wrong_belief() {
    let bank = bank();
    let missing: Vec<&str> = bank
        .items()
        .iter()
        .filter(|item| item.rubric.misconceptions.is_empty())
        .map(|item| item.question.id.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} rubrics have no [[rubric.misconceptions]]: {}",
        missing.len(),
        bank.len(),
        missing.join(", ")
    );
}

#[test]
fn every_rubric_has_examples_of_all_four_kinds() {
    let bank = bank();
    let kinds = [
        (ExampleKind::Strong, "strong"),
        (ExampleKind::Weak, "weak"),
        (ExampleKind::NameOnly, "name-only"),
        (ExampleKind::WrongDefinition, "wrong-definition"),
    ];
    let mut problems = Vec::new();
    for item in bank.items() {
        let lacking: Vec<&str> = kinds
            .iter()
            .filter(|(kind, _)| !item.rubric.examples.iter().any(|e| e.kind == Some(*kind)))
            .map(|(_, name)| *name)
            .collect();
        if !lacking.is_empty() {
            problems.push(format!(
                "{}: no {} example",
                item.question.id,
                lacking.join(", no ")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} rubrics lack an example kind:\n{}",
        problems.len(),
        bank.len(),
        problems.join("\n")
    );
}

/// Whether a phrase is one word: no space inside it ("idempotent", "base62", "n+1",
/// "over-fetching").
fn single_word(phrase: &str) -> bool {
    phrase.split_whitespace().count() == 1
}

/// (single-word phrases, all phrases) over the concepts' `any` lists of these items.
fn phrase_counts<'a>(items: impl Iterator<Item = &'a Item>) -> (usize, usize) {
    let phrases = items
        .flat_map(|item| &item.rubric.concepts)
        .flat_map(|concept| &concept.any);
    phrases.fold((0, 0), |(single, all), phrase| {
        (single + usize::from(single_word(phrase)), all + 1)
    })
}

#[test]
fn single_word_phrases_stay_under_fifteen_percent() {
    let bank = bank();
    let mut problems = Vec::new();
    let (single, all) = phrase_counts(bank.items().iter());
    if single * 100 >= all * MAX_SINGLE_WORD_PERCENT {
        problems.push(format!(
            "bank: {single} of {all} phrases are single words ({:.1}%)",
            percent(single, all)
        ));
    }
    let mut topics: Vec<&str> = bank
        .items()
        .iter()
        .map(|i| i.question.topic.as_str())
        .collect();
    topics.sort_unstable();
    topics.dedup();
    for topic in topics {
        let (single, all) =
            phrase_counts(bank.items().iter().filter(|i| i.question.topic == topic));
        if single * 100 >= all * MAX_SINGLE_WORD_PERCENT {
            problems.push(format!(
                "{topic}: {single} of {all} phrases are single words ({:.1}%)",
                percent(single, all)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "single-word phrases must stay under {MAX_SINGLE_WORD_PERCENT}%:\n{}",
        problems.join("\n")
    );
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}
