//! `grill config path|show`: where the config file is, and every setting in effect with where it
//! comes from, so a surprising default can be traced to a flag, a variable or a file line.

use std::io::Write;

use anyhow::Result;

use crate::config::Config;
use crate::exit;
use crate::style::{self, paint};

pub(crate) fn path(config: &Config) -> Result<u8> {
    let mut out = anstream::stdout().lock();
    match &config.file.path {
        Some(path) => writeln!(out, "{}", path.display())?,
        None => writeln!(
            out,
            "no config folder: set GRILL_HOME to use $GRILL_HOME/config.toml"
        )?,
    }
    Ok(exit::OK)
}

pub(crate) fn show(config: &Config) -> Result<u8> {
    let mut out = anstream::stdout().lock();
    let file = match (&config.file.path, config.file.found) {
        (Some(path), true) => path.display().to_string(),
        (Some(path), false) => format!("{} (not there: defaults apply)", path.display()),
        (None, _) => "none".to_owned(),
    };
    writeln!(out, "{} {file}", paint(style::HEADING, "config file:"))?;
    let width = config
        .settings
        .iter()
        .map(|s| s.key.len() + 3 + s.value.len())
        .max()
        .unwrap_or(0);
    for setting in &config.settings {
        let assignment = format!("{} = {}", setting.key, setting.value);
        writeln!(
            out,
            "{assignment:width$}  {}",
            paint(style::DIM, format!("# {}", setting.source))
        )?;
    }
    Ok(exit::OK)
}
