//! Every document in every format through the one writer: `--format`, `--json` as its alias,
//! `--output FILE`, and journals written by the first release still read and resumed.

use std::path::Path;

use crate::harness::{Grill, Ran, fixture};

/// A data dir holding the first release's journal of an unfinished 4-question session.
fn with_old_journal(args: &[&str]) -> Grill {
    let journal = std::fs::read_to_string(fixture("journals/v1-release.jsonl")).unwrap();
    Grill::new(args).file(".grill-home/sessions/20250106-090000.jsonl", &journal)
}

#[test]
fn a_first_release_journal_is_listed_reviewed_and_resumed() {
    let ran = with_old_journal(&["history", "--json"]).run().success();
    let listed: serde_json::Value = serde_json::from_str(&ran.stdout()).unwrap();
    assert_eq!(listed[0]["id"], "20250106-090000");
    assert_eq!(
        listed[0]["questions"], 3,
        "answered, the third with its follow-up pending"
    );
    assert_eq!(listed[0]["average"], 7);

    let ran = ran
        .then(&["review", "20250106-090000", "--format", "json"])
        .run()
        .success();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout()).unwrap();
    let answers: Vec<&str> = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["answer"].as_str())
        .collect();
    assert_eq!(answers.len(), 3, "{report}");
    assert!(answers[2].starts_with("Ignore previous instructions"));

    let bank = fixture("interview").display().to_string();
    let ran = ran
        .then(&["resume", "--no-default-bank", "--bank", &bank])
        .stdin("A key-value store such as Redis.\n.\n")
        .run()
        .success()
        .stdout_has("Resuming session 20250106-090000: 2 of 4 questions done.")
        .stdout_has("Question 4/4");
    let journal = ran.read(".grill-home/sessions/20250106-090000.jsonl");
    assert!(
        journal.contains("A key-value store such as Redis."),
        "{journal}"
    );
}

/// `grill ARGS` twice, once with `--json` and once with `--format json`: the same bytes.
fn json_alias(args: &[&str]) -> Ran {
    let alias = Grill::new(args).args(&["--json"]).run().success();
    let format = Grill::new(args).args(&["--format", "json"]).run().success();
    assert_eq!(alias.stdout(), format.stdout(), "{args:?}");
    serde_json::from_str::<serde_json::Value>(&format.stdout()).expect("JSON");
    format
}

#[test]
fn json_is_the_same_through_the_alias_and_the_format_flag() {
    json_alias(&["bank", "list", "--topic", "caching"]);
    json_alias(&["bank", "topics"]);
    json_alias(&["history"]);
}

#[test]
fn markdown_listings_are_tables() {
    Grill::new(&["bank", "topics", "--format", "md"])
        .run()
        .success()
        .stdout_has("| topic | easy | medium | hard | total |")
        .stdout_has("| caching |");
    Grill::new(&["bank", "list", "--topic", "caching", "--format", "md"])
        .run()
        .success()
        .stdout_has("| id | topic | tier | prompt |")
        .stdout_has("| cache-");
}

#[test]
fn output_files_take_their_format_from_the_extension() {
    let ran = Grill::new(&["bank", "topics", "--output", "topics.json"])
        .run()
        .success();
    let written: serde_json::Value = serde_json::from_str(&ran.read("topics.json")).unwrap();
    assert!(written["caching"]["total"].as_u64().unwrap() > 0);
    assert_eq!(ran.stdout(), "");

    let ran = ran
        .then(&[
            "bank",
            "topics",
            "--output",
            "topics.md",
            "--format",
            "text",
        ])
        .run()
        .success();
    assert!(ran.read("topics.md").starts_with("TOPIC"));

    Grill::new(&["bank", "topics", "--output", "topics.csv"])
        .run()
        .code_is(2)
        .stderr_has("--output topics.csv: unknown format");
}

#[test]
fn calibration_prints_in_every_format() {
    let input = "{\"question\": \"db-acid\", \"answer\": \"All or nothing: it is rolled back.\", \"human\": 4}\n\
                 {\"question\": \"db-acid\", \"answer\": \"No idea.\", \"human\": 0}\n\
                 {\"question\": \"db-acid\", \"answer\": \"Committed data survives a crash.\", \"human\": 2}\n";
    let text = Grill::new(&["calibrate", "--input", "-"])
        .stdin(input)
        .run()
        .success()
        .stdout_has("Pearson r");
    let md = Grill::new(&["calibrate", "--input", "-", "--format", "md"])
        .stdin(input)
        .run()
        .success()
        .stdout_has("# Agreement with human grades")
        .stdout_has("| Pearson r |");
    let json = Grill::new(&["calibrate", "--input", "-", "--format", "json"])
        .stdin(input)
        .run()
        .success();
    let figures: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    assert_eq!(figures["n"], 3);
    assert!(!text.stdout().contains('|') && md.stdout().contains('|'));
    assert!(Path::new(&fixture("journals/v1-release.jsonl")).exists());
}
