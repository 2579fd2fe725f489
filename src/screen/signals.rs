//! Integrity signals: facts about how an answer arrived, kept as evidence for a person to review
//! and never turned into a verdict. `flags` names what is worth a look; the report shows the
//! facts next to it.

use serde::{Deserialize, Serialize};

/// How one answer arrived, as far as the front end could tell.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signals {
    /// Characters in the answer.
    pub chars: usize,
    /// Keys pressed while it was typed (absent when input was piped: unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keystrokes: Option<u64>,
    /// Bracketed pastes while it was typed.
    #[serde(default)]
    pub pastes: u32,
    /// Characters that arrived by bracketed paste.
    #[serde(default)]
    pub pasted_chars: u64,
    /// The longest gap between two keys, in milliseconds (absent when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longest_idle_ms: Option<u64>,
    /// Times the terminal reported losing focus (absent when the terminal cannot say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus_lost: Option<u32>,
}

/// A gap between keys worth a look, in milliseconds.
pub const IDLE_MS: u64 = 120_000;

/// Faster than anyone types: characters per minute of answering time.
pub const FAST_CHARS_PER_MIN: f64 = 600.0;

/// One thing worth a person's look.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// Answered after the question's time limit.
    Overtime,
    /// A long gap between keys.
    Idle,
    /// Text arrived as a bracketed paste.
    Paste,
    /// More text than keys pressed, or text faster than typing allows.
    Fast,
    /// The terminal lost focus while the answer was typed.
    FocusLost,
    /// Hints were shown.
    Hints,
    /// The answer was empty or skipped.
    Empty,
}

impl Flag {
    /// The flag's short name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Flag::Overtime => "overtime",
            Flag::Idle => "idle",
            Flag::Paste => "paste",
            Flag::Fast => "fast",
            Flag::FocusLost => "focus-lost",
            Flag::Hints => "hints",
            Flag::Empty => "empty",
        }
    }
}

/// The flags of one answer taking `elapsed_ms`, with `overtime`, after `hints` hints.
pub fn flags(signals: &Signals, elapsed_ms: u64, overtime: bool, hints: usize) -> Vec<Flag> {
    let mut flags = Vec::new();
    if overtime {
        flags.push(Flag::Overtime);
    }
    if signals.longest_idle_ms.is_some_and(|idle| idle >= IDLE_MS) {
        flags.push(Flag::Idle);
    }
    if signals.pastes > 0 {
        flags.push(Flag::Paste);
    }
    let minutes = elapsed_ms as f64 / 60_000.0;
    let too_fast = signals.chars >= 80
        && (signals.chars as f64) / minutes.max(1.0 / 60.0) > FAST_CHARS_PER_MIN;
    let more_than_typed = signals.keystrokes.is_some_and(|keys| {
        let typed = signals.chars as u64 - (signals.pasted_chars.min(signals.chars as u64));
        typed > keys + 20
    });
    if too_fast || more_than_typed {
        flags.push(Flag::Fast);
    }
    if signals.focus_lost.is_some_and(|n| n > 0) {
        flags.push(Flag::FocusLost);
    }
    if hints > 0 {
        flags.push(Flag::Hints);
    }
    if signals.chars == 0 {
        flags.push(Flag::Empty);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_answer_typed_in_a_second_is_flagged_as_evidence() {
        let signals = Signals {
            chars: 400,
            keystrokes: Some(3),
            pastes: 1,
            pasted_chars: 400,
            longest_idle_ms: Some(500),
            focus_lost: None,
        };
        assert_eq!(
            flags(&signals, 2_000, false, 0),
            vec![Flag::Paste, Flag::Fast]
        );
    }

    #[test]
    fn a_typed_answer_at_a_human_pace_raises_nothing() {
        let signals = Signals {
            chars: 300,
            keystrokes: Some(320),
            longest_idle_ms: Some(30_000),
            ..Signals::default()
        };
        assert!(flags(&signals, 120_000, false, 0).is_empty());
    }

    #[test]
    fn overtime_idle_hints_and_empty_are_each_named() {
        let signals = Signals {
            longest_idle_ms: Some(IDLE_MS),
            ..Signals::default()
        };
        assert_eq!(
            flags(&signals, 600_000, true, 2),
            vec![Flag::Overtime, Flag::Idle, Flag::Hints, Flag::Empty]
        );
    }
}
