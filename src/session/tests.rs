//! The session core without a terminal: selection, adaptive moves, follow-ups, timing, the
//! journal and resuming from it.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use super::clock::FakeClock;
use super::journal::{self, Memory, Sink};
use super::record::{Banks, EndReason, Plan, Record, TierMode};
use super::timing::WarningKind;
use super::*;
use crate::bank::{Bank, Tier};
use crate::grader::RubricGrader;

fn bank() -> Bank {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interview");
    Bank::from_folder(&dir).expect("test bank loads")
}

fn plan(tier: TierMode, count: usize, seed: u64) -> Plan {
    Plan::select(
        tier,
        vec!["caching".into(), "databases".into(), "api".into()],
        count,
        seed,
    )
}

/// The one grader every test session shares.
static GRADER: std::sync::LazyLock<RubricGrader> = std::sync::LazyLock::new(RubricGrader::new);

/// What is being asked now, opening the interview first if nothing is.
fn next(session: &mut Session<'_>) -> Event {
    match session.current() {
        Some(event) => event,
        None => session.begin().expect("begin").pop().expect("an event"),
    }
}

/// The full verdict among the events of a submission.
fn feedback(events: Vec<Event>) -> Feedback {
    events
        .into_iter()
        .find_map(|event| match event {
            Event::Graded(Verdict::Full(feedback)) => Some(*feedback),
            _ => None,
        })
        .expect("a full verdict")
}

/// The follow-up verdict among the events of a submission.
fn recovery(events: Vec<Event>) -> Recovery {
    events
        .into_iter()
        .find_map(|event| match event {
            Event::Recovered(recovery) => Some(recovery),
            _ => None,
        })
        .expect("a recovery")
}

/// An answer that earns every concept of the question.
fn perfect(id: &str) -> &'static str {
    match id {
        "cache-what" => {
            "Reads are faster from memory, data can be stale, and full caches evict by LRU."
        }
        "cache-invalidate" => {
            "Set a TTL so entries expire, delete the key on every write, and prevent a stampede."
        }
        "cache-stampede" => {
            "A thundering herd overloads the database; coalesce requests with a lock and add jitter."
        }
        "db-index" => {
            "It avoids a full scan with a b-tree, but means slower writes and extra storage."
        }
        "db-isolation" => {
            "Weak levels allow a dirty read or a phantom; serializable prevents them all."
        }
        "db-sharding" => {
            "Choose a shard key that spreads rows evenly and use consistent hashing to rebalance."
        }
        "api-status" => {
            "The 2xx codes mean success, 4xx is a client error, 5xx a server error you may retry."
        }
        "api-idempotent" => {
            "Clients retry after a timeout; the server returns the same response so the card is charged once."
        }
        "api-versioning" => {
            "Only make additive, backward compatible changes and deprecate old versions with a sunset date."
        }
        other => panic!("no perfect answer for {other}"),
    }
}

struct Fixture {
    clock: Arc<FakeClock>,
    records: Memory,
}

fn start(bank: &Bank, plan: Plan) -> (Session<'_>, Fixture) {
    let clock = Arc::new(FakeClock::new(Duration::ZERO));
    let records = Memory::default();
    let session = Session::builder(bank, &*GRADER)
        .clock(clock.clone())
        .journal(Box::new(records.clone()), "memory")
        .start("test".into(), plan, Banks::default())
        .expect("session starts");
    (session, Fixture { clock, records })
}

fn asked(next: Event) -> Ask {
    match next {
        Event::Asked(ask) => ask,
        other => panic!("expected a question, got {other:?}"),
    }
}

/// Runs a whole session, answering every question with `answer(id)` and skipping follow-ups;
/// returns the ids asked.
fn run(session: &mut Session<'_>, answer: impl Fn(&str) -> Option<&'static str>) -> Vec<String> {
    let mut ids = Vec::new();
    loop {
        match next(session) {
            Event::Asked(ask) => {
                ids.push(ask.id.clone());
                match answer(&ask.id) {
                    Some(text) => {
                        session.submit(text).expect("answer");
                    }
                    None => {
                        session.skip().expect("skip");
                    }
                }
            }
            Event::FollowUp { .. } => {
                session.skip().expect("skip follow-up");
            }
            Event::Ended(_) => return ids,
            other => panic!("not a question, a follow-up or the end: {other:?}"),
        }
    }
}

#[test]
fn the_same_seed_asks_the_same_questions() {
    let bank = bank();
    let ids = |seed| {
        let (mut session, _) = start(&bank, plan(TierMode::Mixed, 6, seed));
        run(&mut session, |_| None)
    };
    assert_eq!(ids(42), ids(42));
    assert!(
        (1..20).any(|seed| ids(seed) != ids(42)),
        "seeds never differ"
    );
}

#[test]
fn no_question_is_asked_twice_and_the_pool_runs_out() {
    let bank = bank();
    for mode in [TierMode::Adaptive, TierMode::Mixed] {
        let (mut session, _) = start(&bank, plan(mode, 20, 7));
        let ids = run(&mut session, |id| Some(perfect(id)));
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(ids.len(), 9, "{mode:?}: {ids:?}");
        assert_eq!(unique.len(), 9, "{mode:?}: {ids:?}");
        // Asking for 20 when 9 match lowers the count up front, so the interview completes.
        assert_eq!(session.state().plan.count, 9, "{mode:?}");
        assert_eq!(
            session.state().finished,
            Some(EndReason::Completed),
            "{mode:?}"
        );
    }
}

#[test]
fn a_fixed_tier_asks_only_that_tier_and_count_ends_the_session() {
    let bank = bank();
    let (mut session, _) = start(&bank, plan(TierMode::Hard, 2, 3));
    let ids = run(&mut session, |_| None);
    assert_eq!(ids.len(), 2);
    assert!(session.state().turns.iter().all(|t| t.tier == Tier::Hard));
    assert_eq!(session.state().finished, Some(EndReason::Completed));
}

#[test]
fn adaptive_starts_medium_moves_up_after_strong_and_down_after_weak() {
    let bank = bank();
    let (mut session, _) = start(&bank, plan(TierMode::Adaptive, 5, 11));
    let first = asked(next(&mut session));
    assert_eq!(first.tier, Tier::Medium);
    session.submit(perfect(&first.id)).unwrap();
    let second = asked(next(&mut session));
    assert_eq!(second.tier, Tier::Hard, "strong answer moves up");
    session.submit("I am not sure at all.").unwrap();
    session.skip().unwrap(); // the follow-up
    let third = asked(next(&mut session));
    assert_eq!(third.tier, Tier::Medium, "weak answer moves down");
    session.skip().unwrap();
    let fourth = asked(next(&mut session));
    assert_eq!(fourth.tier, Tier::Easy, "a skip counts as weak");
    let topics: Vec<&str> = [&first, &second, &third]
        .iter()
        .map(|a| a.topic.as_str())
        .collect();
    let mut distinct = topics.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "uncovered topics come first: {topics:?}");
}

#[test]
fn a_follow_up_recovers_half_the_missed_concepts_weight() {
    let bank = bank();
    let mut only_cache = plan(TierMode::Easy, 1, 1);
    only_cache.topics = vec!["caching".into()];
    let (mut session, _) = start(&bank, only_cache);
    let ask = asked(next(&mut session));
    assert_eq!(ask.id, "cache-what");
    let feedback = feedback(session.submit("It makes reads faster.").unwrap());
    assert_eq!(feedback.card.score, 40);
    assert!(!feedback.card.pass);
    let credited: Vec<&str> = feedback
        .card
        .concepts
        .iter()
        .filter(|c| c.hit())
        .map(|c| c.evidence.as_ref().unwrap().text.as_str())
        .collect();
    assert_eq!(credited, ["faster"]);
    assert!(feedback.encourage, "a weak easy answer is encouraged");
    assert!(feedback.model_answer.is_some());
    let follow_up = feedback.follow_up.clone().expect("a follow-up");
    assert_eq!(
        follow_up.concept, "stale",
        "the heaviest gap is asked about"
    );
    assert!(matches!(next(&mut session), Event::FollowUp { n: 1, .. }));

    let recovery = recovery(session.submit("Users may see stale data.").unwrap());
    assert_eq!(recovery.covered.len(), 1);
    assert_eq!(recovery.covered[0].concept, "stale");
    assert_eq!(recovery.recovered, 20);
    assert_eq!(recovery.total, 60);
    assert_eq!(recovery.covered[0].evidence.as_ref().unwrap().text, "stale");
    assert_eq!(session.state().turns[0].total(), 60);
    assert!(matches!(
        next(&mut session),
        Event::Ended(EndReason::Completed)
    ));
}

#[test]
fn a_wrong_follow_up_recovers_nothing() {
    let bank = bank();
    let (mut session, _) = start(&bank, plan(TierMode::Medium, 1, 1));
    let ask = asked(next(&mut session));
    session.submit("No idea.").unwrap();
    let _ = ask;
    let recovery = recovery(session.submit("Still no idea.").unwrap());
    assert!(recovery.covered.is_empty());
    assert_eq!(recovery.recovered, 0);
}

#[test]
fn overtime_is_recorded_and_warnings_follow_the_clock() {
    let bank = bank();
    let mut timed = plan(TierMode::Easy, 2, 5);
    timed.timed = true;
    let (mut session, fixture) = start(&bank, timed);
    let ask = asked(next(&mut session));
    assert_eq!(ask.limit_secs, Some(180), "the easy tier's default");
    let kinds: Vec<WarningKind> = session.warnings().iter().map(|(_, w)| w.kind).collect();
    assert_eq!(
        kinds,
        [
            WarningKind::HalfTime,
            WarningKind::OneMinute,
            WarningKind::TimeUp
        ]
    );
    fixture.clock.advance(Duration::from_secs(130));
    let (due, warning) = session.warnings()[0];
    assert_eq!(warning.kind, WarningKind::TimeUp);
    assert_eq!(due, Duration::from_secs(50));
    fixture.clock.advance(Duration::from_secs(70));
    assert_eq!(
        session.time().question.unwrap().over(),
        Some(Duration::from_secs(20))
    );
    let feedback = feedback(session.submit(perfect(&ask.id)).unwrap());
    assert_eq!(feedback.overtime, Some(20_000));
    assert_eq!(feedback.elapsed, 200_000);
}

#[test]
fn a_session_limit_ends_the_interview_after_the_current_answer() {
    let bank = bank();
    let mut timed = plan(TierMode::Mixed, 5, 5);
    timed.timed = true;
    timed.session_limit_secs = Some(60);
    let (mut session, fixture) = start(&bank, timed);
    let ask = asked(next(&mut session));
    fixture.clock.advance(Duration::from_secs(61));
    assert_eq!(session.time().session_left, Some(Duration::ZERO));
    session.submit(perfect(&ask.id)).unwrap();
    assert!(matches!(
        next(&mut session),
        Event::Ended(EndReason::SessionTime)
    ));
}

#[test]
fn hints_are_recorded_until_there_are_no_more() {
    let bank = bank();
    let mut only_cache = plan(TierMode::Easy, 1, 1);
    only_cache.topics = vec!["caching".into()];
    let (mut session, _) = start(&bank, only_cache);
    next(&mut session);
    assert!(matches!(
        session.hint().unwrap(),
        HintReply::Hint {
            index: 0,
            of: 2,
            ..
        }
    ));
    assert!(matches!(
        session.hint().unwrap(),
        HintReply::Hint { index: 1, .. }
    ));
    assert_eq!(session.hint().unwrap(), HintReply::NoMore { of: 2 });
    assert_eq!(session.state().turns[0].hints, 2);
}

#[test]
fn the_journal_replays_to_the_same_state_and_resume_continues() {
    let bank = bank();
    let mut caching = plan(TierMode::Adaptive, 3, 9);
    caching.topics = vec!["caching".into()];
    let (mut session, fixture) = start(&bank, caching);
    let first = asked(next(&mut session));
    assert_eq!(first.id, "cache-invalidate");
    session.hint().unwrap();
    fixture.clock.advance(Duration::from_secs(30));
    session.submit("Something vague about it.").unwrap();
    session.submit("More vague words.").unwrap();
    let second = asked(next(&mut session));
    fixture.clock.advance(Duration::from_secs(12));

    let records = fixture.records.0.lock().unwrap().clone();
    let jsonl: String = records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect();
    let parsed: Vec<Record> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed, records);
    assert_eq!(&State::replay(&parsed).unwrap(), session.state());

    let clock = Arc::new(FakeClock::new(Duration::ZERO));
    let sink = Memory::default();
    let mut resumed = Session::builder(&bank, &*GRADER)
        .clock(clock.clone())
        .journal(Box::new(sink.clone()), "memory")
        .resume(&parsed)
        .unwrap();
    assert_eq!(resumed.current(), Some(Event::Asked(second.clone())));
    assert_eq!(resumed.state().turns[0].question, first.id);
    assert_eq!(
        resumed.state().turns[0].answer.as_ref().unwrap().text,
        "Something vague about it."
    );
    assert_eq!(resumed.state().turns[0].hints, 1);
    clock.advance(Duration::from_secs(5));
    let feedback = feedback(resumed.submit(perfect(&second.id)).unwrap());
    assert_eq!(feedback.elapsed, 5_000, "the clock restarts on resume");
    let ids = run(&mut resumed, |id| Some(perfect(id)));
    assert_eq!(ids.len(), 1);
    assert_eq!(resumed.state().turns.len(), 3);
    let Record::Resumed {
        at: 30_000,
        wall: Some(wall),
    } = sink.0.lock().unwrap()[0]
    else {
        panic!("the resume is journaled with the day it happened");
    };
    // Answers after the resume are dated from it, not from the session's start.
    assert_eq!(resumed.state().wall_time(35_000), wall + 5);
    assert_eq!(
        resumed.state().wall_time(10_000),
        resumed.state().started + 10
    );
}

#[test]
fn resuming_a_finished_session_is_refused() {
    let bank = bank();
    let (mut session, fixture) = start(&bank, plan(TierMode::Easy, 1, 1));
    run(&mut session, |_| None);
    let records = fixture.records.0.lock().unwrap().clone();
    let clock = Arc::new(FakeClock::new(Duration::ZERO));
    let refused = Session::builder(&bank, &*GRADER)
        .clock(clock)
        .resume(&records);
    assert!(matches!(refused, Err(SessionError::Finished(_))));
}

#[test]
fn a_quit_session_counts_its_answers_and_reopens() {
    let bank = bank();
    let only_cache = Plan::select(TierMode::Easy, vec!["caching".into()], 2, 1);
    let (mut session, fixture) = start(&bank, only_cache);
    assert_eq!(asked(next(&mut session)).id, "cache-what");
    session.submit("It makes reads faster.").unwrap();
    assert!(matches!(next(&mut session), Event::FollowUp { .. }));
    // Quit while the follow-up waits: the answer still counts.
    session.quit().unwrap();
    let state = session.state();
    assert_eq!(state.counted_turns().count(), 1);
    assert_eq!(state.average(), Some(40.0));
    assert_eq!(state.finished, Some(EndReason::Quit));

    let records = fixture.records.0.lock().unwrap().clone();
    let clock = Arc::new(FakeClock::new(Duration::ZERO));
    let mut reopened = Session::builder(&bank, &*GRADER)
        .clock(clock)
        .resume(&records)
        .expect("a quit session reopens");
    assert_eq!(reopened.state().finished, None);
    assert!(matches!(next(&mut reopened), Event::FollowUp { n: 1, .. }));
}

#[test]
fn a_follow_up_recovers_every_missing_concept_it_covers() {
    let bank = bank();
    let only_cache = Plan::select(TierMode::Easy, vec!["caching".into()], 1, 1);
    let (mut session, _) = start(&bank, only_cache);
    assert_eq!(asked(next(&mut session)).id, "cache-what");
    session.submit("It makes reads faster.").unwrap();
    let recovery = recovery(
        session
            .submit("Users may see stale data, and a full cache evicts by LRU.")
            .unwrap(),
    );
    let covered: Vec<&str> = recovery
        .covered
        .iter()
        .map(|c| c.concept.as_str())
        .collect();
    assert_eq!(covered, ["stale", "evict"], "the one asked about first");
    assert_eq!(recovery.recovered, 20 + 10);
    assert_eq!(session.state().turns[0].total(), 70);
}

struct Broken;

impl Sink for Broken {
    fn write(&mut self, _record: &Record) -> io::Result<()> {
        Err(io::Error::other("No space left on device"))
    }
}

#[test]
fn an_unwritable_journal_warns_once_and_the_interview_goes_on() {
    let bank = bank();
    let clock = Arc::new(FakeClock::new(Duration::ZERO));
    let mut session = Session::builder(&bank, &*GRADER)
        .clock(clock)
        .journal(Box::new(Broken), "/full/disk.jsonl")
        .start("x".into(), plan(TierMode::Easy, 2, 1), Banks::default())
        .unwrap();
    let notices = |events: &[Event]| {
        events
            .iter()
            .filter_map(|event| match event {
                Event::Notice(text) => Some(text.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let opening = session.begin().unwrap();
    let warned = notices(&opening);
    assert_eq!(warned.len(), 1);
    assert!(warned[0].contains("No space left on device"), "{warned:?}");
    let mut later = Vec::new();
    loop {
        let events = match session.current() {
            Some(Event::Asked(ask)) => session.submit(perfect(&ask.id)).unwrap(),
            Some(Event::FollowUp { .. }) => session.skip().unwrap(),
            _ => break,
        };
        later.extend(notices(&events));
    }
    assert_eq!(session.state().turns.len(), 2);
    assert!(later.is_empty(), "{later:?}");
    assert!(!session.saved());
}

#[test]
fn journal_files_survive_a_torn_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::Store::new(dir.path());
    let created = store.create(clock::FAKE_EPOCH).unwrap();
    assert_eq!(created.id, "20250106-090000");
    let mut journal = created.journal;
    let second = store.create(clock::FAKE_EPOCH).unwrap();
    assert_eq!(second.id, "20250106-090000-2");
    drop(second);
    let bank = bank();
    let (mut session, fixture) = start(&bank, plan(TierMode::Easy, 2, 1));
    next(&mut session);
    session.submit("Reads are faster.").unwrap();
    let records = fixture.records.0.lock().unwrap().clone();
    for record in &records {
        journal.write(record).unwrap();
    }
    let path = journal.path().to_path_buf();
    drop(journal);
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .and_then(|mut f| io::Write::write_all(&mut f, b"{\"kind\":\"hi"))
        .unwrap();
    let read = journal::read(&path).unwrap();
    let plain: Vec<Record> = read.records.into_iter().map(|(_, r)| r).collect();
    assert_eq!(plain, records);
    assert_eq!(read.problems.len(), 1, "the torn line is reported");
    let listing = store.list();
    assert!(
        listing.warnings.iter().any(|w| w.contains("-2.jsonl")),
        "{:?}",
        listing.warnings
    );
    assert_eq!(listing.sessions.len(), 1);
    let summary = &listing.sessions[0];
    assert_eq!(summary.state.turns.len(), 1);
    let mut opened = store.open(summary).unwrap();
    assert!(opened.repaired);
    assert_eq!(opened.records, records);
    opened
        .journal
        .write(&Record::Resumed { at: 1, wall: None })
        .unwrap();
    let again = journal::read(&path).unwrap();
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!(again.records.len(), records.len() + 1);
    assert!(matches!(
        store.open(summary),
        Err(SessionError::Locked { pid: Some(_), .. })
    ));
}

/// The ids of the questions asked, in order, and the number of each kind of event, for a whole
/// interview driven through the session's API alone: no terminal, no REPL.
#[test]
fn a_whole_interview_runs_through_the_session_api() {
    let bank = bank();
    let fixed = vec![
        "db-index".to_owned(),
        "cache-what".into(),
        "api-status".into(),
    ];
    let (mut session, fixture) = start(&bank, Plan::fixed(fixed.clone()));
    let mut events = session.begin().unwrap();
    let mut asked = Vec::new();
    let mut graded = 0;
    let mut follow_ups = 0;
    loop {
        let mut next = Vec::new();
        for event in events {
            match event {
                Event::Asked(ask) => {
                    asked.push(ask.id.clone());
                    let text = if ask.id == "cache-what" {
                        "Reads are faster."
                    } else {
                        perfect(&ask.id)
                    };
                    next = session.submit(text).unwrap();
                }
                Event::Graded(Verdict::Full(feedback)) => {
                    graded += 1;
                    assert_eq!(feedback.n, graded);
                }
                Event::FollowUp { ask, .. } => {
                    follow_ups += 1;
                    assert!(ask.question.ends_with('?'), "{ask:?}");
                    next = session.submit("Users may see stale data.").unwrap();
                }
                Event::Recovered(recovery) => assert!(recovery.recovered > 0, "{recovery:?}"),
                Event::Ended(reason) => {
                    assert_eq!(reason, EndReason::Completed);
                    assert_eq!(asked, fixed, "a fixed plan asks its list in order");
                    assert_eq!((graded, follow_ups), (3, 1));
                    let records = fixture.records.0.lock().unwrap().clone();
                    assert_eq!(&State::replay(&records).unwrap(), session.state());
                    let turns = &session.state().turns;
                    assert!(turns[1].recovered() > 0 && turns[1].total() < 100);
                    let mean = turns.iter().map(|t| f64::from(t.total())).sum::<f64>() / 3.0;
                    assert_eq!(session.state().average(), Some(mean));
                    return;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!(!next.is_empty(), "the interview stalled after {asked:?}");
        events = next;
    }
}

#[test]
fn a_fixed_plan_naming_an_unknown_question_does_not_start() {
    let bank = bank();
    let refused = Session::builder(&bank, &*GRADER)
        .start(
            "x".into(),
            Plan::fixed(vec!["db-index".into(), "no-such-question".into()]),
            Banks::default(),
        )
        .err();
    assert!(
        matches!(&refused, Some(SessionError::UnknownQuestion(id)) if id == "no-such-question"),
        "{refused:?}"
    );
}

#[test]
fn the_feedback_policy_decides_what_a_reply_reveals() {
    let bank = bank();
    for (policy, reveals) in [
        (record::FeedbackPolicy::Score, "score"),
        (record::FeedbackPolicy::Nothing, "nothing"),
    ] {
        let plan = Plan {
            feedback: policy,
            ..Plan::fixed(vec!["cache-what".into(), "db-index".into()])
        };
        let (mut session, fixture) = start(&bank, plan);
        session.begin().unwrap();
        let events = session.submit("Reads are faster.").unwrap();
        match (&events[0], reveals) {
            (
                Event::Graded(Verdict::Score {
                    n: 1,
                    score,
                    pass: false,
                }),
                "score",
            ) => {
                assert!(*score > 0 && *score < 60, "{score}");
            }
            (Event::Graded(Verdict::Recorded { n: 1 }), "nothing") => {}
            (other, _) => panic!("{policy:?} revealed {other:?}"),
        }
        assert!(
            matches!(&events[1], Event::Asked(ask) if ask.id == "db-index"),
            "no follow-up is asked under {policy:?}: {events:?}"
        );
        assert_eq!(
            session.model_answer(),
            None,
            "{policy:?} shows no model answer"
        );
        let records = fixture.records.0.lock().unwrap().clone();
        let card = records.iter().find_map(|r| match r {
            Record::Answered { card, .. } => Some(card.clone()),
            _ => None,
        });
        assert!(
            card.is_some_and(|card| !card.gaps.is_empty()),
            "the whole card is still journaled for the recruiter"
        );
    }
}
