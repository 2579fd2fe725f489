//! `grill resume [ID]`: continues the last unfinished interview (or the one named) where it
//! stopped, with the same banks, plan and random state.

use anyhow::{Context, Result};

use crate::bank::{Bank, BankSpec};
use crate::config::{Config, ReportFile};
use crate::exit::{self, UsageError};
use crate::repl::core::Interview;
use crate::session::Session;
use crate::session::journal::{self, Sink};

use super::history::{find, saved};
use super::practice::{clock, interact, unsaved, write_report};

pub(crate) fn run(config: &Config, id: Option<&str>, report: Option<&ReportFile>) -> Result<u8> {
    let (dir, sessions) = saved()?;
    let target = match id {
        Some(id) => find(&sessions, id)?,
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
        Err(error) => unsaved(&format!(
            "cannot append to {}: {error}",
            target.path.display()
        )),
    };
    let session = Session::resume(&bank, &records, clock(config), sink, name)
        .with_context(|| format!("cannot resume session {}", target.id))?;
    let mut interview = Interview::new(session);
    interact(&mut interview, true, Some(&dir))?;
    write_report(&interview, report)?;
    Ok(exit::OK)
}
