//! The embedded bank meets the content bar promised for it: coverage per topic and tier, and
//! rubrics complete enough to score and coach with.

use std::collections::BTreeMap;

use grill::bank::{Bank, BankSpec, Tier};

fn bank() -> Bank {
    Bank::load(&BankSpec {
        embedded: true,
        folders: Vec::new(),
    })
    .expect("the embedded bank loads")
}

#[test]
fn covers_every_topic_and_tier() {
    let bank = bank();
    assert!(bank.len() >= 170, "{} questions", bank.len());
    let mut per_topic: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_tier: BTreeMap<Tier, usize> = BTreeMap::new();
    for item in bank.items() {
        *per_topic.entry(&item.question.topic).or_default() += 1;
        *per_tier.entry(item.question.tier).or_default() += 1;
    }
    for topic in [
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
    ] {
        assert!(
            per_topic.get(topic).copied().unwrap_or(0) >= 12,
            "{topic}: {per_topic:?}"
        );
    }
    for tier in Tier::ALL {
        assert!(
            per_tier.get(&tier).copied().unwrap_or(0) >= 50,
            "{tier}: {per_tier:?}"
        );
    }
}

#[test]
fn every_rubric_is_complete_enough_to_coach_with() {
    let bank = bank();
    let mut problems = Vec::new();
    let mut with_misconceptions = 0;
    for item in bank.items() {
        let (q, r) = (&item.question, &item.rubric);
        let id = &q.id;
        if q.hints.is_empty() {
            problems.push(format!("{id}: no hint"));
        }
        if !(3..=7).contains(&r.concepts.len()) {
            problems.push(format!("{id}: {} concepts", r.concepts.len()));
        }
        let heaviest = r.concepts.iter().map(|c| c.weight).max().unwrap_or(0);
        for concept in &r.concepts {
            let needed = if concept.weight == heaviest { 5 } else { 3 };
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
        with_misconceptions += usize::from(!r.misconceptions.is_empty());
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
    assert!(
        with_misconceptions * 10 >= bank.len() * 4,
        "misconceptions on only {with_misconceptions} of {} rubrics",
        bank.len()
    );
}
