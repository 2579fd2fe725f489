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
