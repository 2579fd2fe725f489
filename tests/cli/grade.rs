//! `grill grade`, `grill calibrate` and `grill bank test`: JSON lines in and out, bad lines
//! reported with their line numbers, agreement figures, rubric self-tests.

use serde::Deserialize;

use crate::harness::{Grill, fixture};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Graded {
    id: Option<String>,
    question: String,
    score: u32,
    pass: bool,
    concepts: Vec<GradedConcept>,
    misconceptions: Vec<serde_json::Value>,
    follow_ups: Vec<String>,
    flags: Vec<serde_json::Value>,
    human: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GradedConcept {
    id: String,
    hit: bool,
    status: String,
    evidence: Option<String>,
    span: Option<[usize; 2]>,
}

#[derive(Debug, Deserialize)]
struct Calibration {
    n: usize,
    skipped: usize,
    pearson: Option<f64>,
    spearman: Option<f64>,
    mean_absolute_error: f64,
    quadratic_weighted_kappa: Option<f64>,
    disagreements: Vec<Disagreement>,
}

#[derive(Debug, Deserialize)]
struct Disagreement {
    line: usize,
    human: f64,
    score: u32,
    excerpt: String,
}

const STRONG: &str = "Clients retry after a timeout; the server stores the response under the key and returns the same response, so the card is charged once.";

/// `grill ARGS... --no-default-bank --bank tests/fixtures/extra`: one question with a rubric.
fn on_extra(args: &[&str]) -> Grill {
    let extra = fixture("extra").display().to_string();
    Grill::new(args).args(&["--no-default-bank", "--bank", &extra])
}

fn parse(stdout: &str) -> Vec<Graded> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn line(id: &str, answer: &str, human: Option<f64>) -> String {
    let mut value =
        serde_json::json!({"id": id, "question": "extra-idempotency", "answer": answer});
    if let Some(human) = human {
        value["human"] = human.into();
    }
    value.to_string()
}

#[test]
fn grades_each_line_in_order_with_evidence_from_the_answer() {
    let input = [
        line("a/1", STRONG, Some(5.0)),
        line("a/2", "It is more secure.", None),
    ]
    .join("\n");
    let ran = on_extra(&["grade", "--input", "-"])
        .stdin(input)
        .run()
        .success();
    let graded = parse(&ran.stdout());
    assert_eq!(graded.len(), 2);
    let strong = &graded[0];
    assert_eq!(strong.id.as_deref(), Some("a/1"));
    assert_eq!(strong.question, "extra-idempotency");
    assert!(strong.pass && strong.score >= 80, "{strong:?}");
    assert_eq!(strong.human, Some(5.0));
    let ids: Vec<&str> = strong.concepts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["retries", "dedupe"]);
    for concept in &strong.concepts {
        assert!(concept.hit, "{concept:?}");
        let [start, end] = concept.span.expect("a span");
        assert_eq!(Some(&STRONG[start..end]), concept.evidence.as_deref());
    }
    let weak = &graded[1];
    assert!(!weak.pass && weak.score == 0);
    assert!(
        weak.concepts
            .iter()
            .all(|c| c.status == "missed" && c.evidence.is_none())
    );
    assert_eq!(
        weak.follow_ups[0],
        "What does the server keep under the key, and for how long?"
    );
    assert!(weak.misconceptions.is_empty() && weak.flags.is_empty() && weak.human.is_none());
}

#[test]
fn bad_lines_are_reported_with_their_line_number_and_skipped() {
    let input = [
        line("ok/1", STRONG, None),
        "{not json".to_owned(),
        String::new(),
        r#"{"question": "extra-idempotncy", "answer": "x"}"#.to_owned(),
        line("ok/2", "It retries after a timeout.", None),
    ]
    .join("\n");
    let ran = on_extra(&["grade", "--input", "in.jsonl"])
        .file("in.jsonl", &input)
        .run()
        .code_is(1)
        .stderr_has("in.jsonl:2: skipped: malformed JSON line")
        .stderr_has("in.jsonl:4: skipped: unknown question `extra-idempotncy`; did you mean `extra-idempotency`?")
        .stderr_has("2 lines could not be graded");
    let ids: Vec<_> = parse(&ran.stdout())
        .into_iter()
        .filter_map(|g| g.id)
        .collect();
    assert_eq!(ids, ["ok/1", "ok/2"]);
}

#[test]
fn strict_mode_stops_at_the_first_bad_line() {
    let input = [
        line("ok/1", STRONG, None),
        "{not json".to_owned(),
        line("ok/2", STRONG, None),
    ]
    .join("\n");
    on_extra(&["grade", "--strict", "--input", "-"])
        .stdin(input)
        .run()
        .code_is(2)
        .stderr_has("error: <stdin>:2: malformed JSON line");
}

#[test]
fn a_huge_answer_is_refused_on_its_line_not_hung_on() {
    let huge = "retry after a timeout ".repeat(60_000);
    on_extra(&["grade", "--input", "-"])
        .stdin(line("big/1", &huge, None))
        .run()
        .code_is(1)
        .stderr_has("<stdin>:1: skipped: the answer is 1320000 bytes long; answers over 65536 bytes are not graded");
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let ran = on_extra(&["grade", "--input", "-", "--output", "out.jsonl"])
        .stdin(line("f/1", STRONG, None))
        .run()
        .success();
    assert!(ran.stdout().is_empty());
    assert_eq!(parse(&ran.read("out.jsonl"))[0].id.as_deref(), Some("f/1"));
}

#[test]
fn calibrate_reports_agreement_with_human_grades() {
    let input = [
        line("c/1", STRONG, Some(5.0)),
        line(
            "c/2",
            "Clients retry after a timeout, so keys matter.",
            Some(3.0),
        ),
        line("c/3", "It is more secure.", Some(0.5)),
        line(
            "c/4",
            "The server returns the same response for a retried key.",
            Some(4.0),
        ),
        line("c/5", "No human grade here.", None),
    ]
    .join("\n");
    let ran = on_extra(&["calibrate", "--json", "--input", "-"])
        .stdin(input.clone())
        .run()
        .success();
    let report: Calibration = serde_json::from_str(&ran.stdout()).expect("calibration JSON");
    assert_eq!((report.n, report.skipped), (4, 1));
    assert!(report.pearson.unwrap() > 0.8, "{report:?}");
    assert!(report.spearman.unwrap() > 0.8);
    assert!(report.mean_absolute_error < 1.0);
    assert!(report.quadratic_weighted_kappa.is_some());
    assert_eq!(report.disagreements.len(), 4);
    assert!(
        report
            .disagreements
            .iter()
            .all(|d| d.line <= 4 && d.human <= 5.0 && d.score <= 100 && !d.excerpt.is_empty())
    );
    on_extra(&["calibrate", "--input", "-"])
        .stdin(input)
        .run()
        .success()
        .stdout_has("Pearson r")
        .stdout_has("Largest disagreements");
    on_extra(&["calibrate", "--input", "-"])
        .stdin(line("only/1", STRONG, Some(5.0)))
        .run()
        .code_is(2)
        .stderr_has("calibration needs at least two graded lines with a `human` grade, found 1");
}

#[test]
fn bank_test_passes_on_the_embedded_bank_and_names_failing_examples() {
    Grill::new(&["bank", "test"])
        .run()
        .success()
        .stdout_has("0 outside their band");
    let rubric = std::fs::read_to_string(fixture("extra/rubrics/extra.toml"))
        .unwrap()
        .replace("min = 0\nmax = 20", "min = 50\nmax = 60");
    let question = std::fs::read_to_string(fixture("extra/question_bank/extra.toml")).unwrap();
    Grill::new(&["bank", "test", "--no-default-bank", "--bank", "b"])
        .file("b/question_bank/q.toml", &question)
        .file("b/rubrics/r.toml", &rubric)
        .run()
        .code_is(1)
        .stdout_has(
            "b/rubrics/r.toml:27:1: FAIL extra-idempotency example 2: scored 0, expected 50..60",
        )
        .stdout_has("1 outside their band");
}

#[test]
fn a_bom_a_bad_byte_and_a_foreign_field_cost_only_their_own_lines() {
    let mut input = Vec::new();
    input.extend_from_slice("\u{feff}".as_bytes());
    input.extend_from_slice(format!("{}\n", line("a", STRONG, None)).as_bytes());
    input.extend_from_slice(
        b"{\"id\": \"b\", \"question\": \"extra-idempotency\", \"answer\": \"caf\xe9\"}\n",
    );
    input.extend_from_slice(
        b"{\"id\": 7, \"question\": \"extra-idempotency\", \"answer\": \"No idea.\", \"candidate\": \"Ada\", \"category\": {\"round\": 2}}\n",
    );
    input.extend_from_slice(b"not json at all\n");
    let ran = on_extra(&["grade", "--input", "-"])
        .stdin(input)
        .run()
        .code_is(1);
    let lines: Vec<serde_json::Value> = ran
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", ran.stdout());
    assert_eq!(lines[0]["id"], "a", "the BOM does not spoil line 1");
    assert_eq!(lines[1]["id"], 7, "a numeric id comes back as a number");
    assert_eq!(
        lines[1]["candidate"], "Ada",
        "unknown fields are copied through"
    );
    assert_eq!(lines[1]["category"]["round"], 2);
    let stderr = ran.stderr();
    assert!(stderr.contains("<stdin>:2: skipped: not UTF-8"), "{stderr}");
    assert!(
        stderr.contains("<stdin>:4: skipped: malformed JSON"),
        "{stderr}"
    );
}

#[test]
fn the_output_may_not_be_the_input_by_any_name() {
    let input = format!("{}\n", line("a", STRONG, None));
    let ran = on_extra(&[
        "grade",
        "--input",
        "answers.jsonl",
        "--output",
        "answers.jsonl",
    ])
    .file("answers.jsonl", &input)
    .run()
    .code_is(2)
    .stderr_has("is the input file");
    assert_eq!(ran.read("answers.jsonl"), input, "the input is untouched");
    let dir = ran.dir().to_path_buf();
    std::os::unix::fs::symlink(dir.join("answers.jsonl"), dir.join("link.jsonl")).unwrap();
    std::fs::hard_link(dir.join("answers.jsonl"), dir.join("hard.jsonl")).unwrap();
    let mut ran = ran;
    for other in ["link.jsonl", "hard.jsonl", "./answers.jsonl"] {
        ran = ran
            .then(&["grade", "--input", "answers.jsonl", "--output", other])
            .run()
            .code_is(2);
        assert_eq!(ran.read("answers.jsonl"), input, "{other}");
    }
}

#[test]
fn a_failed_strict_run_leaves_the_old_output_file_as_it_was() {
    let input = format!("{}\n{{broken\n", line("a", STRONG, None));
    let ran = on_extra(&[
        "grade",
        "--strict",
        "--input",
        "in.jsonl",
        "--output",
        "out.jsonl",
    ])
    .file("in.jsonl", &input)
    .file("out.jsonl", "yesterday's results\n")
    .run()
    .code_is(2);
    assert_eq!(ran.read("out.jsonl"), "yesterday's results\n");
    let left: Vec<String> = std::fs::read_dir(ran.dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

#[test]
fn a_missing_input_file_is_a_usage_error() {
    on_extra(&["grade", "--input", "nowhere.jsonl"])
        .run()
        .code_is(2)
        .stderr_has("nowhere.jsonl");
}
