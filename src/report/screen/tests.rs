//! Every screen report format rendered from the same report and snapshot-tested; the CSV read
//! back, the HTML checked well-formed and self-contained.

use std::collections::BTreeMap;

use super::*;

fn q(n: usize, id: &str, topic: &str) -> QuestionInfo {
    QuestionInfo {
        n,
        id: id.into(),
        topic: topic.into(),
    }
}

fn candidate(name: &str, total: Option<f64>, topics: Vec<Option<f64>>) -> CandidateRow {
    CandidateRow {
        rank: None,
        candidate: name.into(),
        file: format!("{name}.jsonl"),
        mode: "sealed".into(),
        total,
        passed: total.map(|t| t >= 55.0),
        scores: topics.iter().map(|t| t.map(|t| t as u32)).collect(),
        answers: topics
            .iter()
            .map(|t| AnswerCell {
                secs: t.map(|_| 377),
                flags: Vec::new(),
                weak: Vec::new(),
            })
            .collect(),
        topics,
        time_used_secs: 754,
        status: "completed".into(),
        flags: BTreeMap::new(),
        integrity: Vec::new(),
        resumes: 0,
        scoring: total.map(|_| "rubric".into()),
        gradings: usize::from(total.is_some()),
        screen_sha256: "ab".repeat(32),
    }
}

/// Three candidates (one with a name that needs quoting everywhere, one ungraded), two topics.
fn report() -> ScreenReport {
    let mut ada = candidate("Ada", Some(81.5), vec![Some(90.0), Some(73.0)]);
    ada.rank = Some(1);
    let mut grace = candidate(
        "Grace, \"<the> admiral\" & co",
        Some(40.0),
        vec![Some(30.0), Some(50.0)],
    );
    grace.rank = Some(2);
    grace.mode = "hosted".into();
    grace.flags.insert("paste".into(), 2);
    grace.answers[0].flags = vec!["overtime".into(), "paste".into()];
    grace.answers[0].weak = vec!["Avoids a full table scan (missed)".into()];
    grace.answers[1].flags = vec!["paste".into()];
    grace.flags.insert("overtime".into(), 1);
    grace.integrity.push(crate::screen::chain::Break {
        line: 7,
        what: "its hash does not match".into(),
    });
    let linus = candidate("=Linus", None, vec![None, None]);
    let questions = vec![q(1, "db-index", "databases"), q(2, "cache-ttl", "caching")];
    ScreenReport {
        title: "Backend <screen> & co".into(),
        pass_mark: Some(55),
        topics: vec!["databases".into(), "caching".into()],
        question_stats: vec![
            QuestionStats {
                question: questions[0].clone(),
                graded: 2,
                mean: Some(60.0),
                spread: Some(30.0),
                pass_rate: Some(50.0),
                concepts: vec![ConceptStat {
                    id: "scan".into(),
                    label: "Avoids a full table scan".into(),
                    graded: 2,
                    missed: 1,
                    named: 1,
                }],
            },
            QuestionStats {
                question: questions[1].clone(),
                graded: 2,
                mean: Some(61.5),
                spread: Some(11.5),
                pass_rate: Some(50.0),
                concepts: Vec::new(),
            },
        ],
        questions,
        candidates: vec![ada, grace, linus],
        notes: vec!["Linus.jsonl: not graded yet".into()],
    }
}

fn text(format: ScreenFormat) -> String {
    String::from_utf8(report().render(format)).expect("utf-8")
}

#[test]
fn table() {
    insta::assert_snapshot!(text(ScreenFormat::Table));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(text(ScreenFormat::Markdown));
}

#[test]
fn csv() {
    insta::assert_snapshot!(text(ScreenFormat::Csv));
}

#[test]
fn json() {
    insta::assert_snapshot!(text(ScreenFormat::Json));
}

#[test]
fn html() {
    insta::assert_snapshot!(text(ScreenFormat::Html));
}

#[test]
fn the_csv_reads_back_as_the_same_table() {
    let csv = text(ScreenFormat::Csv);
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(header.len(), 4 + 2 + 2 + 2 + 9);
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[1][1], "Grace, \"<the> admiral\" & co");
    assert_eq!(&rows[1][2], "40.0");
    assert_eq!(&rows[1][3], "fail");
    // A name a spreadsheet would run as a formula is defused.
    assert_eq!(&rows[2][1], "'=Linus");
    assert_eq!(&rows[2][3], "not graded");
    assert!(csv.ends_with("\r\n"));
}

/// Checks that every element opened is closed in order (void elements and `/>` excepted), and
/// that no script or outside resource is referenced.
fn well_formed(html: &str) -> Result<(), String> {
    const VOID: [&str; 4] = ["meta", "br", "!doctype", "link"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').ok_or("a tag is not closed")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.contains('<') || tag.contains('"') && tag.matches('"').count() % 2 == 1 {
            return Err(format!("a broken tag: <{tag}>"));
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "script" || tag.contains(" src=") || tag.contains(" href=") {
            return Err(format!("a script or outside resource: <{tag}>"));
        }
        if tag.starts_with('/') {
            match stack.pop() {
                Some(top) if top == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("left open: {stack:?}"))
    }
}

#[test]
fn the_html_is_well_formed_self_contained_and_escaped() {
    let html = text(ScreenFormat::Html);
    well_formed(&html).unwrap();
    assert!(html.contains("Grace, &quot;&lt;the&gt; admiral&quot; &amp; co"));
    assert!(!html.contains("<the>"));
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(well_formed("<p><b></p></b>").is_err());
    assert!(well_formed("<p>").is_err());
}

#[test]
fn an_empty_report_still_renders_in_every_format() {
    let empty = ScreenReport::build(&[], Vec::new());
    for format in [
        ScreenFormat::Table,
        ScreenFormat::Markdown,
        ScreenFormat::Csv,
        ScreenFormat::Json,
        ScreenFormat::Html,
    ] {
        assert!(!empty.render(format).is_empty());
    }
    well_formed(&String::from_utf8(empty.render(ScreenFormat::Html)).unwrap()).unwrap();
}
