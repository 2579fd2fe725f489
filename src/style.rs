//! The few text styles grill uses, so every renderer colours the same things the same way.

use anstyle::{AnsiColor, Effects, Style};

/// Headings and ids.
pub const HEADING: Style = Style::new().effects(Effects::BOLD);
/// Good news: passes, credited concepts.
pub const GOOD: Style = AnsiColor::Green.on_default();
/// Bad news: failures, missed concepts.
pub const BAD: Style = AnsiColor::Red.on_default();
/// Warnings and so-so results.
pub const WARN: Style = AnsiColor::Yellow.on_default();
/// Secondary text.
pub const DIM: Style = Style::new().effects(Effects::DIMMED);
/// The `error:` label.
pub const ERROR: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);

/// A score from here up is shown as strong (green).
pub const STRONG_SCORE: u32 = 80;
/// A score below this is shown as weak (red); between the two, so-so (yellow).
pub const WEAK_SCORE: u32 = 50;

/// The style of a 0..100 score: strong green, so-so yellow, weak red.
pub fn score(score: u32) -> Style {
    if score >= STRONG_SCORE {
        GOOD
    } else if score >= WEAK_SCORE {
        WARN
    } else {
        BAD
    }
}

/// Wraps text in a style; anstream strips it when colour is off.
pub fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}
