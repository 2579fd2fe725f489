//! What every interview command (practice, resume) shares: the clock, the journal, the front end
//! that fits stdin, and the report file at the end.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::config::{Config, ReportFile};
use crate::exit::UsageError;
use crate::output;
use crate::repl::core::Interview;
use crate::repl::piped::Piped;
use crate::repl::tty::Tty;
use crate::repl::view::View;
use crate::report::{Document, Report};
use crate::session::clock::{Clock, FakeClock, SystemClock};
use crate::session::journal::{Nowhere, Sink};

use super::warn;

/// The clock the configuration asks for.
pub(crate) fn clock(config: &Config) -> Arc<dyn Clock> {
    match config.fake_clock {
        Some(step) => Arc::new(FakeClock::new(Duration::from_secs(step))),
        None => Arc::new(SystemClock::new()),
    }
}

/// Warns that the session cannot be saved (`why`) and returns the sink that saves nothing.
pub(crate) fn unsaved(why: &str) -> (Box<dyn Sink>, String) {
    warn(&format!(
        "{why}. The interview goes on, but it will not be saved."
    ));
    (Box::new(Nowhere), "nowhere".into())
}

/// Whether styles will reach stdout.
fn color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// Runs the interview in whichever front end fits stdin, then writes the report file if asked;
/// typed lines are kept in `history.txt` under `data_dir` when one is given.
pub(crate) fn run(
    interview: &mut Interview<'_>,
    resumed: bool,
    data_dir: Option<&Path>,
    report: Option<&ReportFile>,
) -> Result<()> {
    let view = View {
        color: color(),
        wrap: true,
    };
    if std::io::stdin().is_terminal() {
        let history = data_dir.map(|dir| dir.join("history.txt"));
        let mut tty = Tty::new(view.color, history).context("cannot set up the terminal")?;
        crate::repl::run(interview, resumed, &mut tty, view)?;
    } else {
        let clock = interview.session().clock().clone();
        let stdin = std::io::stdin().lock();
        let mut piped = Piped::new(stdin, Box::new(move || clock.on_input()));
        crate::repl::run(interview, resumed, &mut piped, view)?;
    }
    if let Some(file) = report {
        save_report(&Report::new(interview.session().state()), file)?;
    }
    Ok(())
}

/// Checks, before the first question, that the report file can be written where asked.
pub(crate) fn check_report(file: &ReportFile) -> Result<()> {
    file.target.check().map_err(|error| {
        UsageError(format!(
            "--report {}: {error}; nothing was asked yet",
            describe(&file.target)
        ))
        .into()
    })
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
