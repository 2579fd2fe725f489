//! `grill grade`: batch grading, JSON lines in and out, for tools and recruiters' pipelines, on
//! every core with the output in input order. `grade_lines` is the one batch loop, shared with
//! `grill calibrate`.

use std::borrow::Cow;
use std::io::Write;

use anyhow::{Context, Result};
use serde_json::{Map, Value};

use crate::bank::Bank;
use crate::batch::{self, Line};
use crate::config::{Config, Input};
use crate::exit::{self, UsageError};
use crate::grader::{Grader, RubricGrader};
use crate::output::Target;
use crate::report::GradedLine;
use crate::score::ScoreCard;

/// One answer to grade, as read from an input line: its texts borrowed from the line unless
/// they had escapes to undo.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    /// The caller's id for the line, a string or a number, given back as it came.
    pub(crate) id: Option<Value>,
    /// The question id.
    pub(crate) question: Cow<'a, str>,
    /// The answer text.
    pub(crate) answer: Cow<'a, str>,
    /// A human grade on any scale.
    pub(crate) human: Option<f64>,
    /// Every other field of the line (a candidate, a category...), copied to the output.
    pub(crate) extra: Map<String, Value>,
}

impl<'a> Request<'a> {
    /// The request on a line, or why the line is not one.
    fn parse(bytes: &'a [u8], first: bool) -> Result<Option<Request<'a>>, String> {
        let bytes = match bytes.strip_prefix("\u{feff}".as_bytes()) {
            Some(rest) if first => rest,
            _ => bytes,
        };
        let text = std::str::from_utf8(bytes).map_err(|error| {
            format!(
                "not UTF-8 text (an invalid byte at column {})",
                error.valid_up_to() + 1
            )
        })?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        if let Ok(plain) = serde_json::from_str::<Plain<'_>>(text)
            && let Some(request) = plain.request()
        {
            return Ok(Some(request));
        }
        let mut fields: Map<String, Value> = match serde_json::from_str(text) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => return Err("malformed JSON line: expected an object".into()),
            Err(error) => return Err(format!("malformed JSON line: {error}")),
        };
        let mut string = |name: &str| match fields.remove(name) {
            Some(Value::String(value)) => Ok(value),
            Some(other) => Err(format!("`{name}` must be a string, not {}", kind(&other))),
            None => Err(format!("missing field `{name}`")),
        };
        let question = string("question")?;
        let answer = string("answer")?;
        let id = match fields.remove("id") {
            None | Some(Value::Null) => None,
            Some(id @ (Value::String(_) | Value::Number(_))) => Some(id),
            Some(other) => {
                return Err(format!(
                    "`id` must be a string or a number, not {}",
                    kind(&other)
                ));
            }
        };
        let human = match fields.remove("human") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => return Err(format!("`human` must be a number, not {}", kind(&other))),
        };
        Ok(Some(Request {
            id,
            question: question.into(),
            answer: answer.into(),
            human,
            extra: fields,
        }))
    }
}

/// The common line, read without building a map of its fields: an id, a question, an answer
/// and a human grade, and no other field. Anything else (another field, a duplicate, a wrong
/// type) fails here and is read by the general path, which keeps its messages.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Plain<'a> {
    #[serde(default)]
    id: Option<Value>,
    #[serde(borrow)]
    question: Cow<'a, str>,
    #[serde(borrow)]
    answer: Cow<'a, str>,
    #[serde(default)]
    human: Option<f64>,
}

impl<'a> Plain<'a> {
    /// The request, or `None` when the id is of a kind the general path refuses.
    fn request(self) -> Option<Request<'a>> {
        let id = match self.id {
            None => None,
            Some(id @ (Value::String(_) | Value::Number(_))) => Some(id),
            Some(_) => return None,
        };
        Some(Request {
            id,
            question: self.question,
            answer: self.answer,
            human: self.human,
            extra: Map::new(),
        })
    }
}

/// A JSON value's kind, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Grades one request, or says why not in a sentence.
fn grade(bank: &Bank, grader: &dyn Grader, request: &Request<'_>) -> Result<ScoreCard, String> {
    let Some(item) = bank.get(&request.question) else {
        let hint = bank
            .suggest_id(&request.question)
            .map(|best| format!("; did you mean `{best}`?"))
            .unwrap_or_default();
        return Err(format!("unknown question `{}`{hint}", request.question));
    };
    grader
        .grade(item, &request.answer)
        .map_err(|error| error.to_string())
}

/// What became of one line.
enum Outcome<T> {
    /// Blank: nothing to do.
    Blank,
    /// Graded, and turned into `T` by the caller's `work`.
    Graded(T),
    /// Not graded, with the reason.
    Skipped(String),
}

/// Grades every JSON line of `input` against `bank` with `grader` on every core: `work` turns
/// each request and its card into a `T` on the worker threads, and `each` receives the line
/// number and that `T` on this thread, in input order. A line that cannot be read or graded is
/// reported on stderr with its number and skipped, or with `strict` ends the run as a usage
/// error. Blank lines are ignored; a spinner counts lines on a terminal. Returns how many lines
/// were skipped.
#[allow(clippy::too_many_arguments)]
pub(crate) fn grade_lines<T: Send>(
    bank: &Bank,
    grader: &dyn Grader,
    input: &Input,
    verb: &'static str,
    strict: bool,
    jobs: Option<usize>,
    work: impl Fn(Request<'_>, ScoreCard) -> T + Sync,
    mut each: impl FnMut(usize, T) -> Result<()>,
) -> Result<usize> {
    let name = input.name();
    let reader = input.open()?;
    // A remote grader: `jobs` answers in flight, one line each, and a bar with an ETA when the
    // input is a file whose lines can be counted first.
    let (threads, chunk, progress) = match jobs {
        Some(jobs) => (jobs, 1, crate::progress::answers(verb, count_lines(input))),
        None => (batch::workers(), batch::CHUNK, crate::progress::lines(verb)),
    };
    let mut skipped = 0;
    let mut stop = None;
    let read = |line: &Line| match Request::parse(line.bytes, line.number == 1) {
        Ok(None) => Outcome::Blank,
        Ok(Some(request)) => match grade(bank, grader, &request) {
            Ok(card) => Outcome::Graded(work(request, card)),
            Err(reason) => Outcome::Skipped(reason),
        },
        Err(reason) => Outcome::Skipped(reason),
    };
    batch::run::<_, _, anyhow::Error, _, _>(reader, threads, chunk, read, |line, outcome| {
        match outcome {
            Outcome::Blank => {}
            Outcome::Graded(value) => {
                progress.inc(1);
                each(line.number, value)?;
            }
            Outcome::Skipped(reason) if strict => {
                stop = Some(format!("{name}:{}: {reason}", line.number));
                return Ok(false);
            }
            Outcome::Skipped(reason) => {
                progress.inc(1);
                skipped += 1;
                progress.suspend(|| eprintln!("{name}:{}: skipped: {reason}", line.number));
            }
        }
        Ok(true)
    })
    .with_context(|| format!("cannot read {name}"))?;
    progress.finish_and_clear();
    match stop {
        Some(message) => Err(UsageError(message).into()),
        None => Ok(skipped),
    }
}

/// The number of non-blank lines of a file input, for a progress bar's total; `None` for stdin
/// or when stderr is not a terminal (no bar to show).
fn count_lines(input: &Input) -> Option<u64> {
    use std::io::{BufRead, IsTerminal};
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let Input::File(path) = input else {
        return None;
    };
    let file = std::io::BufReader::new(std::fs::File::open(path).ok()?);
    Some(
        file.split(b'\n')
            .map_while(Result::ok)
            .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
            .count() as u64,
    )
}

/// Refuses an output file that is the input file (by name, link or hard link), before anything
/// is opened for writing.
fn check_distinct(input: &Input, output: &Target) -> Result<()> {
    let (Input::File(input), Target::File(output)) = (input, output) else {
        return Ok(());
    };
    let same = match (std::fs::metadata(input), std::fs::metadata(output)) {
        (Ok(a), Ok(b)) => same_file(&a, &b),
        _ => false,
    };
    if same {
        return Err(UsageError(format!(
            "--output {} is the input file {}: grading would destroy it; write elsewhere",
            output.display(),
            input.display()
        ))
        .into());
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

pub(crate) fn run(config: &Config, input: &Input, output: &Target, strict: bool) -> Result<u8> {
    check_distinct(input, output)?;
    let bank = Bank::load(&config.banks)?;
    let grader = config.grader(RubricGrader::new(), false)?;
    let jobs = config.llm.as_ref().map(|settings| settings.jobs);
    output.check().with_context(|| "cannot write the output")?;
    let mut out = output.create().context("cannot open the output")?;
    let failed = grade_lines(
        &bank,
        &*grader,
        input,
        "grading",
        strict,
        jobs,
        |request, card| {
            GradedLine::new(
                request.id.as_ref(),
                &request.question,
                &card,
                request.human,
                &request.extra,
            )
            .to_bytes()
        },
        |_, line| Ok(out.write_all(&line)?),
    )?;
    out.finish().context("cannot write the output")?;
    if let Some(summary) = grader.summary() {
        eprintln!("{summary}");
    }
    if failed > 0 {
        eprintln!(
            "{failed} line{} could not be graded",
            if failed == 1 { "" } else { "s" }
        );
        return Ok(exit::FAILURE);
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Request;

    const LINE: &str = r#"{"id": 7, "question": "db-acid", "answer": "All or nothing.", "human": 4.5, "candidate": "Ada"}"#;

    #[test]
    fn a_good_line_keeps_its_id_as_given_and_its_other_fields() {
        let request = Request::parse(LINE.as_bytes(), true).unwrap().unwrap();
        assert_eq!(request.id, Some(serde_json::json!(7)));
        assert_eq!(request.human, Some(4.5));
        assert_eq!(request.extra["candidate"], "Ada");
        let with_bom = format!("\u{feff}{LINE}");
        assert!(Request::parse(with_bom.as_bytes(), true).unwrap().is_some());
        assert!(
            Request::parse(with_bom.as_bytes(), false).is_err(),
            "a BOM is only skipped at the start of the input"
        );
    }

    proptest! {
        /// Any bytes at all: never a panic, and a refusal always says why.
        #[test]
        fn any_bytes_are_parsed_or_refused_with_a_reason(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Err(reason) = Request::parse(&bytes, true) {
                prop_assert!(!reason.is_empty());
            }
        }

        /// A good line with bytes flipped, cut or inserted: never a panic; an invalid byte is
        /// located by its column.
        #[test]
        fn mutated_lines_are_parsed_or_refused_with_a_reason(
            at in 0..LINE.len(),
            byte in any::<u8>(),
            cut in any::<bool>(),
        ) {
            let mut bytes = LINE.as_bytes().to_vec();
            if cut {
                bytes.truncate(at);
            } else {
                bytes.insert(at, byte);
            }
            match Request::parse(&bytes, false) {
                Ok(_) => {}
                Err(reason) if std::str::from_utf8(&bytes).is_err() => {
                    prop_assert!(reason.contains("column"), "{}", reason);
                }
                Err(reason) => prop_assert!(!reason.is_empty()),
            }
        }
    }
}
