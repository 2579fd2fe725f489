//! Names versus explanations: which rubric phrases merely name their concept, where an answer
//! names concepts, and where it defines one ("X means ...") so the definition can be checked.

use rustc_hash::FxHashSet as HashSet;

use super::text::{Joint, Token, tokenize};
use super::words;

/// Verbs that open a definition or characterisation of their subject: "X means ...".
pub(super) const DEFINING: &[&str] = &[
    "means",
    "mean",
    "meant",
    "is",
    "are",
    "ensures",
    "ensure",
    "guarantees",
    "guarantee",
    "refers",
    "implies",
    "describes",
    "stands",
];

/// The stems of the words that name a concept: its label's and id's content words, and its
/// terms' words.
pub(crate) fn name_stems(label: &str, id: &str, terms: &[String]) -> HashSet<Box<str>> {
    let id_words = id.replace('-', " ");
    [label, id_words.as_str()]
        .into_iter()
        .chain(terms.iter().map(String::as_str))
        .flat_map(tokenize)
        .filter(|t| !t.is(words::FUNCTION))
        .map(|t| Box::from(t.stem()))
        .collect()
}

/// Whether a phrase is only a name: one content word that is also a naming word of its
/// concept ("atomic" for "Atomicity: all-or-nothing"), or a hyphenated compound whose words all
/// are ("cache-control" for "Cache-Control: max-age and no-store").
pub(crate) fn is_name_phrase(phrase: &str, stems: &HashSet<Box<str>>) -> bool {
    let tokens = tokenize(phrase);
    let content: Vec<&Token> = tokens.iter().filter(|t| !t.is(words::GLUE)).collect();
    let compound = content.len() == 2 && content[1].joint == Joint::Hyphen;
    (content.len() == 1 || compound)
        && content
            .iter()
            .all(|t| !t.is(words::NEGATOR) && stems.contains(t.stem()))
}

/// Words that join two statements in one clause: "throughput is X *and* latency is Y".
const JOINING: &[&str] = &["and", "but", "while", "whereas", "whilst"];

/// Whether the tokens before `first` in its clause, back to a joining word, are all function
/// words.
fn opens_clause(tokens: &[Token], first: usize) -> bool {
    tokens[..first]
        .iter()
        .rev()
        .take_while(|t| t.clause == tokens[first].clause && !JOINING.contains(&t.norm()))
        .all(|t| t.is(words::FUNCTION))
}

/// Whether the name at `first` is not the sole subject of what follows: the object of "what"
/// or "how" ("that is what effectively-once means in practice"), or the second of two names
/// that share a predicate ("the header and payload are only encoded").
fn is_object_or_shared(tokens: &[Token], names: &[u16], first: usize) -> bool {
    let Some(before) = first.checked_sub(1).map(|k| &tokens[k]) else {
        return false;
    };
    if before.clause != tokens[first].clause {
        return false;
    }
    match before.norm() {
        "what" | "how" => true,
        "and" | "or" => tokens[..first - 1]
            .iter()
            .rposition(|t| !t.is(words::FUNCTION))
            .is_some_and(|k| names[k] != 0 && names[k] != names[first]),
        _ => false,
    }
}

/// The whole name a mention belongs to: the neighbouring words that name the same concept
/// ("401 Unauthorized" around "Unauthorized").
fn whole_name(names: &[u16], first: usize, last: usize) -> (usize, usize) {
    let own = names[first];
    if own == 0 {
        return (first, last);
    }
    let first = (0..first)
        .rev()
        .take_while(|&k| names[k] == own)
        .last()
        .unwrap_or(first);
    let last = (last + 1..names.len())
        .take_while(|&k| names[k] == own)
        .last()
        .unwrap_or(last);
    (first, last)
}

/// When the mention `first..=last` (with the words around it that name the same concept, as
/// `names` maps them) is the subject of a definition ("Atomicity means ..."),
/// the predicate's first and last token: up to the sentence's end or the next definition.
pub(crate) fn definition(
    tokens: &[Token],
    names: &[u16],
    first: usize,
    last: usize,
) -> Option<(usize, usize)> {
    let (first, last) = whole_name(names, first, last);
    let verb = tokens.get(last + 1)?;
    if verb.sentence != tokens[first].sentence
        || verb.clause != tokens[first].clause
        || !verb.is(words::DEFINING)
        || !opens_clause(tokens, first)
        || is_object_or_shared(tokens, names, first)
    {
        return None;
    }
    let start = last + 2;
    let mut end = start;
    while end < tokens.len() && tokens[end].sentence == verb.sentence {
        let next_definition = end > start
            && !tokens[end].is(words::FUNCTION)
            && opens_clause(tokens, end)
            && tokens
                .get(whole_name(names, end, end).1 + 1)
                .is_some_and(|t| t.is(words::DEFINING));
        if next_definition {
            break;
        }
        end += 1;
    }
    while end > start && tokens[end - 1].is(words::FUNCTION) {
        end -= 1;
    }
    (end > start).then_some((start, end - 1))
}

/// Prepositions that bind the names around them into one phrase: "the size of the operand in
/// bytes" is a phrase, not a list of three names.
const BINDING: &[&str] = &["of", "in", "to", "for"];

/// Whether a mention is one of a list of names of other concepts: next to one with only a
/// comma between ("atomicity, consistency"), or in a run of three names with nothing else
/// between. "Data and functions" is a short answer, not a
/// list. "simulate portions" names two concepts but is one phrase.
pub(crate) fn coordinated(tokens: &[Token], names: &[u16], first: usize, last: usize) -> bool {
    let own = names[first];
    let sentence = tokens[first].sentence;
    let other = |k: usize| names[k] != 0 && names[k] != own && tokens[k].sentence == sentence;
    let binds = |k: usize| BINDING.contains(&tokens[k].norm());
    // The nearest content word on each side, and whether a list separator lies between.
    let separated = |from: usize, to: usize| {
        tokens[from..=to].iter().any(|t| t.joint == Joint::Punct)
            || tokens[to].clause != tokens[from].clause
    };
    let before = tokens[..first]
        .iter()
        .rposition(|t| !t.is(words::FUNCTION))
        .filter(|&k| other(k) && !(k + 1..first).any(binds));
    let after = tokens[last + 1..]
        .iter()
        .position(|t| !t.is(words::FUNCTION))
        .map(|n| last + 1 + n)
        .filter(|&k| other(k) && !(last + 1..k).any(binds));
    // A run of names with nothing but function words between: "atomicity consistency
    // isolation durability"; a preposition binds its names into one phrase instead.
    let in_run = |k: &usize| {
        tokens[*k].sentence == sentence
            && (names[*k] != 0 || (tokens[*k].is(words::FUNCTION) && !binds(*k)))
    };
    let from = (0..first).rev().take_while(in_run).last().unwrap_or(first);
    let to = (last + 1..tokens.len())
        .take_while(in_run)
        .last()
        .unwrap_or(last);
    let mut run: Vec<u16> = names[from..=to]
        .iter()
        .copied()
        .filter(|&n| n != 0)
        .collect();
    run.sort_unstable();
    run.dedup();
    if run.len() >= 3 {
        return true;
    }
    match (before, after) {
        (Some(_), Some(_)) => true,
        (Some(k), None) => separated(k + 1, first),
        (None, Some(k)) => separated(last + 1, k),
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_label_words_are_names() {
        let stems = name_stems("Atomicity: all-or-nothing", "atomicity", &[]);
        assert!(is_name_phrase("atomic", &stems));
        assert!(!is_name_phrase("all or nothing", &stems));
        assert!(!is_name_phrase("rolled back", &stems));
    }

    #[test]
    fn definitions_have_a_subject_a_verb_and_a_predicate() {
        let tokens = tokenize("Atomicity means each query runs alone, and isolation is speed.");
        let none = vec![0; tokens.len()];
        let (start, end) = definition(&tokens, &none, 0, 0).unwrap();
        assert_eq!(tokens[start].norm(), "each");
        assert_eq!(tokens[end].norm(), "alone");
        assert!(definition(&tokens, &none, 2, 2).is_none());
        let tokens = tokenize("We need atomicity means nothing");
        assert!(definition(&tokens, &none, 2, 2).is_none());
    }

    #[test]
    fn an_object_or_a_shared_subject_is_not_defined() {
        let tokens = tokenize("That is what idempotency means in practice.");
        let none = vec![0; tokens.len()];
        assert!(definition(&tokens, &none, 3, 3).is_none());
        // Two names sharing a predicate: neither is defined by it.
        let tokens = tokenize("The header and payload are only encoded.");
        let mut names = vec![0; tokens.len()];
        names[1] = 1;
        names[3] = 2;
        assert!(definition(&tokens, &names, 3, 3).is_none());
        // Alone, the same name is.
        let tokens = tokenize("The payload is only encoded.");
        assert!(definition(&tokens, &vec![0; tokens.len()], 1, 1).is_some());
    }

    #[test]
    fn a_name_of_several_words_is_one_subject() {
        let tokens = tokenize("401 Unauthorized is when you lack permission.");
        let mut names = vec![0; tokens.len()];
        names[0] = 1;
        names[1] = 1;
        let (start, end) = definition(&tokens, &names, 1, 1).unwrap();
        assert_eq!(tokens[start].norm(), "when");
        assert_eq!(tokens[end].norm(), "permission");
        assert!(definition(&tokens, &vec![0; tokens.len()], 1, 1).is_none());
    }
}
