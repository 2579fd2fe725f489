//! Reversed claims: a rubric phrase with one word turned into its opposite ("least recently
//! used" -> "most recently used", "strongest level" -> "weakest level"). An answer that states
//! the opposite of a concept's phrase has not stated the concept, however many of its words it
//! shares.

use super::text::tokenize;
use super::words;

/// Pairs of opposites, each read both ways. Only words whose opposite reverses a claim about
/// systems: degree, order and direction.
const OPPOSITES: &[(&str, &str)] = &[
    ("least", "most"),
    ("fewest", "most"),
    ("lowest", "highest"),
    ("low", "high"),
    ("lower", "higher"),
    ("minimum", "maximum"),
    ("weakest", "strongest"),
    ("weak", "strong"),
    ("weaker", "stronger"),
    ("earliest", "latest"),
    ("oldest", "newest"),
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("increased", "decreased"),
    ("faster", "slower"),
    ("shorter", "longer"),
    ("smaller", "larger"),
    ("stateless", "stateful"),
    ("synchronous", "asynchronous"),
    ("synchronously", "asynchronously"),
    ("optimistic", "pessimistic"),
    ("horizontal", "vertical"),
    ("horizontally", "vertically"),
    ("upstream", "downstream"),
];

/// Every version of `phrase` with one of its words turned into its opposite, with that opposite
/// word (a match must hold it literally: phrase search skips some short words, "most" among
/// them); empty when no word has one, or when the phrase has fewer than three words: turned
/// around, a two-word phrase names another real thing ("downstream timeout", "high
/// cardinality"), while a longer one makes a claim ("evicts the most recently used").
pub(crate) fn opposites(phrase: &str) -> Vec<(String, &'static str)> {
    let tokens = tokenize(phrase);
    // "not accessible outside" turned into "not accessible inside" is a double negative no one
    // says; leave phrases that hold a negator alone.
    if tokens.len() < 3 || tokens.iter().any(|t| t.is(words::NEGATOR)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let word = token.norm();
        let opposite = OPPOSITES.iter().find_map(|&(a, b)| {
            if a == word {
                Some(b)
            } else if b == word {
                Some(a)
            } else {
                None
            }
        });
        // A glue word is skipped when phrases are matched, so its opposite would match the
        // phrase itself.
        let glue = |w: &str| tokenize(w).iter().any(|t| t.is(words::GLUE));
        if let Some(opposite) = opposite.filter(|o| !glue(o) && !glue(word)) {
            let words: Vec<&str> = tokens
                .iter()
                .enumerate()
                .map(|(j, t)| if i == j { opposite } else { t.norm() })
                .collect();
            out.push((words.join(" "), opposite));
        }
    }
    out
}

/// Whether `text` is one of `phrases` or `terms`, word for word.
pub(crate) fn among(text: &str, phrases: &[String], terms: &[String]) -> bool {
    let words = |t: &str| {
        tokenize(t)
            .iter()
            .map(|t| t.norm().to_string())
            .collect::<Vec<_>>()
    };
    let wanted = words(text);
    phrases.iter().chain(terms).any(|p| words(p) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_at_a_time_turns_into_its_opposite() {
        let texts = |p| opposites(p).into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        assert_eq!(texts("least recently used"), ["most recently used"]);
        assert_eq!(opposites("least recently used")[0].1, "most");
        assert_eq!(
            texts("strongest isolation level"),
            ["weakest isolation level"]
        );
        assert_eq!(
            texts("lower latency at commit"),
            ["higher latency at commit"]
        );
        assert!(opposites("recently used").is_empty());
        assert!(opposites("most").is_empty());
        // Two words turned around name another real thing, not a wrong claim: a downstream
        // timeout is as real as an upstream one.
        assert!(opposites("upstream timeout").is_empty());
        assert!(opposites("not the strongest").is_empty());
        let own = ["synchronous replication".to_owned()];
        assert!(among("Synchronous  replication", &own, &[]));
        assert!(!among("asynchronous replication", &own, &[]));
    }
}
