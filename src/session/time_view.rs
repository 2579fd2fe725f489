//! Where time stands in a live session: the clock of whatever is being answered, the session's
//! time left, and the timer warnings still to come. The limits themselves are in `timing`.

use std::time::Duration;

use super::Session;
use super::timing::{self, Warning, ms};

/// The clock of whatever is being answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocked {
    /// 1-based question number.
    pub n: usize,
    /// Whether it is the follow-up being answered.
    pub follow_up: bool,
    /// Time taken so far.
    pub elapsed: Duration,
    /// The limit, when timed.
    pub limit: Option<Duration>,
    /// When the limit is reached, in Unix seconds of the wall clock, when timed: a time that
    /// does not go stale in a prompt drawn once.
    pub deadline: Option<u64>,
}

impl Clocked {
    /// Time left, when timed (zero once over).
    pub fn left(&self) -> Option<Duration> {
        self.limit.map(|limit| limit.saturating_sub(self.elapsed))
    }

    /// Time past the limit.
    pub fn over(&self) -> Option<Duration> {
        timing::overtime(self.elapsed, self.limit)
    }
}

/// Where time stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeView {
    /// The current question's clock, if one is being answered.
    pub question: Option<Clocked>,
    /// How many questions the session has.
    pub count: usize,
    /// Session time so far.
    pub session: Duration,
    /// Session time left, with a session limit.
    pub session_left: Option<Duration>,
}

/// The warnings of `due` not yet reached at `now`, as (time from now, warning).
fn upcoming(
    due: Vec<(Duration, Warning)>,
    now: Duration,
) -> impl Iterator<Item = (Duration, Warning)> {
    due.into_iter()
        .filter(move |(at, _)| *at > now)
        .map(move |(at, w)| (at - now, w))
}

impl Session<'_> {
    /// Where time stands.
    pub fn time(&self) -> TimeView {
        let now = self.now();
        let wall = self.clock.wall();
        let deadline = |elapsed: Duration, limit: Option<Duration>| {
            limit.map(|limit| {
                let left = limit.as_millis() as i128 - elapsed.as_millis() as i128;
                (i128::from(wall) + left.div_euclid(1000) + i128::from(left.rem_euclid(1000) > 0))
                    .max(0) as u64
            })
        };
        let question = self
            .state
            .current()
            .map(|turn| match turn.open_follow_up() {
                Some(follow_up) => Clocked {
                    n: turn.n,
                    follow_up: true,
                    elapsed: ms(now.saturating_sub(follow_up.started)),
                    limit: None,
                    deadline: None,
                },
                None => {
                    let elapsed = ms(now.saturating_sub(turn.started));
                    Clocked {
                        n: turn.n,
                        follow_up: false,
                        elapsed,
                        limit: turn.limit(),
                        deadline: deadline(elapsed, turn.limit()),
                    }
                }
            });
        let session_limit = self
            .state
            .plan
            .session_limit_secs
            .filter(|_| self.state.plan.timed)
            .map(Duration::from_secs);
        TimeView {
            question,
            count: self.state.plan.count,
            session: ms(now),
            session_left: session_limit.map(|limit| limit.saturating_sub(ms(now))),
        }
    }

    /// Warnings still to come, as (time from now, warning), soonest first.
    pub fn warnings(&self) -> Vec<(Duration, Warning)> {
        let time = self.time();
        let mut due = Vec::new();
        if let Some(clocked) = time.question
            && let Some(limit) = clocked.limit
        {
            due.extend(upcoming(timing::question_warnings(limit), clocked.elapsed));
        }
        if let Some(left) = time.session_left {
            let limit = time.session + left;
            due.extend(upcoming(timing::session_warnings(limit), time.session));
        }
        due.sort_by_key(|(at, _)| *at);
        due
    }
}
