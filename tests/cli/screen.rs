//! Recruiter screens end to end: the same questions for everyone, nothing of the rubric on the
//! candidate's side, reports in every format, resume after kill -9, rescore, tampering.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use grill::bank::{Bank, BankSpec};
use grill::screen::Screen;

use crate::harness::{Grill, repo};

fn example() -> String {
    repo().join("screens/example.toml").display().to_string()
}

/// Five answers, one per question of the example screen, ending with `.` lines.
const FIVE: &str = "Look at the query plan with EXPLAIN ANALYZE and check for a missing index.\n.\nOptimistic locking keeps a version column and retries when the update matched no row; pessimistic locking takes SELECT FOR UPDATE.\n.\n/skip\nA browser cache and a CDN in front of the service.\n.\nThe request goes through middleware before the router calls the handler.\n.\n";

/// The question ids a result file was asked, in order.
fn asked(path: &Path) -> Vec<String> {
    let transcript = grill::screen::Transcript::load(path).expect("a result");
    transcript.ids()
}

fn json_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("result file")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line")["entry"].clone())
        .collect()
}

/// Every piece of rubric text of the example screen's questions: concept labels, phrases, terms,
/// follow-ups, misconceptions and the model answer, lowercased; and what the candidate may see
/// (prompts, ids, topics), which a rubric text may share words with without giving anything away.
fn secrets() -> (Vec<String>, Vec<String>) {
    let screen = Screen::load(Path::new(&example())).expect("example screen");
    let bank = Bank::load(&BankSpec {
        embedded: true,
        folders: Vec::new(),
    })
    .expect("bank");
    let ids = screen.resolve(&bank).expect("resolves");
    let mut secrets = Vec::new();
    let mut prompts = Vec::new();
    for id in &ids {
        let item = bank.get(id).expect("item");
        prompts.push(item.question.prompt.to_lowercase());
        prompts.push(item.question.id.to_lowercase());
        prompts.push(item.question.topic.to_lowercase());
        secrets.push(item.rubric.model_answer.to_lowercase());
        for concept in &item.rubric.concepts {
            secrets.push(concept.label.to_lowercase());
            secrets.push(concept.follow_up.to_lowercase());
            secrets.extend(concept.any.iter().map(|p| p.to_lowercase()));
            secrets.extend(concept.terms.iter().map(|p| p.to_lowercase()));
        }
        for m in &item.rubric.misconceptions {
            secrets.push(m.label.to_lowercase());
            secrets.extend(m.any.iter().map(|p| p.to_lowercase()));
        }
    }
    (secrets, prompts)
}

/// Fails naming every rubric text found in `shown` (prompts, ids and topics removed first: a
/// phrase that is in the question itself gives nothing away). Words are matched whole.
#[track_caller]
fn assert_no_rubric(what: &str, shown: &str) {
    let (secrets, prompts) = secrets();
    let mut text = shown.to_lowercase();
    for prompt in &prompts {
        text = text.replace(prompt.as_str(), " ");
    }
    let words = |s: &str| -> String {
        let mapped: String = s
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        format!(
            " {} ",
            mapped.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    };
    let haystack = words(&text);
    let mut found: Vec<&String> = secrets
        .iter()
        .filter(|s| {
            let needle = words(s);
            needle.trim().len() > 2
                && !prompts.iter().any(|p| words(p).contains(&needle))
                && haystack.contains(&needle)
        })
        .collect();
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "{what} shows rubric text: {found:?}");
}

#[test]
fn the_example_screen_validates_and_its_frozen_form_asks_the_same() {
    let listed = Grill::new(&["screen", "validate", &example()])
        .run()
        .success()
        .stdout_has("1. db-slow-query")
        .stdout_has("5. api-request-lifecycle")
        .stdout();
    let frozen = Grill::new(&["screen", "validate", "--freeze", &example()])
        .run()
        .success()
        .stdout();
    assert!(
        frozen.contains("questions = [\"db-slow-query\""),
        "{frozen}"
    );
    assert!(frozen.contains("# [[pick]]"), "{frozen}");
    let refrozen = Grill::new(&["screen", "validate", "frozen.toml"])
        .file("frozen.toml", &frozen)
        .run()
        .success()
        .stdout();
    let questions = |text: &str| text.split("questions (").nth(1).map(str::to_owned);
    assert_eq!(questions(&listed), questions(&refrozen));
}

#[test]
fn a_bad_screen_file_is_reported_with_its_line_and_column() {
    let ran = Grill::new(&["screen", "validate", "s.toml"])
        .file(
            "s.toml",
            "title = \"t\"\npass_mark = 150\nseed = 1\n\n[[pick]]\ntopic = \"caching\"\ncount = 0\n",
        )
        .run()
        .code_is(2);
    let err = ran.stderr();
    assert!(err.contains("s.toml:2:13"), "{err}");
    assert!(err.contains("pass_mark"), "{err}");
    assert!(err.contains("s.toml:7:9: `count` is 0"), "{err}");
    let ran = Grill::new(&["screen", "validate", "s.toml"])
        .file(
            "s.toml",
            "title = \"t\"\npass_mark = 50\nseed = 1\n\n[[pick]]\ntopic = \"no-such-topic\"\ncount = 2\n",
        )
        .run()
        .code_is(2);
    let err = ran.stderr();
    assert!(err.contains("s.toml:5:1"), "{err}");
    assert!(err.contains("no such topic"), "{err}");
    Grill::new(&["screen", "validate", "s.toml"])
        .file("s.toml", "title = \"t\"\npass_mark = 50\nquestions = [\"cache-basics\", \"cache-basix\"]\nbogus = 1\n")
        .run()
        .code_is(2);
    let ran = Grill::new(&["screen", "validate", "s.toml"])
        .file(
            "s.toml",
            "title = \"t\"\npass_mark = 50\nquestions = [\"cache-basics\", \"cache-basix\"]\n",
        )
        .run()
        .code_is(2);
    assert!(ran.stderr().contains("s.toml:3:30"), "{}", ran.stderr());
    assert!(
        ran.stderr().contains("did you mean `cache-basics`"),
        "{}",
        ran.stderr()
    );
}

#[test]
fn every_candidate_gets_the_same_questions_in_the_same_order_hosted_or_sealed() {
    let ran = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada",
        "--out",
        "results",
    ])
    .stdin(FIVE)
    .run()
    .success()
    .then(&["screen", "pack", &example(), "--out", "screen.pack"])
    .run()
    .success()
    .then(&[
        "screen",
        "take",
        "screen.pack",
        "--candidate",
        "Grace",
        "--out",
        "results",
    ])
    .stdin(FIVE)
    .run()
    .success()
    .then(&[
        "screen",
        "take",
        "screen.pack",
        "--candidate",
        "Linus",
        "--out",
        "results",
    ])
    .stdin("/skip\n/skip\n/skip\n/skip\n/skip\n")
    .run()
    .success();
    let dir = ran.dir().join("results");
    let ada = asked(&dir.join("Ada.jsonl"));
    assert_eq!(ada.len(), 5);
    assert_eq!(ada, asked(&dir.join("Grace.jsonl")));
    assert_eq!(ada, asked(&dir.join("Linus.jsonl")));
    // The seeded rule resolves the same way in a fresh process: what validate shows.
    let listed = Grill::new(&["screen", "validate", &example()])
        .run()
        .success()
        .stdout();
    for (i, id) in ada.iter().enumerate() {
        assert!(listed.contains(&format!("{}. {id} ", i + 1)), "{listed}");
    }
}

#[test]
fn nothing_candidate_facing_shows_the_rubric_in_either_mode_nor_in_the_pack() {
    let hosted = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada",
        "--out",
        "results",
    ])
    .stdin(format!("/hint\n/time\n/help\n/model\n{FIVE}"))
    .run()
    .success();
    let shown = format!("{}{}", hosted.stdout(), hosted.stderr());
    assert!(
        shown.contains("Score "),
        "the example screen shows scores: {shown}"
    );
    assert_no_rubric("a hosted run", &shown);
    let packed = hosted
        .then(&["screen", "pack", &example(), "--out", "screen.pack"])
        .run()
        .success();
    let pack = packed.read("screen.pack");
    assert_no_rubric("the pack", &pack);
    let sealed = packed
        .then(&[
            "screen",
            "take",
            "screen.pack",
            "--candidate",
            "Grace",
            "--out",
            "results",
        ])
        .stdin(format!("/hint\n/time\n{FIVE}"))
        .run()
        .success();
    let shown = format!("{}{}", sealed.stdout(), sealed.stderr());
    assert!(
        !shown.contains("Score "),
        "a sealed take cannot grade: {shown}"
    );
    assert_no_rubric("a sealed take", &shown);
}

#[test]
fn reports_rank_candidates_in_every_format_and_the_csv_parses_back() {
    let ran = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada",
        "--out",
        "results",
    ])
    .stdin(FIVE)
    .run()
    .success()
    .then(&["screen", "pack", &example(), "--out", "screen.pack"])
    .run()
    .success()
    .then(&[
        "screen",
        "take",
        "screen.pack",
        "--candidate",
        "Grace, \"the\" admiral",
        "--out",
        "results",
    ])
    .stdin("/skip\n/skip\n/skip\n/skip\n/skip\n")
    .run()
    .success()
    .then(&[
        "screen",
        "grade",
        "results/Grace___the__admiral.jsonl",
        "--screen",
        &example(),
    ])
    .run()
    .success()
    .stdout_has("0.0 (fail)")
    .then(&["screen", "report", "results", "--format", "csv"])
    .run()
    .success();
    let csv = ran.stdout();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(&header[..4], ["rank", "candidate", "total", "result"]);
    assert!(header.contains(&"topic: databases".to_owned()));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "Ada");
    assert_eq!(&rows[0][0], "1");
    assert_eq!(&rows[1][1], "Grace, \"the\" admiral");
    assert_eq!(&rows[1][2], "0.0");
    assert_eq!(&rows[1][3], "fail");
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    for format in ["table", "md", "json", "html"] {
        let out = ran_report(&ran, format);
        assert!(out.contains("Ada"), "{format}: {out}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&ran_report(&ran, "json")).expect("json report");
    assert_eq!(json["candidates"][0]["candidate"], "Ada");
    assert_eq!(json["question_stats"].as_array().map(Vec::len), Some(5));
}

fn ran_report(ran: &crate::harness::Ran, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_grill"))
        .args(["screen", "report", "results", "--format", format])
        .current_dir(ran.dir())
        .env("NO_COLOR", "1")
        .output()
        .expect("report");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    let ran = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada",
        "--out",
        "results",
    ])
    .stdin(FIVE)
    .run()
    .success()
    .then(&["screen", "report", "results", "--output", "report.html"])
    .run()
    .success();
    let html = ran.read("report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(
        !html.contains("http://")
            || html
                .matches("http://")
                .all(|_| html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    );
    let Some(chromium) = ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new("which")
            .arg(c)
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("skipped: no chromium on this machine, so the HTML report was not rendered");
        return;
    };
    let png = ran.dir().join("report.png");
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1200,1600",
            &format!("--screenshot={}", png.display()),
            &format!("file://{}", ran.dir().join("report.html").display()),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run chromium");
    assert!(status.success(), "chromium failed");
    let bytes = std::fs::read(&png).expect("chromium wrote a PNG");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(bytes.len() > 10_000, "a blank page? {} bytes", bytes.len());
}

/// Waits until `path` holds `needle`, for up to 30 s (a real-clock tick comes after 10 s).
fn wait_for(path: &Path, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if std::fs::read_to_string(path).is_ok_and(|t| t.contains(needle)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{} never held {needle}", path.display());
}

#[test]
fn a_screen_killed_with_sigkill_resumes_with_its_clock_where_it_was() {
    let grill = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada",
        "--out",
        "results",
    ])
    .env("GRILL_FAKE_CLOCK", "30");
    let mut command = grill.command();
    command
        .env("GRILL_FAKE_CLOCK", "30")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = command.spawn().expect("grill");
    let mut stdin = child.stdin.take().expect("stdin");
    // Four lines: two minutes of screen time on question 1.
    stdin
        .write_all(b"An index avoids a full scan.\nEXPLAIN shows the plan.\nThat is all.\n.\n")
        .expect("write");
    let result = grill.dir().join("results/Ada.jsonl");
    wait_for(&result, "\"kind\":\"answered\"");
    child.kill().expect("kill -9");
    let _ = child.wait();
    drop(stdin);
    let ran = Grill::in_dir(
        grill.into_dir(),
        &[
            "screen",
            "run",
            &example(),
            "--candidate",
            "Ada",
            "--out",
            "results",
        ],
    )
    .env("GRILL_FAKE_CLOCK", "30")
    .stdin("Second answer.\n.\n/skip\n/skip\n/skip\n")
    .run()
    .success()
    .stdout_has("resumed at question 2 with 2:00 used");
    let entries = json_lines(&ran.dir().join("results/Ada.jsonl"));
    let resumed = entries
        .iter()
        .find(|e| e["kind"] == "resumed")
        .expect("a resumed entry");
    assert_eq!(
        resumed["at"], 120_000,
        "the clock goes on from 2:00, not from zero"
    );
    let second = entries
        .iter()
        .find(|e| e["kind"] == "answered" && e["n"] == 2)
        .expect("answer 2");
    assert_eq!(second["at"], 180_000);
    let finished = entries
        .iter()
        .rev()
        .find(|e| e["kind"] == "finished")
        .expect("finished");
    assert_eq!(finished["reason"], "completed");
    assert!(finished["at"].as_u64().unwrap() >= 180_000);
}

const BANK_Q: &str = "[[question]]\nid = \"x-idem\"\ntopic = \"api\"\ntier = \"medium\"\nprompt = \"Why should a payment API accept an idempotency key?\"\n";

fn rubric(phrases: &str) -> String {
    format!(
        "[[rubric]]\nquestion = \"x-idem\"\npass_mark = 50\nmodel_answer = \"Clients retry; the server replays the first result.\"\n\n[[rubric.concepts]]\nid = \"retries\"\nlabel = \"Clients retry after timeouts\"\nweight = 2\nany = [\"retry\", \"retries\", \"timeout\"]\nfollow_up = \"What does a client do on a timeout?\"\n\n[[rubric.concepts]]\nid = \"dedupe\"\nlabel = \"The server replays the first result\"\nweight = 3\nany = [{phrases}]\nfollow_up = \"What does the server keep?\"\n"
    )
}

const SMALL: &str = "title = \"Small\"\npass_mark = 50\nquestions = [\"x-idem\"]\n\n[banks]\nembedded = false\nfolders = [\"bank\"]\n";

#[test]
fn rescore_after_a_rubric_fix_shows_what_changed_and_keeps_the_old_grade() {
    let answer = "Clients retry after a timeout, and the server keeps the outcome under the key so a retry gets the stored outcome back.\n.\n";
    let ran = Grill::new(&[
        "screen",
        "run",
        "small.toml",
        "--candidate",
        "Ada",
        "--out",
        "results",
    ])
    .file("small.toml", SMALL)
    .file("bank/question_bank/api.toml", BANK_Q)
    .file("bank/rubrics/api.toml", &rubric("\"charged once\""))
    .stdin(answer)
    .run()
    .success();
    let before = json_lines(&ran.dir().join("results/Ada.jsonl"));
    let first = before
        .iter()
        .find(|e| e["kind"] == "graded")
        .expect("graded")
        .clone();
    std::fs::write(
        ran.dir().join("bank/rubrics/api.toml"),
        rubric("\"charged once\", \"stored outcome\""),
    )
    .expect("edit the rubric");
    let ran = ran
        .then(&["screen", "rescore", "results", "--screen", "small.toml"])
        .run()
        .success()
        .stdout_has("Q1 x-idem: ")
        .stdout_has("The server replays the first result: missed -> hit");
    let out = ran.stdout();
    assert!(out.contains("Ada: "), "{out}");
    let gradings: Vec<serde_json::Value> = json_lines(&ran.dir().join("results/Ada.jsonl"))
        .into_iter()
        .filter(|e| e["kind"] == "graded")
        .collect();
    assert_eq!(gradings.len(), 2, "the old grade stays in the history");
    assert_eq!(gradings[0], first);
    assert_ne!(
        gradings[0]["rubrics"]["x-idem"],
        gradings[1]["rubrics"]["x-idem"]
    );
    assert!(gradings[1]["total"].as_f64() > gradings[0]["total"].as_f64());
}

#[test]
fn a_tampered_or_truncated_result_is_reported() {
    let ran = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada",
        "--out",
        "results",
    ])
    .stdin(FIVE)
    .run()
    .success();
    let path = ran.dir().join("results/Ada.jsonl");
    let text = std::fs::read_to_string(&path).expect("result");
    // Edit an answer without fixing the chain.
    std::fs::write(&path, text.replacen("missing index", "missing INDEX", 1)).expect("tamper");
    let ran = ran
        .then(&["screen", "report", "results"])
        .run()
        .success()
        .stdout_has("BROKEN at line");
    assert!(
        ran.stdout().contains("hash chain does not check out"),
        "{}",
        ran.stdout()
    );
    // Cut the file in the middle of a line.
    let cut = &text.as_bytes()[..text.len() - 40];
    std::fs::write(&path, cut).expect("truncate");
    let ran = ran
        .then(&["screen", "report", "results", "--format", "json"])
        .run()
        .success();
    let json: serde_json::Value = serde_json::from_str(&ran.stdout()).expect("json");
    let what = json["candidates"][0]["integrity"][0]["what"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(what.contains("cut short"), "{what}");
}

#[test]
fn a_screen_scored_by_a_model_is_graded_by_the_llm_judge_with_the_model_it_names() {
    use crate::llm_server::{Reply, Server, grading};
    let server = Server::start(|_, seen| {
        Reply::content(&grading(
            seen,
            "covered",
            "either lands completely or leaves no trace",
        ))
    });
    let screen = "title = \"t\"\npass_mark = 50\nscoring = \"llm\"\nmodel = \"screen-model\"\nquestions = [\"db-acid\"]\n";
    let taken = Grill::new(&["screen", "pack", "llm.toml", "--out", "s.pack"])
        .file("llm.toml", screen)
        .env("GRILL_LLM_BASE_URL", &server.url)
        .env("GRILL_LLM_MODEL", "not-the-screens-model")
        .run()
        .success()
        .then(&["screen", "take", "s.pack", "--candidate", "Ada"])
        .stdin("A transaction either lands completely or leaves no trace at all.\n.\n")
        .run()
        .success();
    assert_eq!(server.requests().len(), 0, "taking a screen never grades");
    let graded = taken
        .then(&["screen", "grade", "Ada.jsonl", "--screen", "llm.toml"])
        .run()
        .success();
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{}", graded.stdout());
    assert_eq!(requests[0].body["model"], "screen-model");
    let result = graded.read("Ada.jsonl");
    assert!(result.contains("\"judge\""), "{result}");
    assert!(result.contains("screen-model"), "{result}");
    assert!(!result.contains("\"fallback\""), "{result}");
}

#[test]
fn a_screen_scored_by_a_dead_endpoint_is_graded_by_the_rubric_and_says_so() {
    let screen = "title = \"t\"\npass_mark = 50\nscoring = \"llm\"\nmodel = \"screen-model\"\nquestions = [\"db-acid\"]\n";
    let graded = Grill::new(&["screen", "pack", "llm.toml", "--out", "s.pack"])
        .file("llm.toml", screen)
        .env("GRILL_LLM_BASE_URL", "http://127.0.0.1:9/v1")
        .run()
        .success()
        .then(&["screen", "take", "s.pack", "--candidate", "Ada"])
        .stdin("Atomicity means all or nothing: a failed transaction is rolled back.\n.\n")
        .run()
        .success()
        .then(&["screen", "grade", "Ada.jsonl", "--screen", "llm.toml"])
        .run()
        .success();
    let result = graded.read("Ada.jsonl");
    assert!(result.contains("\"fallback\""), "{result}");
}

#[test]
fn the_rubric_check_itself_catches_a_leak() {
    let screen = Screen::load(Path::new(&example())).expect("example screen");
    let bank = Bank::load(&BankSpec {
        embedded: true,
        folders: Vec::new(),
    })
    .expect("bank");
    let ids = screen.resolve(&bank).expect("resolves");
    let item = bank.get(&ids[0]).expect("item");
    for leak in [
        item.rubric.model_answer.clone(),
        format!("Missed: {}", item.rubric.concepts[0].label),
    ] {
        let caught = std::panic::catch_unwind(|| assert_no_rubric("a leak", &leak));
        assert!(caught.is_err(), "not caught: {leak}");
    }
}

#[test]
fn a_bracketed_paste_at_the_terminal_is_recorded_as_evidence() {
    use expectrl::Expect;
    use expectrl::session::OsSession;
    let packed = Grill::new(&["screen", "pack", &example(), "--out", "screen.pack"])
        .run()
        .success();
    let grill = packed
        .then(&["screen", "take", "screen.pack", "--candidate", "Ada"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = OsSession::spawn(grill.command()).expect("spawn grill in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(15)));
    session.expect("[1/5] . submits > ").expect("first prompt");
    session.send("typed by hand ").expect("type");
    session
        .send("\x1b[200~and a long pasted paragraph about query plans and indexes\x1b[201~")
        .expect("paste");
    session.send("\r").expect("enter");
    session.send(".\r").expect("submit");
    session.expect("[2/5] . submits > ").expect("second prompt");
    for n in 2..=5 {
        session.send("/skip\r").expect("skip");
        if n < 5 {
            session
                .expect(format!("[{}/5] . submits > ", n + 1).as_str())
                .expect("next prompt");
        }
    }
    session.expect("Send this file").expect("the end");
    let entries = json_lines(&grill.dir().join("Ada.jsonl"));
    let answer = entries
        .iter()
        .find(|e| e["kind"] == "answered")
        .expect("an answer");
    let signals = &answer["signals"];
    assert_eq!(signals["pastes"], 1, "{signals}");
    assert!(signals["keystrokes"].as_u64().unwrap() >= 14, "{signals}");
    assert!(signals["pasted_chars"].as_u64().unwrap() >= 40, "{signals}");
}

#[test]
fn a_second_candidate_never_continues_the_first_ones_screen() {
    let ran = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada Lovelace",
        "--out",
        "r",
    ])
    .stdin("Half an answer about indexes.\n.\n")
    .run()
    .success()
    .then(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada_Lovelace",
        "--out",
        "r",
    ])
    .stdin(FIVE)
    .run()
    .code_is(2);
    assert!(
        ran.stderr().contains("holds the answers of `Ada Lovelace`"),
        "{}",
        ran.stderr()
    );
    ran.stdout_lacks("Question 2");
}

#[test]
fn a_question_past_its_limit_warns_while_typing_and_records_the_overtime() {
    use expectrl::Expect;
    use expectrl::session::OsSession;
    let grill = Grill::new(&[
        "screen",
        "run",
        "quick.toml",
        "--candidate",
        "Ada",
        "--out",
        "r",
    ])
    .file(
        "quick.toml",
        "title = \"Quick\"\npass_mark = 50\nquestion_secs = 10\nquestions = [\"cache-basics\"]\n",
    )
    .env("NO_COLOR", "1")
    .env("TERM", "xterm");
    let mut session = OsSession::spawn(grill.command()).expect("spawn grill in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.expect("[1/1] . submits > ").expect("the prompt");
    session
        .send("A cache keeps copies of data close")
        .expect("type");
    session
        .expect("[time is up for this question")
        .expect("the warning, printed while typing");
    // The warning comes at the limit to the millisecond; an answer sent within that same
    // millisecond would be on time, so let the clock run past it.
    std::thread::sleep(Duration::from_millis(200));
    session.send(" to the reader.\r.\r").expect("submit");
    session.expect("The screen is over").expect("the end");
    let entries = json_lines(&grill.dir().join("r/Ada.jsonl"));
    let answer = entries
        .iter()
        .find(|e| e["kind"] == "answered")
        .expect("answer");
    assert_eq!(
        answer["answer"],
        "A cache keeps copies of data close to the reader."
    );
    assert!(
        answer["overtime"].as_u64().is_some_and(|ms| ms > 0),
        "{answer}"
    );
    assert!(
        answer["elapsed"].as_u64().is_some_and(|ms| ms >= 10_000),
        "{answer}"
    );
}

#[test]
fn a_pack_edited_on_the_candidates_side_is_named_when_graded() {
    let packed = Grill::new(&["screen", "pack", &example(), "--out", "screen.pack"])
        .run()
        .success();
    let pack = packed.read("screen.pack");
    assert!(pack.contains("\"limit_secs\": 300"));
    std::fs::write(
        packed.dir().join("screen.pack"),
        pack.replacen("\"limit_secs\": 300", "\"limit_secs\": 3000", 1),
    )
    .expect("edit the pack");
    let ran = packed
        .then(&[
            "screen",
            "take",
            "screen.pack",
            "--candidate",
            "Grace",
            "--out",
            "results",
        ])
        .stdin(FIVE)
        .run()
        .success()
        .then(&[
            "screen",
            "grade",
            "results/Grace.jsonl",
            "--screen",
            &example(),
        ])
        .run()
        .code_is(0);
    assert!(
        ran.stderr()
            .contains("question 1 had a limit of 3000 s, the screen says 300 s"),
        "{}",
        ran.stderr()
    );
    ran.then(&["screen", "report", "results"])
        .run()
        .success()
        .stdout_has("note: Grace: question 1 had a limit of 3000 s");
}

#[test]
fn full_feedback_and_hints_show_the_candidates_own_words_and_nothing_of_the_rubric() {
    let screen = std::fs::read_to_string(example())
        .expect("example")
        .replace("feedback = \"score\"", "feedback = \"full\"")
        .replace("hints = false", "hints = true");
    let ran = Grill::new(&[
        "screen",
        "run",
        "full.toml",
        "--candidate",
        "Ada",
        "--out",
        "r",
    ])
    .file("full.toml", &screen)
    .stdin(format!("/hint\n{FIVE}"))
    .run()
    .success();
    let out = ran.stdout();
    assert!(out.contains("Hint: "), "{out}");
    assert!(
        out.contains("Sentences of your answer that earned credit")
            || out.contains("No part of the answer earned credit"),
        "{out}"
    );
    // What is left once the hints shown and the candidate's own quoted words are taken out.
    let kept: Vec<&str> = out
        .lines()
        .filter(|line| !line.starts_with("Hint: "))
        .filter(|line| {
            let quoted = line.trim().trim_matches('"');
            !(line.starts_with("  \"") && FIVE.contains(quoted))
        })
        .collect();
    assert_no_rubric("full feedback", &kept.join("\n"));
    let entries = json_lines(&ran.dir().join("r/Ada.jsonl"));
    assert!(entries.iter().any(|e| e["kind"] == "hint" && e["n"] == 1));
    ran.then(&["screen", "report", "r"])
        .run()
        .success()
        .stdout_has("hints");
}

#[test]
fn on_the_real_clock_time_spent_typing_survives_a_kill_9() {
    let grill = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada",
        "--out",
        "results",
    ]);
    let mut command = grill.command();
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = command.spawn().expect("grill");
    let mut stdin = child.stdin.take().expect("stdin");
    // Half an answer, never submitted; the screen time is written while the candidate types.
    stdin
        .write_all(b"Half an answer about indexes\n")
        .expect("write");
    let result = grill.dir().join("results/Ada.jsonl");
    wait_for(&result, "\"kind\":\"tick\"");
    child.kill().expect("kill -9");
    let _ = child.wait();
    drop(stdin);
    let ran = Grill::in_dir(
        grill.into_dir(),
        &[
            "screen",
            "run",
            &example(),
            "--candidate",
            "Ada",
            "--out",
            "results",
        ],
    )
    .stdin("/skip\n/skip\n/skip\n/skip\n/skip\n")
    .run()
    .success();
    let entries = json_lines(&ran.dir().join("results/Ada.jsonl"));
    let resumed = entries
        .iter()
        .find(|e| e["kind"] == "resumed")
        .expect("a resumed entry");
    assert!(
        resumed["at"].as_u64().is_some_and(|ms| ms >= 10_000),
        "the clock goes on from the last tick: {resumed}"
    );
    let skipped = entries
        .iter()
        .find(|e| e["kind"] == "skipped" && e["n"] == 1)
        .expect("question 1 skipped");
    assert!(
        skipped["elapsed"].as_u64().is_some_and(|ms| ms >= 10_000),
        "question 1 keeps the time spent on it before the kill: {skipped}"
    );
}

#[test]
fn the_up_arrow_recalls_no_earlier_answer() {
    use expectrl::Expect;
    use expectrl::session::OsSession;
    let grill = Grill::new(&[
        "screen",
        "run",
        &example(),
        "--candidate",
        "Ada",
        "--out",
        "r",
    ])
    .env("NO_COLOR", "1")
    .env("TERM", "xterm");
    let mut session = OsSession::spawn(grill.command()).expect("spawn grill in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(15)));
    session.expect("[1/5] . submits > ").expect("first prompt");
    session.send("my first answer\r.\r").expect("answer");
    session.expect("[2/5] . submits > ").expect("second prompt");
    session.send("\x1b[A").expect("up arrow");
    session.send("\r").expect("enter");
    // Keys typed ahead of a fresh line editor may be read as its terminal's replies: wait for
    // the prompt of the next line, as a person would.
    session.expect("[2/5] . submits > ").expect("the next line");
    session.send(".\r").expect("submit");
    session
        .expect("Nothing to submit")
        .expect("nothing was recalled");
    for n in 2..=5 {
        session.send("/skip\r").expect("skip");
        if n < 5 {
            session
                .expect(format!("[{}/5] . submits > ", n + 1).as_str())
                .expect("next prompt");
        }
    }
    session.expect("The screen is over").expect("the end");
    let entries = json_lines(&grill.dir().join("r/Ada.jsonl"));
    let answers: Vec<&serde_json::Value> =
        entries.iter().filter(|e| e["kind"] == "answered").collect();
    assert_eq!(
        answers.len(),
        1,
        "only question 1 was answered: {answers:?}"
    );
}

#[test]
fn bank_flags_are_refused_since_the_screen_file_names_its_banks() {
    Grill::new(&["screen", "validate", &example(), "--bank", "elsewhere"])
        .run()
        .code_is(2)
        .stderr_has("the screen file's [banks] table says which banks");
}
