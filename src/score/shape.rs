//! The shape of an answer: which of its clauses are sentences (they have a finite verb) and which
//! are fragments (noun phrases, formulas), so a keyword list is told from prose by how it is
//! written, whatever words it uses.

use super::text::Token;
use super::verbs::{is_base_verb, is_inflected_verb};
use super::words;

/// Words that make a clause a sentence on their own: auxiliaries, copulas, modals and personal
/// pronouns (a pronoun is the subject of some verb).
const FINITE: &[&str] = &[
    "am", "are", "can", "could", "did", "do", "does", "had", "has", "have", "he", "i", "is", "it",
    "it's", "may", "might", "must", "shall", "she", "should", "that's", "there's", "they",
    "they're", "was", "we", "were", "will", "would", "you",
];

/// Least share of function words that lets an inflected verb alone make a long clause prose.
const MIN_FUNCTION_SHARE: f64 = 0.15;
/// Longest clause (in content words, per verb) an inflected verb makes prose without function
/// words: "Read uncommitted allows dirty reads".
const SHORT_CLAUSE: usize = 6;
/// Most fragments quoted as evidence of a list.
const MAX_QUOTED: usize = 6;

/// How an answer is written.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    /// For each clause id, whether it is prose.
    prose: Vec<bool>,
    /// Content words outside grader text, and how many of them sit in fragments.
    pub(crate) content: usize,
    pub(crate) in_fragments: usize,
    /// The first fragments (first and last token), for the score card.
    pub(crate) fragments: Vec<(usize, usize)>,
}

impl Shape {
    /// Reads the shape of an answer's tokens; `ignored` tokens (grader text) are left out.
    pub(crate) fn new(text: &str, tokens: &[Token], ignored: &[bool]) -> Shape {
        let mut shape = Shape::default();
        let mut start = 0;
        while start < tokens.len() {
            let clause = tokens[start].clause;
            let end = tokens[start..]
                .iter()
                .position(|t| t.clause != clause)
                .map_or(tokens.len(), |n| start + n);
            let prose = is_prose(text, &tokens[start..end]);
            if shape.prose.len() <= clause as usize {
                shape.prose.resize(clause as usize + 1, false);
            }
            shape.prose[clause as usize] = prose;
            let content = (start..end)
                .filter(|&k| !ignored[k] && !tokens[k].is(words::FUNCTION))
                .count();
            shape.content += content;
            if !prose && content > 0 {
                shape.in_fragments += content;
                if shape.fragments.len() < MAX_QUOTED {
                    shape.fragments.push((start, end - 1));
                }
            }
            start = end;
        }
        shape
    }

    /// Whether the clause holding a token is prose.
    pub(crate) fn is_prose(&self, token: &Token) -> bool {
        self.prose
            .get(token.clause as usize)
            .copied()
            .unwrap_or(false)
    }

    /// The share of content words written in fragments, 0..1.
    pub(crate) fn fragment_share(&self) -> f64 {
        if self.content == 0 {
            0.0
        } else {
            self.in_fragments as f64 / self.content as f64
        }
    }
}

/// Whether one clause is a sentence: it has a finite verb. A formula ("hits / (hits +
/// misses)") never is.
fn is_prose(text: &str, clause: &[Token]) -> bool {
    if clause
        .iter()
        .any(|t| FINITE.contains(&t.norm.as_str()) || t.norm.ends_with("n't"))
    {
        return true;
    }
    let formula = clause.windows(2).any(|w| {
        text[w[0].end..w[1].start]
            .chars()
            .any(|c| matches!(c, '+' | '=' | '*' | '/' | '<' | '>'))
    });
    if formula {
        return false;
    }
    // A present-tense verb between two words ("serializable prevents phantoms"), or "to" +
    // verb. Past forms are left out: "rolled back, persisted" is a list of participles.
    let last = clause.len().saturating_sub(1);
    let verbs = clause
        .iter()
        .enumerate()
        .filter(|&(k, t)| {
            (k > 0 && k < last && t.norm.ends_with('s') && is_inflected_verb(&t.norm))
                || (t.norm == "to" && clause.get(k + 1).is_some_and(|n| is_base_verb(&n.norm)))
        })
        .count();
    if verbs == 0 {
        return false;
    }
    let function = clause.iter().filter(|t| t.is(words::FUNCTION)).count();
    let content = clause.len() - function;
    content <= SHORT_CLAUSE * verbs || function as f64 >= MIN_FUNCTION_SHARE * clause.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::text::tokenize;

    fn share(text: &str) -> f64 {
        let tokens = tokenize(text);
        let ignored = vec![false; tokens.len()];
        Shape::new(text, &tokens, &ignored).fragment_share()
    }

    #[test]
    fn sentences_with_a_verb_are_prose_however_many_terms_they_hold() {
        assert_eq!(
            share("Read uncommitted allows dirty reads and serializable prevents phantoms."),
            0.0
        );
        assert_eq!(
            share("Atomicity means each query runs on a single thread."),
            0.0
        );
        assert_eq!(share("It is all or nothing."), 0.0);
        assert_eq!(share("Use keys to prevent duplicate charges."), 0.0);
    }

    #[test]
    fn lists_and_formulas_are_fragments() {
        assert_eq!(
            share(
                "hits / (hits + misses), metrics, TTL, key design, cache warming, eviction policy"
            ),
            1.0
        );
        assert_eq!(share("push and pop"), 1.0);
        assert_eq!(
            share(
                "atomic consistent isolation durable rolled back constraints persisted atomic consistent isolation durable rolled back constraints persisted"
            ),
            1.0
        );
    }
}
