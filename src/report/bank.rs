//! The bank's listings as data: its questions (`grill bank list`) and its question counts per
//! topic and tier (`grill bank topics`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::bank::{Item, Tier};

/// A question as `bank list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedQuestion {
    /// The id.
    pub id: String,
    /// Its topic.
    pub topic: String,
    /// Its tier.
    pub tier: Tier,
    /// The question.
    pub prompt: String,
    /// Its effective time limit.
    pub time_limit_secs: u32,
    /// Its tags.
    pub tags: Vec<String>,
    /// How many hints it has.
    pub hints: usize,
}

/// Some questions of the loaded banks.
#[derive(Debug, Clone)]
pub struct QuestionList {
    /// The questions listed, in bank order.
    pub questions: Vec<ListedQuestion>,
    /// How many questions the banks hold in all.
    pub total: usize,
}

impl QuestionList {
    /// The list of `selected` out of `total` questions.
    pub fn new<'a>(selected: impl IntoIterator<Item = &'a Item>, total: usize) -> Self {
        let questions = selected
            .into_iter()
            .map(|item| {
                let q = &item.question;
                ListedQuestion {
                    id: q.id.clone(),
                    topic: q.topic.clone(),
                    tier: q.tier,
                    prompt: q.prompt.clone(),
                    time_limit_secs: q.time_limit_secs(),
                    tags: q.tags.clone(),
                    hints: q.hints.len(),
                }
            })
            .collect();
        QuestionList { questions, total }
    }
}

/// Question counts for one topic.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TopicCounts {
    /// Easy questions.
    pub easy: usize,
    /// Medium questions.
    pub medium: usize,
    /// Hard questions.
    pub hard: usize,
    /// All of them.
    pub total: usize,
}

impl TopicCounts {
    fn add(&mut self, tier: Tier) {
        match tier {
            Tier::Easy => self.easy += 1,
            Tier::Medium => self.medium += 1,
            Tier::Hard => self.hard += 1,
        }
        self.total += 1;
    }
}

/// Question counts per topic, by name, and over all topics.
#[derive(Debug, Clone, Default)]
pub struct TopicTable {
    /// Per topic.
    pub topics: BTreeMap<String, TopicCounts>,
    /// Over all topics.
    pub all: TopicCounts,
}

impl TopicTable {
    /// Counts the questions of `items`.
    pub fn new<'a>(items: impl IntoIterator<Item = &'a Item>) -> Self {
        let mut table = TopicTable::default();
        for item in items {
            let tier = item.question.tier;
            table
                .topics
                .entry(item.question.topic.clone())
                .or_default()
                .add(tier);
            table.all.add(tier);
        }
        table
    }
}
