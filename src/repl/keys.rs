//! What the line editor saw while an answer was typed, for a screen's integrity signals: keys
//! pressed, bracketed pastes, the longest gap between keys, and escape sequences it did not
//! recognise (where a terminal's focus reports land). Evidence only; nothing here judges.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustyline::{
    Cmd, ConditionalEventHandler, Event, EventContext, KeyCode, KeyEvent, RepeatCount,
};

/// Counts gathered since the last [`KeyLog::take`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyStats {
    /// Keys pressed (a paste counts as one).
    pub keys: u64,
    /// Bracketed pastes.
    pub pastes: u32,
    /// The longest gap between two keys (or from the start to the first key).
    pub longest_idle: Duration,
    /// Escape sequences the editor does not know: focus in and out reports, among others.
    pub unknown_sequences: u32,
}

#[derive(Debug)]
struct State {
    stats: KeyStats,
    last: Instant,
}

/// Shared between the editor's key handler and whoever reads the counts.
#[derive(Debug, Clone)]
pub struct KeyLog(Arc<Mutex<State>>);

impl Default for KeyLog {
    fn default() -> Self {
        KeyLog(Arc::new(Mutex::new(State {
            stats: KeyStats::default(),
            last: Instant::now(),
        })))
    }
}

impl KeyLog {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records one key event.
    pub fn record(&self, key: &KeyEvent) {
        let mut state = self.state();
        let now = Instant::now();
        let gap = now.duration_since(state.last);
        state.last = now;
        state.stats.longest_idle = state.stats.longest_idle.max(gap);
        match key.0 {
            KeyCode::BracketedPasteStart => state.stats.pastes += 1,
            KeyCode::BracketedPasteEnd => {}
            KeyCode::UnknownEscSeq => state.stats.unknown_sequences += 1,
            _ => state.stats.keys += 1,
        }
    }

    /// The counts since the last call (or since the log was made), and a fresh start.
    pub fn take(&self) -> KeyStats {
        let mut state = self.state();
        let now = Instant::now();
        let gap = now.duration_since(state.last);
        let mut stats = state.stats;
        stats.longest_idle = stats.longest_idle.max(gap);
        state.stats = KeyStats::default();
        state.last = now;
        stats
    }
}

/// The editor's handler for every key: records it and lets the editor do what it would.
pub(crate) struct Recorder(pub(crate) KeyLog);

impl ConditionalEventHandler for Recorder {
    fn handle(
        &self,
        evt: &Event,
        _n: RepeatCount,
        _positive: bool,
        _ctx: &EventContext<'_>,
    ) -> Option<Cmd> {
        if let Event::KeySeq(keys) = evt {
            for key in keys {
                self.0.record(key);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustyline::Modifiers;

    #[test]
    fn keys_pastes_and_unknown_sequences_are_counted_apart() {
        let log = KeyLog::default();
        for key in [
            KeyEvent::from('a'),
            KeyEvent::from('b'),
            KeyEvent(KeyCode::BracketedPasteStart, Modifiers::NONE),
            KeyEvent(KeyCode::UnknownEscSeq, Modifiers::NONE),
        ] {
            log.record(&key);
        }
        let stats = log.take();
        assert_eq!(
            (stats.keys, stats.pastes, stats.unknown_sequences),
            (2, 1, 1)
        );
        assert_eq!(log.take().keys, 0, "take starts afresh");
    }
}
