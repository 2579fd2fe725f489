//! Closed word lists the scorer reasons with: function words, negators and the words that end a
//! negation's reach.

/// Glue words that carry no technical meaning: dropped from phrases that have other words and
/// skipped freely between a phrase's words in an answer. Particles such as "out", "up", "once"
/// are not here: "scale out" and "scale up" must stay apart.
const GLUE_WORDS: &[&str] = &[
    "a", "am", "an", "and", "are", "as", "at", "be", "been", "being", "by", "can", "could", "did",
    "do", "does", "for", "from", "had", "has", "have", "in", "into", "is", "it", "its", "may",
    "might", "must", "of", "on", "onto", "or", "shall", "should", "that", "the", "their", "them",
    "these", "they", "this", "those", "to", "via", "was", "were", "which", "will", "with", "would",
];

/// Function words in a broad sense: the measure of whether an answer is prose or a keyword list.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "down", "during", "each", "either", "else", "etc", "even", "every",
    "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
    "his", "how", "however", "i", "if", "in", "into", "is", "it", "it's", "its", "itself", "just",
    "may", "me", "might", "more", "most", "much", "must", "my", "of", "off", "on", "once", "one",
    "only", "onto", "or", "other", "our", "ours", "out", "over", "own", "per", "same", "shall",
    "she", "should", "since", "so", "some", "such", "than", "that", "that's", "the", "their",
    "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "thus", "to",
    "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what",
    "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "would", "yet", "you", "your", "yours",
];

/// Words that negate what follows them in the same clause.
const NEGATORS: &[&str] = &[
    "not", "no", "never", "without", "cannot", "none", "nothing", "neither", "nor", "nobody",
    "nowhere", "lack", "lacks", "lacking", "dont", "doesnt", "isnt", "arent", "wasnt", "werent",
    "cant", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt", "didnt", "aint",
    "mustnt", "neednt",
];

/// Words after a negator that make it not a negation: "not only", "not just".
const NEGATION_CANCELLERS: &[&str] = &["only", "just", "merely", "simply", "matter"];

/// Words that end a negation's reach: "no locks and it is atomic" still credits "atomic".
const SCOPE_BREAKERS: &[&str] = &[
    "and",
    "but",
    "because",
    "so",
    "which",
    "since",
    "when",
    "whereas",
    "while",
    "although",
    "though",
    "however",
    "then",
    "if",
    "unless",
    "instead",
    "unlike",
    "therefore",
    "thus",
];

/// Whether a normalised word is glue (see [`GLUE_WORDS`]).
pub(crate) fn is_glue(word: &str) -> bool {
    GLUE_WORDS.binary_search(&word).is_ok()
}

/// Whether a normalised word is a function word.
pub(crate) fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// Whether a normalised word negates: the list above, or any "-n't" contraction.
pub(crate) fn is_negator(word: &str) -> bool {
    NEGATORS.contains(&word) || word.ends_with("n't")
}

/// Whether a word right after a negator cancels it.
pub(crate) fn cancels_negation(word: &str) -> bool {
    NEGATION_CANCELLERS.contains(&word)
}

/// Whether a word ends a negation's scope.
pub(crate) fn breaks_scope(word: &str) -> bool {
    SCOPE_BREAKERS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert!(
            FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]),
            "keep FUNCTION_WORDS sorted"
        );
        assert!(
            GLUE_WORDS.windows(2).all(|w| w[0] < w[1]),
            "keep GLUE_WORDS sorted"
        );
        assert!(
            GLUE_WORDS.iter().all(|w| is_function_word(w)),
            "glue is a function word"
        );
        assert!(is_glue("the") && !is_glue("out"));
        assert!(is_function_word("the") && !is_function_word("cache"));
    }

    #[test]
    fn negators_include_contractions() {
        for word in [
            "not", "never", "without", "doesn't", "isn't", "cannot", "won't", "dont",
        ] {
            assert!(is_negator(word), "{word}");
        }
        assert!(!is_negator("note"));
    }
}
