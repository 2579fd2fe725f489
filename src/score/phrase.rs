//! Rubric phrases compiled to word ids, and the search for them in an analysed answer: words in
//! order, small gaps, tight compounds, partial mentions, and whether a mention is negated.

use rustc_hash::FxHashSet as HashSet;
use smallvec::SmallVec;

use super::answer::{Analysed, has};
use super::lexicon::Stem;
use super::text::{Joint, Token, tokenize};
use super::vocab::{Vocab, WordId};
use super::words;

/// Most content words allowed between two consecutive words of a phrase.
const MAX_GAP_CONTENT: usize = 2;
/// Most tokens of any kind allowed between two consecutive words of a phrase.
const MAX_GAP_TOKENS: usize = 5;

/// One word of a compiled phrase.
#[derive(Debug, Clone, Copy)]
enum Word {
    /// A vocabulary word. `tight` means the next phrase word was joined to it by a hyphen and
    /// must follow at once; `joined` is the id of the two written as one word, if interned;
    /// `linked` means a copula stood between it and the next ("X is Y"), so the next may not
    /// follow at once: "X Y" is a compound, not the claim.
    Id {
        id: WordId,
        tight: bool,
        joined: Option<WordId>,
        linked: bool,
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
    /// Whether any word has a joined form (`Word::Id::joined`).
    joins: bool,
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
        Self::build(text, vocab, prompt_stems, false)
    }

    /// Compiles a misconception's phrase, a claim: where it links two words with "is", "are",
    /// "was" or "were" ("deadlock is a timeout"), the answer must not write them as one
    /// compound ("the deadlock_timeout setting") or as alternatives ("deadlock or timeout"). Concept phrases do not ask this, so that telegraphic
    /// answers ("PUT idempotent, PATCH not") keep their credit.
    pub(crate) fn compile_claim(
        text: &str,
        vocab: &mut Vocab,
        prompt_stems: &HashSet<Box<str>>,
    ) -> Phrase {
        Self::build(text, vocab, prompt_stems, true)
    }

    fn build(
        text: &str,
        vocab: &mut Vocab,
        prompt_stems: &HashSet<Box<str>>,
        claim: bool,
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
            // "deadlock is a timeout" claims something of a deadlock: "deadlock timeout" (a
            // compound, a setting's name) does not say it.
            let linked = claim
                && next.is_some_and(|(n, next)| {
                    !next.is(words::NEGATOR)
                        && tokens[k + 1..n].iter().any(|t| COPULAS.contains(&t.norm()))
                });
            let joined = next
                .filter(|(n, next)| *n == k + 1 && token.may_join(next))
                .map(|(_, next)| vocab.intern(&format!("{}{}", token.norm(), next.norm())));
            compiled.push(Word::Id {
                id: vocab.intern(token.norm()),
                tight,
                joined,
                linked,
            });
        }
        let content: Vec<Stem> = tokens
            .iter()
            .filter(|t| is_content(t))
            .map(|t| Stem::from(t.stem()))
            .collect();
        // A negator adds meaning the prompt lacks: "no constructor" answers "when is one made?".
        let negates = compiled.iter().any(|w| matches!(w, Word::Negator));
        let restates_prompt = !negates
            && !content.is_empty()
            && content.iter().all(|stem| prompt_stems.contains(&**stem));
        let in_prompt = kept
            .iter()
            .map(|&k| tokens[k].is(words::NEGATOR) || prompt_stems.contains(tokens[k].stem()))
            .collect();
        let joins = compiled.iter().any(|w| {
            matches!(
                w,
                Word::Id {
                    joined: Some(_),
                    ..
                }
            )
        });
        Phrase {
            text: text.to_owned(),
            words: compiled,
            restates_prompt,
            in_prompt,
            joins,
        }
    }
}

/// Token positions gathered while searching (where a phrase may start, the tokens a match
/// used): on the stack for all but the longest answers, as phrase search runs for every phrase
/// of a rubric on every answer.
type Tokens = SmallVec<[usize; 16]>;

/// Verbs that carry next to no meaning of their own ("use JWE" without "JWE" says nothing),
/// as stems: a partial mention needs a word besides them and function words.
const LIGHT_VERBS: &[&str] = &[
    "use", "make", "get", "take", "give", "have", "do", "go", "put", "set", "keep", "let",
];

/// The forms of "be" that link a misconception's subject to what it claims of it ("X is Y"):
/// narrower than `answer::is_copula`, which also reads "its" and "be" after a modal.
const COPULAS: &[&str] = &["is", "are", "was", "were"];

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
    pub(crate) fn partial(
        &self,
        answer: &Analysed<'_>,
        skip: impl Fn(usize) -> bool,
    ) -> Option<Partial> {
        if self.restates_prompt {
            return None;
        }
        // Most phrases have too few of their words in the answer: ruled out before allocating.
        let (mut words, mut present) = (0, 0);
        for word in &self.words {
            if let Word::Id { id, .. } = *word {
                words += 1;
                present += usize::from(answer.present(id));
            }
        }
        if words < 2 || (present as f64) < words as f64 * PARTIAL_MIN_SHARE {
            return None;
        }
        // Held on the stack for phrases of the usual length: this runs for many phrases per answer.
        let ids: SmallVec<[(usize, WordId); 8]> = self
            .words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| match w {
                Word::Id { id, .. } => Some((i, *id)),
                Word::Negator => None,
            })
            .collect();
        // (sentence, token, slot) for every usable mention of a phrase word.
        let mut mentions: SmallVec<[(u32, usize, usize); 16]> = SmallVec::new();
        for (slot, &(_, id)) in ids.iter().enumerate() {
            for &k in answer.positions(id) {
                let k = k as usize;
                if has(answer.ids(k), id)
                    && !answer.ignored(k)
                    && !answer.governed(k)
                    && !answer.denied(k)
                    && !skip(k)
                {
                    mentions.push((answer.tokens[k].sentence, k, slot));
                }
            }
        }
        mentions.sort_unstable();
        let mut best: Option<Partial> = None;
        let mut found: SmallVec<[bool; 8]> = smallvec::smallvec![false; ids.len()];
        for group in mentions.chunk_by(|a, b| a.0 == b.0) {
            found.fill(false);
            let (mut first, mut last) = (usize::MAX, 0);
            let mut content = false;
            for &(_, k, slot) in group {
                if !found[slot] {
                    found[slot] = true;
                    first = first.min(k);
                    last = last.max(k);
                    content |= !answer.tokens[k].is(words::FUNCTION)
                        && !LIGHT_VERBS.contains(&answer.tokens[k].stem());
                }
            }
            // "of it" says nothing of "none of it".
            if !content {
                continue;
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
        self.find_each(answer, |occurrence| found.push(occurrence));
        found
    }

    /// Hands every non-overlapping occurrence to `found`, left to right, with no list built
    /// for the phrase alone.
    pub(crate) fn find_each(&self, answer: &Analysed<'_>, mut found: impl FnMut(Occurrence)) {
        if self.words.is_empty() || !self.may_occur(answer) {
            return;
        }
        let mut matched = Tokens::new();
        let mut next_free = 0;
        let mut try_from = |start: usize| {
            if start < next_free || answer.ignored(start) {
                return;
            }
            matched.clear();
            if let Some(last) = self.match_from(answer, 0, start, &mut matched) {
                let negated = is_negated(answer, &matched);
                found(Occurrence {
                    first: start,
                    last,
                    negated,
                });
                next_free = last + 1;
            }
        };
        // A first word without a joined form starts where it occurs: no list to build.
        match self.words[0] {
            Word::Id {
                id, joined: None, ..
            } => {
                for &start in answer.positions(id) {
                    try_from(start as usize);
                }
            }
            _ => {
                for start in self.starts(answer) {
                    try_from(start);
                }
            }
        }
    }

    /// The token positions where this phrase could start, ascending, grader text included.
    fn starts(&self, answer: &Analysed<'_>) -> Tokens {
        match self.words[0] {
            Word::Negator => (0..answer.tokens.len())
                .filter(|&k| answer.negating(k))
                .collect(),
            Word::Id { id, joined, .. } => {
                let mut all: Tokens = answer.positions(id).iter().map(|&k| k as usize).collect();
                if let Some(joined) = joined {
                    all.extend(answer.positions(joined).iter().map(|&k| k as usize));
                    all.sort_unstable();
                    all.dedup();
                }
                all
            }
        }
    }

    /// A cheap test that rules most phrases out: one of their words is not in the answer at all.
    fn may_occur(&self, answer: &Analysed<'_>) -> bool {
        self.words.iter().all(|word| match *word {
            Word::Negator => answer.any_negator,
            Word::Id { id, joined, .. } => {
                answer.present(id) || joined.is_some_and(|joined| answer.present(joined))
            }
        }) || self.joins
            && self.words.iter().any(|word| match *word {
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
        matched: &mut Tokens,
    ) -> Option<usize> {
        if answer.ignored(i) {
            return None;
        }
        let (next_j, last) = match self.words[j] {
            Word::Negator => answer.negating(i).then_some((j + 1, i))?,
            Word::Id { id, joined, .. } => {
                if has(answer.ids(i), id) {
                    (j + 1, i)
                } else if joined.is_some_and(|joined| has(answer.ids(i), joined)) {
                    (j + 2, i)
                } else if answer.with_next[i] == id && !answer.ignored(i + 1) {
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
        let linked =
            matches!(self.words[next_j - 1], Word::Id { linked: true, .. }) && next_j == j + 1;
        let sentence = answer.tokens[last].sentence;
        let mut content_gap = 0;
        for k in last + 1..answer.tokens.len() {
            let token = &answer.tokens[k];
            if token.sentence != sentence || answer.ignored(k) || k - last - 1 > MAX_GAP_TOKENS {
                break;
            }
            if tight && !(k == last + 1 && matches!(token.joint, Joint::Hyphen | Joint::Space)) {
                break;
            }
            // A claim's predicate never follows its subject at once, as one compound ("deadlock
            // timeout", "deadlock_timeout"), nor as an alternative to it ("deadlock or timeout").
            if linked && matches!(token.norm(), "or" | "nor") {
                break;
            }
            let at_once =
                linked && k == last + 1 && matches!(token.joint, Joint::Space | Joint::Hyphen);
            if !at_once && let Some(end) = self.match_from(answer, next_j, k, matched) {
                return Some(end);
            }
            if !answer.glue(k) {
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

/// A mention is negated by a negator inside its gaps, shortly before it in the same clause, or
/// right after it when it is the subject of a denial ("X isn't provided").
fn is_negated(answer: &Analysed<'_>, matched: &[usize]) -> bool {
    let (Some(&first), Some(&last)) = (matched.first(), matched.last()) else {
        return false;
    };
    answer.governed(first)
        || answer.denied(last)
        || (first..=last).any(|k| answer.denying(k) && !matched.contains(&k))
}
