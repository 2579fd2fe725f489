//! Splits an answer into normalised word tokens that remember their byte range, sentence and
//! clause, so matches can point at the exact words and negation can respect clause boundaries.

use compact_str::CompactString;

use super::{lexicon, words};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One word of an answer or phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte range in the original text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Phrases may not span sentences.
    pub(crate) sentence: u32,
    /// Negation does not reach across clauses.
    pub(crate) clause: u32,
    /// How this token is joined to the previous one.
    pub(crate) joint: Joint,
    /// Word classes as flags (`words::GLUE`, `words::NEGATOR`...), copied from the lexeme:
    /// the one thing read of nearly every token, many times over.
    pub(crate) class: u32,
    /// The word's normal form, stem and id, shared with the thread's memo.
    pub(crate) lexeme: lexicon::Word,
}

impl Token {
    /// Lowercased, accent-stripped, apostrophes normalised to `'`.
    pub(crate) fn norm(&self) -> &str {
        &self.lexeme.norm
    }

    /// The English stem.
    pub(crate) fn stem(&self) -> &str {
        &self.lexeme.stem
    }

    /// The word's id on this thread (`lexicon::Lexeme::word`).
    pub(crate) fn word(&self) -> u32 {
        self.lexeme.word
    }

    /// Whether this token and the next, written apart, may be parts of one word: only a space
    /// or hyphen between them, both letters only ("time stamp", "over-fetching").
    pub(crate) fn may_join(&self, next: &Token) -> bool {
        matches!(next.joint, Joint::Space | Joint::Hyphen)
            && self.is(words::ALPHA)
            && next.is(words::ALPHA)
    }

    /// Whether the token belongs to a word class.
    pub(crate) fn is(&self, flag: u32) -> bool {
        self.class & flag != 0
    }
}

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Joint {
    /// The first token, or one after a sentence or clause break.
    Start,
    /// Only whitespace.
    Space,
    /// A hyphen, slash or underscore with no space: parts of one compound.
    Hyphen,
    /// Other punctuation such as a comma.
    Punct,
}

/// Whether a word is letters only.
pub(crate) fn is_alpha(word: &str) -> bool {
    word.chars().all(char::is_alphabetic)
}

/// Whether a character can be part of a word.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// The ASCII letters and digits, by byte: one table read a byte where a word runs.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// The character at byte `at` of `text` (a character boundary) and its length in bytes; ASCII
/// is read without decoding.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let c = text[at..].chars().next()?;
    Some((c, c.len_utf8()))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}')
}

/// The token ranges of consecutive tokens that share a `key` (their sentence, their clause),
/// in order.
pub(crate) fn runs_by<'t>(
    tokens: &'t [Token],
    key: impl Fn(&Token) -> u32 + 't,
) -> impl Iterator<Item = std::ops::Range<usize>> + 't {
    let mut start = 0;
    std::iter::from_fn(move || {
        let first = tokens.get(start)?;
        let of = key(first);
        let end = tokens[start..]
            .iter()
            .position(|t| key(t) != of)
            .map_or(tokens.len(), |n| start + n);
        let range = start..end;
        start = end;
        Some(range)
    })
}

/// The normal form of an ASCII word: lowercased.
fn lowercase_ascii(word: &str) -> CompactString {
    let mut out = CompactString::from(word);
    out.make_ascii_lowercase();
    out
}

/// Lowercases and strips accents; ASCII takes a fast path.
pub(crate) fn normalise(word: &str) -> CompactString {
    if word.is_ascii() {
        return lowercase_ascii(word);
    }
    let mut out = CompactString::with_capacity(word.len());
    for c in word.nfkd().filter(|c| !is_combining_mark(*c)) {
        if is_apostrophe(c) {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Splits text into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut sentence = 0u32;
    let mut clause = 0u32;
    // What lies between the previous token and the next one.
    let mut saw_space = false;
    let mut saw_hyphen = false;
    let mut saw_punct = false;
    let mut break_sentence = false;
    let mut break_clause = false;

    // Byte offset of the next character.
    let mut at = 0;
    while let Some((c, len)) = char_at(text, at) {
        let start = at;
        at += len;
        if is_word_char(c) {
            // ASCII letters and digits byte by byte (most words are nothing else), then any
            // other word characters and inner apostrophes one character at a time.
            let mut ascii = c.is_ascii();
            let rest = &text.as_bytes()[at..];
            at += rest
                .iter()
                .position(|&byte| !ASCII_WORD[usize::from(byte)])
                .unwrap_or(rest.len());
            let mut end = at;
            // The run mostly stops at an ASCII byte other than an apostrophe, which ends the
            // word; only other stops need the character-by-character loop.
            let stopped_plain = text
                .as_bytes()
                .get(at)
                .is_none_or(|&byte| byte.is_ascii() && byte != b'\'');
            while let Some((next, len)) = char_at(text, at).filter(|_| !stopped_plain) {
                if is_word_char(next) {
                    ascii &= next.is_ascii();
                    at += len;
                    end = at;
                } else if is_apostrophe(next) {
                    ascii &= next.is_ascii();
                    // Keep an apostrophe between letters: "doesn't", "o'clock".
                    let after = char_at(text, at + len).map(|(after, _)| after);
                    if after.is_some_and(is_word_char) {
                        at += len;
                        end = at;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let word = &text[start..end];
            let lexeme = match ascii.then(|| lexicon::lookup_ascii(word)).flatten() {
                Some(known) => known,
                None if ascii => lexicon::lookup(&lowercase_ascii(word)),
                None => lexicon::lookup(&normalise(word)),
            };
            if break_sentence {
                sentence += 1;
                clause += 1;
            } else if break_clause || lexeme.class & words::CONTRAST != 0 {
                clause += 1;
            }
            let joint = if tokens.is_empty() || break_sentence || break_clause {
                Joint::Start
            } else if saw_punct {
                Joint::Punct
            } else if saw_hyphen && !saw_space {
                Joint::Hyphen
            } else {
                Joint::Space
            };
            tokens.push(Token {
                class: lexeme.class,
                lexeme,
                start,
                end,
                sentence,
                clause,
                joint,
            });
            saw_space = false;
            saw_hyphen = false;
            saw_punct = false;
            break_sentence = false;
            break_clause = false;
            // A single space, the commonest separator, is taken here rather than by the match.
            if text.as_bytes().get(at) == Some(&b' ') {
                at += 1;
                saw_space = true;
            }
            continue;
        }
        match c {
            '.' | '!' | '?' => {
                // "3.5" and "e.g." mid-word are not sentence ends unless space or end follows.
                let next = char_at(text, at).map(|(next, _)| next);
                if next.is_none_or(|n| n.is_whitespace() || n == '"' || n == ')') {
                    break_sentence = true;
                } else {
                    saw_punct = true;
                }
            }
            ';' => break_sentence = true,
            '\n' => {
                // A blank line or a bullet starts a new sentence; a wrapped line does not.
                let rest = text[start + 1..].trim_start_matches([' ', '\t']);
                if rest.starts_with(['\n', '-', '*', '•'])
                    || rest.starts_with(|d: char| d.is_ascii_digit())
                {
                    break_sentence = true;
                } else {
                    saw_space = true;
                }
            }
            ',' | ':' | '(' | ')' | '[' | ']' | '"' | '\u{201c}' | '\u{201d}' | '\u{2014}'
            | '\u{2013}' => {
                if matches!(c, ',' | ':' | '\u{2014}' | '(' | ')') {
                    break_clause = true;
                }
                saw_punct = true;
            }
            // A dash against a word after two spaces or more is a bullet ("by reference
            // -elements by value"): it starts a clause. After one space it may be a flag, a
            // minus or an aside ("-v", "-1", "not -ever- do").
            '-' if (text[..start].ends_with("  ") || text[..start].ends_with('\t'))
                && char_at(text, at).is_some_and(|(n, _)| n.is_alphabetic()) =>
            {
                break_clause = true;
                saw_punct = true;
            }
            '-' | '/' | '_' => saw_hyphen = true,
            c if c.is_whitespace() => saw_space = true,
            _ => saw_punct = true,
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .map(|t| t.norm().into())
            .collect()
    }

    #[test]
    fn splits_words_and_keeps_inner_apostrophes() {
        assert_eq!(
            norms("PUT isn't idempotent!"),
            ["put", "isn't", "idempotent"]
        );
        assert_eq!(
            norms("Over-fetching, under_fetching"),
            ["over", "fetching", "under", "fetching"]
        );
        assert_eq!(norms("it doesn\u{2019}t"), ["it", "doesn't"]);
    }

    #[test]
    fn byte_ranges_point_into_non_ascii_text() {
        let text = "Le café — naïve idempotence";
        for token in tokenize(text) {
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        }
        let t = &tokenize(text)[1];
        assert_eq!(&text[t.start..t.end], "café");
        assert_eq!(t.norm(), "cafe");
    }

    #[test]
    fn tracks_sentences_clauses_and_joints() {
        let tokens = tokenize("Cache-aside is lazy. It is not hard, but slow");
        assert_eq!(tokens[1].joint, Joint::Hyphen);
        assert_eq!(tokens[0].sentence, 0);
        assert_eq!(tokens[4].sentence, 1);
        let not = tokens.iter().find(|t| t.norm() == "not").unwrap().clause;
        let slow = tokens.iter().find(|t| t.norm() == "slow").unwrap().clause;
        assert_ne!(not, slow);
        // A dash against a word after two spaces or more is a bullet; a hyphen inside a word,
        // a dash between spaces, or one after a single space ("-v", "-1") is not.
        let bullets = tokenize("passed by reference   -elements by value");
        assert_ne!(bullets[2].clause, bullets[3].clause);
        assert_eq!(bullets[3].joint, Joint::Start);
        for kept in [
            "read-only - always",
            "not -ever- do",
            "run it with -v",
            "from  -1 up",
        ] {
            assert!(tokenize(kept).iter().all(|t| t.clause == 0), "{kept}");
        }
        assert_eq!(tokenize("version 3.5 works")[1].norm(), "3");
        assert_eq!(tokenize("version 3.5 works")[2].sentence, 0);
    }

    #[test]
    fn only_words_of_letters_written_apart_by_a_space_or_hyphen_may_join() {
        let joins = |text: &str| {
            let tokens = tokenize(text);
            tokens[0].may_join(&tokens[1])
        };
        assert!(joins("time stamp"));
        assert!(joins("over-fetching"));
        assert!(joins("café crème"));
        for apart in [
            "time, stamp",
            "time. Stamp",
            "http2 server",
            "don't care",
            "v 2",
        ] {
            assert!(!joins(apart), "{apart}");
        }
    }
}
