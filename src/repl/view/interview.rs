//! The interview's own lines: the welcome, each question, the score so far, and the closing words
//! with the report.

use std::fmt::Write as _;
use std::time::Duration;

use crate::report::{Format, Report, Terminal, tiers_label};
use crate::sanitize::{for_terminal, single_line};
use crate::session::Ask;
use crate::session::record::EndReason;
use crate::session::timing::mmss;
use crate::style::{self, paint};

use crate::repl::input::SUBMIT;

/// The opening line, and where a resumed session stands.
pub(super) fn welcome(
    out: &mut String,
    id: &str,
    count: usize,
    mode: &str,
    timed: bool,
    resumed: bool,
    done: usize,
) {
    let _ = writeln!(
        out,
        "{} {count} question{} · {} · {} · session {}",
        paint(style::HEADING, "grill"),
        if count == 1 { "" } else { "s" },
        tiers_label(mode),
        if timed { "timed" } else { "untimed" },
        single_line(id)
    );
    if resumed {
        let _ = writeln!(
            out,
            "Resuming session {}: {done} of {count} questions done.",
            single_line(id)
        );
    }
    let _ = writeln!(
        out,
        "{}",
        paint(
            style::DIM,
            format!(
                "Answer in as many lines as you like; a line holding only `{SUBMIT}` submits. /help lists commands."
            )
        )
    );
}

/// A question, with its number, topic, tier, limit and hints.
pub(super) fn ask(out: &mut String, ask: &Ask) {
    let limit = ask
        .limit_secs
        .map(|s| format!(" · {} limit", mmss(Duration::from_secs(s.into()))))
        .unwrap_or_default();
    let hints = match ask.hints {
        0 => String::new(),
        1 => " · 1 hint".to_owned(),
        n => format!(" · {n} hints"),
    };
    let _ = writeln!(
        out,
        "\n{} {}",
        paint(style::HEADING, format!("Question {}/{}", ask.n, ask.count)),
        paint(
            style::DIM,
            format!("· {} · {}{limit}{hints}", single_line(&ask.topic), ask.tier)
        )
    );
    let _ = writeln!(out, "{}", for_terminal(&ask.prompt));
}

/// `/score`: one line a question done, and the average so far.
pub(super) fn score(out: &mut String, report: &Report) {
    let done = report.questions.iter().filter(|q| q.status != "unanswered");
    for q in done {
        let score = match q.status {
            "skipped" => "skipped".to_owned(),
            _ if q.recovered > 0 => format!("{}+{}={}", q.score, q.recovered, q.total),
            _ => q.score.to_string(),
        };
        let _ = writeln!(
            out,
            "  {}. {} ({}): {score}",
            q.n,
            single_line(&q.id),
            q.tier
        );
    }
    match report.average {
        Some(average) => {
            let _ = writeln!(out, "Average so far: {average}/100");
        }
        None => out.push_str("No question answered yet.\n"),
    }
}

/// The end: why it ended, the report, and how to see it again (or resume it). "Saved" only
/// when the journal holds every answer.
pub(super) fn done(out: &mut String, reason: Option<EndReason>, report: &Report, saved: bool) {
    let why = match reason {
        Some(EndReason::Completed) => "That's the interview.",
        Some(EndReason::OutOfQuestions) => "No more questions match your choices.",
        Some(EndReason::SessionTime) => "The session's time is up.",
        Some(EndReason::Quit) => "Interview ended.",
        None if saved => "Saved.",
        None => "Stopped.",
    };
    let _ = writeln!(out, "\n{}\n", paint(style::HEADING, why));
    let bytes = Terminal.session(report, false);
    out.push_str(&String::from_utf8_lossy(&bytes));
    let id = single_line(&report.session);
    if !saved {
        let _ = writeln!(
            out,
            "\n{} session {id} could not be saved (see the warnings).",
            paint(style::BAD, "Not saved:")
        );
    } else if reason.is_none() {
        let _ = writeln!(out, "\nSession {id} is saved; `grill resume` continues it.");
    } else if reason == Some(EndReason::Quit) {
        let _ = writeln!(
            out,
            "\nSaved as session {id}; `grill review {id}` shows it again, `grill resume {id}` continues it."
        );
    } else {
        let _ = writeln!(
            out,
            "\nSaved as session {id}; `grill review {id}` shows it again."
        );
    }
}
