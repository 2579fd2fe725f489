//! `grill review [ID]`: prints the report of a saved interview with its answers, or writes it to
//! a Markdown or JSON file.

use std::io::Write;

use anyhow::Result;

use crate::config::ReportFile;
use crate::exit::{self, UsageError};
use crate::report::{Format, Report, Terminal};

use super::history::{find, saved};
use super::practice::save_report;

pub(crate) fn run(id: Option<&str>, file: Option<&ReportFile>) -> Result<u8> {
    let (_, sessions) = saved()?;
    let session = match id {
        Some(id) => find(&sessions, id)?,
        None => sessions
            .last()
            .ok_or_else(|| UsageError("no saved sessions yet: `grill` starts one".into()))?,
    };
    let report = Report::new(&session.state);
    match file {
        Some(file) => save_report(&report, file)?,
        None => {
            let mut out = anstream::stdout().lock();
            out.write_all(&Terminal { answers: true }.render(&report))?;
            out.flush()?;
        }
    }
    Ok(exit::OK)
}
