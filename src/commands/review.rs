//! `grill review [ID]`: prints the report of a saved interview with its answers, or writes it to
//! a Markdown or JSON file.

use std::io::Write;

use anyhow::{Context, Result};

use crate::config::{self, ReportFile};
use crate::exit::{self, UsageError};
use crate::report::{Format, Report, Terminal};
use crate::session::journal;

use super::practice::warn;

pub(crate) fn run(id: Option<&str>, file: Option<&ReportFile>) -> Result<u8> {
    let dir = config::data_dir()?;
    let (sessions, warnings) = journal::list(&dir);
    for warning in &warnings {
        warn(warning);
    }
    let session = match id {
        Some(id) => sessions.iter().find(|s| s.id == id).ok_or_else(|| {
            UsageError(format!(
                "no session `{id}`; `grill history` lists the saved ones"
            ))
        })?,
        None => sessions
            .last()
            .ok_or_else(|| UsageError("no saved sessions yet: `grill` starts one".into()))?,
    };
    let report = Report::new(&session.state);
    match file {
        Some(file) => {
            std::fs::write(&file.path, file.format.render(&report))
                .with_context(|| format!("cannot write the report to {}", file.path.display()))?;
            println!("Report written to {}.", file.path.display());
        }
        None => {
            let mut out = anstream::stdout().lock();
            out.write_all(&Terminal { answers: true }.render(&report))?;
            out.flush()?;
        }
    }
    Ok(exit::OK)
}
