//! Reads question and rubric files into the bank model, reporting every problem in a file at once.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::DeTable;

use super::Broken;
use super::diagnostic::Sink;
use super::fields::{Fields, Found};
use super::limits::*;
use super::model::{Concept, Example, ExampleKind, Misconception, Question, Rubric, Tier, Weight};
use super::source::FileKind;

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

/// How long a text may be.
#[derive(Debug, Clone, Copy)]
enum Size {
    /// At most this many bytes of UTF-8: for long texts.
    Bytes(usize),
    /// At most this many characters: for ids, labels, phrases.
    Chars(usize),
}

/// Reports `text` (described as `what`) when it is longer than `size`; true when it fits.
fn fits(sink: &mut Sink<'_>, span: &Range<usize>, what: &str, text: &str, size: Size) -> bool {
    let (length, max, unit) = match size {
        Size::Bytes(max) => (text.len(), max, "bytes"),
        Size::Chars(max) if text.len() <= max => return true,
        Size::Chars(max) => (text.chars().count(), max, "characters"),
    };
    if length <= max {
        return true;
    }
    sink.error(
        span,
        format!("{what} is {length} {unit} long; the limit is {max} {unit}"),
    );
    false
}

/// Reports a list (described as `what`) of more than `max` items; true when it fits.
fn fits_count(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    count: usize,
    max: usize,
) -> bool {
    if count <= max {
        return true;
    }
    sink.error(
        span,
        format!("{what} has {count} entries; the limit is {max}"),
    );
    false
}

/// The ids a file names, found line by line without parsing it: `id = "..."` in a question
/// file, `question = "..."` in a rubric file. Used for files that failed to parse, so the other
/// side of the bank is not reported as missing them.
pub(crate) fn named_ids(text: &str, kind: FileKind) -> Vec<String> {
    let key = match kind {
        FileKind::Questions => "id",
        FileKind::Rubrics => "question",
    };
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix(key)?.trim_start();
            let rest = rest.strip_prefix('=')?.trim_start();
            let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let value = rest[1..].split(quote).next()?;
            is_slug(value).then(|| value.to_owned())
        })
        .collect()
}

/// Parses the TOML syntax, reporting every syntax error it can recover from.
fn document<'i>(sink: &mut Sink<'_>, text: &'i str) -> Option<(DeTable<'i>, Range<usize>)> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // Recovery can repeat one error many times (an unclosed bracket at every level).
        let mut seen = HashSet::new();
        let mut distinct = errors.iter().filter_map(|error| {
            let start = error.span().map_or(0, |span| span.start);
            let message = error.message().trim();
            seen.insert((start, message)).then_some((start, message))
        });
        for (start, message) in distinct.by_ref().take(MAX_SYNTAX_ERRORS) {
            sink.error(&(start..start), format!("TOML syntax error: {message}"));
        }
        if let Some((start, _)) = distinct.next() {
            let more = 1 + distinct.count();
            sink.error(
                &(start..start),
                format!("{more} more TOML syntax errors in this file are not shown"),
            );
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
    let length_ok = fits(
        sink,
        &found.span,
        &format!(
            "{what} `{}`",
            crate::sanitize::single_line(short(&found.value))
        ),
        &found.value,
        Size::Chars(MAX_ID_CHARS),
    );
    if length_ok && !is_slug(&found.value) {
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
pub(crate) fn questions(sink: &mut Sink<'_>, broken: &mut Broken) -> Vec<Question> {
    entries(sink, broken, FileKind::Questions, question)
}

/// Reads a `rubrics/<topic>.toml` file. The question ids of rubrics too broken to keep go to
/// `broken`, so their questions are not also reported as lacking a rubric.
pub(crate) fn rubrics(sink: &mut Sink<'_>, broken: &mut Broken) -> Vec<Rubric> {
    entries(sink, broken, FileKind::Rubrics, rubric)
}

/// Reads one table into an entry, or says which question id it was for when it cannot.
type ReadTable<T> = fn(&mut Sink<'_>, &DeTable<'_>, Range<usize>) -> Result<T, Option<String>>;

/// Reads a file of `[[question]]` or `[[rubric]]` tables, each with `read`; a table that cannot
/// be read but names its question goes to `broken`, and so does every id named in a file whose
/// syntax is broken.
fn entries<T>(
    sink: &mut Sink<'_>,
    broken: &mut Broken,
    kind: FileKind,
    read: ReadTable<T>,
) -> Vec<T> {
    let (what, key) = match kind {
        FileKind::Questions => ("a question file", "question"),
        FileKind::Rubrics => ("a rubric file", "rubric"),
    };
    let text = sink.text;
    let Some((root, span)) = document(sink, text) else {
        broken.ids.extend(named_ids(text, kind));
        return Vec::new();
    };
    let top = Fields::new(&root, span, what, &[key], sink);
    let mut out = Vec::new();
    for (table, span) in top.tables(sink, key, false) {
        match read(sink, table, span) {
            Ok(entry) => out.push(entry),
            Err(Some(id)) => {
                broken.ids.insert(id);
            }
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
    let prompt = fields.string(sink, "prompt", true).filter(|prompt| {
        let size = Size::Bytes(MAX_PROMPT_BYTES);
        fits(
            sink,
            &prompt.span,
            "field `prompt` in [[question]]",
            &prompt.value,
            size,
        )
    });
    let time_limit = fields.integer_in(
        sink,
        "time_limit_secs",
        false,
        1..=86_400,
        "must be between 1 and 86400 seconds",
    );
    let tags = string_list(sink, &fields, "tags", MAX_TAGS, Size::Chars(MAX_TAG_CHARS));
    let hints = string_list(
        sink,
        &fields,
        "hints",
        MAX_HINTS,
        Size::Bytes(MAX_HINT_BYTES),
    );
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

/// An optional list of at most `max` non-blank strings of at most `size` each.
fn string_list(
    sink: &mut Sink<'_>,
    fields: &Fields<'_, '_>,
    name: &str,
    max: usize,
    size: Size,
) -> Vec<String> {
    let Some(list) = fields.strings(sink, name, false) else {
        return Vec::new();
    };
    let what = format!("field `{name}` in [[question]]");
    fits_count(sink, &list.span, &what, list.value.len(), max);
    let mut out = Vec::with_capacity(list.value.len());
    for item in list.value {
        if item.value.trim().is_empty() {
            sink.error(&item.span, format!("field `{name}` holds an empty string"));
        } else if fits(
            sink,
            &item.span,
            &format!("an entry of {what}"),
            &item.value,
            size,
        ) {
            out.push(item.value);
        }
    }
    out
}

/// The start of a long text, for quoting it in a message.
fn short(text: &str) -> &str {
    match text.char_indices().nth(40) {
        Some((end, _)) => &text[..end],
        None => text,
    }
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
    let what_list = format!("field `{name}` in {what}");
    if !fits_count(sink, &list.span, &what_list, list.value.len(), MAX_PHRASES) {
        return None;
    }
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
        let size = Size::Chars(MAX_PHRASE_CHARS);
        if !fits(
            sink,
            &phrase.span,
            &format!("a phrase in {what}"),
            &phrase.value,
            size,
        ) {
            ok = false;
        } else if has_word(&phrase.value) {
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
    let model_answer = fields.string(sink, "model_answer", true).filter(|answer| {
        let size = Size::Bytes(MAX_MODEL_ANSWER_BYTES);
        let what = "field `model_answer` in [[rubric]]";
        fits(sink, &answer.span, what, &answer.value, size)
    });
    let named_share = fields.fraction(sink, "named_share");

    let concept_tables = fields.tables(sink, "concepts", true);
    let mut counts_ok = fits_count(
        sink,
        &span,
        "[[rubric]] (its [[rubric.concepts]])",
        concept_tables.len(),
        MAX_CONCEPTS,
    );
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
    let tables = fields.tables(sink, "misconceptions", false);
    counts_ok &= fits_count(
        sink,
        &span,
        "[[rubric]] (its [[rubric.misconceptions]])",
        tables.len(),
        MAX_MISCONCEPTIONS,
    );
    for (table, span) in tables {
        match misconception(sink, table, span) {
            Some(found) => misconceptions.push(found),
            None => misconceptions_ok = false,
        }
    }

    let mut examples = Vec::new();
    let mut examples_ok = true;
    let tables = fields.tables(sink, "examples", false);
    counts_ok &= fits_count(
        sink,
        &span,
        "[[rubric]] (its [[rubric.examples]])",
        tables.len(),
        MAX_EXAMPLES,
    );
    for (table, span) in tables {
        match example(sink, table, span) {
            Some(found) => examples.push(found),
            None => examples_ok = false,
        }
    }

    let question = question.ok_or(None)?;
    let pass_mark_ok = pass_mark.is_some() || !fields.has("pass_mark");
    let named_share_ok = named_share.is_some() || !fields.has("named_share");
    let parts_ok = concepts_ok
        && misconceptions_ok
        && examples_ok
        && pass_mark_ok
        && counts_ok
        && named_share_ok;
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

/// A concept's or misconception's `label`.
fn label(sink: &mut Sink<'_>, fields: &Fields<'_, '_>, what: &str) -> Option<Found<String>> {
    fields.string(sink, "label", true).filter(|label| {
        let what = format!("field `label` in {what}");
        fits(
            sink,
            &label.span,
            &what,
            &label.value,
            Size::Chars(MAX_LABEL_CHARS),
        )
    })
}

fn concept(
    sink: &mut Sink<'_>,
    table: &DeTable<'_>,
    span: Range<usize>,
) -> Option<(Concept, Range<usize>)> {
    let fields = Fields::new(table, span, "[[rubric.concepts]]", CONCEPT_FIELDS, sink);
    let id = slug(sink, &fields, "id", "concept id");
    let label = label(sink, &fields, "[[rubric.concepts]]");
    let weight = fields.number(sink, "weight", |w| Weight::new(w).is_some(), Weight::RULE);
    let weight_ok = weight.is_some() || !fields.has("weight");
    let required = fields.boolean(sink, "required");
    let any = phrases(sink, &fields, "[[rubric.concepts]]");
    let terms = phrase_list(sink, &fields, "terms", false, "[[rubric.concepts]]");
    let terms_ok = terms.is_some() || !fields.has("terms");
    let follow_up = fields.string(sink, "follow_up", true).filter(|follow_up| {
        let size = Size::Bytes(MAX_FOLLOW_UP_BYTES);
        let what = "field `follow_up` in [[rubric.concepts]]";
        fits(sink, &follow_up.span, what, &follow_up.value, size)
    });
    let id = id?;
    if !weight_ok || !terms_ok {
        return None;
    }
    Some((
        Concept {
            id: id.value,
            label: label?.value,
            weight: weight
                .and_then(|found| Weight::new(found.value))
                .unwrap_or(Weight::ONE),
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
    let label = label(sink, &fields, "[[rubric.misconceptions]]");
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
        fields.string(sink, "answer", false).filter(|answer| {
            let size = Size::Bytes(MAX_EXAMPLE_ANSWER_BYTES);
            let what = "field `answer` in [[rubric.examples]]";
            fits(sink, &answer.span, what, &answer.value, size)
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_ids_are_found_in_broken_files() {
        let rubrics = "[[rubric]]\nquestion = \"db-acid\"\n  question='db-mvcc'\nquestion = \"db-torn\nquestion = \"Not A Slug\"\nquestionnaire = \"no\"\n";
        assert_eq!(
            named_ids(rubrics, FileKind::Rubrics),
            ["db-acid", "db-mvcc", "db-torn"]
        );
        let questions = "[[question]]\nid = \"q-one\"\nid=\"q-two\"\nidea = \"no\"\n";
        assert_eq!(
            named_ids(questions, FileKind::Questions),
            ["q-one", "q-two"]
        );
    }

    #[test]
    fn repeated_syntax_errors_are_reported_once_and_capped() {
        let text = format!("x = {}\n", "[".repeat(5000));
        let mut sink = Sink::new("deep.toml".into(), &text);
        assert!(document(&mut sink, &text).is_none());
        let messages: Vec<&str> = sink.diagnostics.iter().map(|d| &*d.message).collect();
        assert!(messages.len() <= MAX_SYNTAX_ERRORS + 1, "{messages:#?}");
        let unique: HashSet<_> = sink
            .diagnostics
            .iter()
            .map(|d| (d.location.column, d.message.as_str()))
            .collect();
        assert_eq!(unique.len(), messages.len(), "{messages:#?}");

        let many: String = (0..30).map(|n| format!("k{n} = \n")).collect();
        let mut sink = Sink::new("many.toml".into(), &many);
        assert!(document(&mut sink, &many).is_none());
        assert_eq!(sink.diagnostics.len(), MAX_SYNTAX_ERRORS + 1);
        let last = &sink.diagnostics[MAX_SYNTAX_ERRORS];
        assert_eq!(
            last.message,
            "20 more TOML syntax errors in this file are not shown"
        );
        assert_eq!(last.location.line, 11);
    }
}
