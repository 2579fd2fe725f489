//! `grill bank ...` and bank loading: validation messages and locations, extra banks, output.

use serde::Deserialize;

use crate::harness::{Grill, fixture};

const TOPICS: [&str; 11] = [
    "api-design",
    "architecture",
    "caching",
    "databases",
    "distributed-systems",
    "messaging",
    "observability",
    "performance",
    "reliability",
    "security",
    "system-design",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    id: String,
    topic: String,
    tier: String,
    prompt: String,
    time_limit_secs: u32,
    tags: Vec<String>,
    hints: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Counts {
    easy: usize,
    medium: usize,
    hard: usize,
    total: usize,
}

fn broken() -> String {
    fixture("broken").display().to_string()
}

#[test]
fn validate_reports_every_mistake_with_its_location() {
    let ran = Grill::new(&["bank", "validate", "--no-default-bank", "--bank", &broken()])
        .run()
        .code_is(2);
    let stderr = ran.stderr();
    let q = format!("{}/question_bank/alpha.toml", broken());
    let s = format!("{}/question_bank/syntax.toml", broken());
    let r = format!("{}/rubrics/alpha.toml", broken());
    let expected = [
        format!("{q}:5:1: error: unknown field `promt` in [[question]]; did you mean `prompt`?"),
        format!("{q}:8:1: error: missing required field `tier` in [[question]]"),
        format!("{q}:14:6: error: duplicate question id `alpha-one`: already defined at {q}:2:6"),
        format!(
            "{q}:22:8: error: field `tier` in [[question]]: unknown tier `expert`: expected easy, medium or hard"
        ),
        format!("{q}:26:6: error: question `alpha-four` has no rubric"),
        format!("{s}:4:13: error: TOML syntax error"),
        format!(
            "{r}:3:13: error: field `pass_mark` in [[rubric]] must be between 0 and 100, found 120"
        ),
        format!(
            "{r}:9:10: error: field `weight` in [[rubric.concepts]] must be a positive number no larger than 1000, found 0"
        ),
        format!("{r}:16:7: error: field `any` in [[rubric.concepts]] is empty"),
        format!("{r}:22:22: error: phrase \"--\" in [[rubric.concepts]] has no words to match"),
        format!("{r}:27:7: error: example band is empty: min 80 is greater than max 40"),
        format!("{r}:31:12: error: rubric for unknown question `alpha-ghost`"),
    ];
    for line in &expected {
        assert!(
            stderr.contains(line.as_str()),
            "missing {line:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr.ends_with("error: the question bank has 12 problems\n"),
        "{stderr}"
    );
    assert!(ran.stdout().is_empty());
}

const ONE_QUESTION: &str = r#"
[[question]]
id = "solo"
topic = "api-design"
tier = "easy"
prompt = "What is a resource?"
"#;

#[test]
fn duplicate_concept_ids_and_missing_fields_are_located() {
    let rubric = r#"
[[rubric]]
question = "solo"

[[rubric.concepts]]
id = "noun"
label = "A noun"
any = ["noun"]
follow_up = "Which noun?"

[[rubric.concepts]]
id = "noun"
label = "Again"
any = ["thing"]
follow_up = "Which thing?"
wieght = 2
"#;
    Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", ONE_QUESTION)
        .file("b/rubrics/r.toml", rubric)
        .run()
        .code_is(2)
        .stderr_has("b/rubrics/r.toml:2:1: error: missing required field `model_answer` in [[rubric]]")
        .stderr_has("b/rubrics/r.toml:12:6: error: duplicate concept id `noun` in this rubric")
        .stderr_has("b/rubrics/r.toml:16:1: error: unknown field `wieght` in [[rubric.concepts]]; did you mean `weight`?")
        .stderr_has("the question bank has 3 problems");
}

#[test]
fn ids_must_be_unique_across_banks_naming_both_files() {
    Grill::new(&["bank", "list", "--no-default-bank", "--bank", "one", "--bank", "two"])
        .file("one/question_bank/q.toml", ONE_QUESTION)
        .file("one/rubrics/r.toml", &rubric_for("solo"))
        .file("two/question_bank/q.toml", ONE_QUESTION)
        .file("two/rubrics/r.toml", &rubric_for("other"))
        .run()
        .code_is(2)
        .stderr_has("two/question_bank/q.toml:3:6: error: duplicate question id `solo`: already defined at one/question_bank/q.toml:3:6")
        .stderr_has("two/rubrics/r.toml:3:12: error: rubric for unknown question `other`");
}

fn rubric_for(id: &str) -> String {
    format!(
        "\n[[rubric]]\nquestion = \"{id}\"\nmodel_answer = \"A thing.\"\n\n[[rubric.concepts]]\nid = \"thing\"\nlabel = \"A thing\"\nany = [\"thing\"]\nfollow_up = \"What thing?\"\n"
    )
}

#[test]
fn a_folder_that_is_not_a_bank_is_a_usage_error() {
    Grill::new(&["bank", "list", "--bank", "nowhere"])
        .run()
        .code_is(2)
        .stderr_has("--bank nowhere: no such folder");
    Grill::new(&["bank", "list", "--bank", "empty"])
        .file("empty/readme.txt", "hi")
        .run()
        .code_is(2)
        .stderr_has("--bank empty: not a bank folder: it must hold question_bank/ and rubrics/");
}

#[test]
fn the_embedded_bank_validates() {
    Grill::new(&["bank", "validate"])
        .run()
        .success()
        .stdout_has("ok: ")
        .stdout_has("no problems found");
}

#[test]
fn the_embedded_bank_lists_from_an_empty_directory_and_covers_every_topic() {
    let ran = Grill::new(&["bank", "list", "--json"]).run().success();
    let listed: Vec<Listed> = serde_json::from_str(&ran.stdout()).expect("JSON list");
    assert!(listed.len() >= 22, "only {} questions", listed.len());
    for topic in TOPICS {
        let n = listed.iter().filter(|q| q.topic == topic).count();
        assert!(n >= 2, "topic {topic} has {n} questions");
    }
    for q in &listed {
        assert!(["easy", "medium", "hard"].contains(&q.tier.as_str()));
        assert!(q.hints >= 1, "{} has no hint", q.id);
        assert!(!q.prompt.is_empty() && q.time_limit_secs > 0);
    }
    Grill::new(&["bank", "list"])
        .run()
        .success()
        .stdout_has("ID")
        .stdout_has("PROMPT")
        .stdout_has(&listed[0].id);
}

#[test]
fn an_added_bank_joins_the_embedded_one_and_filters_apply() {
    let extra = fixture("extra").display().to_string();
    let ran = Grill::new(&[
        "bank",
        "list",
        "--json",
        "--bank",
        &extra,
        "--topic",
        "api-design",
        "--tier",
        "medium",
    ])
    .run()
    .success();
    let listed: Vec<Listed> = serde_json::from_str(&ran.stdout()).unwrap();
    assert!(listed.iter().any(|q| q.id == "extra-idempotency"));
    assert!(
        listed
            .iter()
            .all(|q| q.topic == "api-design" && q.tier == "medium")
    );
    let only: Vec<Listed> = serde_json::from_str(
        &Grill::new(&[
            "bank",
            "list",
            "--json",
            "--no-default-bank",
            "--bank",
            &extra,
        ])
        .run()
        .success()
        .stdout(),
    )
    .unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].time_limit_secs, 240);
    assert_eq!(only[0].tags, ["payments"]);
}

#[test]
fn unknown_topic_is_a_usage_error_with_a_suggestion() {
    Grill::new(&["bank", "list", "--topic", "cachng"])
        .run()
        .code_is(2)
        .stderr_has("--topic cachng: no such topic; did you mean `caching`?");
}

#[test]
fn topics_counts_per_tier() {
    let ran = Grill::new(&["bank", "topics", "--json"]).run().success();
    let counts: std::collections::BTreeMap<String, Counts> =
        serde_json::from_str(&ran.stdout()).unwrap();
    for topic in TOPICS {
        let c = &counts[topic];
        assert_eq!(c.easy + c.medium + c.hard, c.total);
    }
    Grill::new(&["bank", "topics"])
        .run()
        .success()
        .stdout_has("TOPIC")
        .stdout_has("system-design");
}

#[test]
fn show_hides_the_rubric_unless_revealed() {
    let extra = fixture("extra").display().to_string();
    Grill::new(&[
        "bank",
        "show",
        "extra-idempotency",
        "--no-default-bank",
        "--bank",
        &extra,
    ])
    .run()
    .success()
    .stdout_has("Why should a payment API accept an idempotency key?")
    .stdout_has("Think about what a client does when a request times out.")
    .stdout_has("[3] The server stores the first result and replays it")
    .stdout_lacks("deduplicate")
    .stdout_lacks("charged once");
    Grill::new(&[
        "bank",
        "show",
        "extra-idempotency",
        "--reveal",
        "--no-default-bank",
        "--bank",
        &extra,
    ])
    .run()
    .success()
    .stdout_has("deduplicate")
    .stdout_has("What does the server keep under the key")
    .stdout_has("Model answer");
}

#[test]
fn show_of_an_unknown_id_suggests_the_closest() {
    let extra = fixture("extra").display().to_string();
    Grill::new(&[
        "bank",
        "show",
        "extra-idempotncy",
        "--no-default-bank",
        "--bank",
        &extra,
    ])
    .run()
    .code_is(2)
    .stderr_has("no question with id `extra-idempotncy`; did you mean `extra-idempotency`?");
}

#[test]
fn help_version_and_completions() {
    Grill::new(&["--help"])
        .run()
        .success()
        .stdout_has("Usage: grill")
        .stdout_has("bank");
    Grill::new(&["bank", "--help"])
        .run()
        .success()
        .stdout_has("validate");
    Grill::new(&["--version"])
        .run()
        .success()
        .stdout_has(env!("CARGO_PKG_VERSION"));
    for shell in ["bash", "zsh", "fish", "powershell"] {
        Grill::new(&["completions", shell])
            .run()
            .success()
            .stdout_has("grill");
    }
    Grill::new(&["--color", "sometimes"])
        .run()
        .code_is(2)
        .stderr_has("--color");
}

#[test]
fn color_never_and_no_color_give_plain_output() {
    let ran = Grill::new(&["bank", "topics", "--color", "always"])
        .run()
        .success();
    assert!(ran.stdout().contains("\u{1b}["), "always should colour");
    let ran = Grill::new(&["bank", "topics"]).run().success();
    assert!(
        !ran.stdout().contains("\u{1b}["),
        "NO_COLOR should win in auto"
    );
}

/// The TOML blocks under "A complete example bank" in docs/FORMAT.md, questions then rubrics.
fn format_doc_example() -> (String, String) {
    let doc = std::fs::read_to_string(crate::harness::repo().join("docs/FORMAT.md")).unwrap();
    let example = doc
        .split("## A complete example bank")
        .nth(1)
        .expect("the example section");
    let blocks: Vec<&str> = example
        .split("```toml\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2, "a question file and a rubric file");
    (blocks[0].to_owned(), blocks[1].to_owned())
}

#[test]
fn the_format_doc_example_bank_validates_and_passes_its_self_tests() {
    let (questions, rubrics) = format_doc_example();
    let ran = Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "my-bank"])
        .file("my-bank/question_bank/api-design.toml", &questions)
        .file("my-bank/rubrics/api-design.toml", &rubrics)
        .run()
        .success();
    ran.then(&["bank", "test", "--no-default-bank", "--bank", "my-bank"])
        .run()
        .success()
        .stdout_has("2 examples in 1 rubrics: 2 passed, 0 outside their band");
}

/// A question whose prompt and hint retitle the window (OSC 0), clear the screen and flip text
/// direction, written with TOML escapes so the file itself is plain text.
const HOSTILE: &str = r#"
[[question]]
id = "hostile"
topic = "api-design"
tier = "easy"
prompt = "Title\u001B]0;pwned\u0007 then\u001B[2J\u001B[H cleared\u202Egnp.exe"
hints = ["bell\u0007 and CSI\u009B31m"]
"#;

#[test]
fn bank_text_with_escape_sequences_is_neutralised_on_the_terminal_but_exact_in_json() {
    let setup = |args: &[&str]| {
        Grill::new(&["--no-default-bank", "--bank", "b"])
            .args(args)
            .file("b/question_bank/q.toml", HOSTILE)
            .file("b/rubrics/r.toml", &rubric_for("hostile"))
    };
    let visible = r"Title\e]0;pwned\x07 then\e[2J\e[H cleared\u{202e}gnp.exe";
    for color in ["never", "always"] {
        let ran = setup(&["bank", "show", "hostile", "--color", color])
            .run()
            .success()
            .stdout_has(visible)
            .stdout_has(r"bell\x07 and CSI\u{9b}31m");
        let out = ran.stdout();
        for raw in ["\u{1b}]", "\u{1b}[2J", "\u{7}", "\u{9b}", "\u{202e}"] {
            assert!(
                !out.contains(raw),
                "{raw:?} printed raw with --color {color}:\n{out}"
            );
        }
        let ran = setup(&["bank", "list", "--color", color])
            .run()
            .success()
            .stdout_has(visible);
        assert!(!ran.stdout().contains("\u{1b}]0"), "{}", ran.stdout());
    }
    let ran = setup(&["bank", "list", "--json"]).run().success();
    let listed: Vec<Listed> = serde_json::from_str(&ran.stdout()).unwrap();
    assert_eq!(
        listed[0].prompt,
        "Title\u{1b}]0;pwned\u{7} then\u{1b}[2J\u{1b}[H cleared\u{202e}gnp.exe"
    );
}

#[test]
fn error_messages_quoting_a_bank_file_neutralise_its_escapes() {
    let question = ONE_QUESTION.replace(r#"id = "solo""#, r#"id = "so\u001B]0;x\u0007lo""#);
    let ran = Grill::new(&[
        "bank",
        "validate",
        "--no-default-bank",
        "--bank",
        "b",
        "--color",
        "always",
    ])
    .file("b/question_bank/q.toml", &question)
    .file("b/rubrics/r.toml", &rubric_for("solo"))
    .run()
    .code_is(2)
    .stderr_has(r"question id `so\e]0;x\x07lo` may use only lowercase letters");
    assert!(!ran.stderr().contains("\u{1b}]0"), "{}", ran.stderr());
    // A quoted key holding a line break cannot forge a line of its own.
    let question = ONE_QUESTION.replace("[[question]]", "[[question]]\n\"x\\nerror: forged\" = 1");
    let ran = Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", &question)
        .file("b/rubrics/r.toml", &rubric_for("solo"))
        .run()
        .code_is(2)
        .stderr_has(r"error: unknown field `x\nerror: forged` in [[question]]");
    assert!(
        !ran.stderr().contains("\nerror: forged"),
        "{}",
        ran.stderr()
    );
}

const THREE_QUESTIONS: &str = r#"
[[question]]
id = "q-one"
topic = "api-design"
tier = "easy"
prompt = "One?"

[[question]]
id = "q-two"
topic = "api-design"
tier = "easy"
prompt = "Two?"

[[question]]
id = "q-three"
topic = "api-design"
tier = "easy"
prompt = "Three?"
"#;

fn rubrics_for(ids: &[&str]) -> String {
    ids.iter().map(|id| rubric_for(id)).collect()
}

#[test]
fn invalid_utf8_is_located_at_its_first_bad_byte_and_other_files_are_still_checked() {
    let grill = Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/ok.toml", ONE_QUESTION)
        .file(
            "b/rubrics/r.toml",
            &rubrics_for(&["solo", "q-one", "q-two", "q-three"]).replacen(
                "model_answer",
                "pass_mark = 120\nmodel_answer",
                1,
            ),
        );
    // Latin-1 "café" on line 6, column 13 (counted in characters).
    let latin1 = THREE_QUESTIONS.replace("prompt = \"One?\"", "prompt = \"caf\u{1}\"");
    let bytes: Vec<u8> = latin1
        .bytes()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect();
    std::fs::write(grill.dir().join("b/question_bank/latin1.toml"), bytes).unwrap();
    let ran = grill
        .run()
        .code_is(2)
        .stderr_has("b/question_bank/latin1.toml:6:14: error: invalid UTF-8 (byte 0xE9)")
        .stderr_has("b/rubrics/r.toml:4:13: error: field `pass_mark` in [[rubric]] must be between 0 and 100")
        .stderr_has("the question bank has 2 problems");
    assert!(
        !ran.stderr().contains("unknown question"),
        "{}",
        ran.stderr()
    );
}

#[test]
fn a_syntax_error_in_a_rubric_file_is_not_followed_by_missing_rubric_errors() {
    let broken = rubrics_for(&["q-one", "q-two", "q-three"]).replacen("\"q-two\"", "\"q-two", 1);
    let ran = Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", THREE_QUESTIONS)
        .file("b/rubrics/r.toml", &broken)
        .run()
        .code_is(2)
        .stderr_has("b/rubrics/r.toml:")
        .stderr_has("error: TOML syntax error")
        .stderr_has("the question bank has 1 problem\n");
    assert!(!ran.stderr().contains("has no rubric"), "{}", ran.stderr());
}

#[test]
fn a_syntax_error_in_a_question_file_is_not_followed_by_unknown_question_errors() {
    let broken = THREE_QUESTIONS.replacen("tier = \"easy\"", "tier = \"easy", 1);
    let ran = Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", &broken)
        .file(
            "b/rubrics/r.toml",
            &rubrics_for(&["q-one", "q-two", "q-three"]),
        )
        .file("b/rubrics/ghost.toml", &rubric_for("ghost"))
        .run()
        .code_is(2)
        .stderr_has("b/question_bank/q.toml:5:13: error: TOML syntax error")
        // A rubric whose question is named nowhere is still reported.
        .stderr_has("b/rubrics/ghost.toml:3:12: error: rubric for unknown question `ghost`")
        .stderr_has("the question bank has 2 problems");
    assert_eq!(
        ran.stderr().matches("unknown question").count(),
        1,
        "{}",
        ran.stderr()
    );
}

#[test]
fn oversized_files_and_fields_are_refused_with_their_location() {
    let long_prompt = ONE_QUESTION.replace("What is a resource?", &"why? ".repeat(1000));
    let phrases: Vec<String> = (0..101).map(|n| format!("\"word{n}\"")).collect();
    let rubric = rubric_for("solo").replace(
        "any = [\"thing\"]",
        &format!("any = [{}]", phrases.join(", ")),
    ) + &rubric_for("solo-two").replace(
        "any = [\"thing\"]",
        &format!("any = [\"{}\"]", "x".repeat(201)),
    );
    let huge = format!(
        "{}\n{}",
        ONE_QUESTION.replace("solo", "big"),
        "# padding\n".repeat(220_000)
    );
    Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", &long_prompt)
        .file("b/question_bank/q2.toml", &ONE_QUESTION.replace("solo", "solo-two"))
        .file("b/question_bank/huge.toml", &huge)
        .file("b/rubrics/r.toml", &rubric)
        .run()
        .code_is(2)
        .stderr_has("b/question_bank/q.toml:6:10: error: field `prompt` in [[question]] is 5000 bytes long; the limit is 4096 bytes")
        .stderr_has("b/question_bank/huge.toml:1:1: error: file is 2200092 bytes; a bank file may hold at most 2097152 bytes (2 MiB)")
        .stderr_has("b/rubrics/r.toml:9:7: error: field `any` in [[rubric.concepts]] has 101 entries; the limit is 100")
        .stderr_has("b/rubrics/r.toml:19:8: error: a phrase in [[rubric.concepts]] is 201 characters long; the limit is 200 characters")
        .stderr_has("the question bank has 4 problems");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_bank_file_is_refused_without_blocking() {
    use std::time::{Duration, Instant};
    let grill = Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", ONE_QUESTION)
        .file("b/rubrics/r.toml", &rubric_for("solo"));
    let fifo = grill.dir().join("b/rubrics/fifo.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|status| status.success()), "mkfifo failed");
    let mut child = grill
        .command()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("grill blocked on a FIFO");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("b/rubrics/fifo.toml:1:1: error: not a regular file (a FIFO): skipped"),
        "{stderr}"
    );
}

#[test]
fn terms_named_share_and_example_kinds_are_validated_with_locations() {
    let rubric = r#"
[[rubric]]
question = "solo"
model_answer = "A resource is a noun the API exposes."
named_share = 1.5

[[rubric.concepts]]
id = "noun"
label = "A noun"
any = ["noun"]
terms = ["--"]
follow_up = "Which noun?"

[[rubric.concepts]]
id = "thing"
label = "A thing"
any = ["thing"]
trems = ["thing"]
follow_up = "Which thing?"

[[rubric.examples]]
answer = "A noun."
min = 0
max = 100
kind = "great"
"#;
    Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", ONE_QUESTION)
        .file("b/rubrics/r.toml", rubric)
        .run()
        .code_is(2)
        .stderr_has("b/rubrics/r.toml:5:15: error: field `named_share` in [[rubric]] must be between 0 and 1, found 1.5")
        .stderr_has("b/rubrics/r.toml:11:10: error: phrase \"--\" in [[rubric.concepts]] has no words to match")
        .stderr_has("b/rubrics/r.toml:18:1: error: unknown field `trems` in [[rubric.concepts]]; did you mean `terms`?")
        .stderr_has("b/rubrics/r.toml:25:8: error: field `kind` in [[rubric.examples]]: unknown example kind `great`: expected one of strong, weak, name-only, wrong-definition")
        .stderr_has("the question bank has 4 problems");
    let fixed = rubric
        .replace("named_share = 1.5", "named_share = 0.3")
        .replace(r#"terms = ["--"]"#, r#"terms = ["nouns", "noun phrase"]"#)
        .replace("trems", "terms")
        .replace(r#"kind = "great""#, r#"kind = "name-only""#);
    Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", ONE_QUESTION)
        .file("b/rubrics/r.toml", &fixed)
        .run()
        .code_is(0);
}

#[test]
fn weights_may_be_fractional_and_must_be_positive_numbers() {
    let rubric = |heavy: &str, light: &str| {
        format!(
            r#"
[[rubric]]
question = "solo"
model_answer = "A resource is a noun the API exposes, addressed by a URL."

[[rubric.concepts]]
id = "noun"
label = "A noun"
weight = {heavy}
any = ["noun"]
follow_up = "Which noun?"

[[rubric.concepts]]
id = "url"
label = "A URL"
weight = {light}
any = ["url"]
follow_up = "How is it addressed?"
"#
        )
    };
    Grill::new(&["bank", "validate", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", ONE_QUESTION)
        .file("b/rubrics/r.toml", &rubric("-1.5", "\"two\""))
        .run()
        .code_is(2)
        .stderr_has("b/rubrics/r.toml:9:10: error: field `weight` in [[rubric.concepts]] must be a positive number no larger than 1000, found -1.5")
        .stderr_has("b/rubrics/r.toml:16:10: error: field `weight` in [[rubric.concepts]] must be a number, found string");
    // 1.5 against 0.5: an answer that covers the noun alone earns three quarters of the score.
    let ran = Grill::new(&[
        "grade",
        "--no-default-bank",
        "--bank",
        "b",
        "--input",
        "a.jsonl",
        "--output",
        "-",
    ])
    .file("b/question_bank/q.toml", ONE_QUESTION)
    .file("b/rubrics/r.toml", &rubric("1.5", "0.5"))
    .file(
        "a.jsonl",
        "{\"id\":\"1\",\"question\":\"solo\",\"answer\":\"It is a noun that the API exposes to its clients.\"}\n",
    )
    .run()
    .success();
    assert!(ran.stdout().contains("\"score\":75"), "{}", ran.stdout());
    Grill::new(&[
        "bank",
        "show",
        "solo",
        "--reveal",
        "--no-default-bank",
        "--bank",
        "b",
    ])
    .file("b/question_bank/q.toml", ONE_QUESTION)
    .file("b/rubrics/r.toml", &rubric("1.5", "0.5"))
    .run()
    .success()
    .stdout_has("total weight 2,")
    .stdout_has("[1.5] A noun");
}
