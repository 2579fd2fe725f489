//! Time for the interview: a monotonic clock behind a trait so tests can drive it, plus the wall
//! clock for dates and session ids.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Where the session gets its time from.
pub trait Clock: Send + Sync {
    /// Monotonic time since the clock was made.
    fn now(&self) -> Duration;
    /// Seconds since the Unix epoch, for dates only (never for measuring).
    fn wall(&self) -> u64;
    /// Told about every line of input read; a fake clock moves on here.
    fn on_input(&self) {}
}

/// The real clock: `Instant` for durations, `SystemTime` for dates.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock starting now.
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    fn wall(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs())
    }
}

/// A clock that only moves when told: by `advance`, or by `step` for every line of input.
/// Used by tests and by `GRILL_FAKE_CLOCK` for reproducible transcripts.
#[derive(Debug)]
pub struct FakeClock {
    now: Mutex<Duration>,
    step: Duration,
    epoch: u64,
}

/// The wall time a fake clock starts at: 2025-01-06 09:00:00 UTC.
pub const FAKE_EPOCH: u64 = 1_736_154_000;

impl FakeClock {
    /// A clock at zero that moves `step` per line of input.
    pub fn new(step: Duration) -> Self {
        Self::starting_at(FAKE_EPOCH, step)
    }

    /// A clock whose wall time starts at `epoch` (Unix seconds) and moves `step` per line of
    /// input: a test's interview on a chosen day.
    pub fn starting_at(epoch: u64, step: Duration) -> Self {
        Self {
            now: Mutex::new(Duration::ZERO),
            step,
            epoch,
        }
    }

    /// Moves the clock on.
    pub fn advance(&self, by: Duration) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Duration {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wall(&self) -> u64 {
        self.epoch + self.now().as_secs()
    }

    fn on_input(&self) {
        self.advance(self.step);
    }
}

/// `(year, month, day, hour, minute, second)` in UTC for a Unix time.
fn civil(unix: u64) -> (i64, u32, u32, u64, u64, u64) {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, secs / 3600, secs % 3600 / 60, secs % 60)
}

/// `2025-01-06 09:00 UTC`.
pub fn format_date(unix: u64) -> String {
    let (y, mo, d, h, mi, _) = civil(unix);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
}

/// `20250106-090000`: the stem of a session id.
pub fn id_stamp(unix: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix);
    format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(format_date(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_date(FAKE_EPOCH), "2025-01-06 09:00 UTC");
        assert_eq!(id_stamp(951_827_696), "20000229-123456");
    }

    #[test]
    fn fake_clock_moves_per_input() {
        let clock = FakeClock::new(Duration::from_secs(10));
        clock.on_input();
        clock.on_input();
        assert_eq!(clock.now(), Duration::from_secs(20));
        assert_eq!(clock.wall(), FAKE_EPOCH + 20);
    }
}
