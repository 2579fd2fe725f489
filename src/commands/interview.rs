//! What every interview command (practice, resume) shares: the clock, the journal, the front end
//! that fits stdin, signals, the report file at the end, and what to do when the session could
//! not be saved.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use std::io::Write as _;

use anyhow::{Context, Result};

use crate::config::{Config, ReportFile};
use crate::exit;
use crate::output;
use crate::repl::core::Interview;
use crate::repl::piped::Piped;
use crate::repl::tty::Recall;
use crate::repl::tty::Tty;
use crate::repl::view::View;
use crate::report::{Document, Report};
use crate::session::clock::{Clock, FakeClock, SystemClock};
use crate::session::journal::{self, Handle, Held, Writer};

use super::warn;

/// The clock the configuration asks for.
pub(crate) fn clock(config: &Config) -> Arc<dyn Clock> {
    match config.fake_clock {
        Some(step) => match config.today {
            // A test's interview on a chosen day, at 09:00 UTC as the fake clock's own epoch.
            Some(day) => Arc::new(FakeClock::starting_at(
                day + 9 * 3600,
                Duration::from_secs(step),
            )),
            None => Arc::new(FakeClock::new(Duration::from_secs(step))),
        },
        None => Arc::new(SystemClock::new()),
    }
}

/// Warns that the session cannot be saved (`why`) and returns a writer that keeps it in memory,
/// to be written elsewhere at the end.
pub(crate) fn unsaved(why: &str) -> (Writer, String) {
    warn(&format!(
        "{why}. The interview goes on, but it will not be saved there; at the end grill writes it to a file in the temporary folder."
    ));
    (Writer::detached(), "nowhere".into())
}

/// How an interview is run, beyond the interview itself.
pub(crate) struct Run<'a> {
    /// Continuing a saved session.
    pub resumed: bool,
    /// The data folder, for the line-editing history.
    pub data_dir: Option<&'a Path>,
    /// Whether the line editor keeps a history at all.
    pub history: bool,
    /// The report file to write at the end.
    pub report: Option<&'a ReportFile>,
    /// The journal writer's handle: is everything saved?
    pub saving: Handle,
    /// The sessions folder, where a copy written elsewhere belongs.
    pub sessions: Option<PathBuf>,
}

/// Whether styles will reach stdout.
fn color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// Runs the interview in whichever front end fits stdin, then writes the report file if asked.
/// Returns the exit code: a failure when the session could not be saved (it is then written to
/// a file in the temporary folder, or printed).
pub(crate) fn run(interview: &mut Interview<'_>, run: Run<'_>) -> Result<u8> {
    let view = View {
        color: color(),
        wrap: true,
    };
    let terminal = std::io::stdin().is_terminal();
    let id = interview.session().state().id.clone();
    let sessions = run.sessions.clone();
    let _signals = crate::repl::signals::install(
        run.saving.clone(),
        terminal,
        Box::new(move |held: &mut Held<'_>| fate(held, &id, sessions.as_deref())),
    )
    .context("cannot set up signal handling")?;
    if terminal {
        let recall = match run.data_dir {
            _ if !run.history => Recall::Off,
            Some(dir) => Recall::Saved(dir.join("history.txt")),
            None => Recall::Session,
        };
        let mut tty = Tty::new(view.color, recall).context("cannot set up the terminal")?;
        crate::repl::run(interview, run.resumed, &mut tty, view)?;
    } else {
        let clock = interview.session().clock().clone();
        let stdin = std::io::stdin().lock();
        let mut piped = Piped::new(stdin, Box::new(move || clock.on_input()));
        crate::repl::run(interview, run.resumed, &mut piped, view)?;
    }
    if let Some(file) = run.report {
        save_report(&Report::new(interview.session().state()), file)?;
    }
    if run.saving.saved() {
        return Ok(exit::OK);
    }
    let id = &interview.session().state().id;
    warn(&fate(&mut run.saving.hold(), id, run.sessions.as_deref()));
    Ok(exit::FAILURE)
}

/// Where the session stands, for the last words: saved, or copied to the temporary folder (or
/// printed when even that fails).
fn fate(held: &mut Held<'_>, id: &str, sessions: Option<&Path>) -> String {
    if held.flush() {
        return format!("session {id} is saved; `grill resume` continues it");
    }
    let home = sessions.map_or_else(
        || "the sessions folder".to_owned(),
        |dir| dir.display().to_string(),
    );
    let transcript = held.transcript();
    match journal::write_fallback(id, &transcript) {
        Ok(path) => format!(
            "session {id} could not be saved; all of it is in {} (move it into {home} to review or resume it)",
            path.display()
        ),
        Err(error) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&transcript);
            let _ = out.flush();
            format!(
                "session {id} could not be saved, nor copied to the temporary folder ({error}); its journal is printed above"
            )
        }
    }
}

/// Writes a report to the file asked for, in its format, and says where.
pub(crate) fn save_report(report: &Report, file: &ReportFile) -> Result<()> {
    let document = Document::Session {
        report,
        answers: true,
    };
    document
        .emit(file.format, &file.target)
        .with_context(|| format!("cannot write the report to {}", describe(&file.target)))?;
    if let output::Target::File(path) = &file.target {
        println!("Report written to {}.", path.display());
    }
    Ok(())
}

/// How to name a target in messages.
pub(crate) fn describe(target: &output::Target) -> String {
    match target {
        output::Target::Stdout => "standard output".to_owned(),
        output::Target::File(path) => path.display().to_string(),
    }
}

/// Checks, before the first question, that the report file can be written where asked.
pub(crate) fn check_report(file: &ReportFile) -> Result<()> {
    file.target.check().map_err(|error| {
        crate::exit::UsageError(format!(
            "--report {}: {error}; nothing was asked yet",
            describe(&file.target)
        ))
        .into()
    })
}
