//! One graded answer as `grill grade` writes it: a JSON line projecting the score card onto the
//! batch format (documented in the README), so pipelines that read it keep working; fields of
//! the input line that grill does not know are copied through.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::score::ScoreCard;

/// A graded line: the caller's id and question, the card's verdict, the human grade if given.
pub struct GradedLine<'a> {
    id: Option<&'a Value>,
    question: &'a str,
    card: &'a ScoreCard,
    human: Option<f64>,
    /// The input line's other fields, copied through.
    extra: &'a Map<String, Value>,
}

impl<'a> GradedLine<'a> {
    /// The line for `card`, graded for `question`; `id` comes back as it was given (a string
    /// or a number) and `extra` holds the input line's other fields.
    pub fn new(
        id: Option<&'a Value>,
        question: &'a str,
        card: &'a ScoreCard,
        human: Option<f64>,
        extra: &'a Map<String, Value>,
    ) -> Self {
        GradedLine {
            id,
            question,
            card,
            human,
            extra,
        }
    }

    /// The line as JSON, with its newline: one object with the fields `id` (when given),
    /// `question`, `score`, `pass`, `concepts` (`id`, `hit`, `status`, `evidence`, `span`),
    /// `misconceptions` (`label`, `penalty`, `evidence`), `follow_ups`, `flags`, `human`,
    /// `fallback` and `judge` (when present), then the input line's other fields by name.
    /// Written field by field into one buffer, strings needing escapes escaped by serde_json, byte for byte
    /// what serde writes for the same struct (a test holds the two together).
    pub fn to_bytes(&self) -> Vec<u8> {
        // Sized for a typical line, so the buffer is not regrown while writing.
        let mut out = Vec::with_capacity(1024);
        let card = self.card;
        out.push(b'{');
        if let Some(id) = self.id {
            key(&mut out, "id");
            input_value(&mut out, id);
            out.push(b',');
        }
        key(&mut out, "question");
        string(&mut out, self.question);
        out.push(b',');
        key(&mut out, "score");
        unsigned(&mut out, u64::from(card.score));
        out.push(b',');
        key(&mut out, "pass");
        boolean(&mut out, card.pass);
        out.extend_from_slice(b",\"concepts\":[");
        for (i, c) in card.concepts.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'{');
            key(&mut out, "id");
            string(&mut out, &c.id);
            out.push(b',');
            key(&mut out, "hit");
            boolean(&mut out, c.hit());
            out.push(b',');
            key(&mut out, "status");
            string(&mut out, c.status.as_str());
            out.push(b',');
            key(&mut out, "evidence");
            match &c.evidence {
                Some(e) => string(&mut out, &e.text),
                None => out.extend_from_slice(b"null"),
            }
            out.push(b',');
            key(&mut out, "span");
            match &c.evidence {
                Some(e) => {
                    out.push(b'[');
                    unsigned(&mut out, e.start as u64);
                    out.push(b',');
                    unsigned(&mut out, e.end as u64);
                    out.push(b']');
                }
                None => out.extend_from_slice(b"null"),
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"misconceptions\":[");
        for (i, m) in card.misconceptions.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'{');
            key(&mut out, "label");
            string(&mut out, &m.label);
            out.push(b',');
            key(&mut out, "penalty");
            unsigned(&mut out, u64::from(m.penalty));
            out.push(b',');
            key(&mut out, "evidence");
            string(&mut out, &m.evidence.text);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"follow_ups\":[");
        for (i, follow_up) in card.follow_ups().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(&mut out, follow_up);
        }
        out.extend_from_slice(b"],");
        key(&mut out, "flags");
        if card.flags.is_empty() {
            out.extend_from_slice(b"[]");
        } else {
            value(&mut out, &card.flags);
        }
        if let Some(human) = self.human {
            out.push(b',');
            field(&mut out, "human", &human);
        }
        if let Some(fallback) = &card.fallback {
            out.push(b',');
            field(&mut out, "fallback", fallback);
        }
        if let Some(judge) = &card.judge {
            out.push(b',');
            field(&mut out, "judge", judge);
        }
        for (name, extra) in self.extra {
            out.push(b',');
            string(&mut out, name);
            out.push(b':');
            input_value(&mut out, extra);
        }
        out.extend_from_slice(b"}\n");
        out
    }
}

/// Writes `"name":value` for one of the format's own keys.
fn field<T: Serialize + ?Sized>(out: &mut Vec<u8>, name: &'static str, data: &T) {
    key(out, name);
    value(out, data);
}

/// Writes a value taken from the input line: a string through [`string`], anything else
/// through serde_json.
fn input_value(out: &mut Vec<u8>, data: &Value) {
    match data {
        Value::String(text) => string(out, text),
        other => value(out, other),
    }
}

/// Writes `"name":` for one of the format's own keys, which are plain words with nothing to
/// escape.
#[inline]
fn key(out: &mut Vec<u8>, name: &'static str) {
    debug_assert!(!needs_escape(name.as_bytes()), "{name}");
    out.reserve(name.len() + 3);
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// Writes a JSON string as serde_json does: a string with nothing to escape (no quote,
/// backslash or control character, the common case) is copied between quotes; any other goes
/// through serde_json.
#[inline]
fn string(out: &mut Vec<u8>, text: &str) {
    if needs_escape(text.as_bytes()) {
        value(out, text);
    } else {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// The bytes JSON escapes: control characters, the quote and the backslash.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Whether any byte is one JSON escapes: a control character, a quote or a backslash. Eight
/// bytes at a time: a byte below a bound borrows into its high bit when the bound is taken
/// from it (the quote and the backslash are bytes that XOR to zero), then one table read a
/// byte for the tail.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, bound: u64| x.wrapping_sub(ONES * bound) & !x;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        if (below(x, 0x20) | below(quote, 1) | below(backslash, 1)) & HIGH != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| ESCAPED[usize::from(b)])
}

/// Writes `true` or `false`.
fn boolean(out: &mut Vec<u8>, yes: bool) {
    out.extend_from_slice(if yes { b"true" } else { b"false" });
}

/// Writes an unsigned integer in decimal, as serde_json does (through the same `itoa`).
fn unsigned(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Writes one JSON value as serde_json does.
fn value<T: Serialize + ?Sized>(out: &mut Vec<u8>, data: &T) {
    serde_json::to_writer(&mut *out, data).expect("a graded line always serialises");
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde::Serialize;
    use serde_json::{Map, Value, json};

    use super::GradedLine;
    use crate::score::{
        ConceptResult, Evidence, Flag, Judge, MisconceptionFound, ScoreCard, Status,
    };

    /// The line as serde writes it from a struct: what `to_bytes` must equal.
    #[derive(Serialize)]
    struct Reference<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<&'a Value>,
        question: &'a str,
        score: u32,
        pass: bool,
        concepts: Vec<Concept<'a>>,
        misconceptions: Vec<Misconception<'a>>,
        follow_ups: Vec<&'a str>,
        flags: &'a [Flag],
        #[serde(skip_serializing_if = "Option::is_none")]
        human: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        fallback: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        judge: Option<&'a Judge>,
        #[serde(flatten)]
        extra: &'a Map<String, Value>,
    }

    #[derive(Serialize)]
    struct Concept<'a> {
        id: &'a str,
        hit: bool,
        status: Status,
        evidence: Option<&'a str>,
        span: Option<[usize; 2]>,
    }

    #[derive(Serialize)]
    struct Misconception<'a> {
        label: &'a str,
        penalty: u32,
        evidence: &'a str,
    }

    fn reference(
        id: Option<&Value>,
        question: &str,
        card: &ScoreCard,
        human: Option<f64>,
        extra: &Map<String, Value>,
    ) -> Vec<u8> {
        let line = Reference {
            id,
            question,
            score: card.score,
            pass: card.pass,
            concepts: card
                .concepts
                .iter()
                .map(|c| Concept {
                    id: &c.id,
                    hit: c.hit(),
                    status: c.status,
                    evidence: c.evidence.as_ref().map(|e| e.text.as_str()),
                    span: c.evidence.as_ref().map(|e| [e.start, e.end]),
                })
                .collect(),
            misconceptions: card
                .misconceptions
                .iter()
                .map(|m| Misconception {
                    label: &m.label,
                    penalty: m.penalty,
                    evidence: &m.evidence.text,
                })
                .collect(),
            follow_ups: card.follow_ups().collect(),
            flags: &card.flags,
            human,
            fallback: card.fallback.as_deref(),
            judge: card.judge.as_deref(),
            extra,
        };
        let mut bytes = serde_json::to_vec(&line).unwrap();
        bytes.push(b'\n');
        bytes
    }

    fn evidence(text: &str, start: usize) -> Evidence {
        Evidence {
            start,
            end: start + text.len(),
            text: text.to_owned(),
        }
    }

    fn concept(id: &str, status: Status, evidence: Option<Evidence>) -> ConceptResult {
        ConceptResult {
            id: Arc::from(id),
            label: Arc::from("a label"),
            weight: 2.into(),
            required: false,
            status,
            credit: 0.0,
            evidence,
            phrase: None,
            follow_up: Arc::from(format!("What about {id}?")),
        }
    }

    fn card() -> ScoreCard {
        let concepts = vec![
            concept(
                "a",
                Status::Hit,
                Some(evidence("said \"it\"\n\tcafé ☕", 3)),
            ),
            concept("b-c", Status::WrongDefinition, Some(evidence("x", 0))),
            concept("d", Status::Missed, None),
            concept(
                "e",
                Status::Partial,
                Some(evidence("\u{1}\u{7f}\u{2028}", 9)),
            ),
        ];
        let mut card = crate::score::settle(
            concepts,
            vec![MisconceptionFound {
                label: Arc::from("Thinks \\ is /"),
                penalty: 10,
                evidence: evidence("slash", 40),
            }],
            vec![
                Flag::KeywordList {
                    reason: "a reason".to_owned(),
                    evidence: vec![evidence("one", 1), evidence("two", 5)],
                },
                Flag::GraderDirected {
                    evidence: vec![evidence("score: 100", 20)],
                    asks_for_grade: true,
                },
                Flag::Empty,
            ],
            60,
            0.25,
        );
        card.fallback = Some("the model \"timed out\"".to_owned());
        card.judge = Some(Box::new(Judge {
            model: "m".to_owned(),
            rubric_score: 40,
            disagreement: true,
            verified: 2,
            dropped: 1,
            tokens: Some(1234),
            feedback: "fine".to_owned(),
            follow_up: String::new(),
        }));
        card
    }

    #[test]
    fn lines_are_byte_for_byte_what_serde_writes() {
        let full = card();
        let plain = crate::score::settle(
            vec![concept("only", Status::Named, Some(evidence("only", 0)))],
            Vec::new(),
            Vec::new(),
            50,
            0.25,
        );
        let extra: Map<String, Value> = serde_json::from_value(json!({
            "candidate": "Ada \"the\" tester",
            "": 1,
            "zeta": {"nested": [1, 2.5, -0.0, 1e300, null, true]},
            "a\u{0}b": "\u{1f}",
        }))
        .unwrap();
        let empty = Map::new();
        let ids = [
            None,
            Some(json!("id/1")),
            Some(json!("a \"quoted\" id")),
            Some(json!(7)),
            Some(json!(-2.5)),
        ];
        for card in [&full, &plain] {
            for id in &ids {
                for human in [None, Some(4.0), Some(3.25), Some(1e21)] {
                    for extra in [&empty, &extra] {
                        let question = "q-\"1\"";
                        let ours =
                            GradedLine::new(id.as_ref(), question, card, human, extra).to_bytes();
                        let theirs = reference(id.as_ref(), question, card, human, extra);
                        assert_eq!(
                            String::from_utf8(ours).unwrap(),
                            String::from_utf8(theirs).unwrap()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_does() {
        // Every byte value at every position of a word and of the tail after the last word.
        for len in [1, 7, 8, 9, 15, 16, 17, 24] {
            for at in 0..len {
                for byte in 0u8..0x80 {
                    let mut text = vec![b'a'; len];
                    text[at] = byte;
                    let text = String::from_utf8(text).unwrap();
                    let mut out = Vec::new();
                    super::string(&mut out, &text);
                    assert_eq!(out, serde_json::to_vec(&text).unwrap(), "{text:?}");
                }
            }
        }
        for text in [
            "",
            "caf\u{e9} \u{2014} na\u{ef}ve",
            "\u{7f}\u{80}\u{ff}x\ty\u{2028}",
        ] {
            let mut out = Vec::new();
            super::string(&mut out, text);
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
        for n in [0, 7, 10, 99, 100, 4_294_967_295, u64::MAX] {
            let mut out = Vec::new();
            super::unsigned(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
    }
}
