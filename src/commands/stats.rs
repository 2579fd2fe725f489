//! `grill stats`: where the candidate stands, from the session journals: averages per topic and
//! tier with their trend, the weakest concepts, reviews due, leeches and time spent. Also the
//! review state `grill drill` schedules from.

use anyhow::Result;

use crate::bank::Bank;
use crate::config::{Config, Emit};
use crate::exit;
use crate::output::Target;
use crate::report::Document;
use crate::session::store::Listing;
use crate::stats::{self, Excluded, Inputs, Observation, Schedule, Stats};

use super::saved;

/// The review state of the data folder: the sessions, what they showed, and the schedule.
pub(crate) struct Derived {
    /// The readable sessions and the warnings about the others.
    pub listing: Listing,
    /// Every concept of every answer.
    pub observations: Vec<Observation>,
    /// Answers that are not reviews.
    pub excluded: Vec<Excluded>,
    /// The schedule, checked against the bank.
    pub schedule: Schedule,
}

/// Reads every journal (a corrupt one is reported and skipped, the rest still count) and
/// derives the review schedule; `rebuild` ignores the cache.
pub(crate) fn derive(config: &Config, bank: &Bank, rebuild: bool) -> Result<Derived> {
    let (store, listing) = saved(config)?;
    let mut observations = Vec::new();
    let mut excluded = Vec::new();
    for session in &listing.sessions {
        let (seen, left_out) = stats::observations(&session.state);
        observations.extend(seen);
        excluded.extend(left_out);
    }
    let mut schedule = stats::cache::load_or_build(
        store.dir().parent().unwrap_or(store.dir()),
        &listing.sessions,
        bank,
        rebuild,
        || Schedule::build(&observations, &stats::schedule::links(bank)),
    );
    schedule.check_against(bank);
    Ok(Derived {
        listing,
        observations,
        excluded,
        schedule,
    })
}

/// Now, as the scheduler sees it: `GRILL_TODAY` in development builds, else the system clock.
pub(crate) fn now(config: &Config) -> u64 {
    config.today.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    })
}

/// Whether charts should use ASCII: asked for, or a terminal that says it cannot show Unicode
/// (`TERM=dumb`, or a locale that is set and is not UTF-8).
fn ascii_terminal() -> bool {
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return true;
    }
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()));
    locale.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        !(l.contains("utf-8") || l.contains("utf8"))
    })
}

pub(crate) fn run(
    config: &Config,
    emit: &Emit,
    since: Option<u64>,
    ascii: bool,
    rebuild: bool,
) -> Result<u8> {
    let bank = Bank::load(&config.banks)?;
    let derived = derive(config, &bank, rebuild)?;
    let mut figures = Stats::new(Inputs {
        states: derived.listing.sessions.iter().map(|s| &s.state).collect(),
        observations: &derived.observations,
        schedule: &derived.schedule,
        excluded: derived.excluded.clone(),
        warnings: derived.listing.warnings.clone(),
        now: now(config),
        since,
    });
    figures.ascii = ascii || ascii_terminal();
    super::emit(&Document::Stats(&figures), emit)?;
    if let Target::File(path) = &emit.target {
        println!("Stats written to {}.", path.display());
    }
    Ok(exit::OK)
}
