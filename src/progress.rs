//! Progress for long batch runs, from one factory: a live counter on a terminal's stderr, and
//! nothing at all when stderr is not a terminal (pipes, CI, tests).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A spinner counting processed lines, hidden unless stderr is a terminal.
pub(crate) fn lines(verb: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {human_pos} lines ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(verb);
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// A spinner with the elapsed time, for a wait on something slow; hidden unless stderr is a
/// terminal.
pub(crate) fn waiting(message: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// A bar over a known number of answers with rate and ETA on a terminal; a counting spinner
/// when the total is unknown; hidden unless stderr is a terminal.
pub(crate) fn answers(verb: &'static str, total: Option<u64>) -> ProgressBar {
    let Some(total) = total else {
        return lines(verb);
    };
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(10));
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {human_pos}/{human_len} ({per_sec}, ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(verb);
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}
