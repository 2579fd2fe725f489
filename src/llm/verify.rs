//! Every claim checked against the answer: a quote counts only when the answer holds it (after
//! folding case, whitespace and punctuation) outside the sentences the rubric scorer set aside as
//! addressed to the grader. The card is then settled by the rubric's own formula, capped by its
//! keyword-list verdict.

use crate::bank::Item;
use crate::score::{
    self, ConceptResult, DISAGREEMENT_POINTS, Evidence, Flag, Judge, MisconceptionFound, ScoreCard,
    Status,
};

use super::reply::{Reply, Verdict};

/// Text folded for comparison: lowercase letters and digits, every run of anything else one
/// space; with the byte offset in the original of each folded character.
struct Folded {
    text: String,
    offsets: Vec<usize>,
    ends: Vec<usize>,
}

fn fold(text: &str) -> Folded {
    let mut folded = Folded {
        text: String::new(),
        offsets: Vec::new(),
        ends: Vec::new(),
    };
    let mut gap = true;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                folded.text.push(lower);
                for _ in 0..lower.len_utf8() {
                    folded.offsets.push(at);
                    folded.ends.push(at + c.len_utf8());
                }
            }
            gap = false;
        } else if !gap {
            folded.text.push(' ');
            folded.offsets.push(at);
            folded.ends.push(at);
            gap = true;
        }
    }
    if folded.text.ends_with(' ') {
        folded.text.pop();
        folded.offsets.pop();
        folded.ends.pop();
    }
    folded
}

/// The fewest letters and digits a quote needs to be evidence of anything ("a", "is" are not).
const MIN_QUOTE_CHARS: usize = 4;

/// Where the answer holds the quote, as evidence in the answer's own words; `None` when the
/// quote is too short to show anything or is not there.
pub(crate) fn locate(answer: &str, quote: &str) -> Option<Evidence> {
    let needle = fold(quote).text;
    if needle.chars().filter(|c| *c != ' ').count() < MIN_QUOTE_CHARS {
        return None;
    }
    let hay = fold(answer);
    let mut from = 0;
    while let Some(found) = hay.text[from..].find(&needle) {
        let start = from + found;
        let end = start + needle.len();
        // Whole words only: "cid" is not in "acid".
        let before = hay.text[..start].chars().next_back();
        let after = hay.text[end..].chars().next();
        if before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ') {
            let (s, e) = (hay.offsets[start], hay.ends[end - 1]);
            return Some(Evidence {
                start: s,
                end: e,
                text: answer[s..e].to_owned(),
            });
        }
        from = start + hay.text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The spans the rubric scorer set aside as addressed to the grader.
fn grader_directed(card: &ScoreCard) -> Vec<(usize, usize)> {
    card.flags
        .iter()
        .filter_map(|flag| match flag {
            Flag::GraderDirected { evidence, .. } => Some(evidence),
            _ => None,
        })
        .flatten()
        .map(|e| (e.start, e.end))
        .collect()
}

/// A quote that stands: in the answer, and not inside a sentence addressed to the grader.
fn verified(answer: &str, quote: &str, set_aside: &[(usize, usize)]) -> Option<Evidence> {
    let evidence = locate(answer, quote)?;
    let inside = set_aside
        .iter()
        .any(|&(start, end)| evidence.start < end && evidence.end > start);
    (!inside).then_some(evidence)
}

/// Turns a model's reply into a card: each claim whose quote stands earns what the rubric gives
/// its verdict (a covered concept its weight, a named one the named share); every other claim
/// is dropped and earns nothing. `rubric` is the rubric scorer's card of the same answer: its
/// keyword-list verdict caps the result and its grader-directed sentences are off limits.
pub(crate) fn judge(
    item: &Item,
    answer: &str,
    reply: &Reply,
    rubric: &ScoreCard,
    model: &str,
    tokens: Option<u64>,
) -> ScoreCard {
    let set_aside = grader_directed(rubric);
    let named_share = item.rubric.named_share;
    let mut kept = 0u32;
    let mut dropped = 0u32;
    let concepts: Vec<ConceptResult> = reply
        .concepts
        .iter()
        .map(|claim| {
            let base = &rubric.concepts[claim.index];
            let (status, credit, evidence) = match claim.verdict {
                Verdict::NotCovered => (Status::Missed, 0.0, None),
                verdict => match verified(answer, &claim.quote, &set_aside) {
                    Some(evidence) => {
                        kept += 1;
                        if verdict == Verdict::Covered {
                            (Status::Hit, 1.0, Some(evidence))
                        } else {
                            (Status::Named, named_share, Some(evidence))
                        }
                    }
                    None => {
                        dropped += 1;
                        (Status::Missed, 0.0, None)
                    }
                },
            };
            ConceptResult {
                status,
                credit,
                evidence,
                phrase: None,
                ..base.clone()
            }
        })
        .collect();
    let misconceptions: Vec<MisconceptionFound> = reply
        .misconceptions
        .iter()
        .filter_map(|claim| {
            let m = &item.rubric.misconceptions[claim.index];
            match verified(answer, &claim.quote, &set_aside) {
                Some(evidence) => {
                    kept += 1;
                    Some(MisconceptionFound {
                        label: m.label.as_str().into(),
                        penalty: m.penalty,
                        evidence,
                    })
                }
                None => {
                    dropped += 1;
                    None
                }
            }
        })
        .collect();
    // The flags about the answer as a whole hold for the model's verdicts too; those about the
    // rubric scorer's own partial credit (contradicted, vague) do not.
    let flags = rubric
        .flags
        .iter()
        .filter(|f| !matches!(f, Flag::Contradicted { .. } | Flag::Vague { .. }))
        .cloned()
        .collect();
    let mut card = score::settle(
        concepts,
        misconceptions,
        flags,
        rubric.pass_mark,
        named_share,
    );
    card.judge = Some(Box::new(Judge {
        model: model.to_owned(),
        rubric_score: rubric.score,
        disagreement: card.score.abs_diff(rubric.score) > DISAGREEMENT_POINTS,
        verified: kept,
        dropped,
        tokens,
        feedback: reply.feedback.trim().to_owned(),
        follow_up: reply.follow_up.trim().to_owned(),
    }));
    card
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_found_through_case_whitespace_and_punctuation() {
        let answer = "A transaction is  all-or-nothing: if one step fails,\nit is rolled back.";
        let found = locate(answer, "ALL OR NOTHING if one step fails it is").unwrap();
        assert_eq!(found.text, "all-or-nothing: if one step fails,\nit is");
        assert_eq!(&answer[found.start..found.end], found.text);
        assert!(locate(answer, "rolled back!").is_some());
        assert!(locate(answer, "rolled forward").is_none());
        assert!(locate(answer, "   ...  ").is_none());
        assert!(locate(answer, "is").is_none(), "too short to be evidence");
        assert!(locate("Use Kafka.", "kafka").is_some());
        assert!(locate(answer, "olled back").is_none(), "whole words only");
    }

    #[test]
    fn quotes_in_non_ascii_text_keep_byte_ranges() {
        let answer = "Ça dépend: l'Índex est utilisé.";
        let found = locate(answer, "ÇA DÉPEND l índex").unwrap();
        assert_eq!(&answer[found.start..found.end], found.text);
    }
}
