//! `grill` and `grill practice`: start an interview on the loaded banks and run it in the
//! terminal (or on piped stdin).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::bank::Bank;
use crate::config::{Config, Practice};
use crate::exit::UsageError;
use crate::grader::RubricGrader;
use crate::repl::core::Interview;
use crate::session::clock::id_stamp;
use crate::session::journal::Writer;
use crate::session::record::{Banks, Plan};
use crate::session::store::Store;
use crate::session::{Session, SessionError};

use super::interview::{self, unsaved};
use super::warn;

/// A seed for when none is given: different for every run.
fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 32)
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Fails with a usage error naming the nearest id when a `--question` is not in the bank.
fn check_questions(bank: &Bank, ids: &[String]) -> Result<()> {
    for id in ids {
        if bank.get(id).is_none() {
            let hint = bank
                .suggest_id(id)
                .map(|best| format!("; did you mean `{best}`?"))
                .unwrap_or_else(|| "; `grill bank list` lists them".to_owned());
            return Err(UsageError(format!("--question {id}: no such question{hint}")).into());
        }
    }
    Ok(())
}

pub(crate) fn run(config: &Config, practice: &Practice) -> Result<u8> {
    if let Some(report) = &practice.report {
        interview::check_report(report)?;
    }
    let bank = Bank::load(&config.banks)?;
    super::bank::check_topics(&bank, &practice.topics)?;
    check_questions(&bank, &practice.questions)?;
    let clock = interview::clock(config);
    let selection = if practice.questions.is_empty() {
        Plan::select(
            practice.tier,
            practice.topics.clone(),
            practice.count,
            practice.seed.unwrap_or_else(fresh_seed),
        )
    } else {
        Plan::fixed(practice.questions.clone())
    };
    let plan = Plan {
        timed: practice.timed,
        time_limit_secs: practice.time_limit_secs,
        session_limit_secs: practice.session_limit_secs,
        ..selection
    };
    let banks = Banks {
        embedded: config.banks.embedded,
        folders: config.banks.folders.iter().map(|f| absolute(f)).collect(),
    };
    let store = config.data_dir().ok().map(Store::new);
    let opened = config
        .data_dir()
        .map_err(|error| error.to_string())
        .and_then(|dir| {
            let store = Store::new(dir);
            let created = store.create(clock.wall()).map_err(|error| {
                format!("cannot save sessions in {}: {error}", store.dir().display())
            })?;
            for warning in &created.warnings {
                warn(warning);
            }
            let name = created.journal.path().display().to_string();
            Writer::new(Box::new(created.journal), &[])
                .map(|writer| (created.id, writer, name.clone()))
                .map_err(|error| format!("cannot save the session to {name}: {error}"))
        });
    let (id, writer, name) = match opened {
        Ok(opened) => opened,
        Err(why) => {
            let (writer, name) = unsaved(&why);
            (id_stamp(clock.wall()), writer, name)
        }
    };
    let saving = writer.handle();
    let grader = config.grader(RubricGrader::new(), std::io::stdin().is_terminal())?;
    let session = Session::builder(&bank, &*grader)
        .clock(clock)
        .journal(Box::new(writer), name)
        .start(id, plan, banks);
    let session = match session {
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
    interview::run(
        &mut interview,
        interview::Run {
            resumed: false,
            data_dir: config.data_dir().ok(),
            history: practice.history,
            report: practice.report.as_ref(),
            saving,
            sessions: store.map(|store| store.dir().to_path_buf()),
        },
    )
}
