//! How time looks while answering: the prompt with the question's clock, the timer warnings
//! printed while the candidate types, and `/time`'s answer.

use std::fmt::Write as _;
use std::time::Duration;

use crate::session::TimeView;
use crate::session::timing::{URGENT, Warning, WarningKind, mmss};
use crate::style::{self, paint};

use super::View;
use crate::repl::input::SUBMIT;

/// Whole seconds, rounded up: "0:04 left" until the last fraction of a second is gone.
pub(super) fn round_up(duration: Duration) -> Duration {
    Duration::from_secs(duration.as_secs() + u64::from(duration.subsec_nanos() > 0))
}

impl View {
    /// The prompt, as (plain, styled): the question number, when its time is up, and the
    /// submit gesture. A prompt is drawn once and stays on screen while the candidate types, so
    /// it shows the deadline as a time of day, which cannot go stale, never a count-down; the
    /// timer warnings and `/time` say how much is left.
    pub fn prompt(&self, time: &TimeView) -> (String, String) {
        let Some(q) = time.question else {
            let plain = format!("[{SUBMIT} submits] > ");
            return (plain.clone(), plain);
        };
        let (clock, urgent) = match (q.deadline, q.over()) {
            (Some(deadline), Some(_)) => (format!(" time up at {}", time_of_day(deadline)), true),
            (Some(deadline), None) => (
                format!(" until {}", time_of_day(deadline)),
                q.left().is_some_and(|left| left < URGENT),
            ),
            (None, _) => (String::new(), false),
        };
        let stage = if q.follow_up { " follow-up" } else { "" };
        let head = format!("[{}/{}{stage}", q.n, time.count);
        let tail = format!("] {SUBMIT} submits > ");
        let plain = format!("{head}{clock}{tail}");
        if !self.color || clock.is_empty() {
            return (plain.clone(), plain);
        }
        let clock_style = if urgent { style::BAD } else { style::DIM };
        let styled = format!("{head}{}{tail}", paint(clock_style, &clock));
        (plain, styled)
    }

    /// The line printed while the candidate types, when a warning is due.
    pub fn warning(&self, n: usize, warning: &Warning) -> String {
        let left = mmss(warning.left);
        let text = match warning.kind {
            WarningKind::HalfTime => format!("Half time on question {n}: {left} left."),
            WarningKind::OneMinute => format!("One minute left on question {n}."),
            WarningKind::TimeUp => format!(
                "Time is up on question {n}: finish your answer; the extra time is recorded as overtime."
            ),
            WarningKind::SessionFiveMinutes => "Five minutes left in the session.".to_owned(),
            WarningKind::SessionUp => {
                "The session's time is up: the interview ends after this answer.".to_owned()
            }
        };
        let style = if warning.urgent() {
            style::BAD.bold()
        } else {
            style::WARN
        };
        let line = format!("⏰ {text}");
        if self.color { paint(style, line) } else { line }
    }
}

/// A Unix time as the local time of day, `14:05:09` (UTC when the zone is unknown).
pub(crate) fn time_of_day(unix: u64) -> String {
    let Ok(stamp) = jiff::Timestamp::from_second(i64::try_from(unix).unwrap_or(i64::MAX)) else {
        return "--:--:--".to_owned();
    };
    let zone = jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC);
    zone.to_datetime(stamp).strftime("%H:%M:%S").to_string()
}

/// `/time`'s answer.
pub(super) fn time_text(time: &TimeView) -> String {
    let mut out = String::new();
    if let Some(q) = time.question {
        let what = if q.follow_up {
            format!("Follow-up of question {}", q.n)
        } else {
            format!("Question {}", q.n)
        };
        let _ = write!(out, "{what}: {} taken", mmss(q.elapsed));
        match (q.left(), q.over()) {
            (_, Some(over)) => {
                let _ = write!(out, ", {} over the limit", mmss(over));
            }
            (Some(left), None) => {
                let _ = write!(out, ", {} left", mmss(left));
            }
            _ => {}
        }
        out.push_str(". ");
    }
    let _ = write!(out, "Session: {}", mmss(time.session));
    if let Some(left) = time.session_left {
        let _ = write!(out, ", {} left", mmss(left));
    }
    out.push_str(".\n");
    out
}
