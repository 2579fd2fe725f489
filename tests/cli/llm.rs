//! The LLM judge end to end: `grill grade --llm`, `grill calibrate --llm`, `grill llm check` and
//! an interview with `--llm`, against a chat-completions server on 127.0.0.1 started by each
//! test (tests/support/llm_server.rs); and a canary key searched for in every byte written.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{Grill, fixture};
use crate::llm_server::{Reply, Server, grading};

/// Worded so the keyword rubric misses most of it.
const PARAPHRASE: &str = "A transaction either lands completely or leaves no trace at all. Once the database confirms it, a sudden outage cannot erase it.";

/// `n` lines of db-acid answers for `grill grade`.
fn lines(n: usize) -> String {
    (0..n)
        .map(|i| {
            serde_json::json!({"id": format!("a/{i}"), "question": "db-acid", "answer": PARAPHRASE, "human": 3.0 + (i % 3) as f64})
                .to_string()
                + "\n"
        })
        .collect()
}

/// A server that credits atomicity with a real quote and durability with an invented one.
fn honest_and_lying() -> Server {
    Server::start(|_, seen| {
        let mut reply: Value = serde_json::from_str(&grading(seen, "not_covered", "")).unwrap();
        reply["concepts"][0] = serde_json::json!({"id": "atomicity", "verdict": "covered",
            "quote": "either lands completely or leaves no trace at all"});
        reply["concepts"][3] = serde_json::json!({"id": "durability", "verdict": "covered",
            "quote": "it is flushed to the write-ahead log"});
        Reply::content(&reply.to_string())
    })
}

fn llm(grill: Grill, server: &Server) -> Grill {
    grill
        .env("GRILL_LLM_BASE_URL", &server.url)
        .env("GRILL_LLM_MODEL", "test-model")
}

fn parse(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

#[test]
fn grade_with_the_llm_keeps_input_order_and_reports_checked_claims() {
    let server = honest_and_lying();
    let ran = llm(
        Grill::new(&["grade", "--llm", "--jobs", "3", "--input", "-"]),
        &server,
    )
    .stdin(lines(6))
    .run()
    .code_is(0);
    let graded = parse(&ran.stdout());
    let ids: Vec<&str> = graded.iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a/0", "a/1", "a/2", "a/3", "a/4", "a/5"]);
    for line in &graded {
        assert!(line.get("fallback").is_none());
        let judge = &line["judge"];
        assert_eq!(judge["model"], "test-model");
        assert_eq!(judge["verified"], 1);
        assert_eq!(judge["dropped"], 1, "the invented quote is dropped");
        assert_eq!(judge["tokens"], 100);
        // Atomicity (weight 3 of 11) credited; the durability claim earned nothing.
        assert_eq!(line["score"], 27);
        let statuses: Vec<&str> = line["concepts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["hit", "missed", "missed", "missed"]);
    }
    ran.stderr_has("6 judged, 0 fell back to the rubric")
        .stderr_has("claims 6 verified, 6 dropped; 600 tokens");
}

#[test]
fn concurrency_is_bounded_by_jobs() {
    let server = Server::start(|_, seen| {
        Reply::content(&grading(seen, "not_covered", "")).delay(Duration::from_millis(300))
    });
    llm(
        Grill::new(&["grade", "--llm", "--jobs", "3", "--input", "-"]),
        &server,
    )
    .stdin(lines(12))
    .run()
    .code_is(0);
    assert_eq!(server.hits.load(Ordering::SeqCst), 12);
    assert_eq!(server.max_in_flight.load(Ordering::SeqCst), 3);
}

#[test]
fn a_dead_endpoint_still_grades_every_answer_by_the_rubric_with_a_notice() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let rubric = Grill::new(&["grade", "--input", "-"])
        .stdin(lines(3))
        .run()
        .success();
    let ran = Grill::new(&["grade", "--llm", "--input", "-"])
        .env("GRILL_LLM_BASE_URL", &format!("http://127.0.0.1:{port}/v1"))
        .env("GRILL_LLM_MODEL", "m")
        .file(".grill-home/config.toml", "llm_retries = 0\n")
        .stdin(lines(3))
        .run()
        .code_is(0);
    let (with, without) = (parse(&ran.stdout()), parse(&rubric.stdout()));
    for (with, without) in with.iter().zip(&without) {
        assert!(
            with["fallback"]
                .as_str()
                .unwrap()
                .starts_with("cannot connect to http://127.0.0.1:"),
            "{with}"
        );
        assert_eq!(
            with["score"], without["score"],
            "the rubric's score, not a fake zero"
        );
        assert_eq!(with["concepts"], without["concepts"]);
    }
    ran.stderr_has("0 judged, 3 fell back to the rubric (for instance: cannot connect to");
}

#[test]
fn without_llm_nothing_changes_and_llm_needs_a_model() {
    let plain = Grill::new(&["grade", "--input", "-"])
        .stdin(lines(1))
        .run()
        .success();
    let line = &parse(&plain.stdout())[0];
    assert!(line.get("judge").is_none() && line.get("fallback").is_none());
    assert!(!plain.stderr().contains("LLM judge"));
    Grill::new(&["grade", "--llm", "--input", "-"])
        .stdin(lines(1))
        .run()
        .code_is(2)
        .stderr_has("--llm needs a model");
}

#[test]
fn calibrate_measures_the_llm_against_human_grades() {
    let server = honest_and_lying();
    llm(
        Grill::new(&["calibrate", "--llm", "--json", "--input", "-"]),
        &server,
    )
    .stdin(lines(4))
    .run()
    .code_is(0)
    .stdout_has("\"n\": 4")
    .stderr_has("4 judged");
}

#[test]
fn llm_check_reports_the_working_mode_and_diagnoses_failures() {
    let server = Server::start(|_, seen| match seen.format().as_deref() {
        Some("json_schema") => Reply::error(500, "Input should be 'text' or 'json_object'"),
        _ => Reply::content("{\"ok\": true}"),
    });
    llm(Grill::new(&["llm", "check"]), &server)
        .run()
        .success()
        .stdout_has("model:    test-model")
        .stdout_has("structured output: json_object (json_schema refused)")
        .stdout_has("reply:    valid JSON")
        .stdout_has("latency:");

    let refused = Server::start(|_, _| Reply::error(401, "bad key"));
    llm(Grill::new(&["llm", "check"]), &refused)
        .run()
        .code_is(1)
        .stderr_has("refused the API key (HTTP 401)");
    let missing = Server::start(|_, _| Reply::error(404, "model 'test-model' not found"));
    llm(Grill::new(&["llm", "check"]), &missing)
        .run()
        .code_is(1)
        .stderr_has("diagnosis: 404: the model is not served there");
    let slow = Server::start(|_, _| Reply::content("{}").delay(Duration::from_secs(3)));
    llm(Grill::new(&["llm", "check", "--llm-timeout", "0.3"]), &slow)
        .run()
        .code_is(1)
        .stderr_has("diagnosis: timeout");
    let none = Server::start(|_, seen| match seen.format() {
        Some(_) => Reply::error(400, "response_format is not supported"),
        None => Reply::content("{\"ok\": true}"),
    });
    llm(Grill::new(&["llm", "check"]), &none)
        .run()
        .success()
        .stdout_has("structured output: prompt");
    Grill::new(&[
        "llm",
        "check",
        "--llm-model",
        "m",
        "--llm-base-url",
        "http://127.0.0.1:9/v1",
    ])
    .run()
    .code_is(1)
    .stderr_has("diagnosis: connection refused");
}

/// An interview whose endpoint answers the first question and then dies: the second answer is
/// graded by the rubric with a notice, the session goes on and the journal says so.
#[test]
fn an_interview_falls_back_mid_session_and_loses_nothing() {
    let server = Server::start(|n, seen| {
        if n == 0 {
            Reply::content(&grading(seen, "not_covered", ""))
        } else {
            Reply::error(503, "overloaded")
        }
    });
    let bank = fixture("interview").display().to_string();
    let ran = llm(
        Grill::new(&[
            "practice", "--llm", "--no-default-bank", "--bank", &bank, "--question", "db-index",
            "--question", "api-status", "--report", "report.json",
        ]),
        &server,
    )
    .env("GRILL_FAKE_CLOCK", "10")
    .file(".grill-home/config.toml", "llm_retries = 1\n")
    .stdin("An index is a sorted structure that speeds up lookups.\n.\n/skip\nA 404 means not found.\n.\n/skip\n")
    .run()
    .success();
    let out = ran.stdout();
    let judged = out
        .find("Judged by test-model")
        .expect("the first answer judged");
    let fell_back = out
        .find("Rubric only:")
        .unwrap_or_else(|| panic!("no notice: {out}"));
    assert!(judged < fell_back, "{out}");
    assert!(out.contains("HTTP 503"), "{out}");
    let journals = files_under(&ran.home());
    let journal = journals
        .iter()
        .find(|(path, _)| path.extension().is_some_and(|e| e == "jsonl"))
        .map(|(_, text)| text.clone())
        .expect("a journal");
    assert!(
        journal.contains("\"judge\":{\"model\":\"test-model\""),
        "{journal}"
    );
    assert!(journal.contains("\"fallback\":\""), "{journal}");
    assert!(
        journal.contains("A 404 means not found."),
        "the answer is saved"
    );
}

#[test]
fn a_session_resumed_with_the_llm_is_judged_by_it_from_then_on() {
    let server = Server::start(|_, seen| Reply::content(&grading(seen, "not_covered", "")));
    let bank = fixture("interview").display().to_string();
    let started = llm(
        Grill::new(&[
            "practice",
            "--no-default-bank",
            "--bank",
            &bank,
            "--question",
            "db-index",
            "--question",
            "api-status",
        ]),
        &server,
    )
    .env("GRILL_FAKE_CLOCK", "10")
    .stdin("An index is a sorted structure that speeds up lookups.\n.\n/skip\n/quit\n")
    .run()
    .success();
    assert!(
        !started.stdout().contains("Judged by"),
        "{}",
        started.stdout()
    );
    assert_eq!(server.requests().len(), 0, "no --llm, no request");
    let resumed = started
        .then(&[
            "resume",
            "20250106-090000",
            "--llm",
            "--no-default-bank",
            "--bank",
            &bank,
        ])
        .stdin("A 404 means not found.\n.\n/skip\n")
        .run()
        .success();
    assert!(
        resumed.stdout().contains("Judged by test-model"),
        "{}",
        resumed.stdout()
    );
    assert_eq!(server.requests().len(), 1);
}

/// Every file under `dir`, with its text (lossy).
fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    found
}

/// The key reaches the server and nowhere else: not stdout, stderr, journals, reports, graded
/// output or `grill config show`, even when the server echoes it back in an error.
#[test]
fn the_api_key_never_appears_in_anything_written() {
    const CANARY: &str = "sk-canary-7f3a9c1e5b";
    let server = Server::start(|n, seen| {
        let auth = seen
            .headers
            .iter()
            .find(|(name, _)| name == "authorization")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if n % 2 == 0 {
            Reply::content(&grading(seen, "covered", "leaves no trace"))
        } else {
            Reply::error(401, &format!("Incorrect API key provided: {auth}"))
        }
    });
    let bank = fixture("interview").display().to_string();
    let mut outputs = Vec::new();
    let grade = llm(
        Grill::new(&[
            "grade",
            "--llm",
            "--input",
            "in.jsonl",
            "--output",
            "out.jsonl",
        ]),
        &server,
    )
    .env("GRILL_LLM_API_KEY", CANARY)
    .file("in.jsonl", &lines(4))
    .run()
    .code_is(0);
    outputs.push((grade.stdout(), grade.stderr()));
    let mut last = grade;
    for args in [
        vec![
            "practice",
            "--llm",
            "--no-default-bank",
            "--bank",
            &bank,
            "--question",
            "db-index",
            "--question",
            "api-status",
            "--report",
            "report.json",
        ],
        vec!["llm", "check"],
        vec!["config", "show"],
        vec!["history"],
        vec!["review", "--report", "review.md"],
    ] {
        let ran = llm(last.then(&args), &server)
            .env("GRILL_LLM_API_KEY", CANARY)
            .env("GRILL_FAKE_CLOCK", "10")
            .stdin("An index speeds up lookups.\n.\n/skip\nA 404 means not found.\n.\n/skip\n")
            .run();
        outputs.push((ran.stdout(), ran.stderr()));
        last = ran;
    }
    let seen = server.requests();
    assert!(
        seen.iter().all(|s| s
            .headers
            .contains(&("authorization".to_owned(), format!("Bearer {CANARY}")))),
        "the key is sent"
    );
    for (stdout, stderr) in &outputs {
        assert!(!stdout.contains(CANARY), "{stdout}");
        assert!(!stderr.contains(CANARY), "{stderr}");
    }
    let files = files_under(last.dir());
    assert!(
        files.len() >= 4,
        "journals, reports and outputs were written: {files:?}"
    );
    for (path, text) in files {
        assert!(!text.contains(CANARY), "{} holds the key", path.display());
    }
    assert!(outputs[1].0.contains("Rubric only:") || outputs[1].0.contains("Judged by"));
}

#[test]
fn a_config_file_key_readable_by_others_is_warned_about() {
    let server = Server::start(|_, _| Reply::content("{\"ok\": true}"));
    let grill = llm(Grill::new(&["llm", "check"]), &server)
        .file(".grill-home/config.toml", "llm_api_key = \"sk-file-key\"\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = grill.dir().join(".grill-home/config.toml");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let ran = grill.run().code_is(0).stdout_has("api key:  set");
    #[cfg(unix)]
    assert!(
        ran.stderr()
            .contains("holds llm_api_key and others can read it"),
        "{}",
        ran.stderr()
    );
    assert!(!ran.stderr().contains("sk-file-key") && !ran.stdout().contains("sk-file-key"));
}

#[test]
fn llm_settings_come_from_flags_then_environment_then_file() {
    let file = "llm_model = \"file-model\"\nllm_base_url = \"http://file:1/v1\"\nllm_timeout = 9\n";
    let shown = Grill::new(&["config", "show"])
        .file(".grill-home/config.toml", file)
        .env("GRILL_LLM_MODEL", "env-model")
        .env("OPENAI_BASE_URL", "http://openai-env:2/v1")
        .run()
        .success()
        .stdout();
    assert!(shown.contains("llm_model = env-model"), "{shown}");
    assert!(shown.contains("# environment GRILL_LLM_MODEL"), "{shown}");
    assert!(
        shown.contains("llm_base_url = http://openai-env:2/v1"),
        "{shown}"
    );
    assert!(shown.contains("# environment OPENAI_BASE_URL"), "{shown}");
    assert!(shown.contains("llm_timeout = 9"), "{shown}");
    assert!(shown.contains("config.toml:3"), "{shown}");
    // A flag beats both: the check goes where --llm-base-url says.
    let server = Server::start(|_, _| Reply::content("{\"ok\": true}"));
    Grill::new(&[
        "llm",
        "check",
        "--llm-base-url",
        &server.url,
        "--llm-model",
        "flag-model",
    ])
    .file(".grill-home/config.toml", file)
    .env("GRILL_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    .run()
    .success()
    .stdout_has("model:    flag-model");
    assert_eq!(server.requests()[0].body["model"], "flag-model");
    Grill::new(&["grade", "--llm", "--input", "-"])
        .file(
            ".grill-home/config.toml",
            "llm_model = \"m\"\nllm_jobs = 0\n",
        )
        .stdin(lines(1))
        .run()
        .code_is(2)
        .stderr_has("config.toml:2: llm_jobs: 0 is not in 1..=256");
    Grill::new(&[
        "grade",
        "--llm",
        "--llm-model",
        "m",
        "--llm-base-url",
        "ftp://x",
        "--input",
        "-",
    ])
    .stdin(lines(1))
    .run()
    .code_is(2)
    .stderr_has("flag --llm-base-url: `ftp://x` is not an http:// or https:// URL");
}
