//! A small, hand-checked lexicon of English verbs common in technical explanations, so the
//! scorer can tell a sentence (it has a finite verb) from a list of noun phrases without a
//! parser or a model. Only inflected forms ("allows", "prevented") are looked up here: a base
//! form alone ("cache", "design") is as often a noun.

use compact_str::CompactString;

/// Verb lemmas, sorted, for binary search. Hand-checked: each is used as a verb in
/// engineering prose. Words that are mostly nouns in this domain ("cache", "index", "key",
/// "log", "queue", "shard", "table") are left out on purpose, so "cache misses" stays a noun.
#[rustfmt::skip]
const LEMMAS: &[&str] = &[
    "abort", "accept", "access", "achieve", "acknowledge", "acquire", "act", "add", "adjust",
    "affect", "aggregate", "allocate", "allow", "alter", "analyse", "analyze", "answer", "append",
    "apply", "approach", "arrive", "ask", "assign", "assume", "attach", "attempt", "authenticate",
    "authorize", "avoid", "balance", "become", "begin", "behave", "belong", "block", "break",
    "bring", "broadcast", "build", "bypass", "calculate", "call", "cancel", "capture", "carry",
    "cause", "change", "charge", "check", "choose", "claim", "clean", "clear", "close", "collect",
    "combine", "come", "compare", "compile", "complete", "compress", "compute", "configure",
    "confirm", "conflict", "connect", "consider", "consist", "consume", "contain", "continue",
    "control", "convert", "coordinate", "copy", "correspond", "cost", "count", "cover", "crash",
    "create", "cut", "deal", "decide", "declare", "decline", "decouple", "decrease", "decrypt",
    "define", "degrade", "delay", "delete", "deliver", "depend", "deploy", "derive", "describe",
    "design", "destroy", "detect", "determine", "die", "differ", "disable", "discard",
    "distribute", "divide", "do", "drain", "drop", "duplicate", "emit", "enable", "encode",
    "encrypt", "end", "enforce", "ensure", "enter", "establish", "evict", "examine", "exceed",
    "exchange", "execute", "exist", "expect", "expire", "explain", "expose", "express", "extend",
    "fail", "fall", "fetch", "fill", "filter", "find", "finish", "fire", "fit", "fix", "flow",
    "flush", "follow", "forbid", "force", "forget", "forward", "free", "generate", "get", "give",
    "go", "grant", "grow", "guarantee", "guard", "handle", "happen", "help", "hide", "hit", "hold",
    "identify", "ignore", "implement", "imply", "improve", "include", "increase", "indicate",
    "inform", "initialise", "initialize", "insert", "inspect", "install", "instantiate",
    "introduce", "invalidate", "invoke", "involve", "isolate", "issue", "iterate", "join", "keep",
    "kill", "know", "lack", "last", "launch", "lead", "learn", "leave", "let", "lie", "limit",
    "list", "listen", "live", "load", "look", "lose", "lower", "maintain", "make", "manage", "map",
    "match", "mean", "measure", "meet", "merge", "migrate", "minimise", "minimize", "miss",
    "model", "modify", "monitor", "move", "multiply", "need", "notice", "notify", "obtain",
    "occur", "offer", "open", "operate", "optimise", "optimize", "order", "overwrite", "own",
    "parse", "pass", "pay", "perform", "persist", "pick", "place", "play", "point", "poll", "pop",
    "populate", "precede", "prefer", "prepare", "preserve", "prevent", "proceed", "process",
    "produce", "protect", "prove", "provide", "publish", "pull", "push", "put", "query", "raise",
    "reach", "read", "receive", "recurse", "reduce", "refer", "reference", "reflect", "refresh",
    "register", "reject", "release", "rely", "remain", "remove", "render", "repeat", "replace",
    "replay", "replicate", "reply", "report", "represent", "require", "reserve", "reset",
    "resolve", "respond", "restart", "restore", "restrict", "result", "retain", "retry", "return",
    "reuse", "revoke", "roll", "rotate", "route", "run", "satisfy", "save", "say", "scale", "scan",
    "schedule", "search", "see", "seem", "select", "send", "separate", "serialise", "serialize",
    "serve", "set", "share", "show", "shrink", "shut", "sign", "simulate", "skip", "slow", "solve",
    "sort", "specify", "spend", "split", "spread", "stand", "start", "stay", "steal", "stop",
    "store", "stream", "succeed", "suffer", "suggest", "support", "survive", "swap", "switch",
    "sync", "synchronise", "synchronize", "take", "tell", "tend", "terminate", "test", "throttle",
    "throw", "tolerate", "track", "trade", "transfer", "transform", "translate", "travel",
    "traverse", "treat", "trigger", "trust", "try", "turn", "understand", "undo", "update",
    "upgrade", "use", "validate", "vary", "verify", "violate", "wait", "want", "warm", "watch",
    "win", "work", "wrap", "write", "yield",
];

/// Whether a lemma is in the lexicon.
fn is_lemma(word: &str) -> bool {
    LEMMAS.binary_search(&word).is_ok()
}

/// Whether a normalised word is an inflected verb form: a third-person "-s" form ("allows",
/// "applies", "pushes") or a past form ("prevented", "stored", "applied", "stopped").
pub(crate) fn is_inflected_verb(word: &str) -> bool {
    if word.len() < 4 || !word.is_ascii() {
        return false;
    }
    if let Some(stem) = word
        .strip_suffix("ies")
        .or_else(|| word.strip_suffix("ied"))
    {
        let mut lemma = CompactString::from(stem);
        lemma.push('y');
        return is_lemma(&lemma);
    }
    if let Some(stem) = word.strip_suffix("es")
        && (is_lemma(stem) || is_lemma(&word[..word.len() - 1]))
    {
        return true;
    }
    if let Some(stem) = word.strip_suffix('s') {
        return !stem.ends_with('s') && is_lemma(stem);
    }
    if let Some(stem) = word.strip_suffix("ed") {
        // "stored" (store), "allowed" (allow), "stopped" (stop).
        let bytes = stem.as_bytes();
        let doubled = bytes.len() >= 2 && bytes[bytes.len() - 1] == bytes[bytes.len() - 2];
        return is_lemma(stem)
            || is_lemma(&word[..word.len() - 1])
            || (doubled && is_lemma(&stem[..stem.len() - 1]));
    }
    false
}

/// Whether a normalised word is a verb lemma ("prevent" after "to").
pub(crate) fn is_base_verb(word: &str) -> bool {
    is_lemma(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_is_sorted_and_unique() {
        assert!(LEMMAS.windows(2).all(|w| w[0] < w[1]), "sort LEMMAS");
    }

    #[test]
    fn inflected_forms_are_verbs_and_nouns_are_not() {
        for verb in [
            "allows",
            "prevents",
            "means",
            "ensures",
            "applies",
            "pushes",
            "stored",
            "allowed",
            "stopped",
            "retries",
            "guarantees",
            "refers",
            "applied",
        ] {
            assert!(is_inflected_verb(verb), "{verb}");
        }
        for noun in [
            "metrics",
            "constraints",
            "phantoms",
            "ttl",
            "design",
            "caches",
            "keys",
            "transactions",
            "kubernetes",
            "is",
        ] {
            assert!(!is_inflected_verb(noun), "{noun}");
        }
    }
}
