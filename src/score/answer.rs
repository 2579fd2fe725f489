//! An answer indexed against one rubric's vocabulary: what each word stands for, where each
//! vocabulary word occurs, and which words a negator governs. Phrase search reads only this.

use super::text::{Joint, Token};
use super::vocab::{Ids, NONE, Recognised, Vocab, WordId};
use super::words;

/// How many content words back a negator still reaches.
const NEGATION_REACH: usize = 3;

/// How far a denied claim reaches: "doesn't guarantee the body runs even once" denies what it
/// says is guaranteed, its object included, up to the end of the clause.
const CLAIM_NEGATION_REACH: usize = 6;

/// An answer prepared for phrase search against one vocabulary.
pub(crate) struct Analysed<'a> {
    pub(crate) tokens: &'a [Token],
    /// What each token stands for, and which concept's id has its word.
    pub(crate) recognised: Vec<Recognised>,
    /// The vocabulary word each token and the next, written apart, stand for together
    /// ("over" + "fetching"), or [`NONE`].
    pub(crate) with_next: Vec<WordId>,
    /// What is known of each token, as bits ([`IGNORED`], [`NEGATING`]...): one byte a token
    /// instead of a list per fact.
    flags: Vec<u8>,
    /// Where each vocabulary word occurs: the token positions of word `id` are
    /// `positions[offsets[id]..offsets[id + 1]]`, ascending.
    offsets: Vec<u32>,
    positions: Vec<u32>,
    /// Whether the answer has any negator.
    pub(crate) any_negator: bool,
}

/// Not to be matched (text addressed to the grader).
const IGNORED: u8 = 1;
/// A negator, and not cancelled ("not only").
const NEGATING: u8 = 2;
/// A negating word that denies what follows it: all but those after "when", "whenever" or "if"
/// in their clause.
const DENYING: u8 = 4;
/// A glue word, skipped freely.
const GLUE: u8 = 8;
/// Governed by a negator before it in the same clause.
const GOVERNED: u8 = 16;
/// Governed by a negator right after it, as the subject of a denial: "X isn't provided", "X is
/// never needed", "X has nothing to do with Y" (NegEx post-triggers).
const DENIED: u8 = 32;
/// Governed by a disavowal ("rather than", "instead of", "avoid", "the myth that"): mentioned,
/// not affirmed.
const DISAVOWED: u8 = 64;

/// How many words after a statement a verdict on it may stand.
const REJECTION_REACH: usize = 8;

/// Predicates that condemn a practice or set it aside: "X is *unsafe*", "X and Y are
/// *unsuitable*", "the return type is *ignored*" (read for misconceptions only: a concept's
/// pitfall described this way is still known).
const CONDEMNING: &[&str] = &[
    "unsuitable",
    "unsafe",
    "insecure",
    "inadequate",
    "insufficient",
    "dangerous",
    "harmful",
    "risky",
    "discouraged",
    "deprecated",
    "obsolete",
    "ignored",
];

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
    pub(crate) fn new(tokens: &'a [Token], ignored: &[bool], vocab: &Vocab) -> Self {
        let n = tokens.len();
        let mut recognised = Vec::with_capacity(n);
        let mut with_next = Vec::with_capacity(n);
        vocab.recognise_tokens(tokens, &mut recognised, &mut with_next);
        if let Some(per) = vocab.per() {
            read_rates(tokens, &mut recognised, per);
        }
        let mut flags = Vec::with_capacity(n);
        // A negator in a condition states the condition and denies nothing: "when a
        // constructor is not provided", "if you don't set a TTL, the cache grows". It still
        // matches a rubric phrase's own negator ("not provided").
        let mut in_condition = false;
        // The clause of the token before.
        let mut clause = 0;
        let mut any_negator = false;
        let mut any_disavowal = false;
        let mut any_verdict = false;
        for (i, token) in tokens.iter().enumerate() {
            let next = tokens.get(i + 1);
            // "not only" is no negation, and neither is a negator inside a hyphenated
            // compound: "share-nothing processes", "no-cache", "a no-op".
            let cancelled = next
                .is_some_and(|next| next.is(words::CANCELLER) || next.joint == Joint::Hyphen)
                || (i > 0 && token.joint == Joint::Hyphen);
            let negates = token.is(words::NEGATOR) && !cancelled;
            any_negator |= negates;
            any_disavowal |= token.is(words::DISAVOW);
            any_verdict |= token.is(words::VERDICT);
            in_condition &= i > 0 && clause == token.clause;
            clause = token.clause;
            let mut bits = 0;
            if ignored[i] {
                bits |= IGNORED;
            }
            if negates {
                bits |= NEGATING;
                if !in_condition {
                    bits |= DENYING;
                }
            }
            if token.is(words::GLUE) {
                bits |= GLUE;
            }
            flags.push(bits);
            in_condition |= token.is(words::CONDITION);
        }
        if any_negator {
            governed_by_negation(tokens, &mut flags);
        }
        if any_negator || tokens.iter().any(|t| t.is(words::NEGATIVE_PREDICATE)) {
            denied_after(tokens, &mut flags);
        }
        if any_verdict {
            judged_untrue(tokens, &mut flags);
        }
        if any_disavowal {
            governed_by(tokens, &mut flags, DISAVOWED, |_, k| {
                if tokens[k].is(words::DISAVOW) {
                    NEGATION_REACH
                } else {
                    0
                }
            });
        }
        let (offsets, positions) = postings(vocab.len(), &recognised, &with_next);
        Self {
            offsets,
            positions,
            any_negator,
            tokens,
            recognised,
            with_next,
            flags,
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

    /// The vocabulary words token `k` stands for.
    pub(crate) fn ids(&self, k: usize) -> &Ids {
        &self.recognised[k].ids
    }

    /// Whether token `k` is not to be matched (text addressed to the grader).
    pub(crate) fn ignored(&self, k: usize) -> bool {
        self.flags[k] & IGNORED != 0
    }

    /// Whether token `k` is a negator, and not cancelled ("not only").
    pub(crate) fn negating(&self, k: usize) -> bool {
        self.flags[k] & NEGATING != 0
    }

    /// Whether token `k` is a negating word that denies what follows it (not in a condition).
    pub(crate) fn denying(&self, k: usize) -> bool {
        self.flags[k] & DENYING != 0
    }

    /// Whether token `k` is a glue word, skipped freely.
    pub(crate) fn glue(&self, k: usize) -> bool {
        self.flags[k] & GLUE != 0
    }

    /// Whether a negator before token `k` in the same clause governs it.
    pub(crate) fn governed(&self, k: usize) -> bool {
        self.flags[k] & GOVERNED != 0
    }

    /// Whether token `k` is the subject of a denial right after it ("X isn't provided").
    pub(crate) fn denied(&self, k: usize) -> bool {
        self.flags[k] & DENIED != 0
    }

    /// Whether a disavowal governs the token at `k`.
    pub(crate) fn disavowed(&self, k: usize) -> bool {
        self.flags.get(k).is_some_and(|bits| bits & DISAVOWED != 0)
    }

    /// Whether what ends at token `last` is judged false or condemned right after it, in the same
    /// sentence: "paging on every CPU spike is a bad idea", "...only scale vertically, but that
    /// is wrong", "...is a myth", and in its own clause "MD5 or SHA-256 are unsuitable" (a
    /// post-trigger, as NegEx has for negation).
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
            .is_some_and(|k| self.negating(k) && plain_negator(&self.tokens[k]));
        if denied {
            return true;
        }
        // "MD5 or SHA-256 are unsuitable": the statement, or a list it heads, is the subject of
        // a verb ("are", "has been") whose complement condemns it, in its own clause.
        let condemned = {
            let in_clause = |k: usize| {
                self.tokens
                    .get(k)
                    .filter(|t| t.clause == clause && k - last <= REJECTION_REACH)
            };
            // The rest of the list: more names, joined by "or" or "and" (no "the", "as",
            // "where" or other function word, which would start another subject).
            let mut k = last + 1;
            while in_clause(k).is_some_and(|t| {
                !t.is(words::DENIAL_AUX)
                    && (matches!(t.norm(), "or" | "and" | "nor") || !t.is(words::FUNCTION))
            }) {
                k += 1;
            }
            // The verb, then what it says: a condemning word taken for one more name above
            // ("MD5 unsafe") condemns nothing.
            while in_clause(k).is_some_and(|t| t.is(words::DENIAL_AUX)) {
                k += 1;
            }
            in_clause(k).is_some_and(|t| CONDEMNING.contains(&t.norm()))
        };
        if condemned {
            return true;
        }
        let words: Vec<&str> = after.map(|t| t.norm()).collect();
        words.iter().enumerate().any(|(i, w)| {
            REJECTIONS.contains(w)
                || (*w == "bad" && matches!(words.get(i + 1), Some(&"idea" | &"practice")))
                || (*w == "true" && i > 0 && self.negating(last + i))
        })
    }

    /// Whether a word occurs at all: the bounds of its positions in `offsets` differ (the
    /// positions themselves are not read).
    pub(crate) fn present(&self, id: WordId) -> bool {
        let id = id as usize;
        self.offsets
            .get(id..id + 2)
            .is_some_and(|bounds| bounds[0] != bounds[1])
    }
}

/// An inverted index of the answer: for each vocabulary word, where it occurs. A counting
/// sort into two allocations: `offsets` (one slot per vocabulary word) and `positions`.
fn postings(words: usize, recognised: &[Recognised], with_next: &[WordId]) -> (Vec<u32>, Vec<u32>) {
    // Counts, then running totals: `offsets[id]` is where word `id`'s positions end...
    let mut offsets = vec![0u32; words + 1];
    for k in 0..recognised.len() {
        words_of(recognised[k].ids, with_next[k], |id| offsets[id] += 1);
    }
    for id in 1..=words {
        offsets[id] += offsets[id - 1];
    }
    // ...and filled from the back, where they start: positions come out ascending.
    let mut positions = vec![0u32; offsets[words] as usize];
    for k in (0..recognised.len()).rev() {
        words_of(recognised[k].ids, with_next[k], |id| {
            offsets[id] -= 1;
            positions[offsets[id] as usize] = k as u32;
        });
    }
    (offsets, positions)
}

/// Hands `visit` the distinct words a token stands for, alone (`ids`) or joined with the next
/// token (`with_next`): a token and its pair may stand for the same word, which is one entry.
fn words_of([a, b]: Ids, with_next: WordId, mut visit: impl FnMut(usize)) {
    if a != NONE {
        visit(a as usize);
    }
    if b != NONE && b != a {
        visit(b as usize);
    }
    if with_next != NONE && with_next != a && with_next != b {
        visit(with_next as usize);
    }
}

/// Marks ([`GOVERNED`]) each token a denying negator up to [`NEGATION_REACH`] content words
/// before it in the same clause governs, with no scope-ending word ("and", "but",
/// "because"...) between.
fn governed_by_negation(tokens: &[Token], flags: &mut [u8]) {
    governed_by(tokens, flags, GOVERNED, |flags, k| {
        if flags[k] & DENYING == 0 {
            0
        } else if denies_a_claim(tokens, k) {
            CLAIM_NEGATION_REACH
        } else {
            NEGATION_REACH
        }
    });
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

/// Marks ([`DENIED`]) each token that is the subject of a denial in its clause: followed by at
/// most two auxiliaries, a denying negator ("not", "never", "-n't", "nothing") and then a
/// denial predicate, the clause's end, or (after "nothing") anything: "X has nothing to do
/// with Y"; or by auxiliaries and a negative predicate: "X is unnecessary".
fn denied_after(tokens: &[Token], flags: &mut [u8]) {
    let denies = |at: usize| {
        let clause = tokens[at].clause;
        match tokens.get(at + 1).filter(|next| next.clause == clause) {
            None => true,
            Some(next) => tokens[at].norm() == "nothing" || next.is(words::DENIAL_PREDICATE),
        }
    };
    for k in 0..tokens.len() {
        // The rest of a compound subject ("safe method isn't needed") may come first.
        let mut compound = 0;
        for (step, next) in tokens.iter().enumerate().skip(k + 1).take(5) {
            if next.clause != tokens[k].clause {
                break;
            }
            let negating = flags[step] & DENYING != 0;
            let in_compound = step == k + 1 + compound
                && compound < 2
                && !next.is(words::FUNCTION)
                && !negating
                && !next.is(words::DENIAL_AUX);
            if in_compound {
                compound += 1;
                continue;
            }
            if negating {
                if (next.norm() == "nothing" || plain_negator(next)) && denies(step) {
                    flags[k] |= DENIED;
                }
                break;
            }
            // "X is unnecessary", "X is irrelevant here": a negative predicate after a verb.
            if step > k + 1 + compound && next.is(words::NEGATIVE_PREDICATE) {
                flags[k] |= DENIED;
                break;
            }
            if !next.is(words::DENIAL_AUX) {
                break;
            }
        }
    }
}

/// Predicates that deny their subject as "not" with a predicate would: "X is unnecessary" says
/// "X is not necessary" (the class `words::NEGATIVE_PREDICATE`).
pub(crate) const NEGATIVE_PREDICATES: &[&str] = &[
    "unnecessary",
    "irrelevant",
    "pointless",
    "useless",
    "needless",
    "unneeded",
    "unimportant",
    "superfluous",
];

/// Words that judge a statement untrue: "it is *false* that P", "P is a *myth*". Unlike
/// [`REJECTIONS`], none of them judges a practice ("a mistake", "wrong", "a bad idea"): saying
/// a practice is a mistake is knowing the pitfall, saying a claim is untrue is denying it (the
/// class `words::VERDICT`).
pub(crate) const VERDICTS: &[&str] = &[
    "false",
    "untrue",
    "myth",
    "fallacy",
    "misconception",
    "true",
    "wrong",
    "incorrect",
];

/// Words between a copula and its verdict: "is a common myth", "is simply false".
const VERDICT_FILLERS: &[&str] = &[
    "a",
    "an",
    "just",
    "simply",
    "actually",
    "really",
    "completely",
    "totally",
    "common",
    "popular",
    "widespread",
    "old",
    "urban",
    "dangerous",
];

/// Verbs of saying after "wrong to": "it would be wrong to say that P".
const SAYING: &[&str] = &[
    "say", "think", "claim", "believe", "assume", "suggest", "conclude",
];

/// Marks the statements an answer judges untrue. Before the statement: "it is false that P",
/// "it's a myth that P", "it would be wrong to say (that) P": what follows, to the end of its
/// clause, is governed as by a negator ([`GOVERNED`]). After it: "P is a myth", "P is untrue",
/// "P, but that is false", "P - that's not true", with the verdict ending its clause: a
/// statement before the copula in the same clause, or, when a demonstrative stands for it
/// ("that", "this", "which"), everything before it in the sentence, is denied ([`DENIED`]).
fn judged_untrue(tokens: &[Token], flags: &mut [u8]) {
    for v in 0..tokens.len() {
        if !tokens[v].is(words::VERDICT) {
            continue;
        }
        let norm = tokens[v].norm();
        let clause = tokens[v].clause;
        let at = |k: usize| tokens.get(k).filter(|t| t.clause == clause);
        // "false that P", "wrong to say that P": the statement follows.
        let opens = match norm {
            "true" => None,
            "wrong" | "incorrect" => at(v + 1)
                .filter(|t| t.norm() == "to")
                .and(at(v + 2))
                .filter(|t| SAYING.contains(&t.norm()))
                .map(|_| v + 3 + usize::from(at(v + 3).is_some_and(|t| t.norm() == "that"))),
            _ => at(v + 1).filter(|t| t.norm() == "that").map(|_| v + 2),
        };
        // ...after a copula: "it is false that", "it's a myth that".
        let mut c = v;
        while c > 0 && VERDICT_FILLERS.contains(&tokens[c - 1].norm()) {
            c -= 1;
        }
        if norm == "true" {
            // Only "not true", "isn't true".
            if c == 0 || !plain_negator(&tokens[c - 1]) {
                continue;
            }
            if tokens[c - 1].norm() == "not" {
                c -= 1;
            }
        }
        let copula = c
            .checked_sub(1)
            .filter(|&k| tokens[k].clause == clause && is_copula(tokens[k].norm()));
        let Some(copula) = copula else { continue };
        // "if it is false that the lock is held": a condition judges nothing.
        let conditional = tokens[..copula]
            .iter()
            .rev()
            .take_while(|t| t.clause == clause)
            .any(|t| t.is(words::CONDITION));
        if conditional {
            continue;
        }
        if let Some(from) = opens {
            for k in from..tokens.len() {
                if tokens[k].clause != clause
                    || (tokens[k].is(words::BREAKER) && tokens[k].norm() != "and")
                {
                    break;
                }
                flags[k] |= GOVERNED;
            }
            continue;
        }
        // A verdict after its statement ends the clause: "P is a myth.", "P is false because".
        let ends = at(v + 1).is_none_or(|t| t.is(words::BREAKER));
        if !ends || matches!(norm, "wrong" | "incorrect") {
            continue;
        }
        let contracted = matches!(tokens[copula].norm(), "that's" | "thats");
        let subject = copula_subject(tokens, copula)
            .filter(|&k| !contracted && matches!(tokens[k].norm(), "that" | "this" | "which"));
        let demonstrative = contracted || subject.is_some();
        let sentence = tokens[copula].sentence;
        let before = subject.unwrap_or(copula);
        for k in (0..before).rev() {
            if tokens[k].sentence != sentence || (!demonstrative && tokens[k].clause != clause) {
                break;
            }
            flags[k] |= DENIED;
        }
    }
}

/// The word right before a copula, in its clause, if any: "that" in "that is false".
fn copula_subject(tokens: &[Token], copula: usize) -> Option<usize> {
    copula
        .checked_sub(1)
        .filter(|&k| tokens[k].clause == tokens[copula].clause)
}

/// A form of "be", alone or contracted onto its subject ("it's", "that's").
fn is_copula(norm: &str) -> bool {
    matches!(
        norm,
        "is" | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "isn't"
            | "aren't"
            | "wasn't"
            | "isnt"
            | "it's"
            | "that's"
            | "thats"
            | "its"
            | "this's"
    )
}

/// Whether a token is a plain denial of what precedes it: "not", "never", "cannot", or a
/// contraction ("isn't", or "isnt" typed without its apostrophe). Purpose clauses ("so nobody
/// ...") and "without" are negating words too, but they deny something else.
fn plain_negator(token: &Token) -> bool {
    let norm = token.norm();
    matches!(norm, "not" | "never" | "cannot")
        || norm.ends_with("n't")
        || norm.ends_with("nt") && token.is(words::NEGATOR)
}

/// Whether an "and" joins the two sides of "between A and B", where it does not end a
/// negation's reach: "there is no difference between A and B".
fn joins_between(tokens: &[Token], k: usize) -> bool {
    tokens[k].norm() == "and"
        && tokens[..k]
            .iter()
            .rev()
            .take_while(|t| t.clause == tokens[k].clause && t.norm() != "and")
            .any(|t| t.norm() == "between")
}

/// Marks (`bit`) each token a marked word before it in the same clause governs: `reach(flags,
/// k)` is how many content words the word at `k` reaches (0 when it is not marked), read from
/// bits other than `bit`. A marker that is itself a scope breaker ("instead") still counts.
fn governed_by(tokens: &[Token], flags: &mut [u8], bit: u8, reach: impl Fn(&[u8], usize) -> usize) {
    // Whether a marked word came earlier in the current clause: without one, nothing in the
    // clause is governed, and the walk back is skipped.
    let mut marked_before = false;
    for first in 0..tokens.len() {
        let clause = tokens[first].clause;
        if first > 0 && tokens[first - 1].clause != clause {
            marked_before = false;
        }
        let any = marked_before;
        marked_before |= reach(flags, first) > 0;
        if any && governed(tokens, flags, first, &reach) {
            flags[first] |= bit;
        }
        // The examples of a disavowed noun are disavowed with it: "instead of verb endpoints
        // like /borrowBook or /returnBook". A negation does not pass on so: "you can't
        // parameterize identifiers like table names" knows that table names need an allowlist.
        if bit == DISAVOWED
            && let Some(head) = example_head(tokens, first)
            && flags[head] & bit != 0
        {
            let run = example_run(tokens, first + 1);
            // "like RabbitMQ pushes messages" compares; it gives no examples.
            let compares = tokens
                .get(run.end)
                .is_some_and(|t| t.joint != Joint::Punct && is_predicate(t));
            if !compares {
                for flag in &mut flags[run] {
                    *flag |= bit;
                }
            }
        }
    }
}

/// The examples after a marker, from token `from`: names joined by spaces, hyphens, "or" and
/// "and", up to punctuation, a function word or a verb.
fn example_run(tokens: &[Token], from: usize) -> std::ops::Range<usize> {
    let sentence = tokens.get(from).map(|t| t.sentence);
    let len = tokens[from.min(tokens.len())..]
        .iter()
        .enumerate()
        .take_while(|&(i, t)| {
            Some(t.sentence) == sentence
                && (i == 0 || t.joint != Joint::Punct)
                && (matches!(t.norm(), "or" | "and" | "nor")
                    || !t.is(words::FUNCTION) && !is_predicate(t))
        })
        .count();
    from..from + len
}

/// Whether a token is a finite or inflected verb ("pushes", "does", "is").
fn is_predicate(token: &Token) -> bool {
    token.is(words::INFLECTED_VERB) || token.is(words::FINITE)
}

/// Whether a marked word before token `first` in its clause reaches it (see [`governed_by`]).
fn governed(
    tokens: &[Token],
    flags: &[u8],
    first: usize,
    reach: &impl Fn(&[u8], usize) -> usize,
) -> bool {
    let clause = tokens[first].clause;
    let mut seen = 0;
    for k in (0..first).rev() {
        if tokens[k].clause != clause {
            return false;
        }
        let reaches = reach(flags, k);
        if reaches > 0 {
            return seen < reaches;
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
}

/// Where token `k` introduces examples ("like", "such as", "including"), the token before the
/// marker: the head they illustrate, in the same sentence ("verb endpoints, such as ...").
fn example_head(tokens: &[Token], k: usize) -> Option<usize> {
    let head = match tokens[k].norm() {
        "like" | "including" => k.checked_sub(1),
        "as" if k >= 2 && tokens[k - 1].norm() == "such" => Some(k - 2),
        _ => None,
    }?;
    (tokens[head].sentence == tokens[k].sentence).then_some(head)
}

/// Units of time after which "a" says "per": "20 TB a day", "115 writes a second" (stems).
const TIME_UNITS: &[&str] = &["second", "minut", "hour", "day", "week", "month", "year"];

/// Words before which "a day" is a span, not a rate: "in a day", "within a second".
const SPAN_PREPOSITIONS: &[&str] = &[
    "in", "within", "for", "after", "before", "during", "over", "under", "about", "than", "of",
    "on", "at", "by", "to", "from",
];

/// Words that count as a quantity before a rate: "once a day", "a few hundred a second".
const QUANTITY_WORDS: &[&str] = &["once", "twice", "hundred", "thousand", "million", "billion"];

/// Reads "a" or "an" before a unit of time as "per" (`per`, its word id in the rubric's
/// vocabulary) right after a quantity, so that "roughly 7 PB a year" and "115 writes a second"
/// state `per year` and `per second`; not after a preposition ("in a day"), across punctuation
/// ("7 PB, a year of photos") or with no quantity before it ("a second replica", "wait a
/// second").
fn read_rates(tokens: &[Token], recognised: &mut [Recognised], per: WordId) {
    let quantity = |t: &Token| {
        t.norm().starts_with(|c: char| c.is_ascii_digit())
            || t.stem().starts_with(|c: char| c.is_ascii_digit())
            || QUANTITY_WORDS.contains(&t.norm())
    };
    for k in 1..tokens.len().saturating_sub(1) {
        let rate = matches!(tokens[k].norm(), "a" | "an")
            && tokens[k].joint == Joint::Space
            && tokens[k + 1].clause == tokens[k].clause
            && TIME_UNITS.contains(&tokens[k + 1].stem())
            && !SPAN_PREPOSITIONS.contains(&tokens[k - 1].norm())
            && tokens[k.saturating_sub(2)..k]
                .iter()
                .any(|t| t.clause == tokens[k].clause && quantity(t));
        if rate {
            let ids = &mut recognised[k].ids;
            if ids[0] == NONE {
                ids[0] = per;
            } else if ids[1] == NONE {
                ids[1] = per;
            }
        }
    }
}

/// Whether a token's word ids include `id`.
pub(crate) fn has(ids: &Ids, id: WordId) -> bool {
    ids[0] == id || ids[1] == id
}
