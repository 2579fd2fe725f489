//! Closed word lists the scorer reasons with: function words, negators, the words that end a
//! negation's reach and the words of text addressed to the grader. It depends on no other module.

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

/// Glue: see [`GLUE_WORDS`].
pub(crate) const GLUE: u32 = 1;
/// A function word: see [`FUNCTION_WORDS`].
pub(crate) const FUNCTION: u32 = 2;
/// Negates what follows.
pub(crate) const NEGATOR: u32 = 4;
/// Cancels a negator before it ("not only").
pub(crate) const CANCELLER: u32 = 8;
/// Ends a negation's reach.
pub(crate) const BREAKER: u32 = 16;
/// May be part of text addressed to the grader; sentences without one are never checked.
pub(crate) const GRADER_TRIGGER: u32 = 32;

/// Starts a new clause: a contrast ("but", "however", "whereas").
pub(crate) const CONTRAST: u32 = 64;

/// May stand between a subject and the negator that denies it (`answer::DENIAL_AUX`).
pub(crate) const DENIAL_AUX: u32 = 256;
/// What a denial says of its subject after the negator (`answer::DENIAL_PREDICATES`).
pub(crate) const DENIAL_PREDICATE: u32 = 512;
/// Makes a clause a sentence on its own (`shape::FINITE`).
pub(crate) const FINITE: u32 = 1024;
/// Opens a definition of its subject (`names::DEFINING`).
pub(crate) const DEFINING: u32 = 2048;
/// A verb's base form (`verbs::is_base_verb`).
pub(crate) const BASE_VERB: u32 = 4096;
/// An inflected verb form (`verbs::is_inflected_verb`).
pub(crate) const INFLECTED_VERB: u32 = 8192;

/// Mentions what follows without affirming it ("rather than", "instead of", "avoid").
pub(crate) const DISAVOW: u32 = 128;

/// Opens a condition: a negator after it in its clause denies nothing (`answer::CONDITIONS`).
pub(crate) const CONDITION: u32 = 16384;
/// An adverb between a subject and its verb (`shape::MID_ADVERBS`).
pub(crate) const MID_ADVERB: u32 = 1 << 15;
/// Letters only (`text::is_alpha`): may be joined with a neighbour into one word.
pub(crate) const ALPHA: u32 = 1 << 16;
/// Judges a statement untrue (`answer::VERDICTS`).
pub(crate) const VERDICT: u32 = 1 << 17;
/// Denies its subject as "not" with a predicate would (`answer::NEGATIVE_PREDICATES`).
pub(crate) const NEGATIVE_PREDICATE: u32 = 1 << 18;

/// Words that present what follows as rejected, not believed.
const DISAVOW_WORDS: &[&str] = &[
    "instead",
    "rather",
    "unlike",
    "avoid",
    "avoids",
    "avoided",
    "avoiding",
    "opposed",
    "myth",
    "misconception",
    "mistakenly",
    "wrongly",
    "incorrectly",
    "wrong",
];

/// Words that open a contrasting clause, ending a negation's reach.
const CONTRAST_WORDS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "yet", "instead", "unlike",
];

// What text addressed to the grader is made of; `guard` reads these to judge a sentence.

/// Words that mark a sentence as talking to whoever grades it.
pub(crate) const GRADER_WORDS: &[&str] = &[
    "grader",
    "graders",
    "grading",
    "evaluator",
    "examiner",
    "rubric",
    "rubrics",
];
/// What an override verb aims at when it addresses the grader: "ignore previous instructions".
pub(crate) const OVERRIDE_TARGETS: &[&str] = &[
    "instructions",
    "instruction",
    "prompt",
    "previous",
    "above",
    "prior",
    "rules",
    "everything",
];
/// Nouns that, near a word of praise, ask for a grade: "score: 100", "full marks".
pub(crate) const GRADING_NOUNS: &[&str] = &["score", "grade", "grades", "mark", "marks", "credit"];
/// Verbs that override what the grader was told.
pub(crate) const OVERRIDE_VERBS: &[&str] = &["ignore", "disregard", "forget", "override", "bypass"];
/// Words that name a language model; they address one only when spoken to ("you are an AI",
/// "as a language model"), never when an answer is about one ("stream the LLM's tokens").
pub(crate) const MODEL_WORDS: &[&str] = &["ai", "assistant", "model", "llm", "chatgpt"];
/// The answer talking about itself: "this answer deserves full marks".
pub(crate) const SELF_WORDS: &[&str] = &["answer"];

/// Every grader rule in `guard` needs at least one word of these lists, so a sentence with none of them is
/// never checked ([`GRADER_TRIGGER`] marks them once per word).
pub(crate) const TRIGGERS: [&[&str]; 5] = [
    GRADER_WORDS,
    OVERRIDE_VERBS,
    GRADING_NOUNS,
    MODEL_WORDS,
    SELF_WORDS,
];
static CLASSES: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, u32>> =
    std::sync::LazyLock::new(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for (list, flag) in [
            (GLUE_WORDS, GLUE),
            (FUNCTION_WORDS, FUNCTION),
            (NEGATORS, NEGATOR),
            (NEGATION_CANCELLERS, CANCELLER),
            (SCOPE_BREAKERS, BREAKER),
            (CONTRAST_WORDS, CONTRAST),
            (DISAVOW_WORDS, DISAVOW),
        ] {
            for word in list {
                *map.entry(*word).or_insert(0) |= flag;
            }
        }
        for word in TRIGGERS.iter().flat_map(|list| list.iter()) {
            *map.entry(*word).or_insert(0) |= GRADER_TRIGGER;
        }
        map
    });

/// The closed-list classes of a normalised word, as flags: worked out once per word and thread
/// through `lexicon::class`, and once per token for numbers, which are not memoised.
pub(crate) fn class(word: &str) -> u32 {
    let mut flags = CLASSES.get(word).copied().unwrap_or(0);
    if word.ends_with("n't") {
        flags |= NEGATOR;
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(word: &str, flag: u32) -> bool {
        class(word) & flag != 0
    }

    #[test]
    fn glue_is_a_narrow_kind_of_function_word() {
        assert!(
            GLUE_WORDS.iter().all(|w| is(w, FUNCTION)),
            "glue is a function word"
        );
        assert!(is("the", GLUE) && !is("out", GLUE) && !is("once", GLUE));
        assert!(is("the", FUNCTION) && !is("cache", FUNCTION));
        assert!(is("and", BREAKER) && is("only", CANCELLER) && is("grader", GRADER_TRIGGER));
        assert!(is("however", CONTRAST) && !is("and", CONTRAST));
    }

    #[test]
    fn negators_include_contractions() {
        for word in [
            "not", "never", "without", "doesn't", "isn't", "cannot", "won't", "dont",
        ] {
            assert!(is(word, NEGATOR), "{word}");
        }
        assert!(!is("note", NEGATOR));
    }
}
