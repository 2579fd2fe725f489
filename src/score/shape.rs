//! The shape of an answer: which of its clauses are sentences (they have a finite verb) and which
//! are fragments (noun phrases, formulas), so a keyword list is told from prose by how it is
//! written, whatever words it uses.

use super::text::{Token, runs_by};
use super::verbs::{is_base_verb, is_inflected_verb};
use super::words;

/// Words that make a clause a sentence on their own: auxiliaries, copulas, modals and personal
/// pronouns (a pronoun is the subject of some verb).
pub(super) const FINITE: &[&str] = &[
    "am", "are", "can", "could", "did", "do", "does", "had", "has", "have", "he", "i", "is", "it",
    "it's", "may", "might", "must", "shall", "she", "should", "that's", "there's", "they",
    "they're", "was", "we", "were", "will", "would", "you",
];

/// Least share of function words of a clause that is not a run of keywords; also what lets an
/// inflected verb alone make a long clause prose.
const MIN_FUNCTION_SHARE: f64 = 0.15;
/// Longest clause (in content words, per verb) an inflected verb makes prose without function
/// words: "Read uncommitted allows dirty reads".
const SHORT_CLAUSE: usize = 6;
/// Most content words of a noun phrase that reads as a list item.
const ITEM_WORDS: usize = 3;
/// Most list items a sentence with a verb may hold and still be prose ("Redis stores strings,
/// hashes, lists and sets"); "X is important: a, b, c, d, e" holds more. Also the longest run
/// of phrases a sentence without a verb may hold and not be a list.
const LONG_RUN: usize = 4;
/// Content words of a clause beyond which few function words make it a run of keywords.
const RUN_OF_KEYWORDS: usize = 12;
/// Least share of function words of a long clause that is prose.
const RUN_FUNCTION_SHARE: f64 = 0.25;
/// Most items a sentence with a single finite clause may hold and still be prose: "local
/// transaction, compensating, listens for events, central coordinator, isolation" holds more.
const ITEMS_PER_VERB: usize = 3;
/// Most content words of a phrase that may be an item of a long list.
const PHRASE_WORDS: usize = 5;
/// Fewest comma-separated clauses of a sentence that strings phrases together.
const MIN_CHAIN: usize = 3;
/// The same, when the question only asks to name things.
const MIN_CHAIN_NAMING: usize = 8;
/// Clauses of a chain beyond which its joining words and subjects no longer make it prose.
const LONG_CHAIN: usize = 12;
/// Least share of such a sentence's content words inside phrases the answer states.
const CHAIN_COVERAGE: f64 = 0.8;
/// Most fragments quoted as evidence of a list.
pub(crate) const MAX_QUOTED: usize = 6;

/// The shape of an answer, read only when a rule first asks for it: most answers name no
/// concept in passing and say too few phrases to be a list.
pub(crate) struct LazyShape<'a> {
    cell: std::cell::OnceCell<Shape>,
    text: &'a str,
    tokens: &'a [Token],
    ignored: &'a [bool],
    naming: bool,
}

impl<'a> LazyShape<'a> {
    /// Remembers what to read.
    pub(crate) fn new(
        text: &'a str,
        tokens: &'a [Token],
        ignored: &'a [bool],
        naming: bool,
    ) -> Self {
        Self {
            cell: std::cell::OnceCell::new(),
            text,
            tokens,
            ignored,
            naming,
        }
    }

    /// The shape, read on first use.
    pub(crate) fn get(&self) -> &Shape {
        self.cell
            .get_or_init(|| Shape::new(self.text, self.tokens, self.ignored, self.naming))
    }
}

/// How an answer is written.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    /// Content words outside grader text, and how many of them sit in fragments.
    pub(crate) content: usize,
    pub(crate) in_fragments: usize,
    /// Every fragment (first and last token); the first [`MAX_QUOTED`] are quoted on the card.
    pub(crate) fragments: Vec<(usize, usize)>,
    /// The sentences with a finite verb and no fragment (first and last token).
    pub(crate) prose: Vec<(usize, usize)>,
}

impl Shape {
    /// Reads the shape of an answer's tokens; `ignored` tokens (grader text) are left out.
    /// When the question only asks to name things (`naming`), a list of descriptive phrases
    /// ("constant pointer to constant data, ...") is the answer, not a dump.
    pub(crate) fn new(text: &str, tokens: &[Token], ignored: &[bool], naming: bool) -> Shape {
        // Each clause: first token, end, kind.
        let clauses: Vec<(usize, usize, Kind)> = runs_by(tokens, |t| t.clause)
            .map(|r| (r.start, r.end, kind(text, &tokens[r.clone()], naming)))
            .collect();
        let mut shape = Shape::default();
        for group in clauses.chunk_by(|a, b| tokens[a.0].sentence == tokens[b.0].sentence) {
            // Many clauses strung with bare commas, none of them with a subject of its own and
            // none joined by a conjunction: a list of verb phrases ("accepts the connection,
            // runs in order, parses the body, ..."), not a sentence that enumerates steps ("The
            // server accepts the connection, runs the middleware and calls the handler").
            if !naming && is_chain_of_predicates(tokens, group) {
                for &(start, end, _) in group {
                    shape.mark_clause(tokens, ignored, start, end, true);
                }
                continue;
            }
            let finite = group.iter().filter(|c| c.2 == Kind::Finite).count();
            let has_verb = finite > 0;
            // A sentence with a finite verb is prose, unless it holds a long run of items; in
            // a sentence without one, a long run of phrases is a list too.
            let items = group
                .iter()
                .filter(|c| matches!(c.2, Kind::Item | Kind::Formula))
                .count();
            let verbless = runs(group, |k| k != Kind::Finite);
            let fragments_before = shape.fragments.len();
            for (i, &(start, end, kind)) in group.iter().enumerate() {
                let listy = match kind {
                    Kind::Formula => true,
                    Kind::Item => {
                        !has_verb || items > LONG_RUN || (finite == 1 && items > ITEMS_PER_VERB)
                    }
                    Kind::Phrase => !naming && verbless[i] > LONG_RUN,
                    Kind::Finite | Kind::VerbPhrase | Kind::Long => false,
                };
                shape.mark_clause(tokens, ignored, start, end, listy);
            }
            // A sentence with a verb and no fragment is prose; one that strings fragments
            // together is part of the list, verbs and all.
            if has_verb
                && shape.fragments.len() == fragments_before
                && let (Some(first), Some(last)) = (group.first(), group.last())
            {
                shape.prose.push((first.0, last.1 - 1));
            }
        }
        shape
    }

    fn mark_clause(
        &mut self,
        tokens: &[Token],
        ignored: &[bool],
        start: usize,
        end: usize,
        listy: bool,
    ) {
        // Numbers (array sizes, values in code) are not words of a list.
        let content = (start..end)
            .filter(|&k| {
                !ignored[k]
                    && !tokens[k].is(words::FUNCTION)
                    && !tokens[k].norm().bytes().all(|b| b.is_ascii_digit())
            })
            .count();
        self.content += content;
        if listy && content > 0 {
            self.in_fragments += content;
            self.fragments.push((start, end - 1));
        }
    }

    /// The share of content words in sentences that only string the rubric's own phrases
    /// together with bare commas: at least [`MIN_CHAIN`] clauses, none opened by a joining word
    /// or a subject, and at least [`CHAIN_COVERAGE`] of their content words inside phrases the
    /// answer states (`said`, first and last token). A dump of statements ("accepts the
    /// connection, runs in order, parses the body") has verbs, so only this tells it from prose.
    pub(crate) fn phrase_chain_share(
        tokens: &[Token],
        ignored: &[bool],
        said: &[(usize, usize)],
        naming: bool,
    ) -> f64 {
        // A question that asks only to name things is answered by a short list; only a long
        // chain of phrases is a dump there.
        let min_clauses = if naming { MIN_CHAIN_NAMING } else { MIN_CHAIN };
        let stated = |k: usize| said.iter().any(|&(first, last)| first <= k && k <= last);
        let counts = |range: std::ops::Range<usize>| {
            range
                .filter(|&k| {
                    !ignored[k]
                        && !tokens[k].is(words::FUNCTION)
                        && !tokens[k].norm().bytes().all(|b| b.is_ascii_digit())
                })
                .fold((0usize, 0usize), |(content, covered), k| {
                    (content + 1, covered + usize::from(stated(k)))
                })
        };
        let mut chained = 0;
        for range in runs_by(tokens, |t| t.sentence) {
            let (start, end) = (range.start, range.end);
            let opens = |k: usize| k == start || tokens[k].clause != tokens[k - 1].clause;
            let clauses = range.clone().filter(|&k| opens(k)).count();
            // No joining word or subject outside the stated phrases: "The server accepts the
            // connection, ... and serializes the result" is a sentence. A joining word or a
            // subject that opens a stated phrase ("who the caller is") is the phrase's own, and
            // so is a joining word that opens a clause right before one (phrases skip glue
            // words, so "but" before "not allowed").
            let bare = || {
                range.clone().all(|k| {
                    let word = tokens[k].norm();
                    !(JOINERS.contains(&word) || SUBJECTS.contains(&word))
                        || stated(k)
                        || (opens(k) && k + 1 < end && stated(k + 1))
                })
            };
            // A chain of a dozen clauses or more is a dump whatever small words it holds.
            if clauses >= min_clauses && (clauses >= LONG_CHAIN || bare()) {
                let (content, covered) = counts(range);
                if content > 0 && covered as f64 >= CHAIN_COVERAGE * content as f64 {
                    chained += content;
                }
            }
        }
        // The chained words are some of the answer's: with none, the share is 0 whatever the
        // answer's length, which is only counted otherwise.
        if chained == 0 {
            return 0.0;
        }
        let (total, _) = counts(0..tokens.len());
        chained as f64 / total as f64
    }

    /// Whether a mention (first and last token) is a list's: outside every prose sentence.
    pub(crate) fn listed(&self, (first, last): (usize, usize)) -> bool {
        !self
            .prose
            .iter()
            .any(|&(start, end)| start <= first && last <= end)
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

/// Words that, opening a clause, join it to the one before as a sentence does.
pub(crate) const JOINERS: &[&str] = &[
    "and", "or", "then", "so", "but", "because", "which", "while", "when", "if", "where", "since",
    "until", "unless", "that", "who",
];

/// Personal pronouns and "there": a clause opening with one has a subject.
pub(crate) const SUBJECTS: &[&str] = &[
    "i", "we", "you", "it", "he", "she", "they", "there", "this", "that",
];

/// Whether a sentence is a chain of more than [`LONG_RUN`] comma-separated clauses, none joined
/// by a conjunction and none with a subject before its verb: every clause is a noun phrase or
/// opens with its verb.
fn is_chain_of_predicates(tokens: &[Token], group: &[(usize, usize, Kind)]) -> bool {
    if group.len() <= LONG_RUN {
        return false;
    }
    group.iter().all(|&(start, end, kind)| {
        let clause = &tokens[start..end];
        let Some(first) = clause.iter().find(|t| !t.norm().ends_with("ly")) else {
            return true;
        };
        let word = first.norm();
        if JOINERS.contains(&word) || SUBJECTS.contains(&word) {
            return false;
        }
        match kind {
            Kind::Item | Kind::Formula | Kind::Phrase | Kind::VerbPhrase => true,
            // A clause with a finite verb has no subject when it opens with the verb.
            Kind::Finite => is_inflected_verb(word) || is_base_verb(word) || FINITE.contains(&word),
            Kind::Long => false,
        }
    })
}

/// For each clause of a sentence, the length of the run of clauses around it (itself
/// included) whose kinds pass `member`; 0 for a clause that does not.
fn runs(group: &[(usize, usize, Kind)], member: impl Fn(Kind) -> bool) -> Vec<usize> {
    let mut out = vec![0; group.len()];
    let mut i = 0;
    while i < group.len() {
        let len = group[i..].iter().take_while(|c| member(c.2)).count();
        for slot in &mut out[i..i + len] {
            *slot = len;
        }
        i += len.max(1);
    }
    out
}

/// What one clause is. An item of a list has no finite verb, and either a formula, a short
/// noun phrase (up to [`ITEM_WORDS`] content words and one function word: "key design", "the
/// TTL") or a run of words with hardly any function words ("atomic consistent durable rolled
/// back constraints"). "The behavior of portions of the desired product" is not an item.
fn kind(text: &str, clause: &[Token], naming: bool) -> Kind {
    // An arithmetic operator set apart by spaces: "hits + misses", not "and/or" or "a * b".
    // Two words one byte apart (a single space, the common case) hold no operator.
    let formula = clause.windows(2).any(|w| {
        if w[1].start - w[0].end < 2 {
            return false;
        }
        let between = text[w[0].end..w[1].start].trim_end_matches([' ', '(']);
        between.len() >= 2
            && between.starts_with(char::is_whitespace)
            && between.trim_start().len() == 1
            && between.trim_start().starts_with(['+', '/'])
    });
    if formula {
        return Kind::Formula;
    }
    let function = clause.iter().filter(|t| t.is(words::FUNCTION)).count();
    let content = clause.len() - function;
    // A long run of words with hardly any grammar is keywords, whatever verbs it holds.
    let sparse = !naming && (function as f64) < RUN_FUNCTION_SHARE * clause.len() as f64;
    if content >= RUN_OF_KEYWORDS && (sparse || repeats(clause)) {
        return Kind::Item;
    }
    if has_finite_verb(clause) {
        return Kind::Finite;
    }
    // A verb phrase of two content words is as often a listed name: "fail fast", "roll back".
    if starts_with_verb_phrase(clause) && content > 2 {
        return Kind::VerbPhrase;
    }
    if (content <= ITEM_WORDS && function <= 1)
        || (function as f64) < MIN_FUNCTION_SHARE * clause.len() as f64
    {
        Kind::Item
    } else if content <= PHRASE_WORDS {
        Kind::Phrase
    } else {
        Kind::Long
    }
}

/// What one clause is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Arithmetic: "hits + misses".
    Formula,
    /// It has a finite verb.
    Finite,
    /// A verb phrase: "involve a termination test".
    VerbPhrase,
    /// A short noun phrase or a run of keywords.
    Item,
    /// A phrase with function words: "config in the environment".
    Phrase,
    /// A longer phrase: "the behavior of portions of the desired software product".
    Long,
}

/// Whether a clause is a verb phrase with its object: "involve a termination test", "declare
/// the length of the array", "eventually terminate".
fn starts_with_verb_phrase(clause: &[Token]) -> bool {
    // "and make borrowing a resource", "eventually terminate".
    let first = usize::from(
        clause
            .first()
            .is_some_and(|t| t.norm().ends_with("ly") || t.is(words::GLUE)),
    );
    let Some(verb) = clause.get(first) else {
        return false;
    };
    let next = clause.get(first + 1);
    // "used with variable names": a participle opening a phrase.
    if verb.is(words::INFLECTED_VERB) && verb.norm().ends_with("ed") {
        return next.is_some_and(|n| n.is(words::FUNCTION));
    }
    // A gerund with its object: "decoding the payload", "using an explicit allowlist".
    let gerund = verb.norm().ends_with("ing") && next.is_some_and(|n| n.is(words::GLUE));
    let infinitive = clause
        .windows(2)
        .any(|w| w[0].norm() == "to" && w[1].is(words::BASE_VERB));
    gerund
        || infinitive
        || (verb.is(words::BASE_VERB)
            && next.is_some_and(|n| n.joint != super::text::Joint::Hyphen))
}

/// Whether a clause says the same content words over and over (fewer than a quarter are distinct).
fn repeats(clause: &[Token]) -> bool {
    let content: Vec<&str> = clause
        .iter()
        .filter(|t| !t.is(words::FUNCTION))
        .map(|t| t.stem())
        .collect();
    let mut distinct = content.clone();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() * 4 < content.len()
}

/// Adverbs that stand between a subject and its verb: "constraints still hold"
/// (`words::MID_ADVERB`).
pub(super) const MID_ADVERBS: &[&str] = &[
    "still",
    "also",
    "always",
    "often",
    "just",
    "only",
    "never",
    "then",
    "all",
    "both",
    "sometimes",
    "rarely",
    "seldom",
];

/// Whether one clause is a sentence: it has a finite verb.
fn has_finite_verb(clause: &[Token]) -> bool {
    if clause
        .iter()
        .any(|t| t.is(words::FINITE) || t.norm().ends_with("n't"))
    {
        return true;
    }
    // A present-tense verb between two words ("serializable prevents phantoms"), or "to" +
    // verb. Past forms are left out: "rolled back, persisted" is a list of participles.
    let last = clause.len().saturating_sub(1);
    // A base form after a plural subject: "prototypes tell", "definitions actually implement",
    // "constraints still hold".
    let after_plural = clause.windows(3).any(|w| {
        let subject = |t: &Token| t.norm().ends_with('s') && !t.is(words::FUNCTION);
        let adverb = |t: &Token| t.norm().ends_with("ly") || t.is(words::MID_ADVERB);
        (subject(&w[0]) && w[1].is(words::BASE_VERB))
            || (subject(&w[0]) && adverb(&w[1]) && w[2].is(words::BASE_VERB))
    });
    if after_plural {
        return true;
    }
    let verbs = clause
        .iter()
        .enumerate()
        .filter(|&(k, t)| {
            let next_is_function = clause.get(k + 1).is_some_and(|n| n.is(words::FUNCTION));
            (k > 0 || (next_is_function && clause.len() >= 3))
                && k < last
                && t.norm().ends_with('s')
                && t.is(words::INFLECTED_VERB)
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
        Shape::new(text, &tokens, &ignored, false).fragment_share()
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
