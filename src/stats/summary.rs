//! The figures of `grill stats`, as data: averages per topic and tier with their trend, the
//! weeks, the weakest concepts, reviews due, leeches, retired items and time spent.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::session::clock::format_date;
use crate::session::state::State;

use super::{Grade, Observation, Schedule};

const DAY: u64 = 86_400;
/// How many points a trend sparkline shows at most (the latest sessions).
const TREND_POINTS: usize = 12;
/// How many weeks the activity chart covers.
const WEEKS: usize = 8;
/// How many weakest concepts are listed.
const WEAKEST: usize = 8;

/// An answer left out of the reviews, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// The session.
    pub session: String,
    /// The question.
    pub question: String,
    /// Why it is not a review.
    pub why: String,
}

/// Averages for one topic or tier, and how they moved.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The topic or tier.
    pub name: String,
    /// Questions answered or skipped.
    pub answers: usize,
    /// Their mean total score.
    pub average: u32,
    /// The mean per session, oldest first (the latest sessions only).
    pub trend: Vec<u32>,
}

/// One week of practice.
#[derive(Debug, Clone, Serialize)]
pub struct Week {
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
    /// Questions answered or skipped.
    pub answers: usize,
    /// Their mean total score.
    pub average: Option<u32>,
    /// Seconds spent answering.
    pub seconds: u64,
}

/// A concept the candidate misses most often.
#[derive(Debug, Clone, Serialize)]
pub struct WeakConcept {
    /// The question.
    pub question: String,
    /// The concept's id.
    pub concept: String,
    /// Its label.
    pub label: String,
    /// The question's topic.
    pub topic: String,
    /// Answers that probed it.
    pub seen: usize,
    /// Of those, how many did not credit it in the main answer.
    pub missed: usize,
}

/// A concept that keeps failing.
#[derive(Debug, Clone, Serialize)]
pub struct Leech {
    /// The question.
    pub question: String,
    /// The concept's id.
    pub concept: String,
    /// Its label.
    pub label: String,
    /// Lapses so far.
    pub lapses: u32,
}

/// An item whose question or concept left the bank.
#[derive(Debug, Clone, Serialize)]
pub struct Retired {
    /// The question.
    pub question: String,
    /// The concept's id.
    pub concept: String,
    /// Its last known label.
    pub label: String,
    /// Why it is retired.
    pub note: String,
}

/// Time spent answering.
#[derive(Debug, Clone, Serialize)]
pub struct TimeSpent {
    /// In all the sessions counted.
    pub total_secs: u64,
    /// In the last seven days.
    pub last_week_secs: u64,
    /// Per question answered, on average.
    pub per_answer_secs: Option<u64>,
}

/// Review counts.
#[derive(Debug, Clone, Serialize)]
pub struct Reviews {
    /// Items under review (not retired).
    pub items: usize,
    /// Due by the end of today.
    pub due_today: usize,
    /// Due by the end of the seventh day from today.
    pub due_week: usize,
}

/// Everything `grill stats` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The day the figures are for.
    pub as_of: String,
    /// Only sessions started on or after this day, when asked.
    pub since: Option<String>,
    /// Sessions counted.
    pub sessions: usize,
    /// Questions answered or skipped.
    pub answers: usize,
    /// Their mean total score.
    pub average: Option<u32>,
    /// Per topic.
    pub topics: Vec<Trend>,
    /// Per tier.
    pub tiers: Vec<Trend>,
    /// The last weeks, oldest first.
    pub weeks: Vec<Week>,
    /// The concepts missed most often, worst first.
    pub weakest: Vec<WeakConcept>,
    /// Reviews due.
    pub reviews: Reviews,
    /// Concepts that keep failing.
    pub leeches: Vec<Leech>,
    /// Items retired after a bank edit.
    pub retired: Vec<Retired>,
    /// Time spent.
    pub time: TimeSpent,
    /// Answers not counted as reviews.
    pub not_counted: Vec<Excluded>,
    /// Journals that could not be read, or lines skipped.
    pub warnings: Vec<String>,
    /// Draw charts with ASCII only (a rendering choice, not a figure).
    #[serde(skip)]
    pub ascii: bool,
}

/// The end of the day holding `now` (exclusive).
pub fn end_of_day(now: u64) -> u64 {
    (now / DAY + 1) * DAY
}

fn mean(sum: u64, n: usize) -> Option<u32> {
    (n > 0).then(|| (sum as f64 / n as f64).round() as u32)
}

/// Per group: answers, mean, and the mean of each session, oldest first.
fn trends(states: &[&State], group: impl Fn(&crate::session::state::Turn) -> String) -> Vec<Trend> {
    let mut all: BTreeMap<String, (u64, usize, Vec<u32>)> = BTreeMap::new();
    for state in states {
        let mut here: BTreeMap<String, (u64, usize)> = BTreeMap::new();
        for turn in state.counted_turns() {
            let entry = here.entry(group(turn)).or_default();
            entry.0 += u64::from(turn.total());
            entry.1 += 1;
        }
        for (name, (sum, n)) in here {
            let entry = all.entry(name).or_default();
            entry.0 += sum;
            entry.1 += n;
            entry.2.extend(mean(sum, n));
        }
    }
    all.into_iter()
        .map(|(name, (sum, n, mut trend))| {
            if trend.len() > TREND_POINTS {
                trend.drain(..trend.len() - TREND_POINTS);
            }
            Trend {
                name,
                answers: n,
                average: mean(sum, n).unwrap_or(0),
                trend,
            }
        })
        .collect()
}

/// The inputs of [`Stats::new`].
pub struct Inputs<'a> {
    /// Every readable session, oldest first.
    pub states: Vec<&'a State>,
    /// Every observation of every session (the schedule's input).
    pub observations: &'a [Observation],
    /// The schedule, checked against the bank.
    pub schedule: &'a Schedule,
    /// Answers not counted as reviews.
    pub excluded: Vec<super::Excluded>,
    /// Problems reading the journals.
    pub warnings: Vec<String>,
    /// Now (Unix seconds).
    pub now: u64,
    /// Only sessions started at or after this time count for the averages.
    pub since: Option<u64>,
}

impl Stats {
    /// The figures. Averages, weeks, weakest concepts and time spent count the sessions since
    /// `since`; reviews due, leeches and retired items always count every session, since the
    /// schedule needs all of them.
    pub fn new(inputs: Inputs<'_>) -> Stats {
        let Inputs {
            states,
            observations,
            schedule,
            excluded,
            warnings,
            now,
            since,
        } = inputs;
        let from = since.unwrap_or(0);
        let states: Vec<&State> = states.into_iter().filter(|s| s.started >= from).collect();
        let turns = || states.iter().flat_map(|s| s.counted_turns());
        let answers = turns().count();
        let sum: u64 = turns().map(|t| u64::from(t.total())).sum();
        let mut tiers = trends(&states, |t| t.tier.as_str().to_owned());
        tiers.sort_by_key(|t| t.name.parse::<crate::bank::Tier>().ok());

        let today_end = end_of_day(now);
        let first_week = today_end - (WEEKS as u64) * 7 * DAY;
        let mut weeks: Vec<Week> = (0..WEEKS)
            .map(|i| Week {
                start: format_date(first_week + i as u64 * 7 * DAY)[..10].to_owned(),
                answers: 0,
                average: None,
                seconds: 0,
            })
            .collect();
        let mut week_sums = vec![0u64; WEEKS];
        let mut total_secs = 0;
        let mut last_week_secs = 0;
        for state in &states {
            for turn in state.counted_turns() {
                let at = state.started + turn.started / 1000;
                let secs = turn.elapsed().div_ceil(1000);
                total_secs += secs;
                if at + 7 * DAY >= today_end && at < today_end {
                    last_week_secs += secs;
                }
                if at >= first_week && at < today_end {
                    let i = ((at - first_week) / (7 * DAY)) as usize;
                    weeks[i].answers += 1;
                    weeks[i].seconds += secs;
                    week_sums[i] += u64::from(turn.total());
                }
            }
        }
        for (week, sum) in weeks.iter_mut().zip(week_sums) {
            week.average = mean(sum, week.answers);
        }

        let mut weak: BTreeMap<(String, String), WeakConcept> = BTreeMap::new();
        for o in observations.iter().filter(|o| o.at >= from) {
            let entry = weak
                .entry((o.question.clone(), o.concept.clone()))
                .or_insert_with(|| WeakConcept {
                    question: o.question.clone(),
                    concept: o.concept.clone(),
                    label: o.label.clone(),
                    topic: o.topic.clone(),
                    seen: 0,
                    missed: 0,
                });
            entry.seen += 1;
            if o.grade.is_some_and(|g| g <= Grade::Hard) {
                entry.missed += 1;
            }
        }
        let mut weakest: Vec<WeakConcept> = weak.into_values().filter(|w| w.missed > 0).collect();
        // Worst share missed first (compared as fractions, exactly), then most often missed.
        weakest.sort_by(|a, b| {
            (b.missed * a.seen)
                .cmp(&(a.missed * b.seen))
                .then(b.missed.cmp(&a.missed))
                .then((&a.question, &a.concept).cmp(&(&b.question, &b.concept)))
        });
        weakest.truncate(WEAKEST);

        let active = || schedule.items.iter().filter(|i| i.retired.is_none());
        let reviews = Reviews {
            items: active().count(),
            due_today: active().filter(|i| i.due < today_end).count(),
            due_week: active().filter(|i| i.due < today_end + 6 * DAY).count(),
        };
        let mut leeches: Vec<Leech> = active()
            .filter(|i| i.leech())
            .map(|i| Leech {
                question: i.question.clone(),
                concept: i.concept.clone(),
                label: i.label.clone(),
                lapses: i.lapses,
            })
            .collect();
        leeches.sort_by_key(|l| std::cmp::Reverse(l.lapses));
        let retired = schedule
            .items
            .iter()
            .filter_map(|i| {
                i.retired.as_ref().map(|note| Retired {
                    question: i.question.clone(),
                    concept: i.concept.clone(),
                    label: i.label.clone(),
                    note: note.clone(),
                })
            })
            .collect();

        Stats {
            as_of: format_date(now)[..10].to_owned(),
            since: since.map(|s| format_date(s)[..10].to_owned()),
            sessions: states.len(),
            answers,
            average: mean(sum, answers),
            topics: trends(&states, |t| t.topic.clone()),
            tiers,
            weeks,
            weakest,
            reviews,
            leeches,
            retired,
            time: TimeSpent {
                total_secs,
                last_week_secs,
                per_answer_secs: (answers > 0).then(|| total_secs / answers as u64),
            },
            not_counted: excluded,
            warnings,
            ascii: false,
        }
    }
}
