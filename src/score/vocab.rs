//! The words a rubric's phrases are made of, and how an answer's words are recognised as them:
//! by English stem, by compound (split or joined), or by a small misspelling.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::lexicon::UNCACHED;
use super::text::Token;
use super::words;

/// A word id in a rubric's vocabulary.
pub(crate) type WordId = u32;

/// Up to two vocabulary words one answer token can stand for; `NONE` marks an empty slot.
pub(crate) type Ids = [WordId; 2];

/// The empty slot in [`Ids`].
pub(crate) const NONE: WordId = WordId::MAX;

/// A word a misspelling may stand for.
#[derive(Debug, Clone)]
struct FuzzyWord {
    norm: String,
    chars: usize,
    letters: u64,
    id: WordId,
}

/// Which letters a word uses, as bits. An edit changes at most two bits, so words whose sets
/// differ in more than twice the edit budget cannot be that close: a cheap test before the
/// edit distance.
fn letters(word: &str) -> u64 {
    word.chars()
        .fold(0, |set, c| set | 1 << (u32::from(c) % 64))
}

/// Whether two words are within `budget` edits (insertions, deletions, substitutions and
/// swaps of neighbours). ASCII words take a fast path that gives up as soon as a row of the
/// edit table exceeds the budget.
fn within_edits(a: &str, b: &str, budget: usize) -> bool {
    const MAX: usize = 32;
    if !(a.is_ascii() && b.is_ascii() && a.len() < MAX && b.len() < MAX) {
        return strsim::osa_distance(a, b) <= budget;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let m = b.len();
    let mut before = [0usize; MAX + 1];
    let mut prev = [0usize; MAX + 1];
    let mut cur = [0usize; MAX + 1];
    for (j, cell) in prev.iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            cur[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > budget {
            return false;
        }
        before = prev;
        prev = cur;
    }
    prev[m] <= budget
}

/// The vocabulary of one rubric.
#[derive(Debug)]
pub(crate) struct Vocab {
    /// This vocabulary's number in the process, for the per-thread cache of recognised words.
    serial: u32,
    /// Each concept id word's stem, with 1 + the index of the first concept whose id has it.
    id_names: HashMap<Box<str>, u16>,
    by_stem: HashMap<Box<str>, WordId>,
    /// Words a misspelling may stand for, by first letter.
    fuzzy: HashMap<char, Vec<FuzzyWord>>,
    /// The first letters of every stem, so most answer word pairs are ruled out as one word
    /// ("over fetching") without stemming their concatenation.
    heads: HashSet<u64>,
    /// The first two letters of every ASCII head, as 256 bits ([`pair_bit`]): most pairs are
    /// ruled out by one bit before the heads are probed.
    head_pairs: [u64; 4],
    /// Whether any glue word ("the", "is") was interned, by a phrase made only of glue.
    glue: bool,
    /// The id of "per", when a phrase has it: "a" after a quantity may stand for it.
    per: Option<WordId>,
    len: u32,
}

impl Default for Vocab {
    fn default() -> Self {
        static SERIAL: AtomicU32 = AtomicU32::new(0);
        Vocab {
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
            id_names: HashMap::default(),
            by_stem: HashMap::default(),
            fuzzy: HashMap::default(),
            heads: HashSet::default(),
            head_pairs: [0; 4],
            glue: false,
            per: None,
            len: 0,
        }
    }
}

/// What an answer word stands for in one rubric: the vocabulary words, and 1 + the index of
/// the first concept whose id has the word (0 for none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Recognised {
    pub(crate) ids: Ids,
    pub(crate) id_name: u16,
}

/// Most words (over all rubrics) a thread remembers having recognised; the cache is cleared
/// when it fills, bounding memory.
const RECOGNISED_LIMIT: usize = 100_000;

/// What this thread recognised, by rubric serial, then by thread word id
/// (`lexicon::Lexeme::word`): one small table per rubric, holding only the words of its
/// answers, stays in the processor's cache where one table for every rubric would not.
#[derive(Default)]
struct RecognisedCache {
    by_rubric: HashMap<u32, RubricMemo>,
    entries: usize,
}

/// What one rubric's vocabulary made of this thread's answer words: each word by its id, and
/// each pair of words written apart that may be one word ("time stamp") by the two ids, as
/// the vocabulary word their concatenation stems to, or [`NONE`]. Pairs are remembered here
/// rather than their concatenations in the thread's word memo, which most would only crowd.
#[derive(Default)]
struct RubricMemo {
    words: HashMap<u32, Recognised>,
    joined: HashMap<u64, WordId>,
}

thread_local! {
    static RECOGNISED: RefCell<RecognisedCache> = RefCell::new(RecognisedCache::default());
}

/// How many leading characters [`Vocab::may_join`] compares; shorter joins are never tried.
const HEAD: usize = 5;

/// The first [`HEAD`] characters of a word as a number, if it has that many.
fn head(chars: impl Iterator<Item = char>) -> Option<u64> {
    let mut key = 0u64;
    let mut n = 0;
    for c in chars.take(HEAD) {
        // 12 bits a character: exact for ASCII, a harmless collision for the rest.
        key = (key << 12) | u64::from(u32::from(c) & 0xfff);
        n += 1;
    }
    (n == HEAD).then_some(key)
}

/// Where two ASCII letters fall in [`Vocab::head_pairs`].
fn pair_bit(first: u8, second: u8) -> usize {
    (usize::from(first) * 31 + usize::from(second)) % 256
}

/// The shortest answer word that may be a misspelling of a longer one.
const MIN_TYPO_CHARS: usize = 4;

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
    pub(crate) fn intern(&mut self, norm: &str) -> WordId {
        let lexeme = super::lexicon::lookup(norm);
        self.glue |= lexeme.class & super::words::GLUE != 0;
        let stem: &str = &lexeme.stem;
        if let Some(&id) = self.by_stem.get(stem) {
            self.add_fuzzy(norm, id);
            return id;
        }
        let id = self.len;
        self.len += 1;
        if let Some(key) = head(stem.chars()) {
            self.heads.insert(key);
            if let [first, second, ..] = stem.as_bytes()
                && first.is_ascii()
                && second.is_ascii()
            {
                let bit = pair_bit(*first, *second);
                self.head_pairs[bit / 64] |= 1 << (bit % 64);
            }
        }
        if stem == "per" {
            self.per = Some(id);
        }
        self.by_stem.insert(Box::from(stem), id);
        self.add_fuzzy(norm, id);
        id
    }

    /// The id of "per", when a phrase has it (known without a lookup per answer).
    pub(crate) fn per(&self) -> Option<WordId> {
        self.per
    }

    fn add_fuzzy(&mut self, norm: &str, id: WordId) {
        let chars = norm.chars().count();
        if typo_budget(chars) == 0 || norm.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        let first = norm.chars().next().unwrap_or(' ');
        let words = self.fuzzy.entry(first).or_default();
        if words.iter().any(|w| w.norm == norm) {
            return;
        }
        words.push(FuzzyWord {
            norm: norm.to_owned(),
            chars,
            letters: letters(norm),
            id,
        });
    }

    /// Sets the concept id words: each stem with 1 + the index of the first concept with it.
    pub(crate) fn set_id_names(&mut self, id_names: HashMap<Box<str>, u16>) {
        self.id_names = id_names;
    }

    /// What each token stands for, into `out`, and what it and the next token written apart
    /// stand for as one word ([`NONE`] for nothing), into `with_next`: memoised per thread by
    /// rubric and word ids.
    pub(crate) fn recognise_tokens(
        &self,
        tokens: &[Token],
        out: &mut Vec<Recognised>,
        with_next: &mut Vec<WordId>,
    ) {
        RECOGNISED.with_borrow_mut(|cache| {
            if cache.entries >= RECOGNISED_LIMIT {
                cache.by_rubric.clear();
                cache.entries = 0;
            }
            let memo = cache.by_rubric.entry(self.serial).or_default();
            let before = memo.words.len() + memo.joined.len();
            out.extend(tokens.iter().map(|token| {
                if token.word() == UNCACHED {
                    return self.recognise_token(token);
                }
                *memo
                    .words
                    .entry(token.word())
                    .or_insert_with(|| self.recognise_token(token))
            }));
            with_next.extend(
                tokens
                    .iter()
                    .enumerate()
                    .map(|(i, token)| match tokens.get(i + 1) {
                        Some(next) if self.may_be_one_word(token, next) => {
                            if token.word() == UNCACHED || next.word() == UNCACHED {
                                self.join(token.norm(), next.norm())
                            } else {
                                let key = u64::from(token.word()) << 32 | u64::from(next.word());
                                *memo
                                    .joined
                                    .entry(key)
                                    .or_insert_with(|| self.join(token.norm(), next.norm()))
                            }
                        }
                        _ => NONE,
                    }),
            );
            cache.entries += memo.words.len() + memo.joined.len() - before;
        });
    }

    /// Whether a token and the next, written apart, may together be one vocabulary word: they
    /// may be parts of one word (`Token::may_join`, two class bits, tested first) and their
    /// first characters are those of one of this vocabulary's.
    fn may_be_one_word(&self, token: &Token, next: &Token) -> bool {
        token.may_join(next) && self.may_join(token.norm(), next.norm())
    }

    /// The vocabulary word two words written apart stem to when joined, or [`NONE`].
    fn join(&self, first: &str, second: &str) -> WordId {
        let mut joined = String::with_capacity(first.len() + second.len());
        joined.push_str(first);
        joined.push_str(second);
        self.lookup_stem(&super::lexicon::stem_uncached(&joined))
            .unwrap_or(NONE)
    }

    /// What one token stands for, worked out.
    fn recognise_token(&self, token: &Token) -> Recognised {
        let ids = if token.is(words::GLUE) && !self.has_glue() {
            [NONE, NONE]
        } else {
            self.recognise(token.norm(), token.stem(), !token.is(words::FUNCTION))
        };
        let id_name = if self.id_names.is_empty() {
            0
        } else {
            self.id_names.get(token.stem()).copied().unwrap_or(0)
        };
        Recognised { ids, id_name }
    }

    /// Whether glue words need looking up at all.
    pub(crate) fn has_glue(&self) -> bool {
        self.glue
    }

    /// How many words the vocabulary has; ids are `0..len`.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether two words written apart could together be one vocabulary word ("over" +
    /// "fetching"): a cheap test on their first letters before any stemming.
    pub(crate) fn may_join(&self, first: &str, second: &str) -> bool {
        // Fewer bytes than [`HEAD`] are fewer characters; when the first [`HEAD`] bytes are
        // ASCII they are the first characters, read without decoding (most answer words).
        let (a, b) = (first.as_bytes(), second.as_bytes());
        if a.len() + b.len() < HEAD {
            return false;
        }
        let at = |i: usize| a.get(i).copied().unwrap_or_else(|| b[i - a.len()]);
        if at(0).is_ascii() && at(1).is_ascii() {
            let bit = pair_bit(at(0), at(1));
            if self.head_pairs[bit / 64] & 1 << (bit % 64) == 0 {
                return false;
            }
        }
        let mut ascii = 0u64;
        for i in 0..HEAD {
            let byte = at(i);
            if !byte.is_ascii() {
                return head(first.chars().chain(second.chars()))
                    .is_some_and(|key| self.heads.contains(&key));
            }
            ascii = (ascii << 12) | u64::from(byte);
        }
        self.heads.contains(&ascii)
    }

    /// The id of an already stemmed word, if the vocabulary has it.
    pub(crate) fn lookup_stem(&self, stem: &str) -> Option<WordId> {
        self.by_stem.get(stem).copied()
    }

    /// The vocabulary words an answer word stands for: by stem, else by a small misspelling.
    /// Function words are never taken for misspellings (`may_be_typo` false).
    pub(crate) fn recognise(&self, norm: &str, stem: &str, may_be_typo: bool) -> Ids {
        if let Some(id) = self.lookup_stem(stem) {
            return [id, NONE];
        }
        let chars = norm.chars().count();
        if !may_be_typo || chars < MIN_TYPO_CHARS || norm.bytes().any(|b| b.is_ascii_digit()) {
            return [NONE, NONE];
        }
        let first = norm.chars().next().unwrap_or(' ');
        let Some(candidates) = self.fuzzy.get(&first) else {
            return [NONE, NONE];
        };
        let mut found = [NONE, NONE];
        let set = letters(norm);
        for word in candidates {
            // The intended word's length sets the budget: "throught" may stand for "throughout".
            let allowed = typo_budget(word.chars);
            if word.chars.abs_diff(chars) > allowed
                || (word.letters ^ set).count_ones() as usize > 2 * allowed
            {
                continue;
            }
            if within_edits(norm, &word.norm, allowed) {
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
    use super::super::lexicon::stem;
    use super::*;

    fn vocab(words: &[&str]) -> (Vocab, ()) {
        let mut vocab = Vocab::default();
        for word in words {
            vocab.intern(word);
        }
        (vocab, ())
    }

    fn hit(vocab: &Vocab, _: &(), word: &str) -> bool {
        vocab.recognise(word, &stem(word), true)[0] != NONE
    }

    #[test]
    fn word_forms_share_a_stem() {
        let (v, s) = vocab(&["cache", "idempotent"]);
        for word in ["caches", "caching", "cached", "idempotency"] {
            assert!(hit(&v, &s, word), "{word}");
        }
    }

    #[test]
    fn words_written_apart_are_one_word_of_the_rubric_that_has_it_and_stay_out_of_the_memo() {
        let (has_it, _) = vocab(&["timestamps"]);
        let (lacks_it, _) = vocab(&["time", "stamp"]);
        let tokens = super::super::text::tokenize("a time stamp, a time-stamp");
        // The second reading comes from the rubric's memo of pairs.
        for _ in 0..2 {
            let (mut words, mut with_next) = (Vec::new(), Vec::new());
            has_it.recognise_tokens(&tokens, &mut words, &mut with_next);
            assert_eq!(with_next.len(), tokens.len());
            assert_ne!(with_next[1], NONE, "time stamp");
            assert_ne!(with_next[4], NONE, "time-stamp");
            assert_eq!(with_next[2], NONE, "across the comma");
            lacks_it.recognise_tokens(&tokens, &mut words, &mut with_next);
            assert!(with_next[tokens.len()..].iter().all(|&id| id == NONE));
        }
        assert!(super::super::lexicon::is_memoised("stamp"));
        assert!(!super::super::lexicon::is_memoised("timestamp"));
    }

    #[test]
    fn every_split_of_a_vocabulary_word_may_join_and_other_pairs_may_not() {
        let words = [
            "timestamps",
            "overfetching",
            "idempotency",
            "résumés",
            "readthrough",
        ];
        let (v, _) = vocab(&words);
        for word in words {
            for (k, _) in word.char_indices().skip(1) {
                let (first, second) = word.split_at(k);
                assert!(v.may_join(first, second), "{first} {second}");
            }
        }
        for (first, second) in [
            ("time", "out"),
            ("over", "all"),
            ("résu", "lts"),
            ("a", "b"),
        ] {
            assert!(!v.may_join(first, second), "{first} {second}");
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
        let (v, s) = vocab(&["throughout", "one"]);
        assert!(hit(&v, &s, "throught"));
        assert!(hit(&v, &s, "1"));
    }

    #[test]
    fn bounded_edit_distance_agrees_with_strsim() {
        for (a, b) in [
            ("idempotent", "idempotant"),
            ("acid", "acl"),
            ("ab", "ba"),
            ("kitten", "sitting"),
            ("", "abc"),
            ("naïve", "naive"),
        ] {
            let distance = strsim::osa_distance(a, b);
            for budget in 0..4 {
                assert_eq!(
                    within_edits(a, b, budget),
                    distance <= budget,
                    "{a} {b} {budget}"
                );
            }
        }
    }
}
