//! Choosing what to practise (`--question`, `--count`, `--time-limit`, `/topics`) and how a
//! session ends: every answered question counts however it ends, and a quit session reopens.

use crate::harness::{Grill, fixture};

/// `grill practice` on the interview test bank with a fake clock (10 s per line of input).
fn practice(extra: &[&str]) -> Grill {
    let bank = fixture("interview").display().to_string();
    Grill::new(&["practice", "--no-default-bank", "--bank", &bank])
        .args(extra)
        .env("GRILL_FAKE_CLOCK", "10")
}

/// Two cache questions, in this order.
const TWO: &[&str] = &["--question", "cache-what", "--question", "cache-invalidate"];

#[test]
fn quitting_during_a_follow_up_counts_the_answer_and_the_session_reopens() {
    // A 40/100 answer, then /quit while its follow-up waits.
    let ran = practice(TWO)
        .stdin("It makes reads faster.\n.\n/quit\n")
        .run()
        .success();
    insta::assert_snapshot!("quit_during_follow_up", ran.stdout());
    let stdout = ran.stdout();
    assert!(stdout.contains("Average 40/100"), "{stdout}");
    assert!(
        stdout.contains("- Cached data can be stale (caching, q1)"),
        "the open gap is in the study list: {stdout}"
    );

    let ran = ran.then(&["history"]).run().success();
    let history = ran.stdout();
    assert!(history.contains("1/2"), "{history}");
    assert!(history.contains("quit"), "{history}");

    let bank = fixture("interview").display().to_string();
    ran.then(&[
        "resume",
        "20250106-090000",
        "--no-default-bank",
        "--bank",
        &bank,
    ])
    .env("GRILL_FAKE_CLOCK", "10")
    .stdin("Users may see stale data.\n.\n/skip\n")
    .run()
    .success()
    .stdout_has("Resuming session 20250106-090000: 0 of 2 questions done.")
    .stdout_has("Follow-up:")
    .stdout_has("✓ Recovered Cached data can be stale")
    .stdout_has("Question 2/2")
    .stdout_has("That's the interview.");
}

#[test]
fn input_ending_during_a_follow_up_counts_the_answer() {
    let ran = practice(TWO)
        .stdin("It makes reads faster.\n.\n")
        .run()
        .success()
        .stdout_has("Average 40/100")
        .stdout_has("By topic")
        .stdout_has("Study list");
    let ran = ran.then(&["history"]).run().success();
    let history = ran.stdout();
    assert!(history.contains("1/2"), "{history}");
    assert!(history.contains("unfinished"), "{history}");
}

#[test]
fn a_follow_up_answer_recovers_every_missing_concept_it_covers() {
    let ran = practice(&["--question", "cache-what"])
        .stdin("It makes reads faster.\n.\nUsers may see stale data, and a full cache evicts by LRU.\n.\n")
        .run()
        .success()
        .stdout_has("✓ Recovered Cached data can be stale: \"stale\" (+20 recovered).")
        .stdout_has("✓ Recovered Full caches evict entries: \"evicts\" (+10 recovered). Question 1 now scores 70/100 (40 + 30).");
    // Nothing is left to study.
    assert!(!ran.stdout().contains("Study list"), "{}", ran.stdout());
}

#[test]
fn a_count_larger_than_the_matching_questions_is_lowered_with_a_notice() {
    let ran = practice(&["--topic", "caching", "--count", "10", "--seed", "1"])
        .stdin("/skip\n/skip\n/skip\n")
        .run()
        .code_is(0)
        .stdout_has("grill 3 questions")
        .stderr_has("only 3 questions match your choices, so the interview has 3, not 10.")
        .stdout_has("Question 1/3")
        .stdout_has("That's the interview.");
    assert!(!ran.stdout().contains("Question 1/10"), "{}", ran.stdout());
}

#[test]
fn question_practises_exactly_those_in_order() {
    practice(&["--question", "cache-invalidate", "--question", "cache-what"])
        .stdin("/skip\n/skip\n")
        .run()
        .success()
        .stdout_has("grill 2 questions")
        .stdout_has("Question 1/2 · caching · medium")
        .stdout_has("Question 2/2 · caching · easy");
    practice(&["--question", "cache-wat"])
        .run()
        .code_is(2)
        .stderr_has("--question cache-wat: no such question; did you mean `cache-what`?");
}

#[test]
fn time_limit_overrides_every_question_limit() {
    practice(&["--question", "cache-what", "--time-limit", "30"])
        .stdin("Reads are faster.\nand more.\nand more.\nand more.\n.\n/skip\n")
        .run()
        .success()
        .stdout_has("· timed ·")
        .stdout_has("0:30 limit")
        .stdout_has("took 0:20 past its 0:30 limit");
}

#[test]
fn question_limits_are_capped_by_the_session_time_left() {
    practice(&["--question", "cache-stampede", "--session-minutes", "1"])
        .stdin("/skip\n")
        .run()
        .success()
        .stdout_has("1:00 limit");
}

#[test]
fn a_report_path_that_cannot_be_written_is_refused_before_the_first_question() {
    let ran = practice(&["--report", "/nonexistent/dir/out.md"])
        .stdin("/quit\n")
        .run()
        .code_is(2)
        .stderr_has("--report /nonexistent/dir/out.md: no folder /nonexistent/dir");
    assert!(!ran.stdout().contains("Question 1"), "{}", ran.stdout());
}

#[test]
fn topics_lists_the_bank_topics_with_counts() {
    practice(&["--topic", "caching", "--seed", "1", "--count", "1"])
        .stdin("/topics\n/skip\n")
        .run()
        .success()
        .stdout_has("Topics")
        .stdout_has("caching      3 questions  · in this interview");
}

#[test]
fn a_file_given_as_a_bank_folder_says_so() {
    Grill::new(&["bank", "list", "--bank", "/etc/passwd"])
        .run()
        .code_is(2)
        .stderr_has("--bank /etc/passwd: is a file, not a folder");
}

#[test]
fn a_missing_input_file_is_a_usage_error_like_a_missing_bank() {
    Grill::new(&["grade", "--input", "/nonexistent/answers.jsonl"])
        .run()
        .code_is(2)
        .stderr_has("--input /nonexistent/answers.jsonl: cannot open it");
    Grill::new(&["calibrate", "--input", "/nonexistent/answers.jsonl"])
        .run()
        .code_is(2);
    Grill::new(&["bank", "list", "--bank", "/nonexistent"])
        .run()
        .code_is(2);
}

#[test]
fn calibrate_prints_a_negative_intercept_with_a_minus() {
    // Human grades that fall as scores rise give a negative slope and a positive intercept;
    // grades below what the score predicts give a negative intercept.
    let lines = [
        r#"{"question": "cache-what", "answer": "Reads are faster, data can be stale, and full caches evict by LRU.", "human": 2.0}"#,
        r#"{"question": "cache-what", "answer": "It makes reads faster.", "human": 0.1}"#,
        r#"{"question": "cache-what", "answer": "No idea.", "human": 0.0}"#,
    ]
    .join("\n");
    let bank = fixture("interview").display().to_string();
    let ran = Grill::new(&[
        "calibrate",
        "--input",
        "-",
        "--no-default-bank",
        "--bank",
        &bank,
    ])
    .stdin(lines)
    .run()
    .success();
    let stdout = ran.stdout();
    assert!(!stdout.contains("+ -"), "{stdout}");
    assert!(stdout.contains("x score - 0.276)"), "{stdout}");
}

/// `grill config show` with this config file and extra environment.
fn config_show(file: &str, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut grill = Grill::new(&["config", "show"]).file(".grill-home/config.toml", file);
    for (key, value) in env {
        grill = grill.env(key, value);
    }
    grill.args(args).run().success().stdout()
}

#[test]
fn settings_come_from_flags_then_environment_then_file_then_defaults() {
    let file = "# my defaults\ntier = \"easy\"\ncount = 3\ntimed = true\ncolor = \"always\"\nhistory = false\n";
    let shown = config_show(file, &[], &[]);
    assert!(shown.contains("tier = easy"), "{shown}");
    assert!(shown.contains("config.toml:2"), "{shown}");
    assert!(shown.contains("count = 3"), "{shown}");
    assert!(shown.contains("history = false"), "{shown}");
    // NO_COLOR (set by the harness) is the environment, above the file.
    assert!(shown.contains("color = never"), "{shown}");
    assert!(shown.contains("# environment NO_COLOR"), "{shown}");
    assert!(shown.contains("session_minutes = none"), "{shown}");
    assert!(shown.contains("# default"), "{shown}");

    let shown = config_show(file, &[("GRILL_COUNT", "7"), ("GRILL_TIER", "hard")], &[]);
    assert!(shown.contains("count = 7"), "{shown}");
    assert!(shown.contains("# environment GRILL_COUNT"), "{shown}");
    assert!(shown.contains("tier = hard"), "{shown}");

    // A flag beats the environment and the file: the interview asks what the flag says.
    let bank = fixture("interview").display().to_string();
    Grill::new(&[
        "--no-default-bank",
        "--bank",
        &bank,
        "--count",
        "2",
        "--seed",
        "1",
    ])
    .file(".grill-home/config.toml", file)
    .env("GRILL_COUNT", "7")
    .stdin("/skip\n/skip\n")
    .run()
    .success()
    .stdout_has("grill 2 questions · easy tier · timed");
    // With no flag, the file's count and tier apply.
    Grill::new(&["--no-default-bank", "--bank", &bank, "--seed", "1"])
        .file(".grill-home/config.toml", file)
        .stdin("/quit\n")
        .run()
        .success()
        .stdout_has("grill 3 questions · easy tier · timed");
}

#[test]
fn an_unknown_config_key_is_an_error_on_its_line_with_a_suggestion() {
    Grill::new(&["config", "show"])
        .file(
            ".grill-home/config.toml",
            "count = 3\ntopic = [\"caching\"]\n",
        )
        .run()
        .code_is(2)
        .stderr_has("config.toml:2: unknown key `topic`; did you mean `topics`?");
    Grill::new(&["history"])
        .file(".grill-home/config.toml", "count = 0\n")
        .run()
        .code_is(2)
        .stderr_has("config.toml:1: count: 0 is not in 1..=200");
}

#[test]
fn config_path_names_the_file() {
    let ran = Grill::new(&["config", "path"]).run().success();
    assert!(
        ran.stdout().trim_end().ends_with(".grill-home/config.toml"),
        "{}",
        ran.stdout()
    );
}

#[test]
fn completion_scripts_offer_topics_and_question_ids() {
    let bank = fixture("interview").display().to_string();
    let ran = Grill::new(&["completions", "fish", "--no-default-bank", "--bank", &bank])
        .run()
        .success();
    let script = ran.stdout();
    // The bank's topics and ids are the values offered; the help text names neither.
    for value in ["caching", "databases", "cache-what", "db-isolation"] {
        assert!(script.contains(value), "no {value} in the script");
    }
}

#[test]
fn review_and_both_report_formats_carry_the_misconceptions_found() {
    let ran = practice(&["--question", "cache-what", "--report", "out.md"])
        .stdin("Cache everything: reads are faster.\n.\n/skip\n")
        .run()
        .success();
    let markdown = ran.read("out.md");
    assert!(
        markdown
            .contains("- Misconception: Thinks caching always helps (-10): \"Cache everything\""),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Serves repeat reads faster | 2 | hit | \"faster\" |  |"),
        "{markdown}"
    );
    let ran = ran.then(&["review"]).run().success();
    let review = ran.stdout();
    assert!(
        review.contains("  ! Thinks caching always helps (-10): \"Cache everything\""),
        "{review}"
    );
    assert!(
        review.contains("  ✗ Cached data can be stale [weight 2] (missed)"),
        "{review}"
    );
    let ran = ran.then(&["review", "--json"]).run().success();
    let json: serde_json::Value = serde_json::from_str(&ran.stdout()).expect("JSON");
    assert_eq!(
        json["questions"][0]["misconceptions"][0]["label"],
        "Thinks caching always helps"
    );
}

#[test]
fn reports_say_why_partial_credit_was_withdrawn() {
    let question = r#"
[[question]]
id = "pw"
topic = "security"
tier = "easy"
prompt = "How should a service store passwords?"
"#;
    let rubric = r#"
[[rubric]]
question = "pw"
model_answer = "Hash each password with a slow password hash and a unique salt per user."

[[rubric.concepts]]
id = "hash"
label = "A slow password hash"
any = ["slow password hash"]
follow_up = "Which kind of hash?"

[[rubric.concepts]]
id = "salt"
label = "A unique salt per user"
any = ["unique salt per user"]
follow_up = "What else goes into each hash?"

[[rubric.misconceptions]]
label = "Encrypts passwords instead of hashing them"
any = ["encrypt passwords"]
penalty = 10
"#;
    let ran = Grill::new(&[
        "practice",
        "--no-default-bank",
        "--bank",
        "b",
        "--question",
        "pw",
        "--report",
        "out.md",
    ])
    .env("GRILL_FAKE_CLOCK", "10")
    .file("b/question_bank/q.toml", question)
    .file("b/rubrics/r.toml", rubric)
    .stdin("Use a slow password hash, and each user gets a salt. Or just encrypt passwords with AES.\n.\n/skip\n")
    .run()
    .success();
    let note = "A stated misconception withdraws the benefit of the doubt: partly covered concepts, and single words in the clause that states it, earn nothing.";
    assert!(ran.stdout().contains(note), "{}", ran.stdout());
    let markdown = ran.read("out.md");
    assert!(
        markdown.contains(&format!("- Note: {note} (\"A unique salt per user\")")),
        "{markdown}"
    );
    let ran = ran.then(&["review"]).run().success();
    assert!(
        ran.stdout()
            .contains(&format!("  {note} (\"A unique salt per user\")")),
        "{}",
        ran.stdout()
    );
    let ran = ran.then(&["review", "--json"]).run().success();
    let json: serde_json::Value = serde_json::from_str(&ran.stdout()).expect("JSON");
    assert_eq!(json["questions"][0]["flags"][0]["kind"], "contradicted");
    assert_eq!(
        json["questions"][0]["flags"][0]["evidence"][0],
        "A unique salt per user"
    );
}
