//! Rubric phrases compiled to word ids, and the search for them in an analysed answer: words in
//! order, small gaps, tight compounds, and whether a found mention is negated.

use std::collections::HashSet;

use super::text::{Joint, Token, tokenize};
use super::vocab::{Ids, NONE, Stems, Vocab, WordId};
use super::words;

/// Most content words allowed between two consecutive words of a phrase.
const MAX_GAP_CONTENT: usize = 2;
/// Most tokens of any kind allowed between two consecutive words of a phrase.
const MAX_GAP_TOKENS: usize = 5;
/// How many content words back a negator still reaches.
const NEGATION_REACH: usize = 3;

/// One word of a compiled phrase.
#[derive(Debug, Clone, Copy)]
enum Word {
    /// A vocabulary word. `tight` means the next phrase word was joined to it by a hyphen and
    /// must follow at once; `joined` is the id of the two written as one word, if interned.
    Id {
        id: WordId,
        tight: bool,
        joined: Option<WordId>,
    },
    /// Any negating word ("not", "no", "never", "without", "-n't"...).
    Negator,
}

/// A phrase ready to be searched for.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    /// The phrase as written in the rubric.
    pub(crate) text: String,
    words: Vec<Word>,
    /// Every content word of the phrase occurs in the question's prompt.
    pub(crate) restates_prompt: bool,
}

impl Phrase {
    /// Compiles a phrase. `prompt_stems` are the stems of the question's prompt.
    pub(crate) fn compile(
        text: &str,
        vocab: &mut Vocab,
        stems: &Stems,
        prompt_stems: &HashSet<String>,
    ) -> Phrase {
        let tokens = tokenize(text);
        let is_content = |t: &Token| !words::is_glue(&t.norm) && !words::is_negator(&t.norm);
        let literal = !tokens.iter().any(is_content);
        let kept: Vec<usize> = (0..tokens.len())
            .filter(|&k| literal || !words::is_glue(&tokens[k].norm))
            .collect();
        let mut compiled = Vec::with_capacity(kept.len());
        for (i, &k) in kept.iter().enumerate() {
            let token = &tokens[k];
            if !literal && words::is_negator(&token.norm) {
                compiled.push(Word::Negator);
                continue;
            }
            let next = kept.get(i + 1).map(|&n| (n, &tokens[n]));
            let tight = next.is_some_and(|(_, n)| n.joint == Joint::Hyphen);
            let joined = next
                .filter(|(n, next)| {
                    *n == k + 1
                        && matches!(next.joint, Joint::Hyphen | Joint::Space)
                        && is_alpha(&token.norm)
                        && is_alpha(&next.norm)
                })
                .map(|(_, next)| vocab.intern(stems, &format!("{}{}", token.norm, next.norm)));
            compiled.push(Word::Id {
                id: vocab.intern(stems, &token.norm),
                tight,
                joined,
            });
        }
        let content: Vec<String> = tokens
            .iter()
            .filter(|t| is_content(t))
            .map(|t| stems.stem(&t.norm))
            .collect();
        // A negator adds meaning the prompt lacks: "no constructor" answers "when is one made?".
        let negates = compiled.iter().any(|w| matches!(w, Word::Negator));
        let restates_prompt = !negates
            && !content.is_empty()
            && content.iter().all(|stem| prompt_stems.contains(stem));
        Phrase {
            text: text.to_owned(),
            words: compiled,
            restates_prompt,
        }
    }
}

/// An answer prepared for phrase search against one vocabulary.
pub(crate) struct Analysed<'a> {
    pub(crate) tokens: &'a [Token],
    /// What each token stands for.
    pub(crate) ids: Vec<Ids>,
    /// What each token joined with the next stands for ("over" + "fetching").
    pub(crate) pair_ids: Vec<Ids>,
    /// Tokens not to be matched (text addressed to the grader).
    pub(crate) ignored: &'a [bool],
    /// Tokens that are negators, and not cancelled ("not only").
    pub(crate) negating: Vec<bool>,
    /// Glue words, skipped freely.
    pub(crate) glue: Vec<bool>,
}

impl<'a> Analysed<'a> {
    pub(crate) fn new(
        tokens: &'a [Token],
        stemmed: &[String],
        ignored: &'a [bool],
        vocab: &Vocab,
        stems: &Stems,
    ) -> Self {
        let n = tokens.len();
        let mut ids = Vec::with_capacity(n);
        let mut pair_ids = Vec::with_capacity(n);
        let mut negating = Vec::with_capacity(n);
        let mut glue = Vec::with_capacity(n);
        for i in 0..n {
            let token = &tokens[i];
            ids.push(vocab.recognise(&token.norm, &stemmed[i]));
            let pair = match tokens.get(i + 1) {
                Some(next)
                    if matches!(next.joint, Joint::Space | Joint::Hyphen)
                        && is_alpha(&token.norm)
                        && is_alpha(&next.norm) =>
                {
                    let joined = format!("{}{}", token.norm, next.norm);
                    vocab
                        .lookup_stem(&stems.stem(&joined))
                        .map_or([NONE, NONE], |id| [id, NONE])
                }
                _ => [NONE, NONE],
            };
            pair_ids.push(pair);
            let cancelled = tokens
                .get(i + 1)
                .is_some_and(|next| words::cancels_negation(&next.norm));
            negating.push(words::is_negator(&token.norm) && !cancelled);
            glue.push(words::is_glue(&token.norm));
        }
        Self {
            tokens,
            ids,
            pair_ids,
            ignored,
            negating,
            glue,
        }
    }
}

fn is_alpha(word: &str) -> bool {
    word.chars().all(char::is_alphabetic)
}

fn has(ids: &Ids, id: WordId) -> bool {
    ids[0] == id || ids[1] == id
}

/// One place a phrase was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    /// First and last token of the match, inclusive.
    pub(crate) first: usize,
    pub(crate) last: usize,
    /// Whether a negator governs the mention.
    pub(crate) negated: bool,
}

impl Phrase {
    /// Every non-overlapping occurrence, left to right.
    pub(crate) fn find_all(&self, answer: &Analysed<'_>) -> Vec<Occurrence> {
        let mut found = Vec::new();
        if self.words.is_empty() {
            return found;
        }
        let mut start = 0;
        while start < answer.tokens.len() {
            let mut matched = Vec::with_capacity(self.words.len());
            if let Some(last) = self.match_from(answer, 0, start, &mut matched) {
                let negated = is_negated(answer, &matched);
                found.push(Occurrence {
                    first: start,
                    last,
                    negated,
                });
                start = last + 1;
            } else {
                start += 1;
            }
        }
        found
    }

    /// Tries to match phrase words `j..` with word `j` at token `i`; returns the last token used.
    fn match_from(
        &self,
        answer: &Analysed<'_>,
        j: usize,
        i: usize,
        matched: &mut Vec<usize>,
    ) -> Option<usize> {
        if answer.ignored[i] {
            return None;
        }
        let (next_j, last) = match self.words[j] {
            Word::Negator => answer.negating[i].then_some((j + 1, i))?,
            Word::Id { id, joined, .. } => {
                if has(&answer.ids[i], id) {
                    (j + 1, i)
                } else if joined.is_some_and(|joined| has(&answer.ids[i], joined)) {
                    (j + 2, i)
                } else if has(&answer.pair_ids[i], id) && !answer.ignored[i + 1] {
                    (j + 1, i + 1)
                } else {
                    return None;
                }
            }
        };
        let mark = matched.len();
        matched.extend(i..=last);
        if next_j >= self.words.len() {
            return Some(last);
        }
        let tight =
            matches!(self.words[next_j - 1], Word::Id { tight: true, .. }) && next_j == j + 1;
        let sentence = answer.tokens[last].sentence;
        let mut content_gap = 0;
        for k in last + 1..answer.tokens.len() {
            let token = &answer.tokens[k];
            if token.sentence != sentence || answer.ignored[k] || k - last - 1 > MAX_GAP_TOKENS {
                break;
            }
            if tight && !(k == last + 1 && matches!(token.joint, Joint::Hyphen | Joint::Space)) {
                break;
            }
            if let Some(end) = self.match_from(answer, next_j, k, matched) {
                return Some(end);
            }
            if !answer.glue[k] {
                content_gap += 1;
                if content_gap > MAX_GAP_CONTENT {
                    break;
                }
            }
        }
        matched.truncate(mark);
        None
    }
}

/// A mention is negated by a negator inside its gaps, or shortly before it in the same clause.
fn is_negated(answer: &Analysed<'_>, matched: &[usize]) -> bool {
    let (Some(&first), Some(&last)) = (matched.first(), matched.last()) else {
        return false;
    };
    if (first..=last).any(|k| answer.negating[k] && !matched.contains(&k)) {
        return true;
    }
    let clause = answer.tokens[first].clause;
    let mut content = 0;
    for k in (0..first).rev() {
        let token = &answer.tokens[k];
        if token.clause != clause || words::breaks_scope(&token.norm) {
            return false;
        }
        if answer.negating[k] {
            return true;
        }
        if !words::is_function_word(&token.norm) {
            content += 1;
            if content >= NEGATION_REACH {
                return false;
            }
        }
    }
    false
}
