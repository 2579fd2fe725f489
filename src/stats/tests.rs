//! Scheduling over simulated days: the clock is the observations' own times and the `now`
//! passed to `due`, so weeks pass in a test.

use super::schedule::{Grade, Links, Schedule};
use super::*;
use crate::score::{ScoreCard, Status};

const DAY: u64 = 86_400;
/// 2025-01-06 09:00 UTC.
const START: u64 = 1_736_154_000;

fn seen(day: u64, concept: &str, status: Status, grade: Option<Grade>) -> Observation {
    Observation {
        session: format!("s{day}"),
        at: START + day * DAY,
        question: "cache-what".into(),
        topic: "caching".into(),
        tier: Tier::Easy,
        concept: concept.into(),
        label: format!("label of {concept}"),
        status,
        recovered: false,
        grade,
    }
}

fn miss(day: u64) -> Observation {
    seen(day, "stale", Status::Missed, Some(Grade::Again))
}

fn good(day: u64) -> Observation {
    seen(day, "stale", Status::Hit, Some(Grade::Good))
}

fn at(day: u64) -> u64 {
    START + day * DAY
}

fn schedule(observations: &[Observation]) -> Schedule {
    Schedule::build(observations, &Links::new())
}

#[test]
fn status_maps_to_a_review_grade() {
    use Grade::*;
    let cases = [
        (Status::Hit, false, 70, Good),
        (Status::Hit, false, 95, Easy),
        (Status::Partial, false, 70, Hard),
        (Status::Named, false, 70, Again),
        (Status::Named, true, 70, Hard),
        (Status::Missed, true, 40, Hard),
        (Status::Missed, false, 40, Again),
        (Status::WrongDefinition, false, 40, Again),
        (Status::Negated, false, 40, Again),
    ];
    for (status, recovered, score, grade) in cases {
        assert_eq!(
            Grade::from_status(status, recovered, score),
            grade,
            "{status:?} recovered={recovered} score={score}"
        );
    }
}

#[test]
fn only_gaps_become_items() {
    let s = schedule(&[
        seen(0, "speed", Status::Hit, Some(Grade::Good)),
        seen(0, "stale", Status::Missed, Some(Grade::Again)),
        seen(0, "evict", Status::Named, Some(Grade::Again)),
        seen(0, "ttl", Status::Missed, Some(Grade::Hard)),
    ]);
    let keys: Vec<String> = s.items.iter().map(|i| i.key()).collect();
    assert_eq!(
        keys,
        ["cache-what/evict", "cache-what/stale", "cache-what/ttl"]
    );
}

#[test]
fn a_missed_concept_is_due_the_next_day_not_today() {
    let s = schedule(&[miss(0)]);
    assert!(s.due(at(0)).is_empty(), "not due the day it was missed");
    let due = s.due(at(1));
    assert_eq!(due.len(), 1, "offered the next day");
    assert_eq!(due[0].concept, "stale");
}

#[test]
fn a_good_answer_pushes_it_out_and_a_bad_one_brings_it_back() {
    let after_good = schedule(&[miss(0), good(1)]);
    let item = after_good.get("cache-what", "stale").expect("item");
    assert!(
        after_good.due(at(2)).is_empty(),
        "a good review pushes it past tomorrow"
    );
    let first_gap = item.due - at(1);
    assert!(
        first_gap >= 2 * DAY,
        "interval after a good review: {first_gap}"
    );

    // Reviewed well again when due: the interval grows.
    let twice = schedule(&[miss(0), good(1), good(1 + first_gap / DAY)]);
    let item2 = twice.get("cache-what", "stale").expect("item");
    let second_gap = item2.due - item2.last_review;
    assert!(second_gap > first_gap, "{second_gap} > {first_gap}");

    // Missed when due: back the next day, and it is a lapse.
    let day = 1 + first_gap / DAY;
    let lapsed = schedule(&[miss(0), good(1), miss(day)]);
    let item3 = lapsed.get("cache-what", "stale").expect("item");
    assert_eq!(item3.lapses, 1);
    assert_eq!(lapsed.due(at(day + 1)).len(), 1, "a miss brings it back");
    assert!(lapsed.due(at(day)).is_empty());
}

#[test]
fn a_fallback_is_not_a_lapse() {
    // The same miss, but the grader fell back to the rubric: no grade, no change.
    let plain = schedule(&[miss(0), good(1)]);
    let with_failure = schedule(&[miss(0), good(1), seen(3, "stale", Status::Missed, None)]);
    let a = plain.get("cache-what", "stale").unwrap();
    let b = with_failure.get("cache-what", "stale").unwrap();
    assert_eq!((a.due, a.lapses, a.reviews), (b.due, b.lapses, b.reviews));
    // And a failure alone never makes an item.
    assert!(
        schedule(&[seen(0, "stale", Status::Missed, None)])
            .items
            .is_empty()
    );

    let mut card = ScoreCard {
        score: 0,
        pass: false,
        pass_mark: 60,
        concepts: Vec::new(),
        misconceptions: Vec::new(),
        gaps: Vec::new(),
        flags: Vec::new(),
        fallback: None,
        judge: None,
    };
    assert_eq!(not_a_review(&card), None);
    card.fallback = Some("the endpoint timed out".into());
    assert!(not_a_review(&card).unwrap().contains("fell back"));
}

#[test]
fn a_concept_missed_again_and_again_is_a_leech() {
    let mut observations = vec![miss(0)];
    let mut day = 0;
    for _ in 0..LEECH_LAPSES {
        let s = schedule(&observations);
        let item = s.get("cache-what", "stale").unwrap();
        assert!(!item.leech());
        day = (item.due - START) / DAY;
        observations.push(miss(day));
    }
    let s = schedule(&observations);
    let item = s.get("cache-what", "stale").unwrap();
    assert_eq!(item.lapses, LEECH_LAPSES);
    assert!(
        item.leech(),
        "flagged after {LEECH_LAPSES} lapses (day {day})"
    );
}

#[test]
fn the_most_overdue_comes_first() {
    let s = schedule(&[
        seen(0, "a", Status::Missed, Some(Grade::Again)),
        seen(3, "b", Status::Missed, Some(Grade::Again)),
        seen(1, "c", Status::Partial, Some(Grade::Hard)),
    ]);
    let order: Vec<&str> = s.due(at(10)).iter().map(|i| i.concept.as_str()).collect();
    assert_eq!(order, ["a", "c", "b"]);
}

#[test]
fn the_schedule_is_the_same_whatever_order_journals_are_read_in() {
    let forward = schedule(&[miss(0), good(1), miss(5)]);
    let backward = schedule(&[miss(5), good(1), miss(0)]);
    let a = forward.get("cache-what", "stale").unwrap();
    let b = backward.get("cache-what", "stale").unwrap();
    assert_eq!((a.due, a.lapses, a.reviews), (b.due, b.lapses, b.reviews));
}

#[test]
fn links_join_concepts_of_one_topic_that_share_a_term() {
    let bank = crate::bank::Bank::load(&crate::bank::BankSpec {
        embedded: true,
        folders: Vec::new(),
    })
    .expect("embedded bank");
    let links = super::schedule::links(&bank);
    for ((question, _), linked) in &links {
        let topic = &bank.get(question).unwrap().question.topic;
        for (other, _) in linked {
            assert_ne!(other, question);
            assert_eq!(&bank.get(other).unwrap().question.topic, topic);
        }
    }
    assert!(
        links.len() > 100,
        "the embedded bank links {} concepts",
        links.len()
    );
    assert!(
        links[&("api-http-methods".to_owned(), "patch-partial".to_owned())]
            .contains(&("api-put-vs-patch".to_owned(), "patch-partial".to_owned()))
    );
}

#[test]
fn intervals_are_the_documented_ones() {
    // docs/PROGRESS.md: a new item is due 1 day after Again and 2 after Hard; a Good review the
    // next day pushes it 3 days out, a second on time 8 days.
    let days = |s: &Schedule| {
        let item = s.get("cache-what", "stale").unwrap();
        (item.due - item.last_review) / DAY
    };
    assert_eq!(days(&schedule(&[miss(0)])), 1);
    assert_eq!(
        days(&schedule(&[seen(
            0,
            "stale",
            Status::Partial,
            Some(Grade::Hard)
        )])),
        2
    );
    let once = schedule(&[miss(0), good(1)]);
    let first = days(&once);
    let twice = schedule(&[miss(0), good(1), good(1 + first)]);
    assert_eq!(first, 3);
    assert_eq!(days(&twice), 8);
}

#[test]
fn the_cache_is_used_only_while_its_inputs_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let bank = crate::bank::Bank::from_folder(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interview"),
    )
    .unwrap();
    let built = super::cache::load_or_build(dir.path(), &[], &bank, false, || schedule(&[miss(0)]));
    assert_eq!(built.items.len(), 1);
    // Same journals and bank: the cache answers, nothing is rebuilt.
    let cached = super::cache::load_or_build(dir.path(), &[], &bank, false, || {
        panic!("rebuilt although nothing changed")
    });
    assert_eq!(cached.items[0].due, built.items[0].due);
    // --rebuild ignores it.
    let rebuilt = super::cache::load_or_build(dir.path(), &[], &bank, true, Schedule::default);
    assert!(rebuilt.items.is_empty());
    // Another bank: rebuilt.
    let other = crate::bank::Bank::load(&crate::bank::BankSpec {
        embedded: true,
        folders: Vec::new(),
    })
    .unwrap();
    let fresh =
        super::cache::load_or_build(dir.path(), &[], &other, false, || schedule(&[miss(0)]));
    assert_eq!(fresh.items.len(), 1);
    // A damaged cache costs only the rebuild.
    std::fs::write(dir.path().join(super::cache::FILE), "{not json").unwrap();
    let again = super::cache::load_or_build(dir.path(), &[], &other, false, || {
        schedule(&[
            miss(0),
            seen(0, "evict", Status::Missed, Some(Grade::Again)),
        ])
    });
    assert_eq!(again.items.len(), 2);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(super::cache::FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
