//! Reads question and rubric files into the bank model, reporting every problem in a file at once.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::DeTable;

use super::diagnostic::Sink;
use super::fields::{Fields, Found};
use super::model::{Concept, Example, ExampleKind, Misconception, Question, Rubric, Tier};

const QUESTION_FIELDS: &[&str] = &[
    "id",
    "topic",
    "tier",
    "prompt",
    "time_limit_secs",
    "tags",
    "hints",
];
const RUBRIC_FIELDS: &[&str] = &[
    "question",
    "pass_mark",
    "model_answer",
    "named_share",
    "concepts",
    "misconceptions",
    "examples",
];
const CONCEPT_FIELDS: &[&str] = &[
    "id",
    "label",
    "weight",
    "required",
    "any",
    "terms",
    "follow_up",
];
const MISCONCEPTION_FIELDS: &[&str] = &["label", "any", "penalty"];
const EXAMPLE_FIELDS: &[&str] = &["answer", "min", "max", "kind"];

/// Whether a phrase holds at least one word the scorer can match.
pub(crate) fn has_word(phrase: &str) -> bool {
    phrase.chars().any(char::is_alphanumeric)
}

/// Whether an id or slug uses only lowercase letters, digits and `-`.
fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses the TOML syntax, reporting every syntax error it can recover from.
fn document<'i>(sink: &mut Sink<'_>, text: &'i str) -> Option<(DeTable<'i>, Range<usize>)> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().to_owned();
            sink.error(&span, format!("TOML syntax error: {message}"));
        }
        return None;
    }
    let span = root.span();
    Some((root.into_inner(), span))
}

fn slug(
    sink: &mut Sink<'_>,
    fields: &Fields<'_, '_>,
    name: &str,
    what: &str,
) -> Option<Found<String>> {
    let found = fields.string(sink, name, true)?;
    if !is_slug(&found.value) {
        sink.error(
            &found.span,
            format!(
                "{what} `{}` may use only lowercase letters, digits and '-'",
                found.value
            ),
        );
        return None;
    }
    Some(found)
}

/// Reads a `question_bank/<topic>.toml` file. The ids of questions too broken to keep go to
/// `broken`, so their rubrics are not also reported as orphans.
pub(crate) fn questions(sink: &mut Sink<'_>, broken: &mut Vec<String>) -> Vec<Question> {
    entries(sink, broken, "a question file", "question", question)
}

/// Reads a `rubrics/<topic>.toml` file. The question ids of rubrics too broken to keep go to
/// `broken`, so their questions are not also reported as lacking a rubric.
pub(crate) fn rubrics(sink: &mut Sink<'_>, broken: &mut Vec<String>) -> Vec<Rubric> {
    entries(sink, broken, "a rubric file", "rubric", rubric)
}

/// Reads one table into an entry, or says which question id it was for when it cannot.
type ReadTable<T> = fn(&mut Sink<'_>, &DeTable<'_>, Range<usize>) -> Result<T, Option<String>>;

/// Reads a file of `[[key]]` tables, each with `read`; a table that cannot be read but names
/// its question goes to `broken`.
fn entries<T>(
    sink: &mut Sink<'_>,
    broken: &mut Vec<String>,
    what: &'static str,
    key: &str,
    read: ReadTable<T>,
) -> Vec<T> {
    let text = sink.text;
    let Some((root, span)) = document(sink, text) else {
        return Vec::new();
    };
    let top = Fields::new(&root, span, what, &[key], sink);
    let mut out = Vec::new();
    for (table, span) in top.tables(sink, key, false) {
        match read(sink, table, span) {
            Ok(entry) => out.push(entry),
            Err(Some(id)) => broken.push(id),
            Err(None) => {}
        }
    }
    out
}

/// A question, or the id of one that could not be read (when even the id is readable).
fn question(
    sink: &mut Sink<'_>,
    table: &DeTable<'_>,
    span: Range<usize>,
) -> Result<Question, Option<String>> {
    let fields = Fields::new(table, span, "[[question]]", QUESTION_FIELDS, sink);
    let id = slug(sink, &fields, "id", "question id");
    let topic = slug(sink, &fields, "topic", "topic");
    let tier = fields.string(sink, "tier", true).and_then(|found| {
        found
            .value
            .parse::<Tier>()
            .map_err(|message| {
                sink.error(
                    &found.span,
                    format!("field `tier` in [[question]]: {message}"),
                )
            })
            .ok()
    });
    let prompt = fields.string(sink, "prompt", true);
    let time_limit = fields.integer_in(
        sink,
        "time_limit_secs",
        false,
        1..=86_400,
        "must be between 1 and 86400 seconds",
    );
    let tags = string_list(sink, &fields, "tags", false);
    let hints = string_list(sink, &fields, "hints", false);
    let id = id.ok_or(None)?;
    let time_limit_ok = time_limit.is_some() || !fields.has("time_limit_secs");
    match (topic, tier, prompt) {
        (Some(topic), Some(tier), Some(prompt)) if time_limit_ok => Ok(Question {
            location: sink.locate(&id.span),
            id: id.value,
            topic: topic.value,
            tier,
            prompt: prompt.value,
            explicit_time_limit_secs: time_limit.map(|found| found.value),
            tags,
            hints,
        }),
        _ => Err(Some(id.value)),
    }
}

/// An optional list of non-blank strings.
fn string_list(
    sink: &mut Sink<'_>,
    fields: &Fields<'_, '_>,
    name: &str,
    required: bool,
) -> Vec<String> {
    let Some(list) = fields.strings(sink, name, required) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(list.value.len());
    for item in list.value {
        if item.value.trim().is_empty() {
            sink.error(&item.span, format!("field `{name}` holds an empty string"));
        } else {
            out.push(item.value);
        }
    }
    out
}

/// A list of phrases: at least one, each with a word in it.
fn phrases(sink: &mut Sink<'_>, fields: &Fields<'_, '_>, what: &str) -> Option<Vec<String>> {
    phrase_list(sink, fields, "any", true, what)
}

/// A list of phrases in field `name`: when present, at least one, each with a word in it.
fn phrase_list(
    sink: &mut Sink<'_>,
    fields: &Fields<'_, '_>,
    name: &str,
    required: bool,
    what: &str,
) -> Option<Vec<String>> {
    let list = fields.strings(sink, name, required)?;
    if list.value.is_empty() {
        sink.error(
            &list.span,
            format!("field `{name}` in {what} is empty: give at least one phrase"),
        );
        return None;
    }
    let mut out = Vec::with_capacity(list.value.len());
    let mut ok = true;
    for phrase in list.value {
        if has_word(&phrase.value) {
            out.push(phrase.value);
        } else {
            sink.error(
                &phrase.span,
                format!("phrase {:?} in {what} has no words to match", phrase.value),
            );
            ok = false;
        }
    }
    ok.then_some(out)
}

/// A rubric, or the question id of one that could not be read (when that id is readable).
fn rubric(
    sink: &mut Sink<'_>,
    table: &DeTable<'_>,
    span: Range<usize>,
) -> Result<Rubric, Option<String>> {
    let fields = Fields::new(table, span.clone(), "[[rubric]]", RUBRIC_FIELDS, sink);
    let question = slug(sink, &fields, "question", "question id");
    let pass_mark = fields.integer_in(
        sink,
        "pass_mark",
        false,
        0..=100,
        "must be between 0 and 100",
    );
    let model_answer = fields.string(sink, "model_answer", true);
    let named_share = fields.fraction(sink, "named_share");

    let concept_tables = fields.tables(sink, "concepts", true);
    if concept_tables.is_empty() && fields.has("concepts") {
        sink.error(
            &span,
            "[[rubric]] has no [[rubric.concepts]]: give at least one",
        );
    }
    let mut concepts = Vec::with_capacity(concept_tables.len());
    let mut concept_ids = HashSet::new();
    let mut concepts_ok = true;
    for (table, span) in concept_tables {
        match concept(sink, table, span) {
            Some((concept, id_span)) => {
                if !concept_ids.insert(concept.id.clone()) {
                    sink.error(
                        &id_span,
                        format!("duplicate concept id `{}` in this rubric", concept.id),
                    );
                    concepts_ok = false;
                }
                concepts.push(concept);
            }
            None => concepts_ok = false,
        }
    }

    let mut misconceptions = Vec::new();
    let mut misconceptions_ok = true;
    for (table, span) in fields.tables(sink, "misconceptions", false) {
        match misconception(sink, table, span) {
            Some(found) => misconceptions.push(found),
            None => misconceptions_ok = false,
        }
    }

    let mut examples = Vec::new();
    let mut examples_ok = true;
    for (table, span) in fields.tables(sink, "examples", false) {
        match example(sink, table, span) {
            Some(found) => examples.push(found),
            None => examples_ok = false,
        }
    }

    let question = question.ok_or(None)?;
    let pass_mark_ok = pass_mark.is_some() || !fields.has("pass_mark");
    let named_share_ok = named_share.is_some() || !fields.has("named_share");
    let parts_ok =
        concepts_ok && misconceptions_ok && examples_ok && pass_mark_ok && named_share_ok;
    let Some(model_answer) = model_answer.filter(|_| parts_ok && !concepts.is_empty()) else {
        return Err(Some(question.value));
    };
    Ok(Rubric {
        location: sink.locate(&question.span),
        question: question.value,
        pass_mark: pass_mark.map_or(Rubric::DEFAULT_PASS_MARK, |found| found.value),
        named_share: named_share.map_or(Rubric::DEFAULT_NAMED_SHARE, |found| found.value),
        model_answer: model_answer.value,
        concepts,
        misconceptions,
        examples,
    })
}

fn concept(
    sink: &mut Sink<'_>,
    table: &DeTable<'_>,
    span: Range<usize>,
) -> Option<(Concept, Range<usize>)> {
    let fields = Fields::new(table, span, "[[rubric.concepts]]", CONCEPT_FIELDS, sink);
    let id = slug(sink, &fields, "id", "concept id");
    let label = fields.string(sink, "label", true);
    let weight = fields.integer_in(
        sink,
        "weight",
        false,
        1..=1000,
        "must be a positive integer (1..1000)",
    );
    let weight_ok = weight.is_some() || !fields.has("weight");
    let required = fields.boolean(sink, "required");
    let any = phrases(sink, &fields, "[[rubric.concepts]]");
    let terms = phrase_list(sink, &fields, "terms", false, "[[rubric.concepts]]");
    let terms_ok = terms.is_some() || !fields.has("terms");
    let follow_up = fields.string(sink, "follow_up", true);
    let id = id?;
    if !weight_ok || !terms_ok {
        return None;
    }
    Some((
        Concept {
            id: id.value,
            label: label?.value,
            weight: weight.map_or(1, |found| found.value),
            required: required.unwrap_or(false),
            any: any?,
            terms: terms.unwrap_or_default(),
            follow_up: follow_up?.value,
        },
        id.span,
    ))
}

fn misconception(
    sink: &mut Sink<'_>,
    table: &DeTable<'_>,
    span: Range<usize>,
) -> Option<Misconception> {
    let fields = Fields::new(
        table,
        span,
        "[[rubric.misconceptions]]",
        MISCONCEPTION_FIELDS,
        sink,
    );
    let label = fields.string(sink, "label", true);
    let any = phrases(sink, &fields, "[[rubric.misconceptions]]");
    let penalty = fields.integer_in(sink, "penalty", true, 0..=100, "must be between 0 and 100");
    Some(Misconception {
        label: label?.value,
        any: any?,
        penalty: penalty?.value,
    })
}

fn example(sink: &mut Sink<'_>, table: &DeTable<'_>, span: Range<usize>) -> Option<Example> {
    let fields = Fields::new(
        table,
        span.clone(),
        "[[rubric.examples]]",
        EXAMPLE_FIELDS,
        sink,
    );
    let answer = if fields.has("answer") {
        fields.string(sink, "answer", false)
    } else {
        sink.error(
            &span,
            "missing required field `answer` in [[rubric.examples]]",
        );
        None
    };
    let min = fields.integer_in(sink, "min", true, 0..=100, "must be between 0 and 100");
    let max = fields.integer_in(sink, "max", true, 0..=100, "must be between 0 and 100");
    let kind = fields.string(sink, "kind", false).map(|found| {
        found.value.parse::<ExampleKind>().map_err(|message| {
            sink.error(
                &found.span,
                format!("field `kind` in [[rubric.examples]]: {message}"),
            )
        })
    });
    let (min, max) = (min?, max?);
    if min.value > max.value {
        sink.error(
            &min.span,
            format!(
                "example band is empty: min {} is greater than max {}",
                min.value, max.value
            ),
        );
        return None;
    }
    Some(Example {
        answer: answer?.value,
        min: min.value,
        max: max.value,
        kind: match kind {
            Some(Ok(kind)) => Some(kind),
            Some(Err(())) => return None,
            None => None,
        },
        location: sink.locate(&span),
    })
}
