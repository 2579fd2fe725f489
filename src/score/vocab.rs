//! The words a rubric's phrases are made of, and how an answer's words are recognised as them:
//! by English stem, by compound (split or joined), or by a small misspelling.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

/// A word id in a rubric's vocabulary.
pub(crate) type WordId = u32;

/// Up to two vocabulary words one answer token can stand for; `NONE` marks an empty slot.
pub(crate) type Ids = [WordId; 2];

/// The empty slot in [`Ids`].
pub(crate) const NONE: WordId = WordId::MAX;

/// Reduces words to their English stem; numbers and apostrophes handled first.
pub(crate) struct Stems(Stemmer);

impl Stems {
    pub(crate) fn new() -> Self {
        Self(Stemmer::create(Algorithm::English))
    }

    /// The stem of a normalised word. Numbers are kept whole; "'s" and inner apostrophes go.
    pub(crate) fn stem(&self, norm: &str) -> String {
        if norm.bytes().any(|b| b.is_ascii_digit()) {
            return norm.to_owned();
        }
        let word = norm.strip_suffix("'s").unwrap_or(norm);
        if word.contains('\'') {
            return self.0.stem(&word.replace('\'', "")).into_owned();
        }
        self.0.stem(word).into_owned()
    }
}

/// A word a misspelling may stand for.
#[derive(Debug, Clone)]
struct FuzzyWord {
    norm: String,
    first: char,
    chars: usize,
    id: WordId,
}

/// The vocabulary of one rubric.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    by_stem: HashMap<String, WordId>,
    fuzzy: Vec<FuzzyWord>,
    len: u32,
}

/// How many typos a word of this many characters may carry and still be recognised.
pub(crate) fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=5 => 0,
        6..=9 => 1,
        _ => 2,
    }
}

impl Vocab {
    /// The id of a phrase word, adding it when new.
    pub(crate) fn intern(&mut self, stems: &Stems, norm: &str) -> WordId {
        let stem = stems.stem(norm);
        if let Some(&id) = self.by_stem.get(&stem) {
            self.add_fuzzy(norm, id);
            return id;
        }
        let id = self.len;
        self.len += 1;
        self.by_stem.insert(stem, id);
        self.add_fuzzy(norm, id);
        id
    }

    fn add_fuzzy(&mut self, norm: &str, id: WordId) {
        let chars = norm.chars().count();
        if typo_budget(chars) == 0 || norm.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        if self.fuzzy.iter().any(|w| w.norm == norm) {
            return;
        }
        self.fuzzy.push(FuzzyWord {
            norm: norm.to_owned(),
            first: norm.chars().next().unwrap_or(' '),
            chars,
            id,
        });
    }

    /// The id of an already stemmed word, if the vocabulary has it.
    pub(crate) fn lookup_stem(&self, stem: &str) -> Option<WordId> {
        self.by_stem.get(stem).copied()
    }

    /// The vocabulary words an answer word stands for: by stem, else by a small misspelling.
    pub(crate) fn recognise(&self, norm: &str, stem: &str) -> Ids {
        if let Some(id) = self.lookup_stem(stem) {
            return [id, NONE];
        }
        let chars = norm.chars().count();
        let budget = typo_budget(chars);
        if budget == 0 || norm.bytes().any(|b| b.is_ascii_digit()) {
            return [NONE, NONE];
        }
        let first = norm.chars().next().unwrap_or(' ');
        let mut found = [NONE, NONE];
        for word in &self.fuzzy {
            if word.first != first || word.chars.abs_diff(chars) > budget {
                continue;
            }
            let allowed = budget.min(typo_budget(word.chars));
            if allowed > 0 && strsim::osa_distance(norm, &word.norm) <= allowed {
                if found[0] == NONE {
                    found[0] = word.id;
                } else if found[0] != word.id {
                    found[1] = word.id;
                    break;
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> (Vocab, Stems) {
        let stems = Stems::new();
        let mut vocab = Vocab::default();
        for word in words {
            vocab.intern(&stems, word);
        }
        (vocab, stems)
    }

    fn hit(vocab: &Vocab, stems: &Stems, word: &str) -> bool {
        vocab.recognise(word, &stems.stem(word))[0] != NONE
    }

    #[test]
    fn word_forms_share_a_stem() {
        let (v, s) = vocab(&["cache", "idempotent"]);
        for word in ["caches", "caching", "cached", "idempotency"] {
            assert!(hit(&v, &s, word), "{word}");
        }
    }

    #[test]
    fn misspellings_scale_with_length_and_numbers_never_fuzz() {
        let (v, s) = vocab(&["idempotent", "acid", "429", "replication"]);
        assert!(hit(&v, &s, "idempotant"));
        assert!(hit(&v, &s, "replicaton"));
        assert!(!hit(&v, &s, "acl"));
        assert!(!hit(&v, &s, "428"));
        assert!(!hit(&v, &s, "4290"));
    }
}
