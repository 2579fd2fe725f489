//! An answer indexed against one rubric's vocabulary: what each word stands for, where each
//! vocabulary word occurs, and which words a negator governs. Phrase search reads only this.

use super::lexicon::stem;
use super::text::{Joint, Token};
use super::vocab::{Ids, NONE, Vocab, WordId};
use super::words;

/// How many content words back a negator still reaches.
const NEGATION_REACH: usize = 3;

/// How far a denied claim reaches: "doesn't guarantee the body runs even once" denies what it
/// says is guaranteed, its object included, up to the end of the clause.
const CLAIM_NEGATION_REACH: usize = 6;

/// An answer prepared for phrase search against one vocabulary.
pub(crate) struct Analysed<'a> {
    pub(crate) tokens: &'a [Token],
    /// What each token stands for.
    pub(crate) ids: Vec<Ids>,
    /// For each token, 1 + the index of the first concept whose id has its word, or 0.
    pub(crate) id_names: Vec<u16>,
    /// What each token joined with the next stands for ("over" + "fetching").
    pub(crate) pair_ids: Vec<Ids>,
    /// Tokens not to be matched (text addressed to the grader).
    pub(crate) ignored: &'a [bool],
    /// Tokens that are negators, and not cancelled ("not only").
    pub(crate) negating: Vec<bool>,
    /// Negating words that deny what follows them: all but those after "when", "whenever" or
    /// "if" in their clause.
    pub(crate) denying: Vec<bool>,
    /// Glue words, skipped freely.
    pub(crate) glue: Vec<bool>,
    /// Tokens a negator before them in the same clause governs.
    pub(crate) governed: Vec<bool>,
    /// Tokens a negator right after them governs, as the subject of a denial: "X isn't
    /// provided", "X is never needed", "X has nothing to do with Y" (NegEx post-triggers).
    pub(crate) denied: Vec<bool>,
    /// Tokens a disavowal governs ("rather than", "instead of", "avoid", "the myth that"):
    /// mentioned, not affirmed. Empty when the answer has no such word.
    disavowed: Vec<bool>,
    /// Where each vocabulary word occurs: the token positions of word `id` are
    /// `positions[offsets[id]..offsets[id + 1]]`, ascending.
    offsets: Vec<u32>,
    positions: Vec<u32>,
    /// Whether the answer has any negator.
    pub(crate) any_negator: bool,
}

/// How many words after a statement a verdict on it may stand.
const REJECTION_REACH: usize = 8;

/// Words that judge the statement before them false.
const REJECTIONS: &[&str] = &[
    "myth",
    "wrong",
    "false",
    "untrue",
    "misleading",
    "mistake",
    "incorrect",
    "fallacy",
    "misconception",
    "antipattern",
];

impl<'a> Analysed<'a> {
    pub(crate) fn new(tokens: &'a [Token], ignored: &'a [bool], vocab: &Vocab) -> Self {
        let n = tokens.len();
        let mut recognised = Vec::with_capacity(n);
        vocab.recognise_tokens(tokens, &mut recognised);
        let ids: Vec<Ids> = recognised.iter().map(|r| r.ids).collect();
        let id_names: Vec<u16> = recognised.iter().map(|r| r.id_name).collect();
        let mut pair_ids = Vec::with_capacity(n);
        let mut negating = Vec::with_capacity(n);
        let mut glue = Vec::with_capacity(n);
        // A negator in a condition states the condition and denies nothing: "when a
        // constructor is not provided", "if you don't set a TTL, the cache grows". It still
        // matches a rubric phrase's own negator ("not provided").
        let mut denying = Vec::with_capacity(n);
        let mut in_condition = false;
        let mut joined = String::new();
        for i in 0..n {
            let token = &tokens[i];
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
            // "not only" is no negation, and neither is a negator inside a hyphenated
            // compound: "share-nothing processes", "no-cache", "a no-op".
            let cancelled = tokens
                .get(i + 1)
                .is_some_and(|next| next.is(words::CANCELLER) || next.joint == Joint::Hyphen)
                || (i > 0 && token.joint == Joint::Hyphen);
            let negates = token.is(words::NEGATOR) && !cancelled;
            negating.push(negates);
            in_condition &= i > 0 && tokens[i - 1].clause == token.clause;
            denying.push(negates && !in_condition);
            in_condition |= token.is(words::CONDITION);
            glue.push(token.is(words::GLUE));
        }
        let governed = governed_by_negation(tokens, &denying);
        let denied = denied_after(tokens, &denying);
        let disavowed = if tokens.iter().any(|t| t.is(words::DISAVOW)) {
            governed_by(tokens, |k| {
                if tokens[k].is(words::DISAVOW) {
                    NEGATION_REACH
                } else {
                    0
                }
            })
        } else {
            Vec::new()
        };
        let (offsets, positions) = postings(vocab.len(), &ids, &pair_ids);
        let any_negator = negating.iter().any(|n| *n);
        Self {
            offsets,
            positions,
            any_negator,
            tokens,
            ids,
            id_names,
            pair_ids,
            ignored,
            negating,
            denying,
            glue,
            governed,
            denied,
            disavowed,
        }
    }
}

impl Analysed<'_> {
    /// The positions of the tokens (or token pairs) that stand for a word, ascending.
    pub(crate) fn positions(&self, id: WordId) -> &[u32] {
        let id = id as usize;
        match (self.offsets.get(id), self.offsets.get(id + 1)) {
            (Some(&from), Some(&to)) => &self.positions[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Whether a disavowal governs the token at `k`.
    pub(crate) fn disavowed(&self, k: usize) -> bool {
        self.disavowed.get(k).copied().unwrap_or(false)
    }

    /// Whether what ends at token `last` is judged false right after it, in the same sentence:
    /// "paging on every CPU spike is a bad idea", "...only scale vertically, but that is
    /// wrong", "...is a myth" (a post-trigger, as NegEx has for negation).
    pub(crate) fn rejected_after(&self, last: usize) -> bool {
        let Some(end) = self.tokens.get(last) else {
            return false;
        };
        let after = self.tokens[last + 1..]
            .iter()
            .take_while(|t| t.sentence == end.sentence)
            .take(REJECTION_REACH);
        // "X will not meet the target", "X doesn't scale": the statement is the subject of a
        // denial (a post-negation trigger).
        let clause = end.clause;
        let denied = (last + 1..self.tokens.len())
            .take_while(|&k| self.tokens[k].clause == clause)
            .take(3)
            .find(|&k| !self.tokens[k].is(words::DENIAL_AUX))
            .is_some_and(|k| self.negating[k] && plain_negator(&self.tokens[k]));
        if denied {
            return true;
        }
        let words: Vec<&str> = after.map(|t| t.norm.as_str()).collect();
        words.iter().enumerate().any(|(i, w)| {
            REJECTIONS.contains(w)
                || (*w == "bad" && matches!(words.get(i + 1), Some(&"idea" | &"practice")))
                || (*w == "true" && i > 0 && self.negating[last + i])
        })
    }

    pub(crate) fn present(&self, id: WordId) -> bool {
        !self.positions(id).is_empty()
    }
}

/// An inverted index of the answer: for each vocabulary word, where it occurs. A counting
/// sort into two allocations: `offsets` (one slot per vocabulary word) and `positions`.
fn postings(words: usize, ids: &[Ids], pair_ids: &[Ids]) -> (Vec<u32>, Vec<u32>) {
    // The distinct words token `k` stands for, alone or joined with the next token: a token and
    // its pair may stand for the same word, which is one entry.
    let each = |k: usize| {
        let all = [ids[k][0], ids[k][1], pair_ids[k][0], pair_ids[k][1]];
        (0..all.len()).filter_map(move |i| {
            let id = all[i];
            (id != NONE && !all[..i].contains(&id)).then_some(id as usize)
        })
    };
    // Counts, then running totals: `offsets[id]` is where word `id`'s positions end...
    let mut offsets = vec![0u32; words + 1];
    for k in 0..ids.len() {
        for id in each(k) {
            offsets[id] += 1;
        }
    }
    for id in 1..=words {
        offsets[id] += offsets[id - 1];
    }
    // ...and filled from the back, where they start: positions come out ascending.
    let mut positions = vec![0u32; offsets[words] as usize];
    for k in (0..ids.len()).rev() {
        for id in each(k) {
            offsets[id] -= 1;
            positions[offsets[id] as usize] = k as u32;
        }
    }
    (offsets, positions)
}

/// For each token, whether a negator up to [`NEGATION_REACH`] content words before it in the
/// same clause governs it, with no scope-ending word ("and", "but", "because"...) between.
fn governed_by_negation(tokens: &[Token], negating: &[bool]) -> Vec<bool> {
    governed_by(tokens, |k| {
        if !negating[k] {
            0
        } else if denies_a_claim(tokens, k) {
            CLAIM_NEGATION_REACH
        } else {
            NEGATION_REACH
        }
    })
}

/// Whether the negator at `k` denies a claim verb ("doesn't guarantee", "isn't required",
/// "doesn't mean"), whose object is what is denied.
fn denies_a_claim(tokens: &[Token], k: usize) -> bool {
    plain_negator(&tokens[k])
        && tokens[k + 1..]
            .iter()
            .take_while(|t| t.clause == tokens[k].clause)
            .find(|t| !t.is(words::DENIAL_AUX))
            .is_some_and(|t| t.is(words::DENIAL_PREDICATE))
}

/// Words that open a condition (`words::CONDITION`).
pub(super) const CONDITIONS: &[&str] = &["when", "whenever", "if"];

/// Words that may stand between a subject and the negator that denies it: "X is not", "X
/// does not", "X has nothing", "X is still not".
pub(super) const DENIAL_AUX: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "do", "does", "did", "has", "have", "had", "can",
    "could", "will", "would", "should", "must", "may", "might", "still", "also", "really",
    "actually", "always", "simply",
];

/// What a denial says of its subject after the negator: "X isn't *provided*", "X doesn't
/// *mean* Y", "X is never *needed*". Other predicates ("calls do not converge") describe the
/// subject rather than deny it, so they leave it alone.
pub(super) const DENIAL_PREDICATES: &[&str] = &[
    "about",
    "affect",
    "apply",
    "applies",
    "done",
    "enforced",
    "enough",
    "ensure",
    "ensured",
    "exist",
    "exists",
    "given",
    "guarantee",
    "guaranteed",
    "handled",
    "help",
    "helps",
    "important",
    "involved",
    "kept",
    "matter",
    "matters",
    "mean",
    "means",
    "meant",
    "necessary",
    "need",
    "needed",
    "possible",
    "provide",
    "provided",
    "relevant",
    "require",
    "required",
    "sufficient",
    "supported",
    "true",
    "used",
    "make",
    "makes",
    "prevent",
    "prevents",
    "reduce",
    "reduces",
    "improve",
    "improves",
    "protect",
    "protects",
    "work",
    "works",
    "change",
    "changes",
    "affects",
    "affected",
    "applied",
    "ensures",
    "enforce",
    "enforces",
    "give",
    "gives",
    "guarantees",
    "handle",
    "handles",
    "involve",
    "involves",
    "keep",
    "keeps",
    "needs",
    "provides",
    "requires",
    "support",
    "supports",
];

/// For each token, whether it is the subject of a denial in its clause: followed by at most two
/// auxiliaries, a negator ("not", "never", "-n't", "nothing") and then a denial predicate, the
/// clause's end, or (after "nothing") anything: "X has nothing to do with Y".
fn denied_after(tokens: &[Token], negating: &[bool]) -> Vec<bool> {
    let mut denied = vec![false; tokens.len()];
    if !negating.iter().any(|n| *n) {
        return denied;
    }
    let denies = |at: usize| {
        let clause = tokens[at].clause;
        match tokens.get(at + 1).filter(|next| next.clause == clause) {
            None => true,
            Some(next) => tokens[at].norm == "nothing" || next.is(words::DENIAL_PREDICATE),
        }
    };
    for (k, flag) in denied.iter_mut().enumerate() {
        // The rest of a compound subject ("safe method isn't needed") may come first.
        let mut compound = 0;
        for (step, next) in tokens.iter().enumerate().skip(k + 1).take(5) {
            if next.clause != tokens[k].clause {
                break;
            }
            let in_compound = step == k + 1 + compound
                && compound < 2
                && !next.is(words::FUNCTION)
                && !negating[step]
                && !next.is(words::DENIAL_AUX);
            if in_compound {
                compound += 1;
                continue;
            }
            if negating[step] {
                *flag = next.norm == "nothing" || plain_negator(next);
                *flag &= denies(step);
                break;
            }
            if !next.is(words::DENIAL_AUX) {
                break;
            }
        }
    }
    denied
}

/// Whether a token is a plain denial of what precedes it: "not", "never", "cannot", or a
/// contraction ("isn't", or "isnt" typed without its apostrophe). Purpose clauses ("so nobody
/// ...") and "without" are negating words too, but they deny something else.
fn plain_negator(token: &Token) -> bool {
    let norm = token.norm.as_str();
    matches!(norm, "not" | "never" | "cannot")
        || norm.ends_with("n't")
        || norm.ends_with("nt") && token.is(words::NEGATOR)
}

/// Whether an "and" joins the two sides of "between A and B", where it does not end a
/// negation's reach: "there is no difference between A and B".
fn joins_between(tokens: &[Token], k: usize) -> bool {
    tokens[k].norm == "and"
        && tokens[..k]
            .iter()
            .rev()
            .take_while(|t| t.clause == tokens[k].clause && t.norm != "and")
            .any(|t| t.norm == "between")
}

/// For each token, whether a marked word before it in the same clause governs it: `reach(k)`
/// is how many content words the word at `k` reaches (0 when it is not marked). A marker that
/// is itself a scope breaker ("instead") still counts.
fn governed_by(tokens: &[Token], reach: impl Fn(usize) -> usize) -> Vec<bool> {
    let marked = |k: usize| reach(k) > 0;
    // Whether a marked word came earlier in the current clause: without one, nothing in the
    // clause is governed, and the walk back is skipped.
    let mut marked_before = false;
    (0..tokens.len())
        .map(|first| {
            let clause = tokens[first].clause;
            if first > 0 && tokens[first - 1].clause != clause {
                marked_before = false;
            }
            let any = marked_before;
            marked_before |= marked(first);
            if !any {
                return false;
            }
            let mut seen = 0;
            for k in (0..first).rev() {
                if tokens[k].clause != clause {
                    return false;
                }
                if marked(k) {
                    return seen < reach(k);
                }
                if tokens[k].is(words::BREAKER) && !joins_between(tokens, k) {
                    return false;
                }
                if !tokens[k].is(words::FUNCTION) {
                    seen += 1;
                    if seen >= CLAIM_NEGATION_REACH {
                        return false;
                    }
                }
            }
            false
        })
        .collect()
}

/// Whether a word is letters only.
pub(crate) fn is_alpha(word: &str) -> bool {
    word.chars().all(char::is_alphabetic)
}

/// Whether a token's word ids include `id`.
pub(crate) fn has(ids: &Ids, id: WordId) -> bool {
    ids[0] == id || ids[1] == id
}
