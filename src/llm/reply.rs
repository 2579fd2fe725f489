//! Reading what the model wrote: the JSON object found in its message (bare, in a code fence or
//! after some leading text) and checked strictly against the schema of the request; anything
//! else is an invalid reply, never a guess.

use serde::Deserialize;
use serde_json::Value;

use crate::bank::Item;

use super::prompt::misconception_id;

/// The model's verdict on a concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Explained.
    Covered,
    /// Named only.
    Named,
    /// Not there.
    NotCovered,
}

/// One concept's claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConceptClaim {
    /// The concept's index in the rubric.
    pub index: usize,
    /// The verdict.
    pub verdict: Verdict,
    /// The quote the verdict rests on.
    pub quote: String,
}

/// One misconception claimed stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MisconceptionClaim {
    /// The misconception's index in the rubric.
    pub index: usize,
    /// The quote.
    pub quote: String,
}

/// A reply that follows the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    /// One claim per concept of the rubric, in rubric order.
    pub concepts: Vec<ConceptClaim>,
    /// Misconceptions claimed.
    pub misconceptions: Vec<MisconceptionClaim>,
    /// Feedback to the candidate.
    pub feedback: String,
    /// The follow-up question.
    pub follow_up: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: String,
    verdict: String,
    quote: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMisconception {
    id: String,
    quote: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReply {
    concepts: Vec<RawConcept>,
    misconceptions: Vec<RawMisconception>,
    feedback: String,
    follow_up: String,
}

/// The JSON object in a message: the message itself, the inside of its first code fence, or the
/// text from the first `{` to the last `}`.
fn json_in(content: &str) -> Option<Value> {
    let trimmed = content.trim();
    if let Ok(value @ Value::Object(_)) = serde_json::from_str(trimmed) {
        return Some(value);
    }
    if let Some(start) = trimmed.find("```") {
        let rest = &trimmed[start + 3..];
        let body = rest.find('\n').map_or(rest, |nl| &rest[nl + 1..]);
        if let Some(end) = body.find("```")
            && let Ok(value @ Value::Object(_)) = serde_json::from_str(body[..end].trim())
        {
            return Some(value);
        }
    }
    let (start, end) = (trimmed.find('{')?, trimmed.rfind('}')?);
    match serde_json::from_str(trimmed.get(start..=end)?) {
        Ok(value @ Value::Object(_)) => Some(value),
        _ => None,
    }
}

/// Parses and validates a message against the item's rubric: exactly the schema's fields, every
/// concept exactly once with a known verdict, only known misconceptions.
pub(crate) fn parse(item: &Item, content: &str) -> Result<Reply, String> {
    let value = json_in(content).ok_or("the reply holds no JSON object")?;
    let raw: RawReply = serde_json::from_value(value)
        .map_err(|error| format!("the reply does not follow the schema: {error}"))?;
    let concepts = &item.rubric.concepts;
    let mut claims: Vec<Option<ConceptClaim>> = vec![None; concepts.len()];
    for claim in raw.concepts {
        let index = concepts
            .iter()
            .position(|c| c.id == claim.id)
            .ok_or_else(|| format!("the reply names an unknown concept `{}`", short(&claim.id)))?;
        let verdict = match claim.verdict.as_str() {
            "covered" => Verdict::Covered,
            "named" => Verdict::Named,
            "not_covered" => Verdict::NotCovered,
            other => {
                return Err(format!(
                    "concept `{}`: unknown verdict `{}`",
                    claim.id,
                    short(other)
                ));
            }
        };
        if claims[index].is_some() {
            return Err(format!("concept `{}` is judged twice", claim.id));
        }
        claims[index] = Some(ConceptClaim {
            index,
            verdict,
            quote: claim.quote,
        });
    }
    let concepts = claims
        .into_iter()
        .enumerate()
        .map(|(i, claim)| {
            claim.ok_or_else(|| format!("concept `{}` is not judged", concepts[i].id))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let misconceptions = raw
        .misconceptions
        .into_iter()
        .map(|m| {
            (1..=item.rubric.misconceptions.len())
                .find(|&n| misconception_id(n) == m.id)
                .map(|n| MisconceptionClaim {
                    index: n - 1,
                    quote: m.quote,
                })
                .ok_or_else(|| {
                    format!(
                        "the reply names an unknown misconception `{}`",
                        short(&m.id)
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Reply {
        concepts,
        misconceptions,
        feedback: raw.feedback,
        follow_up: raw.follow_up,
    })
}

/// A model-written string cut short for an error message.
fn short(text: &str) -> String {
    let one_line = crate::sanitize::single_line(text);
    match one_line.char_indices().nth(40) {
        Some((at, _)) => format!("{}...", &one_line[..at]),
        None => one_line.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Bank, BankSpec};

    fn bank() -> Bank {
        Bank::load(&BankSpec {
            embedded: true,
            folders: Vec::new(),
        })
        .unwrap()
    }

    fn reply_for(item: &Item) -> String {
        let concepts: Vec<Value> = item
            .rubric
            .concepts
            .iter()
            .map(|c| serde_json::json!({"id": c.id, "verdict": "not_covered", "quote": ""}))
            .collect();
        serde_json::json!({
            "concepts": concepts, "misconceptions": [], "feedback": "f", "follow_up": "q"
        })
        .to_string()
    }

    #[test]
    fn json_is_found_bare_in_a_fence_or_after_leading_text() {
        let bank = bank();
        let item = bank.get("db-acid").unwrap();
        let json = reply_for(item);
        for content in [
            json.clone(),
            format!("```json\n{json}\n```"),
            format!("Here is my grading:\n```\n{json}\n```\nDone."),
            format!("Sure! {json}"),
        ] {
            let reply = parse(item, &content).unwrap_or_else(|e| panic!("{e}: {content}"));
            assert_eq!(reply.concepts.len(), item.rubric.concepts.len());
        }
    }

    #[test]
    fn anything_off_schema_is_refused_with_a_reason() {
        let bank = bank();
        let item = bank.get("db-acid").unwrap();
        assert!(parse(item, "I think it is good").is_err());
        assert!(parse(item, "{\"concepts\": 3}").is_err());
        let json = reply_for(item);
        let unknown = json.replacen("\"not_covered\"", "\"maybe\"", 1);
        assert!(
            parse(item, &unknown)
                .unwrap_err()
                .contains("unknown verdict")
        );
        let first = &item.rubric.concepts[0].id;
        let renamed = json.replacen(&format!("\"{first}\""), "\"nope\"", 1);
        assert!(
            parse(item, &renamed)
                .unwrap_err()
                .contains("unknown concept")
        );
        let missing: Value = serde_json::from_str(&json).unwrap();
        let mut missing = missing;
        missing["concepts"].as_array_mut().unwrap().remove(0);
        assert!(
            parse(item, &missing.to_string())
                .unwrap_err()
                .contains("not judged")
        );
    }
}
