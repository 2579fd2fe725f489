//! `grill history`: the saved interviews, newest last, from the journals in the data dir. The
//! helpers that find saved sessions for `resume` and `review` live here too.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use crate::config;
use crate::exit::{self, UsageError};
use crate::session::clock::format_date;
use crate::session::journal::{self, Summary};
use crate::table::{self, Table};

use super::practice::warn;

/// The data dir and its saved sessions, oldest first; a journal that cannot be read is skipped
/// with a warning.
pub(crate) fn saved() -> Result<(PathBuf, Vec<Summary>)> {
    let dir = config::data_dir()?;
    let (sessions, warnings) = journal::list(&dir);
    for warning in &warnings {
        warn(warning);
    }
    Ok((dir, sessions))
}

/// The saved session with this id.
pub(crate) fn find<'s>(sessions: &'s [Summary], id: &str) -> Result<&'s Summary, UsageError> {
    sessions.iter().find(|s| s.id == id).ok_or_else(|| {
        UsageError(format!(
            "no session `{id}`; `grill history` lists the saved ones"
        ))
    })
}

/// A session as `history --json` prints it.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    id: &'a str,
    started: String,
    questions: usize,
    count: usize,
    average: Option<u32>,
    finished: bool,
    status: &'static str,
}

pub(crate) fn run(json: bool) -> Result<u8> {
    let (_, sessions) = saved()?;
    let listed: Vec<Listed<'_>> = sessions
        .iter()
        .map(|s| {
            let report = crate::report::Report::new(&s.state);
            Listed {
                id: &s.id,
                started: format_date(s.state.started),
                questions: s.state.done_turns().count(),
                count: s.state.plan.count,
                average: report.average,
                finished: s.finished().is_some(),
                status: if s.finished().is_some() {
                    "finished"
                } else {
                    "unfinished"
                },
            }
        })
        .collect();
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
        return Ok(exit::OK);
    }
    if listed.is_empty() {
        writeln!(out, "No saved sessions yet: `grill` starts one.")?;
        return Ok(exit::OK);
    }
    let mut table = Table::new(&["ID", "STARTED", "QUESTIONS", "AVERAGE", "STATUS"]);
    for s in &listed {
        table.row(vec![
            s.id.to_owned(),
            s.started.clone(),
            format!("{}/{}", s.questions, s.count),
            s.average.map_or_else(|| "-".to_owned(), |a| a.to_string()),
            s.status.to_owned(),
        ]);
    }
    out.write_all(table.render(table::stdout_width()).as_bytes())?;
    Ok(exit::OK)
}
