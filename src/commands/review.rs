//! `grill review [ID]`: prints the report of a saved interview with its answers, or writes it to
//! a file, in any report format.

use anyhow::Result;

use crate::config::{Config, Emit};
use crate::exit::{self, UsageError};
use crate::output::Target;
use crate::report::{Document, Report};
use crate::session::store::Store;

use super::{saved, usage};

pub(crate) fn run(config: &Config, id: Option<&str>, emit: &Emit) -> Result<u8> {
    let (_, listing) = saved(config)?;
    let sessions = &listing.sessions;
    let session = match id {
        Some(id) => Store::find(sessions, id).map_err(usage)?,
        None => sessions
            .last()
            .ok_or_else(|| UsageError("no saved sessions yet: `grill` starts one".into()))?,
    };
    let report = Report::new(&session.state);
    super::emit(
        &Document::Session {
            report: &report,
            answers: true,
        },
        emit,
    )?;
    if let Target::File(path) = &emit.target {
        println!("Report written to {}.", path.display());
    }
    Ok(exit::OK)
}
