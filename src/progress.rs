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
