//! Spaced repetition per concept: every concept an answer missed, only named, got half of or
//! recovered only in its follow-up becomes a review item, and every later answer that probes it
//! is a review graded from the concept's status and scheduled with FSRS (`rs-fsrs`). The state
//! is a pure function of the observations, so it can always be rebuilt from the journals.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating};
use serde::{Deserialize, Serialize};

use crate::bank::{Bank, Tier};
use crate::score::Status;

use super::Observation;

/// An item lapses into a leech after this many lapses (an `Again` once it was already being
/// reviewed). Anki's default is 8 lapses of a flash card; an interview concept is reviewed far
/// less often, so grill flags it sooner.
pub const LEECH_LAPSES: u32 = 3;

/// The retention FSRS aims for: a 90% chance of recalling a concept when it falls due.
pub const REQUEST_RETENTION: f64 = 0.9;

/// The longest interval between two reviews, in days.
pub const MAXIMUM_INTERVAL_DAYS: i32 = 365;

const DAY: u64 = 86_400;

/// When a forgotten concept comes back: the next day.
pub const RELEARN_SECS: u64 = DAY;

/// How well a concept was recalled, as FSRS grades a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// Not recalled: missed, only named, wrongly defined or negated.
    Again,
    /// Recalled with effort: half there (partial), or only in the follow-up.
    Hard,
    /// Recalled: credited in the main answer.
    Good,
    /// Recalled easily: credited in a main answer that scored 90 or more.
    Easy,
}

impl Grade {
    /// The grade a concept earns from its status in the main answer, whether its follow-up won
    /// it back, and the main answer's score.
    pub fn from_status(status: Status, recovered: bool, answer_score: u32) -> Grade {
        match status {
            Status::Hit if answer_score >= 90 => Grade::Easy,
            Status::Hit => Grade::Good,
            _ if recovered => Grade::Hard,
            Status::Partial => Grade::Hard,
            Status::Named | Status::Missed | Status::WrongDefinition | Status::Negated => {
                Grade::Again
            }
        }
    }

    /// The grade as JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }

    fn rating(self) -> Rating {
        match self {
            Grade::Again => Rating::Again,
            Grade::Hard => Rating::Hard,
            Grade::Good => Rating::Good,
            Grade::Easy => Rating::Easy,
        }
    }
}

/// One concept under review.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    /// The question whose rubric holds the concept.
    pub question: String,
    /// The concept's id in that rubric.
    pub concept: String,
    /// The concept's label (the bank's current one when it still has the concept).
    pub label: String,
    /// The question's topic.
    pub topic: String,
    /// The question's tier.
    pub tier: Tier,
    /// When it is next due (Unix seconds).
    pub due: u64,
    /// FSRS stability, in days.
    pub stability: f64,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// Reviews so far, the first (that made the item) included.
    pub reviews: u32,
    /// Times it was forgotten after it was already under review.
    pub lapses: u32,
    /// The last grade.
    pub last_grade: Grade,
    /// When it was last reviewed (Unix seconds).
    pub last_review: u64,
    /// Every question that has probed it, in order, first the item's own.
    pub asked_in: Vec<String>,
    /// Why it is retired (its question or concept left the bank); retired items are never due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<String>,
    #[serde(skip)]
    card: Option<Card>,
}

impl Item {
    /// Whether it lapsed often enough to be a leech.
    pub fn leech(&self) -> bool {
        self.lapses >= LEECH_LAPSES
    }

    /// Whether it is due at `now` (and not retired).
    pub fn due_at(&self, now: u64) -> bool {
        self.retired.is_none() && self.due <= now
    }

    /// The `question/concept` key.
    pub fn key(&self) -> String {
        format!("{}/{}", self.question, self.concept)
    }
}

/// Every review item, keyed by `(question, concept)`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Schedule {
    /// The items, in key order.
    pub items: Vec<Item>,
}

fn fsrs() -> FSRS {
    FSRS::new(Parameters {
        request_retention: REQUEST_RETENTION,
        maximum_interval: MAXIMUM_INTERVAL_DAYS,
        // Reviews are interviews days apart, not flash cards minutes apart.
        enable_short_term: false,
        // Reproducible: the same journals always give the same schedule.
        enable_fuzz: false,
        ..Parameters::default()
    })
}

fn time(unix: u64) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::try_from(unix).unwrap_or(i64::MAX), 0).unwrap_or_default()
}

fn unix(time: DateTime<Utc>) -> u64 {
    u64::try_from(time.timestamp()).unwrap_or(0)
}

impl Schedule {
    /// Replays the observations, oldest first. `links` maps a concept to the items elsewhere in
    /// the bank that it also probes (see [`links`]).
    pub fn build(observations: &[Observation], links: &Links) -> Schedule {
        let fsrs = fsrs();
        let mut items: BTreeMap<(String, String), Item> = BTreeMap::new();
        let mut ordered: Vec<&Observation> = observations.iter().collect();
        ordered.sort_by_key(|o| o.at);
        for observation in ordered {
            let Some(grade) = observation.grade else {
                continue;
            };
            let own = (observation.question.clone(), observation.concept.clone());
            let mut keys = vec![own.clone()];
            if let Some(linked) = links.get(&own) {
                keys.extend(linked.iter().cloned());
            }
            for key in keys {
                let is_own = key == own;
                match items.get_mut(&key) {
                    Some(item) => review(&fsrs, item, grade, observation),
                    None if is_own && grade <= Grade::Hard => {
                        let mut item = Item {
                            question: observation.question.clone(),
                            concept: observation.concept.clone(),
                            label: observation.label.clone(),
                            topic: observation.topic.clone(),
                            tier: observation.tier,
                            due: observation.at,
                            stability: 0.0,
                            difficulty: 0.0,
                            reviews: 0,
                            lapses: 0,
                            last_grade: grade,
                            last_review: observation.at,
                            asked_in: Vec::new(),
                            retired: None,
                            card: Some(Card {
                                due: time(observation.at),
                                last_review: time(observation.at),
                                ..Card::default()
                            }),
                        };
                        review(&fsrs, &mut item, grade, observation);
                        items.insert(key, item);
                    }
                    None => {}
                }
            }
        }
        Schedule {
            items: items.into_values().collect(),
        }
    }

    /// Retires the items whose question or concept the bank no longer has, with a note, and
    /// takes the bank's current labels for the others.
    pub fn check_against(&mut self, bank: &Bank) {
        for item in &mut self.items {
            match bank.get(&item.question) {
                None => {
                    item.retired = Some(format!(
                        "question `{}` is no longer in the bank",
                        item.question
                    ));
                }
                Some(found) => match found.rubric.concepts.iter().find(|c| c.id == item.concept) {
                    None => {
                        item.retired = Some(format!(
                            "concept `{}` is no longer in the rubric of `{}`",
                            item.concept, item.question
                        ));
                    }
                    Some(concept) => {
                        item.retired = None;
                        item.label = concept.label.clone();
                        item.topic = found.question.topic.clone();
                        item.tier = found.question.tier;
                    }
                },
            }
        }
    }

    /// The items due at `now`, most overdue first, then the weakest (least stable).
    pub fn due(&self, now: u64) -> Vec<&Item> {
        let mut due: Vec<&Item> = self.items.iter().filter(|i| i.due_at(now)).collect();
        due.sort_by(|a, b| {
            (a.due / DAY)
                .cmp(&(b.due / DAY))
                .then(a.stability.total_cmp(&b.stability))
                .then(b.difficulty.total_cmp(&a.difficulty))
                .then(a.key().cmp(&b.key()))
        });
        due
    }

    /// The item for this question and concept.
    pub fn get(&self, question: &str, concept: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| i.question == question && i.concept == concept)
    }
}

/// Grades one review of `item`: FSRS moves its due date, an `Again` on an item already under
/// review is a lapse.
fn review(fsrs: &FSRS, item: &mut Item, grade: Grade, observation: &Observation) {
    let card = item.card.take().unwrap_or_else(|| Card {
        due: time(item.due),
        last_review: time(item.last_review),
        stability: item.stability,
        difficulty: item.difficulty,
        reps: i32::try_from(item.reviews).unwrap_or(i32::MAX),
        lapses: i32::try_from(item.lapses).unwrap_or(i32::MAX),
        state: if item.reviews == 0 {
            rs_fsrs::State::New
        } else {
            rs_fsrs::State::Review
        },
        ..Card::default()
    });
    if item.reviews > 0 && grade == Grade::Again {
        item.lapses += 1;
    }
    let mut next = fsrs.next(card, time(observation.at), grade.rating()).card;
    // A concept forgotten comes back the next day whatever its stability (Anki's relearning
    // step, in days); FSRS's memory state carries on from there.
    if grade == Grade::Again {
        next.due = next.due.min(time(observation.at + RELEARN_SECS));
    }
    item.due = unix(next.due);
    item.stability = next.stability;
    item.difficulty = next.difficulty;
    item.reviews += 1;
    item.last_grade = grade;
    item.last_review = observation.at;
    if !item.asked_in.contains(&observation.question) {
        item.asked_in.push(observation.question.clone());
    }
    item.card = Some(next);
}

/// For a concept `(question, concept)`, the concepts of other questions it also reviews.
pub type Links = BTreeMap<(String, String), Vec<(String, String)>>;

/// Concepts of different questions on the same topic that share a term (the words a rubric
/// gives as the concept's names) probe the same knowledge: answering one reviews the other.
pub fn links(bank: &Bank) -> Links {
    let mut by_term: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
    for item in bank.items() {
        for concept in &item.rubric.concepts {
            for term in &concept.terms {
                let key = (item.question.topic.clone(), term.trim().to_lowercase());
                let entry = by_term.entry(key).or_default();
                let id = (item.question.id.clone(), concept.id.clone());
                if !entry.contains(&id) {
                    entry.push(id);
                }
            }
        }
    }
    let mut links = Links::new();
    for group in by_term.values().filter(|g| g.len() > 1) {
        for a in group {
            for b in group.iter().filter(|b| b.0 != a.0) {
                let entry = links.entry(a.clone()).or_default();
                if !entry.contains(b) {
                    entry.push(b.clone());
                }
            }
        }
    }
    links
}
