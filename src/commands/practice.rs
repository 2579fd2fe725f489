//! `grill` and `grill practice`: start an interview, run it in the terminal (or on piped stdin)
//! and write the report file when asked. `interact` is shared with `grill resume`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::bank::Bank;
use crate::config::{self, Config, Practice, ReportFile};
use crate::exit::{self, UsageError};
use crate::repl::core::Interview;
use crate::repl::piped::Piped;
use crate::repl::tty::Tty;
use crate::repl::view::View;
use crate::report::Report;
use crate::session::clock::{Clock, FakeClock, SystemClock, id_stamp};
use crate::session::journal::{self, Nowhere, Sink};
use crate::session::record::{Banks, Plan};
use crate::session::{Session, SessionError};
use crate::style::{self, paint};

/// The clock the configuration asks for.
pub(crate) fn clock(config: &Config) -> Arc<dyn Clock> {
    match config.fake_clock {
        Some(step) => Arc::new(FakeClock::new(Duration::from_secs(step))),
        None => Arc::new(SystemClock::new()),
    }
}

/// Prints a warning on stderr.
pub(crate) fn warn(message: &str) {
    use std::io::Write;
    let _ = writeln!(
        anstream::stderr().lock(),
        "{} {message}",
        paint(style::WARN, "warning:")
    );
}

/// A seed for when none is given: different for every run.
fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 32)
}

/// Whether styles will reach stdout.
fn color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// Runs the interview in whichever front end fits stdin.
pub(crate) fn interact(
    interview: &mut Interview<'_>,
    resumed: bool,
    data_dir: Option<&Path>,
) -> Result<()> {
    let view = View { color: color() };
    if std::io::stdin().is_terminal() {
        let history = data_dir.map(|dir| dir.join("history.txt"));
        let mut tty = Tty::new(view.color, history).context("cannot set up the terminal")?;
        crate::repl::run(interview, resumed, &mut tty, view)
    } else {
        let clock = interview.session().clock().clone();
        let stdin = std::io::stdin().lock();
        let mut piped = Piped::new(stdin, Box::new(move || clock.on_input()));
        crate::repl::run(interview, resumed, &mut piped, view)
    }
}

/// Writes the report file, if one was asked for.
pub(crate) fn write_report(interview: &Interview<'_>, file: Option<&ReportFile>) -> Result<()> {
    let Some(file) = file else { return Ok(()) };
    save_report(&Report::new(interview.session().state()), file)
}

/// Writes a report to the file asked for, in its format, and says where.
pub(crate) fn save_report(report: &Report, file: &ReportFile) -> Result<()> {
    std::fs::write(&file.path, file.format.render(report))
        .with_context(|| format!("cannot write the report to {}", file.path.display()))?;
    println!("Report written to {}.", file.path.display());
    Ok(())
}

/// Warns that the session cannot be saved (`why`) and returns the sink that saves nothing.
pub(crate) fn unsaved(why: &str) -> (Box<dyn Sink>, String) {
    warn(&format!(
        "{why}. The interview goes on, but it will not be saved."
    ));
    (Box::new(Nowhere), "nowhere".into())
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

pub(crate) fn run(config: &Config, practice: &Practice) -> Result<u8> {
    let bank = Bank::load(&config.banks)?;
    super::bank::check_topics(&bank, &practice.topics)?;
    let clock = clock(config);
    let plan = Plan {
        tier: practice.tier,
        topics: practice.topics.clone(),
        count: practice.count,
        seed: practice.seed.unwrap_or_else(fresh_seed),
        timed: practice.timed,
        session_limit_secs: practice.session_limit_secs,
    };
    let banks = Banks {
        embedded: config.banks.embedded,
        folders: config.banks.folders.iter().map(|f| absolute(f)).collect(),
    };
    let data_dir = config::data_dir();
    let opened = data_dir
        .as_ref()
        .map_err(|error| error.to_string())
        .and_then(|dir| {
            journal::create(dir, clock.wall()).map_err(|error| {
                format!(
                    "cannot save sessions in {}: {error}",
                    journal::sessions_dir(dir).display()
                )
            })
        });
    let (id, sink, name): (String, Box<dyn Sink>, String) = match opened {
        Ok((id, journal)) => {
            let name = journal.path().display().to_string();
            (id, Box::new(journal), name)
        }
        Err(why) => {
            let (sink, name) = unsaved(&why);
            (id_stamp(clock.wall()), sink, name)
        }
    };
    let session = match Session::start(&bank, id, plan, banks, clock, sink, name) {
        Ok(session) => session,
        Err(SessionError::NoQuestions) => {
            return Err(UsageError(format!(
                "no question matches --tier {}{}",
                practice.tier.as_str(),
                practice
                    .topics
                    .iter()
                    .map(|t| format!(" --topic {t}"))
                    .collect::<String>()
            ))
            .into());
        }
        Err(error) => return Err(error.into()),
    };
    let mut interview = Interview::new(session);
    interact(&mut interview, false, data_dir.as_deref().ok())?;
    write_report(&interview, practice.report.as_ref())?;
    Ok(exit::OK)
}
