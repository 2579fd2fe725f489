//! Every report format rendered from the same session and snapshot-tested the same way.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::bank::Bank;
use crate::session::Session;
use crate::session::clock::FakeClock;
use crate::session::journal::Memory;
use crate::session::record::{Banks, Plan, TierMode};

fn report() -> Report {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interview");
    let bank = Bank::from_folder(&dir).unwrap();
    let clock = Arc::new(FakeClock::new(Duration::ZERO));
    let plan = Plan {
        tier: TierMode::Adaptive,
        topics: vec!["caching".into(), "api".into()],
        count: 3,
        seed: 4,
        timed: true,
        session_limit_secs: None,
    };
    let mut session = Session::start(
        &bank,
        "20250106-090000".into(),
        plan,
        Banks::default(),
        clock.clone(),
        Box::new(Memory::default()),
        "memory".into(),
    )
    .unwrap();
    let mut answers = [
        "Set a TTL so entries expire | and delete the key on write.",
        "Under load, a thundering herd.",
        "Codes in 4xx are a client error.",
    ]
    .into_iter();
    let mut follow_ups = ["A stampede when it expires.", "No idea."].into_iter();
    let mut step = 0;
    loop {
        step += 1;
        clock.advance(Duration::from_secs(40 * step));
        match session.advance().unwrap() {
            crate::session::Next::Question(_) if step == 3 => {
                session.hint().unwrap();
                session.skip().unwrap();
            }
            crate::session::Next::Question(_) => {
                if step == 4 {
                    clock.advance(Duration::from_secs(310));
                }
                session.answer(answers.next().unwrap()).unwrap();
            }
            crate::session::Next::FollowUp { .. } => {
                session.answer(follow_ups.next().unwrap_or("pass")).unwrap();
            }
            crate::session::Next::Done(_) => break,
        }
    }
    Report::new(session.state())
}

#[test]
fn terminal() {
    let bytes = Terminal { answers: true }.render(&report());
    let text = anstream::adapter::strip_str(std::str::from_utf8(&bytes).unwrap()).to_string();
    insta::assert_snapshot!(text);
}

#[test]
fn markdown() {
    let bytes = Markdown.render(&report());
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn json() {
    let bytes = Json.render(&report());
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

#[test]
fn file_formats_follow_the_extension() {
    assert_eq!(
        FileFormat::for_path(Path::new("a/b.MD")),
        Some(FileFormat::Markdown)
    );
    assert_eq!(
        FileFormat::for_path(Path::new("out.json")),
        Some(FileFormat::Json)
    );
    assert_eq!(FileFormat::for_path(Path::new("out.txt")), None);
}
