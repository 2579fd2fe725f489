//! `grill history`: the saved interviews, oldest first, from the journals in the data dir.

use anyhow::Result;

use crate::config::{Config, Emit};
use crate::exit;
use crate::report::{Document, HistoryRow};

use super::saved;

pub(crate) fn run(config: &Config, emit: &Emit) -> Result<u8> {
    let (_, listing) = saved(config)?;
    let rows: Vec<HistoryRow> = listing
        .sessions
        .iter()
        .map(|s| HistoryRow::new(&s.state))
        .collect();
    super::emit(&Document::History(&rows), emit)?;
    Ok(exit::OK)
}
