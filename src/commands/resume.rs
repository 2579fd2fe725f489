//! `grill resume [ID]`: continues the last unfinished interview (or the one named) where it
//! stopped, with the same banks, plan and random state. A session that was quit reopens; one
//! open in another process is refused, and a bare `grill resume` never passes over a newer
//! journal it could not read.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::bank::{Bank, BankSpec};
use crate::config::{Config, ReportFile};
use crate::exit::UsageError;

use crate::grader::RubricGrader;
use crate::repl::core::Interview;
use crate::session::journal::Writer;
use crate::session::record::EndReason;
use crate::session::store::{Store, Summary};
use crate::session::{Session, SessionError};

use super::interview::{self, unsaved};
use super::{saved, usage, warn};

/// The session a bare `grill resume` continues: the newest unfinished one, unless a newer
/// journal could not be read at all (then it says so rather than pick an older one).
fn latest<'s>(sessions: &'s [Summary], unreadable: &[(PathBuf, String)]) -> Result<&'s Summary> {
    let latest = Store::latest_unfinished(sessions);
    let newer_damaged = unreadable.iter().find(|(path, _)| {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        latest.is_none_or(|s| stem.is_some_and(|stem| stem > s.id))
    });
    if let Some((_, why)) = newer_damaged {
        return Err(UsageError(format!(
            "the newest session journal cannot be resumed: {why}. `grill history` lists the others; `grill resume ID` continues one"
        ))
        .into());
    }
    latest.ok_or_else(|| {
        UsageError(
            "no unfinished session to resume; `grill` starts a new one, and `grill resume ID` reopens one you quit"
                .into(),
        )
        .into()
    })
}

pub(crate) fn run(
    config: &Config,
    id: Option<&str>,
    report: Option<&ReportFile>,
    history: bool,
) -> Result<u8> {
    if let Some(report) = report {
        interview::check_report(report)?;
    }
    let (store, listing) = saved(config)?;
    let target = match id {
        Some(id) => Store::find(&listing.sessions, id).map_err(usage)?,
        None => latest(&listing.sessions, &listing.unreadable)?,
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
    let (records, writer, name) = match store.open(target) {
        Ok(opened) => {
            for warning in &opened.warnings {
                warn(warning);
            }
            if opened.repaired {
                warn(&format!(
                    "repaired {}: its last line was torn by an interrupted write",
                    target.path.display()
                ));
            }
            let name = target.path.display().to_string();
            match Writer::new(Box::new(opened.journal), &opened.records) {
                Ok(writer) => (opened.records, writer, name),
                Err(error) => {
                    let (writer, name) = unsaved(&format!("cannot append to {name}: {error}"));
                    (opened.records, writer, name)
                }
            }
        }
        Err(error @ SessionError::Locked { .. }) => return Err(usage(error)),
        Err(error) => return Err(error).context(format!("cannot resume session {}", target.id)),
    };
    let saving = writer.handle();
    let grader = config.grader(RubricGrader::new(), std::io::stdin().is_terminal())?;
    let session = Session::builder(&bank, &*grader)
        .clock(interview::clock(config))
        .journal(Box::new(writer), name)
        .resume(&records)
        .with_context(|| format!("cannot resume session {}", target.id))?;
    let mut interview = Interview::new(session);
    interview::run(
        &mut interview,
        interview::Run {
            resumed: true,
            data_dir: config.data_dir().ok(),
            history,
            report,
            saving,
            sessions: Some(store.dir().to_path_buf()),
        },
    )
}
