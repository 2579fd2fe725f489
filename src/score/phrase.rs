//! Rubric phrases compiled to word ids, and the search for them in an analysed answer: words in
//! order, small gaps, tight compounds, and whether a found mention is negated.

use rustc_hash::FxHashSet as HashSet;

use super::lexicon::{Stem, stem};
use super::text::{Joint, Token, tokenize};
use super::vocab::{Ids, NONE, Vocab, WordId};
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
    /// For each word, whether it occurs in the prompt (negators count as prompt words).
    in_prompt: Vec<bool>,
}

/// The least share of a phrase's words that earns partial credit.
const PARTIAL_MIN_SHARE: f64 = 0.5;

/// Most of a phrase's words in one sentence, but not in order or not close enough.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Partial {
    /// The share of the phrase's distinct words found, 0.5..1.
    pub(crate) share: f64,
    /// First and last token of the words found.
    pub(crate) first: usize,
    pub(crate) last: usize,
}

impl Phrase {
    /// Compiles a phrase. `prompt_stems` are the stems of the question's prompt.
    pub(crate) fn compile(
        text: &str,
        vocab: &mut Vocab,
        prompt_stems: &HashSet<Box<str>>,
    ) -> Phrase {
        let tokens = tokenize(text);
        let is_content = |t: &Token| !t.is(words::GLUE) && !t.is(words::NEGATOR);
        let literal = !tokens.iter().any(is_content);
        let kept: Vec<usize> = (0..tokens.len())
            .filter(|&k| literal || !tokens[k].is(words::GLUE))
            .collect();
        let mut compiled = Vec::with_capacity(kept.len());
        for (i, &k) in kept.iter().enumerate() {
            let token = &tokens[k];
            if !literal && token.is(words::NEGATOR) {
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
                .map(|(_, next)| vocab.intern(&format!("{}{}", token.norm, next.norm)));
            compiled.push(Word::Id {
                id: vocab.intern(&token.norm),
                tight,
                joined,
            });
        }
        let content: Vec<Stem> = tokens
            .iter()
            .filter(|t| is_content(t))
            .map(|t| t.stem.clone())
            .collect();
        // A negator adds meaning the prompt lacks: "no constructor" answers "when is one made?".
        let negates = compiled.iter().any(|w| matches!(w, Word::Negator));
        let restates_prompt = !negates
            && !content.is_empty()
            && content.iter().all(|stem| prompt_stems.contains(&**stem));
        let in_prompt = kept
            .iter()
            .map(|&k| tokens[k].is(words::NEGATOR) || prompt_stems.contains(&*tokens[k].stem))
            .collect();
        Phrase {
            text: text.to_owned(),
            words: compiled,
            restates_prompt,
            in_prompt,
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
    /// Tokens a negator before them in the same clause governs.
    governed: Vec<bool>,
    /// Where each vocabulary word occurs: the token positions of word `id` are
    /// `positions[offsets[id]..offsets[id + 1]]`, ascending.
    offsets: Vec<u32>,
    positions: Vec<u32>,
    /// Whether the answer has any negator.
    any_negator: bool,
}

impl<'a> Analysed<'a> {
    pub(crate) fn new(tokens: &'a [Token], ignored: &'a [bool], vocab: &Vocab) -> Self {
        let n = tokens.len();
        let mut ids = Vec::with_capacity(n);
        let mut pair_ids = Vec::with_capacity(n);
        let mut negating = Vec::with_capacity(n);
        let mut glue = Vec::with_capacity(n);
        let mut joined = String::new();
        for i in 0..n {
            let token = &tokens[i];
            ids.push(if token.is(words::GLUE) && !vocab.has_glue() {
                [NONE, NONE]
            } else {
                vocab.recognise(&token.norm, &token.stem, !token.is(words::FUNCTION))
            });
            let pair = match tokens.get(i + 1) {
                Some(next)
                    if matches!(next.joint, Joint::Space | Joint::Hyphen)
                        && vocab.may_join(&token.norm, &next.norm)
                        && is_alpha(&token.norm)
                        && is_alpha(&next.norm) =>
                {
                    joined.clear();
                    joined.push_str(&token.norm);
                    joined.push_str(&next.norm);
                    vocab
                        .lookup_stem(&stem(&joined))
                        .map_or([NONE, NONE], |id| [id, NONE])
                }
                _ => [NONE, NONE],
            };
            pair_ids.push(pair);
            let cancelled = tokens
                .get(i + 1)
                .is_some_and(|next| next.is(words::CANCELLER));
            negating.push(token.is(words::NEGATOR) && !cancelled);
            glue.push(token.is(words::GLUE));
        }
        let governed = governed_by_negation(tokens, &negating);
        let (offsets, positions) = postings(vocab.len(), &ids, &pair_ids);
        let any_negator = negating.iter().any(|n| *n);
        Self {
            offsets,
            positions,
            any_negator,
            tokens,
            ids,
            pair_ids,
            ignored,
            negating,
            glue,
            governed,
        }
    }
}

impl Analysed<'_> {
    /// The positions of the tokens (or token pairs) that stand for a word, ascending.
    fn positions(&self, id: WordId) -> &[u32] {
        let id = id as usize;
        match (self.offsets.get(id), self.offsets.get(id + 1)) {
            (Some(&from), Some(&to)) => &self.positions[from as usize..to as usize],
            _ => &[],
        }
    }

    fn present(&self, id: WordId) -> bool {
        !self.positions(id).is_empty()
    }
}

/// An inverted index of the answer: for each vocabulary word, where it occurs.
fn postings(words: usize, ids: &[Ids], pair_ids: &[Ids]) -> (Vec<u32>, Vec<u32>) {
    let mut counts = vec![0u32; words + 1];
    let every = || {
        ids.iter()
            .zip(pair_ids)
            .enumerate()
            .flat_map(|(k, (a, b))| a.iter().chain(b).map(move |&id| (k, id)))
            .filter(|&(_, id)| id != NONE)
    };
    for (_, id) in every() {
        counts[id as usize + 1] += 1;
    }
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
    let mut positions = vec![0u32; counts[words] as usize];
    let mut next = counts.clone();
    let mut last_seen: Vec<u32> = vec![u32::MAX; words];
    for (k, id) in every() {
        let id = id as usize;
        // A token and its pair may stand for the same word; keep one entry.
        if last_seen[id] == k as u32 {
            continue;
        }
        last_seen[id] = k as u32;
        positions[next[id] as usize] = k as u32;
        next[id] += 1;
    }
    // Drop the slots left unused by duplicates, keeping each word's list contiguous.
    let mut offsets = vec![0u32; words + 1];
    let mut compact = Vec::with_capacity(positions.len());
    for id in 0..words {
        compact.extend_from_slice(&positions[counts[id] as usize..next[id] as usize]);
        offsets[id + 1] = compact.len() as u32;
    }
    (offsets, compact)
}

/// For each token, whether a negator up to [`NEGATION_REACH`] content words before it in the
/// same clause governs it, with no scope-ending word ("and", "but", "because"...) between.
fn governed_by_negation(tokens: &[Token], negating: &[bool]) -> Vec<bool> {
    (0..tokens.len())
        .map(|first| {
            let clause = tokens[first].clause;
            let mut seen = 0;
            for k in (0..first).rev() {
                if tokens[k].clause != clause || tokens[k].is(words::BREAKER) {
                    return false;
                }
                if negating[k] {
                    return true;
                }
                if !tokens[k].is(words::FUNCTION) {
                    seen += 1;
                    if seen >= NEGATION_REACH {
                        return false;
                    }
                }
            }
            false
        })
        .collect()
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
    /// The best sentence holding at least half of this phrase's words (two or more words, at
    /// least one found word not from the prompt, none of them negated).
    pub(crate) fn partial(&self, answer: &Analysed<'_>) -> Option<Partial> {
        if self.restates_prompt {
            return None;
        }
        let ids: Vec<(usize, WordId)> = self
            .words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| match w {
                Word::Id { id, .. } => Some((i, *id)),
                Word::Negator => None,
            })
            .collect();
        let needed = (ids.len() as f64 * PARTIAL_MIN_SHARE).ceil() as usize;
        if ids.len() < 2 || ids.iter().filter(|(_, id)| answer.present(*id)).count() < needed {
            return None;
        }
        // (sentence, token, slot) for every usable mention of a phrase word.
        let mut mentions: Vec<(u32, usize, usize)> = Vec::new();
        for (slot, &(_, id)) in ids.iter().enumerate() {
            for &k in answer.positions(id) {
                let k = k as usize;
                if has(&answer.ids[k], id) && !answer.ignored[k] && !answer.governed[k] {
                    mentions.push((answer.tokens[k].sentence, k, slot));
                }
            }
        }
        mentions.sort_unstable();
        let mut best: Option<Partial> = None;
        for group in mentions.chunk_by(|a, b| a.0 == b.0) {
            let mut found = vec![false; ids.len()];
            let (mut first, mut last) = (usize::MAX, 0);
            for &(_, k, slot) in group {
                if !found[slot] {
                    found[slot] = true;
                    first = first.min(k);
                    last = last.max(k);
                }
            }
            let count = found.iter().filter(|f| **f).count();
            let share = count as f64 / ids.len() as f64;
            let adds_to_prompt = ids
                .iter()
                .zip(&found)
                .any(|(&(i, _), &f)| f && !self.in_prompt[i]);
            if share >= PARTIAL_MIN_SHARE
                && adds_to_prompt
                && best.as_ref().is_none_or(|b| share > b.share)
            {
                best = Some(Partial { share, first, last });
            }
        }
        best
    }

    /// Every non-overlapping occurrence, left to right.
    pub(crate) fn find_all(&self, answer: &Analysed<'_>) -> Vec<Occurrence> {
        let mut found = Vec::new();
        if self.words.is_empty() || !self.may_occur(answer) {
            return found;
        }
        let mut matched = Vec::with_capacity(self.words.len() + 4);
        let mut next_free = 0;
        for start in self.starts(answer) {
            if start < next_free {
                continue;
            }
            matched.clear();
            if let Some(last) = self.match_from(answer, 0, start, &mut matched) {
                let negated = is_negated(answer, &matched);
                found.push(Occurrence {
                    first: start,
                    last,
                    negated,
                });
                next_free = last + 1;
            }
        }
        found
    }

    /// The token positions where this phrase could start, ascending.
    fn starts(&self, answer: &Analysed<'_>) -> Vec<usize> {
        let mut starts: Vec<usize> = match self.words[0] {
            Word::Negator => (0..answer.tokens.len())
                .filter(|&k| answer.negating[k])
                .collect(),
            Word::Id { id, joined, .. } => {
                let mut all: Vec<usize> =
                    answer.positions(id).iter().map(|&k| k as usize).collect();
                if let Some(joined) = joined {
                    all.extend(answer.positions(joined).iter().map(|&k| k as usize));
                    all.sort_unstable();
                    all.dedup();
                }
                all
            }
        };
        starts.retain(|&k| !answer.ignored[k]);
        starts
    }

    /// A cheap test that rules most phrases out: none of their words is in the answer at all.
    fn may_occur(&self, answer: &Analysed<'_>) -> bool {
        self.words.iter().all(|word| match *word {
            Word::Negator => answer.any_negator,
            Word::Id { id, joined, .. } => {
                answer.present(id) || joined.is_some_and(|joined| answer.present(joined))
            }
        }) || self.words.iter().any(|word| match *word {
            Word::Id {
                joined: Some(joined),
                ..
            } => answer.present(joined),
            _ => false,
        })
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
    answer.governed[first] || (first..=last).any(|k| answer.negating[k] && !matched.contains(&k))
}
