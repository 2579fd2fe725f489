//! What only a terminal shows, through a pseudo-terminal: warnings printed while typing, Tab
//! completion, Ctrl-C and Ctrl-D, and `kill -9` followed by `grill resume`.

use std::time::Duration;

use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Expect};

use crate::harness::{Grill, fixture};

/// `grill practice ARGS` on the interview test bank, in a PTY without colour.
fn spawn(extra: &[&str]) -> (Grill, Session) {
    let bank = fixture("interview").display().to_string();
    let grill = Grill::new(&["practice", "--no-default-bank", "--bank", &bank])
        .args(extra)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = Session::spawn(grill.command()).expect("spawn grill in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(10)));
    (grill, session)
}

#[track_caller]
fn expect(session: &mut Session, needle: &str) {
    if let Err(error) = session.expect(needle) {
        let status = session.get_process().status();
        let rest = session
            .expect(expectrl::Eof)
            .map(|c| String::from_utf8_lossy(c.as_bytes()).into_owned())
            .unwrap_or_default();
        panic!("expected {needle:?}: {error} (grill: {status:?}); unread output:\n{rest}");
    }
}

#[test]
fn a_timed_session_warns_while_the_candidate_types() {
    let (_grill, mut p) = spawn(&["--topic", "quick", "--count", "2", "--timed", "--seed", "1"]);
    expect(&mut p, "Question 1/2");
    // The prompt shows when the time is up as a time of day, which cannot go stale.
    expect(&mut p, " until ");
    expect(&mut p, "] . submits > ");
    p.send("kafka or").unwrap();
    // Typed but not submitted: the half-time warning appears above the line being typed.
    expect(&mut p, "Half time on question 1");
    p.send(" redis\r.\r").unwrap();
    expect(&mut p, "Score 100/100 pass");
    expect(&mut p, "Question 2/2");
    expect(&mut p, "Time is up on question 2");
    // The warning comes at the limit to the millisecond, and an answer sent within that same
    // millisecond is on time; let the clock run past it first.
    std::thread::sleep(Duration::from_millis(200));
    p.send("kafka or redis\r.\r").unwrap();
    expect(&mut p, "Overtime:");
    expect(&mut p, "That's the interview.");
    expect(&mut p, "past its 0:0");
    p.expect(expectrl::Eof).expect("grill exits");
}

#[test]
fn tab_completes_slash_commands() {
    let (_grill, mut p) = spawn(&["--topic", "caching", "--count", "1", "--seed", "1"]);
    expect(&mut p, ". submits > ");
    p.send("/sk\t").unwrap();
    expect(&mut p, "/skip");
    p.send("\r").unwrap();
    expect(&mut p, "Skipped question 1.");
    expect(&mut p, "That's the interview.");
    p.expect(expectrl::Eof).expect("grill exits");
}

#[test]
fn ctrl_c_clears_the_line_and_twice_asks_to_quit() {
    let (_grill, mut p) = spawn(&["--topic", "caching", "--count", "2", "--seed", "1"]);
    expect(&mut p, ". submits > ");
    p.send("words to throw away").unwrap();
    expect(&mut p, "throw away");
    p.send(ControlCode::EndOfText).unwrap();
    // The line is empty again, so this is a command, not the end of an answer.
    p.send("/time\r").unwrap();
    expect(&mut p, "Question 1: 0:");
    // Ctrl-C is a key only while the line editor reads; wait for the prompt.
    expect(&mut p, ". submits > ");
    p.send(ControlCode::EndOfText).unwrap();
    expect(
        &mut p,
        "End the interview now? Every answer so far is saved and counted in the report; `grill resume 2",
    );
    p.send("n\r").unwrap();
    expect(&mut p, ". submits > ");
    p.send(ControlCode::EndOfText).unwrap();
    expect(&mut p, "End the interview now?");
    p.send("y\r").unwrap();
    expect(&mut p, "Interview ended.");
    p.expect(expectrl::Eof).expect("grill exits");
}

#[test]
fn ctrl_d_saves_and_ends() {
    let (grill, mut p) = spawn(&["--topic", "caching", "--count", "3", "--seed", "1"]);
    expect(&mut p, ". submits > ");
    p.send("/skip\r").unwrap();
    expect(&mut p, "Question 2/3");
    expect(&mut p, ". submits > ");
    p.send(ControlCode::EndOfTransmission).unwrap();
    expect(&mut p, "is saved; `grill resume` continues it.");
    p.expect(expectrl::Eof).expect("grill exits");
    drop(p);
    assert!(grill.dir().join(".grill-home/sessions").is_dir());
    let ran = Grill::in_dir(grill.into_dir(), &["history"])
        .run()
        .success();
    assert!(ran.stdout().contains("1/3"), "{}", ran.stdout());
    assert!(ran.stdout().contains("unfinished"), "{}", ran.stdout());
}

#[test]
fn kill_9_loses_only_the_answer_being_typed() {
    let (grill, mut p) = spawn(&["--topic", "caching", "--count", "2", "--seed", "1"]);
    expect(&mut p, "Question 1/2");
    expect(&mut p, ". submits > ");
    p.send("Set a TTL so entries expire,\rand prevent a stampede.\r.\r")
        .unwrap();
    expect(&mut p, "Follow-up:");
    expect(&mut p, "[1/2 follow-up] . submits > ");
    p.send("Delete the key on every write.\r.\r").unwrap();
    expect(&mut p, "Question 2/2");
    expect(&mut p, ". submits > ");
    p.send("an answer still being typed").unwrap();
    expect(&mut p, "still being typed");
    let pid = p.get_process().pid().to_string();
    let status = std::process::Command::new("kill")
        .args(["-9", &pid])
        .status()
        .expect("run kill");
    assert!(status.success());
    let _ = p.expect(expectrl::Eof);
    drop(p);

    let bank = fixture("interview").display().to_string();
    let ran = Grill::in_dir(
        grill.into_dir(),
        &["resume", "--bank", &bank, "--no-default-bank"],
    )
    .stdin("/skip\n")
    .run()
    .success()
    .stdout_has("Resuming session ")
    .stdout_has(": 1 of 2 questions done.")
    .stdout_has("Question 2/2")
    .stdout_has("That's the interview.");
    let history = std::fs::read_to_string(ran.home().join("history.txt")).unwrap_or_default();
    assert!(
        !history.contains("Set a TTL") && !history.contains("Delete the key"),
        "answers never reach the line-editing history file: {history}"
    );
    let ran = ran.then(&["review"]).run().success();
    let review = ran.stdout();
    assert!(
        review.contains("│ Set a TTL so entries expire,\n  │ and prevent a stampede."),
        "{review}"
    );
    assert!(
        review.contains("│ Delete the key on every write."),
        "{review}"
    );
    assert!(!review.contains("still being typed"), "{review}");
}

#[test]
fn ctrl_d_with_text_during_a_follow_up_stops_and_counts_the_answer() {
    let (grill, mut p) = spawn(&["--question", "cache-what", "--question", "cache-invalidate"]);
    expect(&mut p, ". submits > ");
    p.send("It makes reads faster.\r.\r").unwrap();
    expect(&mut p, "Follow-up:");
    expect(&mut p, "[1/2 follow-up] . submits > ");
    p.send("typed but not sent").unwrap();
    expect(&mut p, "not sent");
    // Ctrl-D with text at the end of the line stops, like on an empty line.
    p.send(ControlCode::EndOfTransmission).unwrap();
    expect(&mut p, "was never submitted");
    expect(&mut p, "Average 40/100");
    expect(&mut p, "is saved; `grill resume` continues it.");
    p.expect(expectrl::Eof).expect("grill exits");
    drop(p);
    let ran = Grill::in_dir(grill.into_dir(), &["history"])
        .run()
        .success();
    assert!(ran.stdout().contains("1/2"), "{}", ran.stdout());
    assert!(ran.stdout().contains("unfinished"), "{}", ran.stdout());
}

/// Runs one answered question on a terminal `cols` wide and returns everything it printed,
/// with the terminal's line ends made plain.
fn at_width(cols: u16) -> String {
    let (_grill, mut p) = spawn(&["--question", "cache-stampede"]);
    p.get_process_mut()
        .set_window_size(cols, 40)
        .expect("resize the pty");
    let mut seen = Vec::new();
    let mut upto = |p: &mut Session, needle: &str| {
        let found = p
            .expect(needle)
            .unwrap_or_else(|error| panic!("expected {needle:?}: {error}"));
        seen.extend_from_slice(found.as_bytes());
    };
    upto(&mut p, ". submits > ");
    // Asked again after the resize, so the question is drawn at the new width.
    p.send("/repeat\r").unwrap();
    upto(&mut p, "do?");
    upto(&mut p, ". submits > ");
    p.send("The database gets hammered by a thundering herd of identical misses.\r.\r")
        .unwrap();
    upto(&mut p, "Follow-up:");
    upto(&mut p, ". submits > ");
    p.send("/quit\r").unwrap();
    upto(&mut p, "continues it.");
    String::from_utf8_lossy(&seen).replace("\r\n", "\n")
}

#[test]
fn text_wraps_at_words_to_60_columns_with_hanging_indents() {
    let out = at_width(60);
    assert!(
        out.contains(
            "Many requests miss the same hot key at once. What goes wrong\nand what do you do?"
        ),
        "{out}"
    );
    // A long list item continues under its text, never mid-word; ids are not cut at hyphens.
    assert!(
        out.contains("  ✓ The backend is overloaded by duplicate misses:\n    \"thundering herd\""),
        "{out}"
    );
    assert!(!out.contains("-\n"), "{out}");
    // The report's table rows fit: no row is split.
    let row = out
        .lines()
        .find(|line| line.starts_with("1  cache-stampede"))
        .unwrap_or_else(|| panic!("a table row: {out}"));
    assert!(row.chars().count() <= 60, "{row}");
    for line in out.lines().filter(|line| !line.contains("submits >")) {
        assert!(
            line.chars().count() <= 60,
            "{line:?} is wider than 60:\n{out}"
        );
    }
}

#[test]
fn text_keeps_its_lines_at_120_columns() {
    let out = at_width(120);
    assert!(
        out.contains(
            "Many requests miss the same hot key at once. What goes wrong and what do you do?\n"
        ),
        "{out}"
    );
    let row = out
        .lines()
        .find(|line| line.starts_with("1  cache-stampede"))
        .unwrap_or_else(|| panic!("a table row: {out}"));
    assert!(row.contains("caching  hard"), "{row}");
}

/// With the LLM judge on a server that never answers in time: a spinner with the time waited,
/// Ctrl-C stops the wait, the rubric grades the answer with a notice, and the interview goes on.
#[test]
fn ctrl_c_stops_waiting_for_the_llm_and_the_rubric_grades() {
    use crate::llm_server::{Reply, Server};
    let server = Server::start(|_, _| Reply::content("{}").delay(Duration::from_secs(30)));
    let bank = fixture("interview").display().to_string();
    let grill = Grill::new(&[
        "practice",
        "--llm",
        "--no-default-bank",
        "--bank",
        &bank,
        "--question",
        "quick-one",
        "--question",
        "db-index",
    ])
    .env("NO_COLOR", "1")
    .env("TERM", "xterm")
    .env("GRILL_LLM_BASE_URL", &server.url)
    .env("GRILL_LLM_MODEL", "slow-model");
    let mut p = Session::spawn(grill.command()).expect("spawn grill in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(10)));
    expect(&mut p, ". submits > ");
    p.send("kafka or redis\r.\r").unwrap();
    expect(
        &mut p,
        "asking slow-model (Ctrl-C grades with the rubric instead)",
    );
    // What Ctrl-C sends (the PTY of this test does not turn the key into the signal itself).
    let pid = p.get_process().pid().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("run kill");
    assert!(sent.success());
    expect(&mut p, "Score 100/100 pass");
    expect(&mut p, "Rubric only:");
    expect(&mut p, "cancelled");
    expect(&mut p, "Question 2/2");
    p.send("/quit\r").unwrap();
    p.expect(expectrl::Eof).expect("grill exits");
}
