//! Every report format rendered from the same session and snapshot-tested the same way.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::bank::Bank;
use crate::grader::RubricGrader;
use crate::session::clock::FakeClock;
use crate::session::journal::Memory;
use crate::session::record::{Banks, Plan, TierMode};
use crate::session::{Event, Session};

fn report() -> Report {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interview");
    let bank = Bank::from_folder(&dir).unwrap();
    let clock = Arc::new(FakeClock::new(Duration::ZERO));
    let plan = Plan {
        timed: true,
        ..Plan::select(
            TierMode::Adaptive,
            vec!["caching".into(), "api".into()],
            3,
            4,
        )
    };
    let grader = RubricGrader::new();
    let mut session = Session::builder(&bank, &grader)
        .clock(clock.clone())
        .journal(Box::new(Memory::default()), "memory")
        .start("20250106-090000".into(), plan, Banks::default())
        .unwrap();
    session.begin().unwrap();
    let mut answers = [
        "Set a TTL so entries expire | and delete the key on write.",
        "Under load, a thundering herd.",
        "Codes in 4xx are a client error.",
    ]
    .into_iter();
    let mut follow_ups = ["A stampede when it expires.", "No idea."].into_iter();
    // Seconds spent before each step: a quick answer, a follow-up after 80 s, a skip, an answer
    // 10 s past its 300 s limit, a follow-up after 200 s.
    let spent = [0, 80, 0, 310, 200];
    let mut step = 0;
    loop {
        clock.advance(Duration::from_secs(spent.get(step).copied().unwrap_or(0)));
        step += 1;
        match session.current() {
            Some(Event::Asked(_)) if step == 3 => {
                session.hint().unwrap();
                session.skip().unwrap();
            }
            Some(Event::Asked(_)) => {
                session.submit(answers.next().unwrap()).unwrap();
            }
            Some(Event::FollowUp { .. }) => {
                session.submit(follow_ups.next().unwrap_or("pass")).unwrap();
            }
            _ => break,
        }
    }
    Report::new(session.state())
}

#[test]
fn terminal() {
    let bytes = Terminal.session(&report(), true);
    let text = anstream::adapter::strip_str(std::str::from_utf8(&bytes).unwrap()).to_string();
    insta::assert_snapshot!(text);
}

#[test]
fn markdown() {
    let bytes = Markdown.session(&report(), true);
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn json() {
    let bytes = Json.session(&report(), true);
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn html() {
    let bytes = Html.session(&report(), true);
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn html_highlights_evidence_by_byte_span_and_escapes_the_rest() {
    let mut r = report();
    let q = &mut r.questions[0];
    // Multi-byte text before the evidence, markup in the answer, and a span that would cut a
    // character in two (left out rather than guessed).
    q.answer = Some("é <b>TTL</b> & expire".into());
    q.concepts[0].span = Some((6, 9));
    q.concepts[0].status = "hit";
    q.concepts[1].span = Some((1, 2));
    q.misconceptions.clear();
    let page = String::from_utf8(Html.session(&r, true)).unwrap();
    assert!(
        page.contains("é &lt;b&gt;<mark class=\"hit\""),
        "the span at bytes 6..9 is highlighted: {page}"
    );
    assert!(page.contains(">TTL</mark>&lt;/b&gt; &amp; expire"));
    assert!(!page.contains("<b>TTL"));
    // Without answers, no answer text at all.
    let page = String::from_utf8(Html.session(&r, false)).unwrap();
    assert!(!page.contains("expire</div>") && !page.contains("<mark class=\"hit\""));
}
