//! `grill resume [ID]`: continues the last unfinished interview (or the one named) where it
//! stopped, with the same banks, plan and random state.

use anyhow::{Context, Result};

use crate::bank::{Bank, BankSpec};
use crate::config::{self, Config, ReportFile};
use crate::exit::{self, UsageError};
use crate::repl::core::Interview;
use crate::session::Session;
use crate::session::journal::{self, Nowhere, Sink};

use super::practice::{clock, interact, warn, write_report};

pub(crate) fn run(config: &Config, id: Option<&str>, report: Option<&ReportFile>) -> Result<u8> {
    let dir = config::data_dir()?;
    let (sessions, warnings) = journal::list(&dir);
    for warning in &warnings {
        warn(warning);
    }
    let target = match id {
        Some(id) => sessions.iter().find(|s| s.id == id).ok_or_else(|| {
            UsageError(format!(
                "no session `{id}`; `grill history` lists the saved ones"
            ))
        })?,
        None => sessions
            .iter()
            .rev()
            .find(|s| s.finished().is_none())
            .ok_or_else(|| {
                UsageError("no unfinished session to resume; `grill` starts a new one".into())
            })?,
    };
    if target.finished().is_some() {
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
    let (sink, name): (Box<dyn Sink>, String) = match journal::reopen(&target.path) {
        Ok(journal) => (Box::new(journal), target.path.display().to_string()),
        Err(error) => {
            warn(&format!(
                "cannot append to {}: {error}. The interview goes on, but it will not be saved.",
                target.path.display()
            ));
            (Box::new(Nowhere), "nowhere".into())
        }
    };
    let session = Session::resume(&bank, &records, clock(config), sink, name)
        .with_context(|| format!("cannot resume session {}", target.id))?;
    let mut interview = Interview::new(session);
    interact(&mut interview, true, Some(&dir))?;
    write_report(&interview, report)?;
    Ok(exit::OK)
}
