//! Recruiter screens: the same interview for every candidate. A screen file names the questions
//! (or a seeded rule that picks them), the limits, what a candidate sees and how answers are
//! scored; this module loads it, freezes its questions, seals what a candidate may see into a
//! pack, keeps each candidate's result as a hash-chained journal, and grades results into data a
//! report renders. No terminal here: `commands::screen` runs the candidate's side.

pub mod chain;
pub mod file;
pub mod grading;
pub mod pack;
pub mod pick;
pub mod result;
pub mod signals;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::bank::Diagnostic;

pub use file::{Scoring, Screen};
pub use pack::Pack;
pub use result::{Entry, Transcript};

/// What can go wrong with a screen, its pack or a result file.
#[derive(Debug, thiserror::Error)]
pub enum ScreenError {
    /// A file could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The screen file has problems, each located.
    #[error("{} problem{} in the screen file:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" },
            .0.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
    /// A pack file is not a pack grill can take.
    #[error("{}: not a screen pack ({why})", .path.display())]
    BadPack {
        /// The file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// A result file cannot be used at all.
    #[error("{}: {why}", .path.display())]
    BadResult {
        /// The file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// A result does not belong to this screen.
    #[error("{}: {why}", .path.display())]
    Mismatch {
        /// The result file.
        path: PathBuf,
        /// What differs.
        why: String,
    },
    /// The screen's scoring cannot be used here.
    #[error("{0}")]
    Scoring(String),
}

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest.iter() {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// grill's version, recorded in every pack and result.
pub const GRILL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A candidate's name as a file stem: letters, digits, `-` and `_` kept, anything else `_`.
pub fn file_stem(candidate: &str) -> String {
    let stem: String = candidate
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() { "_".into() } else { stem }
}
