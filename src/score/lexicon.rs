//! What the scorer knows about a word, worked out once per word and thread: its word classes
//! and its English stem. Stemming is the costliest step per word and answers reuse words.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::LazyLock;

use compact_str::CompactString;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use super::words;

/// A stem, held inline (stems are short). Tokens share their word's through the memo's
/// [`Word`]; compiled rubrics keep their own copies, so they stay free to move between threads.
pub(crate) type Stem = CompactString;

/// A word's normal form, classes (`words::GLUE`, `words::NEGATOR`...), stem and id.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Lexeme {
    /// Lowercased, accent-stripped, apostrophes normalised to `'`.
    pub(crate) norm: CompactString,
    pub(crate) class: u32,
    pub(crate) stem: Stem,
    /// The word's number on this thread, for caches keyed by word: never reused, even after
    /// the memo is cleared ([`UNCACHED`] for a word not memoised, or once numbers run out).
    pub(crate) word: u32,
}

/// A word as the memo holds it, shared by every token of it on the thread: a token takes a
/// pointer, not a copy of the word's text and stem.
pub(crate) type Word = Rc<Lexeme>;

/// The id of a word that is not memoised (a number): caches keyed by word skip it.
pub(crate) const UNCACHED: u32 = u32::MAX;

/// Most words a thread remembers; the memo is cleared when it fills, bounding memory.
const LIMIT: usize = 50_000;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// The longest word [`pack`] packs.
const SHORT: usize = 23;

/// The bytes of a word of up to [`SHORT`] bytes as three little-endian numbers, zero-padded,
/// with its length in the last byte, read eight bytes at a time: the memo's key, hashed and
/// compared in registers, without following a pointer to the word's text as a `Box<str>` key
/// would (most of a lookup's time).
fn pack(bytes: &[u8]) -> Option<[u64; 3]> {
    if bytes.len() > SHORT {
        return None;
    }
    let mut key = [0u64; 3];
    let mut chunks = bytes.chunks_exact(8);
    for (part, chunk) in key.iter_mut().zip(&mut chunks) {
        *part = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
    }
    let tail = chunks.remainder();
    key[bytes.len() / 8] = tail
        .iter()
        .rev()
        .fold(0, |packed, &byte| (packed << 8) | u64::from(byte));
    key[2] |= (bytes.len() as u64) << 56;
    Some(key)
}

/// Eight packed bytes with ASCII capitals lowercased, all at once: a byte's high bit is set
/// by adding to its low seven bits when it is at least `A`, and again when it is past `Z`.
fn lowercase_packed(part: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = part & LOW7;
    let from_a = low7 + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = low7 + 0x2525_2525_2525_2525;
    let capitals = from_a & !past_z & !part & HIGH;
    part | (capitals >> 2)
}

/// This thread's words, short ones by their packed bytes, the rest by their text.
#[derive(Default)]
struct Memo {
    short: FxHashMap<[u64; 3], Word>,
    long: FxHashMap<Box<str>, Word>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
    /// The next word id of this thread.
    static NEXT_WORD: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether a word is a number: digits only.
fn is_number(norm: &str) -> bool {
    !norm.is_empty() && norm.bytes().all(|b| b.is_ascii_digit())
}

/// A number's lexeme: numbers are their own stem and in no word list, and are not memoised, so
/// answers full of ids and figures do not crowd the memo; each number token has its own (one
/// small allocation).
fn number(norm: &str) -> Word {
    Rc::new(Lexeme {
        norm: norm.into(),
        class: words::class(norm),
        stem: norm.into(),
        word: UNCACHED,
    })
}

/// A normalised word's entry: the memo's, shared by every token of the word on this thread,
/// made and memoised when the word is new; a fresh one for a number.
pub(crate) fn lookup(norm: &str) -> Word {
    if is_number(norm) {
        return number(norm);
    }
    let key = pack(norm.as_bytes());
    MEMO.with_borrow_mut(|memo| {
        let found = match key {
            Some(key) => memo.short.get(&key),
            None => memo.long.get(norm),
        };
        if let Some(lexeme) = found {
            return lexeme.clone();
        }
        if memo.short.len() + memo.long.len() >= LIMIT {
            memo.short.clear();
            memo.long.clear();
        }
        let word = NEXT_WORD.get();
        NEXT_WORD.set(word.saturating_add(1));
        let lexeme = Rc::new(Lexeme {
            norm: norm.into(),
            class: class(norm),
            stem: stem_uncached(norm).into(),
            word,
        });
        match key {
            Some(key) => {
                memo.short.insert(key, lexeme.clone());
            }
            None => {
                memo.long.insert(norm.into(), lexeme.clone());
            }
        }
        lexeme
    })
}

/// The lexeme of an ASCII word in any case (its normal form lowercased), or `None` when it is
/// longer than [`SHORT`] bytes. The word is lowercased straight into the memo's key, so one
/// seen before costs one pass over its bytes and one probe.
pub(crate) fn lookup_ascii(word: &str) -> Option<Word> {
    let packed = pack(word.as_bytes())?;
    if is_number(word) {
        return Some(number(word));
    }
    // Lowercased whole, eight bytes at a time: the zero padding stays zero, and the length
    // byte (at most 23) is no letter.
    let key = packed.map(lowercase_packed);
    if let Some(found) = MEMO.with_borrow(|memo| memo.short.get(&key).cloned()) {
        return Some(found);
    }
    let mut norm = CompactString::from(word);
    norm.make_ascii_lowercase();
    Some(lookup(&norm))
}

/// The word lists of other modules that the scorer tests tokens against, each word with its
/// flags: one probe per new word instead of a search of every list.
static LISTS: LazyLock<FxHashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut lists = FxHashMap::default();
    for (list, flag) in [
        (super::answer::DENIAL_AUX, words::DENIAL_AUX),
        (super::answer::DENIAL_PREDICATES, words::DENIAL_PREDICATE),
        (super::shape::FINITE, words::FINITE),
        (super::names::DEFINING, words::DEFINING),
        (super::answer::CONDITIONS, words::CONDITION),
        (super::shape::MID_ADVERBS, words::MID_ADVERB),
        (super::answer::VERDICTS, words::VERDICT),
        (
            super::answer::NEGATIVE_PREDICATES,
            words::NEGATIVE_PREDICATE,
        ),
    ] {
        for word in list {
            *lists.entry(*word).or_insert(0) |= flag;
        }
    }
    lists
});

/// Every class of a word: its closed lists (`words::class`) and the other lists the scorer
/// tests tokens against ([`LISTS`]), so each is searched once per word and thread, not once
/// per token.
fn class(norm: &str) -> u32 {
    let mut class = words::class(norm) | LISTS.get(norm).copied().unwrap_or(0);
    if super::text::is_alpha(norm) {
        class |= words::ALPHA;
    }
    if super::verbs::is_base_verb(norm) {
        class |= words::BASE_VERB;
    }
    if super::verbs::is_inflected_verb(norm) {
        class |= words::INFLECTED_VERB;
    }
    class
}

/// The stem of a normalised word, through the memo.
#[cfg(test)]
pub(crate) fn stem(norm: &str) -> Stem {
    lookup(norm).stem.clone()
}

/// Whether this thread's memo holds a word.
#[cfg(test)]
pub(crate) fn is_memoised(norm: &str) -> bool {
    MEMO.with_borrow(|memo| match pack(norm.as_bytes()) {
        Some(key) => memo.short.contains_key(&key),
        None => memo.long.contains_key(norm),
    })
}

/// The stem of a normalised word. Numbers are kept whole and number words become digits
/// ("one" and "1" are the same word); "'s" and inner apostrophes go. Worked out without the
/// memo: the memo calls it for a new word, and so do words seldom seen twice, such as two
/// answer words joined, which would only crowd it.
pub(crate) fn stem_uncached(norm: &str) -> String {
    if norm.bytes().any(|b| b.is_ascii_digit()) {
        return norm.to_owned();
    }
    if let Some(digits) = number_word(norm) {
        return digits.to_owned();
    }
    let word = norm.strip_suffix("'s").unwrap_or(norm);
    if word.contains('\'') {
        return STEMMER.stem(&word.replace('\'', "")).into_owned();
    }
    STEMMER.stem(word).into_owned()
}

/// The digits for a small number word.
fn number_word(word: &str) -> Option<&'static str> {
    const NUMBERS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    const DIGITS: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
    NUMBERS.iter().position(|n| *n == word).map(|i| DIGITS[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_join_word_forms_and_numbers() {
        assert_eq!(stem("caching"), stem("caches"));
        assert_eq!(stem("one"), stem("1"));
        assert_eq!(&*stem("429"), "429");
        assert_eq!(stem("doesn't"), stem("doesnt"));
        assert!(lookup("not").class & words::NEGATOR != 0);
    }

    #[test]
    fn packed_words_lowercase_like_their_bytes() {
        // Every ASCII byte at every position of every length a key holds.
        for len in 0..=SHORT {
            for at in 0..len.max(1) {
                for byte in 0u8..0x80 {
                    let mut word = vec![b'q'; len];
                    if len > 0 {
                        word[at] = byte;
                    }
                    let mut lower = word.clone();
                    lower.make_ascii_lowercase();
                    let mut expected = [0u8; 24];
                    expected[..len].copy_from_slice(&lower);
                    expected[23] = len as u8;
                    let got = pack(&word).unwrap().map(lowercase_packed);
                    let got: Vec<u8> = got.iter().flat_map(|p| p.to_le_bytes()).collect();
                    assert_eq!(got, expected, "{word:?}");
                }
            }
        }
        assert_eq!(pack(&[b'a'; SHORT + 1]), None);
        // A word in capitals finds the memo entry of its lowercase form.
        assert_eq!(lookup_ascii("Idempotent").unwrap().stem, stem("idempotent"));
    }

    #[test]
    fn word_lists_of_other_modules_are_classes() {
        assert!(lookup("whenever").class & words::CONDITION != 0);
        assert!(lookup("still").class & words::MID_ADVERB != 0);
        assert!(lookup("hold").class & (words::CONDITION | words::MID_ADVERB) == 0);
        assert!(lookup("myth").class & words::VERDICT != 0);
        assert!(lookup("unnecessary").class & words::NEGATIVE_PREDICATE != 0);
        assert!(lookup("necessary").class & (words::VERDICT | words::NEGATIVE_PREDICATE) == 0);
        // Letters only, accents included, may join a neighbour; digits and apostrophes not.
        assert!(lookup("cafe").class & words::ALPHA != 0);
        // Tokens are looked up by their normal form: accents stripped, "ß" kept.
        let tokens = super::super::text::tokenize("Naïve cafés, Straße");
        assert_eq!(tokens[2].norm(), "straße");
        assert!(tokens.iter().all(|t| t.is(words::ALPHA)));
        for word in ["o'clock", "http2", "42"] {
            assert!(lookup(word).class & words::ALPHA == 0, "{word}");
        }
    }

    #[test]
    fn every_token_of_a_word_shares_the_memo_entry() {
        let tokens = super::super::text::tokenize("Cache the cache, CACHE it. 42 and 42.");
        assert!(Rc::ptr_eq(&tokens[0].lexeme, &tokens[2].lexeme));
        assert!(Rc::ptr_eq(&tokens[0].lexeme, &tokens[3].lexeme));
        assert_eq!(tokens[3].norm(), "cache");
        // Numbers are not memoised: each is its own.
        assert!(!Rc::ptr_eq(&tokens[5].lexeme, &tokens[7].lexeme));
        assert_eq!(tokens[5].stem(), "42");
    }
}
