//! Interviews on piped stdin: whole sessions as snapshot transcripts, report files parsed into
//! typed structs, and history, review and resume across runs.

use serde::Deserialize;

use crate::harness::{Grill, fixture};

/// `grill practice` on the interview test bank with a fake clock (10 s per line of input).
fn practice(extra: &[&str]) -> Grill {
    let bank = fixture("interview").display().to_string();
    Grill::new(&["practice", "--no-default-bank", "--bank", &bank])
        .args(extra)
        .env("GRILL_FAKE_CLOCK", "10")
}

/// A whole adaptive session: a partial answer with a recovered follow-up, a strong answer that
/// moves up a tier, a weak one that moves down, a hint, a weak easy answer with encouragement
/// and the model answer, and a skipped follow-up.
const SESSION: &str = "\
Set a TTL so entries expire.
Also prevent a stampede.
.
Delete the key on every write.
.
Weak levels allow a dirty read or a phantom; serializable prevents them all.
.
/time
It gets slow.
.
I am not sure.
.
/hint
Something about books.
.
/skip
";

#[test]
fn a_whole_session_reads_like_an_interview() {
    let ran = practice(&[
        "--seed",
        "5",
        "--count",
        "4",
        "--topic",
        "caching",
        "--topic",
        "databases",
    ])
    .stdin(SESSION)
    .run()
    .success();
    insta::assert_snapshot!(ran.stdout());
}

#[test]
fn a_timed_session_records_overtime_in_the_report() {
    // 10 s per line: 20 lines of answer take 200 s, past the 180 s of an easy question.
    let mut answer = "Reads are faster.\n".repeat(20);
    answer.push_str(".\n/skip\n");
    let ran = practice(&[
        "--tier", "easy", "--topic", "caching", "--count", "1", "--timed", "--seed", "1",
    ])
    .stdin(answer)
    .run()
    .success();
    insta::assert_snapshot!(ran.stdout());
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonReport {
    session: String,
    started: String,
    status: String,
    tier_mode: String,
    timed: bool,
    seed: u64,
    questions: Vec<JsonQuestion>,
    average: Option<u32>,
    topics: Vec<JsonBar>,
    tiers: Vec<JsonBar>,
    strongest: Option<String>,
    weakest: Option<String>,
    study: Vec<JsonStudy>,
    hints: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonQuestion {
    n: usize,
    id: String,
    topic: String,
    tier: String,
    prompt: String,
    status: String,
    score: u32,
    recovered: u32,
    total: u32,
    pass: bool,
    elapsed_secs: u64,
    limit_secs: Option<u32>,
    overtime_secs: Option<u64>,
    hints: usize,
    answer: Option<String>,
    concepts: Vec<JsonConcept>,
    misconceptions: Vec<JsonMisconception>,
    follow_up: Option<JsonFollowUp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonConcept {
    id: String,
    label: String,
    weight: u32,
    required: bool,
    status: String,
    evidence: Option<String>,
    recovered: u32,
    recovered_evidence: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonMisconception {
    label: String,
    penalty: u32,
    evidence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFollowUp {
    concept: String,
    question: String,
    answer: Option<String>,
    recovered: u32,
    covered: Vec<String>,
    skipped: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBar {
    name: String,
    questions: usize,
    average: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonStudy {
    n: usize,
    topic: String,
    concept: String,
    question: String,
}

#[test]
fn report_files_are_written_as_json_and_markdown() {
    let ran = practice(&[
        "--seed",
        "5",
        "--count",
        "4",
        "--topic",
        "caching",
        "--topic",
        "databases",
        "--report",
        "out.json",
    ])
    .stdin(SESSION)
    .run()
    .success()
    .stdout_has("Report written to out.json.");
    let report: JsonReport =
        serde_json::from_str(&ran.read("out.json")).expect("typed JSON report");
    assert_eq!(report.session, "20250106-090000");
    assert_eq!(report.started, "2025-01-06 09:00 UTC");
    assert_eq!(report.status, "completed");
    assert_eq!(report.tier_mode, "adaptive");
    assert!(!report.timed);
    assert_eq!(report.seed, 5);
    assert_eq!(report.questions.len(), 4);
    let first = &report.questions[0];
    assert_eq!(
        first.answer.as_deref(),
        Some("Set a TTL so entries expire.\nAlso prevent a stampede.")
    );
    let follow_up = first.follow_up.as_ref().expect("a follow-up");
    assert!(follow_up.recovered > 0, "{follow_up:?}");
    assert_eq!(first.total, first.score + first.recovered);
    assert!(
        report.questions[3]
            .follow_up
            .as_ref()
            .is_some_and(|f| f.skipped)
    );
    assert_eq!(report.hints, 1);
    assert!(report.average.is_some());
    assert!(!report.topics.is_empty() && !report.tiers.is_empty());
    assert!(report.study.iter().all(|s| !s.question.is_empty()));
    let _ = (
        &report.strongest,
        &report.weakest,
        &first.id,
        &first.topic,
        &first.tier,
        &first.prompt,
    );
    let _ = (
        first.n,
        first.pass,
        first.elapsed_secs,
        first.limit_secs,
        first.overtime_secs,
        first.hints,
    );
    let _ = (
        &follow_up.concept,
        &follow_up.question,
        &follow_up.answer,
        follow_up.skipped,
    );
    for bar in report.topics.iter().chain(&report.tiers) {
        assert!(
            !bar.name.is_empty() && bar.questions > 0 && bar.average <= 100,
            "{bar:?}"
        );
    }
    for item in &report.study {
        assert!(
            item.n >= 1 && !item.topic.is_empty() && !item.concept.is_empty(),
            "{item:?}"
        );
    }
    assert_eq!(first.status, "answered");
    // The concept cards: every concept of the rubric with its status, weight and evidence, and
    // what the follow-up recovered.
    let ttl = first
        .concepts
        .iter()
        .find(|c| c.id == "ttl")
        .expect("ttl card");
    assert_eq!((ttl.status.as_str(), ttl.weight), ("hit", 2));
    assert_eq!(ttl.evidence.as_deref(), Some("TTL"));
    let on_write = first
        .concepts
        .iter()
        .find(|c| c.id == "on-write")
        .expect("on-write card");
    assert_eq!(on_write.status, "missed");
    assert!(on_write.recovered > 0, "{on_write:?}");
    assert_eq!(
        on_write.recovered_evidence.as_deref(),
        Some("Delete the key")
    );
    assert_eq!(follow_up.covered, ["Invalidate or update on write"]);
    for card in report.questions.iter().flat_map(|q| &q.concepts) {
        assert!(!card.label.is_empty() && card.weight > 0, "{card:?}");
        let _ = card.required;
    }
    for m in report.questions.iter().flat_map(|q| &q.misconceptions) {
        assert!(
            !m.label.is_empty() && m.penalty > 0 && !m.evidence.is_empty(),
            "{m:?}"
        );
    }

    let ran = ran
        .then(&["review", "--report", "again.md"])
        .run()
        .success();
    let markdown = ran.read("again.md");
    assert!(
        markdown.starts_with("# grill session 20250106-090000"),
        "{markdown}"
    );
    assert!(markdown.contains("## Study list"));
    assert!(markdown.contains("> Set a TTL so entries expire."));
    assert!(
        markdown.contains("| Entries expire after a TTL | 2 | hit | \"TTL\" |  |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Invalidate or update on write | 2 | missed |  | recovered +"),
        "{markdown}"
    );
}

#[test]
fn an_unknown_report_format_is_a_usage_error() {
    practice(&["--report", "out.txt"])
        .run()
        .code_is(2)
        .stderr_has(
            "--report out.txt: unknown format: name the file .md (Markdown) or .json (JSON)",
        );
}

#[test]
fn an_unknown_topic_or_an_empty_selection_is_a_usage_error() {
    practice(&["--topic", "cachng"])
        .run()
        .code_is(2)
        .stderr_has("--topic cachng: no such topic; did you mean `caching`?");
    practice(&["--topic", "quick", "--tier", "hard"])
        .run()
        .code_is(2)
        .stderr_has("no question matches --tier hard --topic quick");
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    id: String,
    started: String,
    questions: usize,
    count: usize,
    average: Option<u32>,
    finished: bool,
    status: String,
}

#[test]
fn input_ending_mid_session_saves_it_for_resume_history_and_review() {
    // Two questions answered (the first with its follow-up), then input ends mid-answer.
    let first = practice(&["--seed", "5", "--count", "3", "--topic", "caching", "--topic", "databases"])
        .stdin("Set a TTL so entries expire.\n.\nDelete the key on write.\n.\nhalf an answer, never submitted\n")
        .run()
        .code_is(0)
        .stderr_has("the last answer was never submitted");
    let stdout = first.stdout();
    assert!(
        stdout.contains("Session 20250106-090000 is saved; `grill resume` continues it."),
        "{stdout}"
    );

    let ran = first.then(&["history", "--json"]).run().success();
    let listed: Vec<Listed> = serde_json::from_str(&ran.stdout()).expect("typed history");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].questions, listed[0].count, listed[0].finished),
        (1, 3, false)
    );
    assert_eq!(listed[0].status, "unfinished");
    let _ = (&listed[0].id, &listed[0].started, listed[0].average);

    let ran = ran
        .then(&["resume"])
        .stdin("It avoids a full scan with a b-tree,\nbut means slower writes.\n.\n/skip\n")
        .run()
        .success();
    insta::assert_snapshot!("resumed", ran.stdout());

    let ran = ran.then(&["history"]).run().success();
    insta::assert_snapshot!("history", ran.stdout());

    let ran = ran.then(&["review", "20250106-090000"]).run().success();
    let review = ran.stdout();
    assert!(
        review.contains("│ Set a TTL so entries expire."),
        "{review}"
    );
    assert!(review.contains("│ Delete the key on write."), "{review}");
    assert!(
        review.contains("│ It avoids a full scan with a b-tree,\n  │ but means slower writes."),
        "{review}"
    );

    ran.then(&["resume"])
        .run()
        .code_is(2)
        .stderr_has("no unfinished session to resume");
}

#[test]
fn an_unwritable_data_dir_warns_goes_on_and_keeps_the_session_in_a_private_file() {
    let bank = fixture("interview").display().to_string();
    let grill = Grill::new(&[
        "--no-default-bank",
        "--bank",
        &bank,
        "--seed",
        "1",
        "--count",
        "1",
    ])
    .file("not-a-dir", "a file where the data dir should be")
    .env("GRILL_HOME", "not-a-dir")
    .env("GRILL_FAKE_CLOCK", "10");
    let tmp = grill.dir().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let ran = grill
        .env("TMPDIR", &tmp.display().to_string())
        .stdin("Set a TTL so entries expire.\n.\n/skip\n")
        .run()
        .code_is(1)
        .stdout_has("Question 1/1")
        .stdout_has("That's the interview.")
        .stdout_has("Not saved: session 20250106-090000 could not be saved")
        .stdout_lacks("Saved as session")
        .stdout_lacks("warning:");
    let stderr = ran.stderr();
    assert!(
        stderr.contains("warning: cannot save sessions in not-a-dir/sessions"),
        "{stderr}"
    );
    assert!(stderr.contains("The interview goes on"), "{stderr}");
    let copy = tmp.join("grill-20250106-090000-unsaved.jsonl");
    assert!(
        stderr.contains(&format!("all of it is in {}", copy.display())),
        "{stderr}"
    );
    let journal = std::fs::read_to_string(&copy).expect("the unsaved copy");
    assert!(
        journal.contains("Set a TTL so entries expire."),
        "{journal}"
    );
    assert!(journal.contains("\"kind\":\"finished\""), "{journal}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn grill_alone_interviews_on_the_embedded_bank() {
    Grill::new(&["--seed", "1"])
        .stdin("/quit\n")
        .run()
        .success()
        .stdout_has("grill 5 questions · adaptive tiers · untimed")
        .stdout_has("Question 1/5")
        .stdout_has("Interview ended.");
}
