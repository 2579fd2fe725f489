//! Progress over weeks through the binary: practice on simulated days (`GRILL_TODAY` with the
//! fake clock), `grill stats` over the sessions, `grill drill` bringing back what was missed,
//! damaged journals and bank edits, and the HTML export.

use serde::Deserialize;

use crate::harness::{Grill, Ran, fixture};

/// A weak answer to `cache-what`: "faster" only; stale and evict are missed.
const WEAK: &str = "Reads are faster because the data sits in memory.\n.\n/skip\n";
/// A strong answer to `cache-what`: every concept.
const STRONG: &str = "Reads are faster since the data is in memory, but cached data can be stale and out of date, and a full cache will evict entries with LRU.\n.\n";

fn bank_args() -> Vec<String> {
    vec![
        "--no-default-bank".into(),
        "--bank".into(),
        fixture("interview").display().to_string(),
    ]
}

/// `grill ARGS` on the interview test bank, on `day`, as the first run in a fresh data dir.
fn first(day: &str, args: &[&str]) -> Grill {
    Grill::new(args)
        .args(&bank_args().iter().map(String::as_str).collect::<Vec<_>>())
        .env("GRILL_FAKE_CLOCK", "10")
        .env("GRILL_TODAY", day)
}

/// The next run in the same data dir, on `day`.
fn next(ran: Ran, day: &str, args: &[&str]) -> Grill {
    ran.then(args)
        .args(&bank_args().iter().map(String::as_str).collect::<Vec<_>>())
        .env("GRILL_TODAY", day)
}

#[derive(Debug, Deserialize)]
struct Stats {
    sessions: usize,
    answers: usize,
    reviews: Reviews,
    leeches: Vec<Named>,
    retired: Vec<Retired>,
    not_counted: Vec<NotCounted>,
    weakest: Vec<Named>,
    warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Reviews {
    items: usize,
    due_today: usize,
    due_week: usize,
}

#[derive(Debug, Deserialize)]
struct Named {
    label: String,
}

#[derive(Debug, Deserialize)]
struct Retired {
    question: String,
    note: String,
}

#[derive(Debug, Deserialize)]
struct NotCounted {
    why: String,
}

fn stats(ran: &Ran) -> Stats {
    serde_json::from_str(&ran.stdout()).expect("stats --json parses")
}

#[test]
fn drill_brings_back_a_missed_concept_when_due_and_a_good_answer_pushes_it_out() {
    let ran = first("2025-01-06", &["practice", "--question", "cache-what"])
        .stdin(WEAK)
        .run()
        .success();
    // The day of the miss: nothing due yet, two concepts due this week.
    let ran = next(ran, "2025-01-06", &["stats", "--json"])
        .run()
        .success();
    let s = stats(&ran);
    assert_eq!(
        (s.reviews.items, s.reviews.due_today, s.reviews.due_week),
        (2, 0, 2)
    );
    let ran = next(ran, "2025-01-06", &["drill"])
        .run()
        .success()
        .stdout_has("Nothing is due for review today. The next review is due on 2025-01-07.");

    // The next day both are due, and the drill asks the question that probes them.
    let ran = next(ran, "2025-01-07", &["stats", "--json"])
        .run()
        .success();
    assert_eq!(stats(&ran).reviews.due_today, 2);
    let ran = next(ran, "2025-01-07", &["drill"])
        .stdin(STRONG)
        .run()
        .success()
        .stdout_has("Drill: 1 question for the 2 concepts due for review.")
        .stdout_has("cache-what");
    // Answered well: pushed out beyond the week's first days, nothing due today.
    let ran = next(ran, "2025-01-07", &["stats", "--json"])
        .run()
        .success();
    let s = stats(&ran);
    assert_eq!((s.sessions, s.answers), (2, 2));
    assert_eq!((s.reviews.items, s.reviews.due_today), (2, 0));
    let ran = next(ran, "2025-01-08", &["stats", "--json"])
        .run()
        .success();
    assert_eq!(stats(&ran).reviews.due_today, 0);

    // Missed again later, in an ordinary practice session: it comes back the next day.
    let ran = next(ran, "2025-01-20", &["practice", "--question", "cache-what"])
        .stdin(WEAK)
        .run()
        .success();
    let ran = next(ran, "2025-01-20", &["stats", "--json"])
        .run()
        .success();
    assert_eq!(stats(&ran).reviews.due_today, 0);
    let ran = next(ran, "2025-01-21", &["stats", "--json"])
        .run()
        .success();
    assert_eq!(stats(&ran).reviews.due_today, 2);
}

#[test]
fn a_concept_that_keeps_failing_is_flagged_as_a_leech() {
    let mut ran = first("2025-01-01", &["practice", "--question", "cache-what"])
        .stdin(WEAK)
        .run()
        .success();
    // Missed every day it is due: each miss after the first is a lapse.
    for day in ["2025-01-02", "2025-01-03", "2025-01-04"] {
        ran = next(ran, day, &["drill"]).stdin(WEAK).run().success();
    }
    let ran = next(ran, "2025-01-04", &["stats", "--json"])
        .run()
        .success();
    let labels: Vec<String> = stats(&ran).leeches.into_iter().map(|l| l.label).collect();
    assert_eq!(
        labels,
        ["Full caches evict entries", "Cached data can be stale"]
    );
    next(ran, "2025-01-04", &["stats"])
        .run()
        .success()
        .stdout_has("Leeches")
        .stdout_has("3 lapses  Cached data can be stale (cache-what)");
}

/// The first day: a weak answer on caching, a short one on indexes, the rest skipped.
fn first_day() -> Ran {
    first(
        "2025-01-06",
        &[
            "practice",
            "--question",
            "cache-what",
            "--question",
            "db-index",
        ],
    )
    .stdin(format!("{WEAK}It makes lookups quicker.\n.\n/skip\n"))
    .run()
    .success()
}

/// Three sessions over two weeks on two topics.
fn three_sessions() -> Ran {
    let ran = first_day();
    let ran = next(
        ran,
        "2025-01-09",
        &["practice", "--question", "cache-invalidate"],
    )
    .stdin("Set a TTL so entries expire.\n.\n/skip\n")
    .run()
    .success();
    next(ran, "2025-01-15", &["drill", "--count", "2"])
        .stdin(format!("{STRONG}{STRONG}/skip\n"))
        .run()
        .success()
}

#[test]
fn stats_over_a_few_sessions_show_where_the_candidate_stands() {
    let ran = three_sessions();
    let ran = next(ran, "2025-01-16", &["stats", "--ascii"])
        .run()
        .success();
    insta::assert_snapshot!("stats_ascii", ran.stdout());
    // A UTF-8 terminal gets Unicode blocks.
    let ran = next(ran, "2025-01-16", &["stats", "--since", "2025-01-09"])
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .run()
        .success();
    insta::assert_snapshot!("stats_since_unicode", ran.stdout());
    // A terminal whose locale is not UTF-8 gets ASCII without asking.
    let ran = next(ran, "2025-01-16", &["stats"])
        .env("LC_ALL", "C")
        .run()
        .success()
        .stdout_has("############........  60")
        .stdout_lacks("█");
    // The same figures as a page with charts.
    let ran = next(ran, "2025-01-16", &["stats", "--output", "progress.html"])
        .run()
        .success()
        .stdout_has("Stats written to progress.html.");
    let page = ran.read("progress.html");
    assert_well_formed(&page);
    assert!(page.contains("<svg") && page.contains("Weakest concepts"));
    let ran = next(ran, "2025-01-16", &["stats", "--json"])
        .run()
        .success();
    let s = stats(&ran);
    assert_eq!(s.sessions, 3);
    assert!(!s.weakest.is_empty());
    // The cache is private, and rebuilding gives the same figures.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(ran.home().join("review-cache.json"))
            .expect("cache written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let before = ran.stdout();
    let ran = next(ran, "2025-01-16", &["stats", "--json", "--rebuild"])
        .run()
        .success();
    assert_eq!(ran.stdout(), before);
    let ran = next(ran, "2025-01-16", &["stats", "--since", "yesterday"])
        .run()
        .code_is(2)
        .stderr_has("--since yesterday: expected a date as YYYY-MM-DD");
    next(ran, "2025-01-16", &["stats", "--output", "progress.pdf"])
        .run()
        .code_is(2)
        .stderr_has("--output progress.pdf: unknown format");
}

#[test]
fn a_corrupt_or_truncated_journal_is_reported_and_skipped_and_the_rest_count() {
    let ran = first("2025-01-06", &["practice", "--question", "cache-what"])
        .stdin(WEAK)
        .run()
        .success();
    let sessions = ran.home().join("sessions");
    std::fs::write(
        sessions.join("20250101-000000.jsonl"),
        "{\"not\": \"a journal\n",
    )
    .expect("write corrupt journal");
    // A journal whose last line was torn mid-write.
    let good = std::fs::read_to_string(sessions.join("20250106-090000.jsonl")).expect("journal");
    let torn = &good[..good.len() - 25];
    std::fs::write(
        sessions.join("20250102-000000.jsonl"),
        torn.replace("20250106-090000", "20250102-000000"),
    )
    .expect("write torn journal");
    let ran = next(ran, "2025-01-07", &["stats", "--json"])
        .run()
        .code_is(0)
        .stderr_has("warning:")
        .stderr_has("20250101-000000.jsonl");
    let s = stats(&ran);
    assert_eq!(
        s.sessions, 2,
        "the good and the torn one count: {:?}",
        s.warnings
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("20250101-000000.jsonl"))
    );
    assert_eq!(s.reviews.due_today, 2);
}

#[test]
fn an_answer_graded_by_a_fallback_is_never_a_lapse() {
    let ran = first("2025-01-06", &["practice", "--question", "cache-what"])
        .stdin(WEAK)
        .run()
        .success();
    // The same weak answer, but its card says the configured grader failed.
    let path = ran.home().join("sessions/20250106-090000.jsonl");
    let journal = std::fs::read_to_string(&path).expect("journal");
    assert!(journal.contains("\"flags\":"));
    let marked = journal.replacen(
        "\"flags\":",
        "\"fallback\":\"the endpoint timed out\",\"flags\":",
        1,
    );
    std::fs::write(&path, marked).expect("rewrite journal");
    let ran = next(ran, "2025-01-07", &["stats", "--json"])
        .run()
        .success();
    let s = stats(&ran);
    assert_eq!((s.reviews.items, s.reviews.due_today), (0, 0));
    assert_eq!(s.not_counted.len(), 1);
    assert!(s.not_counted[0].why.contains("the endpoint timed out"));
    next(ran, "2025-01-07", &["drill"])
        .run()
        .success()
        .stdout_has("Nothing to review yet");
}

#[test]
fn items_of_a_question_removed_from_the_bank_are_retired_with_a_note() {
    let ran = first("2025-01-06", &["practice", "--question", "cache-what"])
        .stdin(WEAK)
        .run()
        .success();
    // Now only the embedded bank: `cache-what` is gone.
    let ran = ran
        .then(&["stats", "--json"])
        .env("GRILL_TODAY", "2025-01-07")
        .run()
        .success();
    let s = stats(&ran);
    assert_eq!(s.reviews.due_today, 0);
    assert_eq!(s.retired.len(), 2);
    assert_eq!(s.retired[0].question, "cache-what");
    assert!(
        s.retired[0].note.contains("no longer in the bank"),
        "{}",
        s.retired[0].note
    );
    ran.then(&["drill"])
        .env("GRILL_TODAY", "2025-01-07")
        .run()
        .success()
        .stdout_has("Nothing to review yet");
}

/// Checks that `html` is well-formed: every element closed in order (void elements aside),
/// attributes quoted, no script and nothing loaded from elsewhere.
fn assert_well_formed(html: &str) {
    const VOID: [&str; 4] = ["meta", "br", "hr", "img"];
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.to_lowercase().contains("<script"), "no scripts");
    for bad in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(!html.contains(bad), "nothing from the network: {bad}");
    }
    let mut stack: Vec<String> = Vec::new();
    let mut rest = &html["<!DOCTYPE html>".len()..];
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').expect("tag closed") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "a stray < inside a tag: {tag}");
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            let end = rest.find("</style>").expect("style closed");
            rest = &rest[end + "</style>".len()..];
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "left open: {stack:?}");
}

fn html_session() -> Ran {
    // An answer with markup in it, and a follow-up.
    first("2025-01-06", &["practice", "--question", "cache-what"])
        .stdin("<script>alert(1)</script> Reads are faster & cached data can be stale.\n.\nA full cache will evict entries.\n.\n")
        .run()
        .success()
}

#[test]
fn the_html_review_is_one_well_formed_self_contained_page() {
    let ran = html_session();
    let ran = next(
        ran,
        "2025-01-06",
        &[
            "review",
            "20250106-090000",
            "--format",
            "html",
            "--output",
            "review.html",
        ],
    )
    .run()
    .success();
    let html = ran.read("review.html");
    assert_well_formed(&html);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the answer is escaped"
    );
    assert!(html.contains("<svg"), "charts inline");
    assert!(html.contains("<mark class=\"hit\""), "evidence highlighted");
    assert!(html.contains(">faster</mark>"));
    assert!(
        html.contains("Cached data can be stale"),
        "concept labels shown"
    );
    assert!(html.contains("@media print"));
    // The file extension alone picks the format, and the history exports too.
    let ran = next(ran, "2025-01-06", &["review", "--output", "again.html"])
        .run()
        .success();
    assert_well_formed(&ran.read("again.html"));
    let ran = next(ran, "2025-01-06", &["history", "--format", "html"])
        .run()
        .success();
    assert_well_formed(&ran.stdout());
    let ran = next(ran, "2025-01-06", &["bank", "topics", "--format", "html"])
        .run()
        .success();
    assert_well_formed(&ran.stdout());
    let ran = next(ran, "2025-01-06", &["bank", "list", "--format", "html"])
        .run()
        .success();
    assert_well_formed(&ran.stdout());
    let ran = next(ran, "2025-01-06", &["history", "--json"])
        .run()
        .success();
    let rows: serde_json::Value = serde_json::from_str(&ran.stdout()).expect("json");
    assert_eq!(rows[0]["id"], "20250106-090000");
}

#[test]
fn the_html_review_renders_in_headless_chromium() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            std::process::Command::new("which")
                .arg(name)
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("skipped: no chromium on PATH to render the HTML export");
        return;
    };
    let ran = html_session();
    let ran = next(
        ran,
        "2025-01-06",
        &["review", "--format", "html", "--output", "review.html"],
    )
    .run()
    .success();
    let page = ran.dir().join("review.html");
    let profile = ran.dir().join("chromium-profile");
    let pdf = ran.dir().join("review.pdf");
    // Under `timeout`, so a wedged browser fails the test instead of hanging it.
    let output = std::process::Command::new("timeout")
        .args(["120", chromium])
        .args([
            "--headless",
            "--disable-dev-shm-usage",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        dom.contains("Score per question") && dom.contains("<mark"),
        "chromium rendered the page: {}\n{}",
        dom.chars().take(400).collect::<String>(),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !dom.contains("<script>alert"),
        "the answer's markup stayed text"
    );
    // And it prints.
    let printed = std::process::Command::new("timeout")
        .args(["120", chromium])
        .args([
            "--headless",
            "--disable-dev-shm-usage",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--print-to-pdf={}", pdf.display()),
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|_| {
        panic!(
            "no PDF printed: {}",
            String::from_utf8_lossy(&printed.stderr)
        )
    });
    assert!(bytes.starts_with(b"%PDF"), "a PDF was printed");
}

const LINKED_QUESTIONS: &str = r#"[[question]]
id = "ttl-a"
topic = "caching"
tier = "easy"
prompt = "How do cache entries go away on their own?"

[[question]]
id = "ttl-b"
topic = "caching"
tier = "medium"
prompt = "Your cache serves week-old prices. What setting would have prevented it?"
"#;

const LINKED_RUBRICS: &str = r#"[[rubric]]
question = "ttl-a"
model_answer = "Each entry gets a TTL and expires when it runs out."

[[rubric.concepts]]
id = "ttl"
label = "Entries expire after a time to live"
weight = 2
terms = ["ttl"]
any = ["expire after", "time to live runs out"]
follow_up = "What makes an entry leave the cache if nobody deletes it?"

[[rubric]]
question = "ttl-b"
model_answer = "A TTL, so prices expire after an hour."

[[rubric.concepts]]
id = "expiry"
label = "A TTL bounds how stale an entry can be"
weight = 2
terms = ["ttl"]
any = ["expire after", "bounds staleness"]
follow_up = "How long could a price stay wrong in the cache?"
"#;

#[test]
fn drill_prefers_a_question_not_yet_seen_that_probes_the_same_concept() {
    let on = |grill: Grill, day: &str| {
        grill
            .args(&["--no-default-bank", "--bank", "linked"])
            .env("GRILL_FAKE_CLOCK", "10")
            .env("GRILL_TODAY", day)
    };
    let ran = on(
        Grill::new(&["practice", "--question", "ttl-a"])
            .file("linked/question_bank/ttl.toml", LINKED_QUESTIONS)
            .file("linked/rubrics/ttl.toml", LINKED_RUBRICS),
        "2025-01-06",
    )
    .stdin("I do not know.\n.\n/skip\n")
    .run()
    .success();
    // The TTL concept is due: the drill asks ttl-b, which probes it and was never answered.
    let ran = on(ran.then(&["drill"]), "2025-01-07")
        .stdin("Entries expire after an hour, which bounds staleness.\n.\n")
        .run()
        .success()
        .stdout_has("Your cache serves week-old prices")
        .stdout_lacks("How do cache entries go away on their own?");
    // That answer reviewed the ttl-a item: recalled, so it is not due the next day.
    let ran = on(ran.then(&["stats", "--json"]), "2025-01-08")
        .run()
        .success();
    let s = stats(&ran);
    assert_eq!((s.reviews.items, s.reviews.due_today), (1, 0));
}

#[test]
fn a_drill_left_midway_resumes_like_any_interview() {
    let ran = first_day();
    // Input ends after the first of the two drill questions.
    let ran = next(ran, "2025-01-07", &["drill"])
        .stdin(STRONG)
        .run()
        .code_is(0)
        .stdout_has("Drill: 2 questions");
    let ran = next(ran, "2025-01-07", &["history", "--json"])
        .run()
        .success();
    let rows: serde_json::Value = serde_json::from_str(&ran.stdout()).expect("json");
    assert_eq!(rows[1]["status"], "unfinished");
    assert_eq!(rows[1]["questions"], 1);
    let id = rows[1]["id"].as_str().expect("id").to_owned();
    let ran = next(ran, "2025-01-07", &["resume"])
        .stdin("An index finds rows without a full scan, at the cost of slower writes.\n.\n/skip\n")
        .run()
        .code_is(0)
        .stdout_has(&id);
    let ran = next(ran, "2025-01-07", &["history", "--json"])
        .run()
        .success();
    let rows: serde_json::Value = serde_json::from_str(&ran.stdout()).expect("json");
    assert_eq!(rows[1]["status"], "finished");
    assert_eq!(rows[1]["questions"], 2);
}
