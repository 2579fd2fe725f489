//! The fault suite in a terminal: `kill -9` at random moments of a session, two processes on one
//! session, terminating signals at the prompt, SIGINT that must not kill, and what the
//! line-editing history keeps.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::session::OsSession as Session;
use expectrl::{Expect, Regex};

use crate::harness::{Grill, fixture};

/// A small deterministic generator (xorshift), seeded per run and printed on failure.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn bank_args() -> Vec<String> {
    vec![
        "--no-default-bank".into(),
        "--bank".into(),
        fixture("interview").display().to_string(),
    ]
}

/// Spawns `grill ARGS` in a PTY in `dir`, with its own data dir there, the terminal in its
/// usual cooked mode with echo (as a shell leaves it).
fn spawn(dir: &Path, args: &[&str]) -> Session {
    let mut command = Command::new("sh");
    command
        .args(["-c", "stty echo icanon; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_grill"))
        .args(args)
        .args(bank_args())
        .current_dir(dir)
        .env("GRILL_HOME", dir.join(".grill-home"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("GRILL_FAKE_CLOCK");
    let mut session = Session::spawn(command).expect("spawn grill in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(10)));
    session
}

#[track_caller]
fn expect(session: &mut Session, needle: &str) {
    if let Err(error) = session.expect(needle) {
        let status = session.get_process().status();
        let rest = unread(session);
        panic!(
            "expected {needle:?}: {error} (grill: {status:?}); unread output:\n{}",
            String::from_utf8_lossy(&rest)
        );
    }
}

/// Whether the last thing read is the question whether to quit (rather than a prompt). An
/// expect consumes every match in what it read, so look at the last one.
fn asks_to_quit(read: &[u8]) -> bool {
    let text = String::from_utf8_lossy(read);
    match (
        text.rfind("End the interview now?"),
        text.rfind(". submits > "),
    ) {
        (Some(quit), Some(prompt)) => quit > prompt,
        (quit, _) => quit.is_some(),
    }
}

/// Kills grill and returns what it printed that was not read yet.
fn unread(session: &mut Session) -> Vec<u8> {
    kill(session, "-9");
    let mut rest = Vec::new();
    let _ = std::io::Read::read_to_end(session, &mut rest);
    rest
}

/// Waits for the prompt, or the end; returns whether the interview goes on.
#[track_caller]
fn prompt_or_end(session: &mut Session) -> bool {
    let found = session
        .expect(Regex(
            r"\. submits > |That's the interview|No more questions",
        ))
        .expect("a prompt or the end");
    String::from_utf8_lossy(found.get(0).unwrap_or_default()).contains("submits")
}

fn kill(session: &Session, signal: &str) {
    let pid = session.get_process().pid().to_string();
    let status = Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("run kill");
    assert!(status.success());
}

/// Every answer in every journal of the data dir (bad lines ignored).
fn journaled(home: &Path) -> Vec<String> {
    let mut answers = Vec::new();
    let Ok(entries) = std::fs::read_dir(home.join("sessions")) else {
        return answers;
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        let bytes = std::fs::read(path).unwrap();
        for line in bytes.split(|&b| b == b'\n') {
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(line)
                && let Some(answer) = value["answer"].as_str()
            {
                answers.push(answer.to_owned());
            }
        }
    }
    answers
}

fn unfinished(home: &Path) -> bool {
    let out = Command::new(env!("CARGO_BIN_EXE_grill"))
        .args(["history", "--json"])
        .env("GRILL_HOME", home)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).contains("\"finished\": false")
}

#[test]
fn kill_9_at_random_moments_loses_no_confirmed_answer() {
    const TRIALS: usize = 24;
    let seed = std::env::var("GRILL_CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join(".grill-home");
    let mut confirmed: Vec<String> = Vec::new();
    let mut never_sent: Vec<String> = Vec::new();
    let mut kinds = [0usize; 4];
    let started = Instant::now();
    for trial in 0..TRIALS {
        let resume = unfinished(&home);
        let mut p = if resume {
            spawn(dir.path(), &["resume"])
        } else {
            spawn(
                dir.path(),
                &["practice", "--tier", "mixed", "--count", "11"],
            )
        };
        if resume {
            expect(&mut p, "Resuming session");
        }
        let mut going = prompt_or_end(&mut p);
        for i in 0..rng.below(3) {
            if !going {
                break;
            }
            let answer = format!("trial {trial} answer {i}: set a TTL and delete on write");
            p.send(format!("{answer}\r.\r")).unwrap();
            p.expect(Regex(r"Score \d+/100|Recovered|Not quite"))
                .unwrap_or_else(|e| panic!("seed {seed}: no verdict for {answer:?}: {e}"));
            confirmed.push(answer);
            going = prompt_or_end(&mut p);
        }
        let kind = rng.below(4) as usize;
        kinds[kind] += 1;
        if going {
            match kind {
                // At the prompt, nothing typed.
                0 => {}
                // In the middle of an answer never submitted.
                1 => {
                    let draft = format!("trial {trial} draft never submitted");
                    p.send(&draft).unwrap();
                    expect(&mut p, "never submitted");
                    never_sent.push(draft);
                }
                // Right after submitting, before (or while) grill answers: may or may not count.
                _ => {
                    let answer = format!("trial {trial} racing answer about a TTL");
                    p.send(format!("{answer}\r.\r")).unwrap();
                    std::thread::sleep(Duration::from_micros(rng.below(20_000)));
                }
            }
        }
        kill(&p, "-9");
        let _ = p.expect(expectrl::Eof);
        drop(p);
        let saved = journaled(&home);
        let lost: Vec<&String> = confirmed.iter().filter(|a| !saved.contains(a)).collect();
        assert!(lost.is_empty(), "seed {seed}, trial {trial}: lost {lost:?}");
        for draft in &never_sent {
            assert!(
                !saved.contains(draft),
                "seed {seed}: an unsent draft was saved"
            );
        }
    }
    // Reviewing after the last kill works (the dead process's lock does not block), and every
    // confirmed answer is in the review of its session (the trials may span several sessions).
    let mut ids: Vec<String> = std::fs::read_dir(home.join("sessions"))
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            let id = path.file_stem()?.to_str()?.to_owned();
            path.extension().is_some_and(|e| e == "jsonl").then_some(id)
        })
        .collect();
    ids.sort();
    let mut review = String::new();
    for id in &ids {
        let ran = Command::new(env!("CARGO_BIN_EXE_grill"))
            .args(["review", id, "--json"])
            .env("GRILL_HOME", &home)
            .output()
            .unwrap();
        assert!(ran.status.success(), "seed {seed}: review {id} failed");
        review.push_str(&String::from_utf8_lossy(&ran.stdout));
    }
    let missing: Vec<&String> = confirmed.iter().filter(|a| !review.contains(*a)).collect();
    eprintln!(
        "kill -9: {TRIALS} trials (seed {seed}; at the prompt {}, mid-draft {}, racing a submit {}), {} confirmed answers, {} lost, {:?}",
        kinds[0],
        kinds[1],
        kinds[2] + kinds[3],
        confirmed.len(),
        missing.len(),
        started.elapsed()
    );
    assert!(
        missing.is_empty(),
        "seed {seed}: not in any review: {missing:?}"
    );
}

#[test]
fn a_second_process_on_an_open_session_is_refused_and_the_first_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join(".grill-home");
    let mut first = spawn(dir.path(), &["practice", "--tier", "mixed", "--count", "2"]);
    expect(&mut first, ". submits > ");
    first.send("the first answer: a TTL\r.\r").unwrap();
    expect(&mut first, "Score ");
    assert!(prompt_or_end(&mut first));
    let pid = first.get_process().pid().to_string();
    for args in [&["resume"][..], &["resume", "--no-history"][..]] {
        let second = Command::new(env!("CARGO_BIN_EXE_grill"))
            .args(args)
            .env("GRILL_HOME", &home)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&second.stderr);
        assert_eq!(second.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("is open in another grill process (pid {pid})")),
            "{stderr}"
        );
    }
    // The first goes on, undisturbed, to the end.
    let mut answered = vec!["the first answer: a TTL".to_owned()];
    let mut n = 2;
    while prompt_or_end_after(
        &mut first,
        &format!("answer {n}: delete on write"),
        &mut answered,
    ) {
        n += 1;
    }
    let _ = first.expect(expectrl::Eof);
    let saved = journaled(&home);
    assert_eq!(saved, answered);
    let ran = Grill::in_dir(dir, &["history"]).run().success();
    assert!(ran.stdout().contains("finished"), "{}", ran.stdout());
}

/// Sends an answer, waits for its verdict, and returns whether another prompt follows.
fn prompt_or_end_after(p: &mut Session, answer: &str, answered: &mut Vec<String>) -> bool {
    p.send(format!("{answer}\r.\r")).unwrap();
    p.expect(Regex(r"Score \d+/100|Recovered|Not quite"))
        .unwrap();
    answered.push(answer.to_owned());
    prompt_or_end(p)
}

/// The PTY's local modes: (echo, canonical).
fn modes(p: &Session) -> (bool, bool) {
    let master = p.get_process().get_raw_handle().expect("the pty");
    let termios = rustix::termios::tcgetattr(&master).expect("termios");
    let local = termios.local_modes;
    (
        local.contains(rustix::termios::LocalModes::ECHO),
        local.contains(rustix::termios::LocalModes::ICANON),
    )
}

#[test]
fn terminating_signals_at_the_prompt_restore_the_terminal_and_the_session_resumes() {
    for (signal, status) in [("-TERM", 143), ("-HUP", 129), ("-QUIT", 131)] {
        let dir = tempfile::tempdir().unwrap();
        let mut p = spawn(dir.path(), &["practice", "--tier", "mixed", "--count", "2"]);
        expect(&mut p, ". submits > ");
        p.send("before the signal: a TTL\r.\r").unwrap();
        expect(&mut p, "Score ");
        assert!(prompt_or_end(&mut p));
        p.send("a draft").unwrap();
        expect(&mut p, "a draft");
        assert_eq!(modes(&p), (false, false), "rustyline reads in raw mode");
        kill(&p, signal);
        let rest = p.expect(expectrl::Eof).expect("grill exits");
        let rest = String::from_utf8_lossy(rest.as_bytes()).into_owned();
        assert!(
            rest.contains("\u{1b}[?2004l"),
            "bracketed paste off: {rest:?}"
        );
        assert!(
            rest.contains("is saved; `grill resume` continues it"),
            "{rest:?}"
        );
        assert_eq!(
            modes(&p),
            (true, true),
            "{signal}: echo and canonical mode are back"
        );
        let code = match p.get_process().wait().unwrap() {
            expectrl::process::unix::WaitStatus::Exited(_, code) => code,
            other => panic!("{signal}: {other:?}"),
        };
        assert_eq!(code, status, "{signal}");
        drop(p);
        Grill::in_dir(dir, &["resume"])
            .args(&bank_args().iter().map(String::as_str).collect::<Vec<_>>())
            .stdin("/quit\n")
            .run()
            .success()
            .stdout_has("Resuming session ")
            .stdout_has(": 0 of 2 questions done.")
            .then(&["review"])
            .run()
            .success()
            .stdout_has("│ before the signal: a TTL");
    }
}

#[test]
fn sigint_never_kills_and_history_keeps_commands_not_answers() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join(".grill-home");
    let mut p = spawn(dir.path(), &["practice", "--tier", "mixed", "--count", "6"]);
    expect(&mut p, ". submits > ");
    // SIGINT from outside while the editor reads: asks to quit, like Ctrl-C, and goes on.
    kill(&p, "-INT");
    expect(
        &mut p,
        "End the interview now? Every answer so far is saved",
    );
    p.send("n\r").unwrap();
    expect(&mut p, ". submits > ");
    p.send("/hint\r").unwrap();
    assert!(prompt_or_end(&mut p));
    // SIGINT right after submitting, while grill scores and prints (or, landing earlier or
    // later, while the editor reads, where it asks to quit like Ctrl-C): never an exit.
    for (i, delay) in [0, 300, 1_000, 3_000, 10_000].into_iter().enumerate() {
        p.send(format!("a secret answer {i} about TTLs\r.\r"))
            .unwrap();
        std::thread::sleep(Duration::from_micros(delay));
        kill(&p, "-INT");
        loop {
            let next = p
                .expect(Regex(r"\. submits > |End the interview now\?"))
                .unwrap_or_else(|e| panic!("SIGINT {i} ended grill: {e}"));
            if asks_to_quit(next.as_bytes()) {
                p.send("n\r").unwrap();
            } else {
                break;
            }
        }
    }
    // A SIGINT that landed at the last prompt asks to quit: `/time` answers no to that.
    loop {
        p.send("/time\r").unwrap();
        let next = match p.expect(Regex(r"Session: \d|End the interview now\?")) {
            Ok(next) => next,
            Err(error) => panic!("{error}: {}", String::from_utf8_lossy(&unread(&mut p))),
        };
        if !asks_to_quit(next.as_bytes()) {
            break;
        }
        expect(&mut p, ". submits > ");
    }
    expect(&mut p, ". submits > ");
    p.send("/quit\r").unwrap();
    expect(&mut p, "Interview ended.");
    let _ = p.expect(expectrl::Eof);
    drop(p);
    let history = std::fs::read_to_string(home.join("history.txt")).expect("a history file");
    assert!(history.contains("/hint"), "{history}");
    assert!(!history.contains("secret"), "{history}");

    // --no-history keeps nothing at all.
    std::fs::remove_file(home.join("history.txt")).unwrap();
    let mut p = spawn(dir.path(), &["practice", "--count", "1", "--no-history"]);
    expect(&mut p, ". submits > ");
    p.send("/hint\r").unwrap();
    assert!(prompt_or_end(&mut p));
    p.send("/quit\r").unwrap();
    expect(&mut p, "Interview ended.");
    let _ = p.expect(expectrl::Eof);
    assert!(!home.join("history.txt").exists());
}
