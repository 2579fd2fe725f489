//! Time limits as data: when to warn, how much is left, and how overtime is measured. The front
//! end decides how a warning looks and when to print it.

use std::time::Duration;

/// Below this much time left, time is shown as urgent (red).
pub const URGENT: Duration = Duration::from_secs(30);

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// Half the question's time is gone.
    HalfTime,
    /// One minute of the question's time is left.
    OneMinute,
    /// The question's time is up; the answer will be recorded as overtime.
    TimeUp,
    /// Five minutes of the session are left.
    SessionFiveMinutes,
    /// The session's time is up; the interview ends after this answer.
    SessionUp,
}

/// A warning due at some point of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// Time left when it is due.
    pub left: Duration,
}

impl Warning {
    /// Whether to show it as urgent.
    pub fn urgent(&self) -> bool {
        self.left < URGENT
    }
}

/// The warnings for a question with this limit, as (elapsed time when due, warning).
pub fn question_warnings(limit: Duration) -> Vec<(Duration, Warning)> {
    let mut due = Vec::new();
    if limit >= Duration::from_secs(2) {
        let half = limit / 2;
        due.push((
            limit - half,
            Warning {
                kind: WarningKind::HalfTime,
                left: half,
            },
        ));
    }
    let minute = Duration::from_secs(60);
    if limit > 2 * minute {
        due.push((
            limit - minute,
            Warning {
                kind: WarningKind::OneMinute,
                left: minute,
            },
        ));
    }
    due.push((
        limit,
        Warning {
            kind: WarningKind::TimeUp,
            left: Duration::ZERO,
        },
    ));
    due
}

/// The warnings for a session with this limit, as (session time when due, warning).
pub fn session_warnings(limit: Duration) -> Vec<(Duration, Warning)> {
    let five = Duration::from_secs(300);
    let mut due = Vec::new();
    if limit > 2 * five {
        due.push((
            limit - five,
            Warning {
                kind: WarningKind::SessionFiveMinutes,
                left: five,
            },
        ));
    }
    due.push((
        limit,
        Warning {
            kind: WarningKind::SessionUp,
            left: Duration::ZERO,
        },
    ));
    due
}

/// How long past its limit an answer took, if it did.
pub fn overtime(elapsed: Duration, limit: Option<Duration>) -> Option<Duration> {
    let limit = limit?;
    (elapsed > limit).then(|| elapsed - limit)
}

/// `4:05`, `0:09`, `12:00`; hours are shown as minutes.
pub fn mmss(duration: Duration) -> String {
    let secs = duration.as_secs();
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Milliseconds as a duration.
pub fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn a_long_question_warns_at_half_one_minute_and_zero() {
        let due: Vec<(u64, WarningKind)> = question_warnings(secs(300))
            .into_iter()
            .map(|(at, w)| (at.as_secs(), w.kind))
            .collect();
        assert_eq!(
            due,
            [
                (150, WarningKind::HalfTime),
                (240, WarningKind::OneMinute),
                (300, WarningKind::TimeUp)
            ]
        );
    }

    #[test]
    fn a_short_question_skips_the_minute_warning_and_is_urgent() {
        let due = question_warnings(secs(4));
        assert_eq!(due.len(), 2);
        assert_eq!(due[0].0, secs(2));
        assert!(due[0].1.urgent());
        assert!(!question_warnings(secs(300))[0].1.urgent());
    }

    #[test]
    fn overtime_is_measured_past_the_limit_only() {
        assert_eq!(overtime(secs(70), Some(secs(60))), Some(secs(10)));
        assert_eq!(overtime(secs(50), Some(secs(60))), None);
        assert_eq!(overtime(secs(500), None), None);
    }

    #[test]
    fn session_warnings_and_format() {
        assert_eq!(session_warnings(secs(1800)).len(), 2);
        assert_eq!(session_warnings(secs(300)).len(), 1);
        assert_eq!(mmss(secs(245)), "4:05");
        assert_eq!(mmss(secs(3600)), "60:00");
    }
}
