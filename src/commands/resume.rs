//! `grill resume [ID]`: continues the last unfinished interview (or the one named) where it
//! stopped, with the same banks, plan and random state. A session that was quit reopens.

use anyhow::{Context, Result};

use crate::bank::{Bank, BankSpec};
use crate::config::{Config, ReportFile};
use crate::exit::{self, UsageError};
use crate::grader::RubricGrader;
use crate::repl::core::Interview;
use crate::session::Session;
use crate::session::journal::{self, Sink};
use crate::session::record::EndReason;
use crate::session::store::Store;

use super::interview::{self, unsaved};
use super::{saved, usage};

pub(crate) fn run(config: &Config, id: Option<&str>, report: Option<&ReportFile>) -> Result<u8> {
    if let Some(report) = report {
        interview::check_report(report)?;
    }
    let (store, sessions) = saved(config)?;
    let target = match id {
        Some(id) => Store::find(&sessions, id).map_err(usage)?,
        None => Store::latest_unfinished(&sessions).ok_or_else(|| {
            UsageError(
                "no unfinished session to resume; `grill` starts a new one, and `grill resume ID` reopens one you quit"
                    .into(),
            )
        })?,
    };
    // A quit session reopens; one that ran its course stays closed.
    if target
        .finished()
        .is_some_and(|reason| reason != EndReason::Quit)
    {
        return Err(UsageError(format!(
            "session {} has finished; `grill review {}` shows it",
            target.id, target.id
        ))
        .into());
    }
    let saved = &target.state.banks;
    let spec = if config.banks.embedded && config.banks.folders.is_empty() {
        BankSpec {
            embedded: saved.embedded,
            folders: saved.folders.clone(),
        }
    } else {
        config.banks.clone()
    };
    let bank = Bank::load(&spec)?;
    let records = journal::read(&target.path)?;
    let (sink, name): (Box<dyn Sink>, String) = match store.open(target) {
        Ok(journal) => (Box::new(journal), target.path.display().to_string()),
        Err(error) => unsaved(&format!(
            "cannot append to {}: {error}",
            target.path.display()
        )),
    };
    let grader = RubricGrader::new();
    let session = Session::builder(&bank, &grader)
        .clock(interview::clock(config))
        .journal(sink, name)
        .resume(&records)
        .with_context(|| format!("cannot resume session {}", target.id))?;
    let mut interview = Interview::new(session);
    interview::run(
        &mut interview,
        true,
        config.data_dir().ok().filter(|_| config.history),
        report,
    )?;
    Ok(exit::OK)
}
