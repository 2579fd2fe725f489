//! Where sessions live: `<data dir>/sessions/<id>.jsonl`, one journal per session. The folder is
//! the index: creating, listing and finding sessions all happen here, and so will locking one
//! against a second writer.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::SessionError;
use super::clock::id_stamp;
use super::journal::{self, Journal};
use super::record::EndReason;
use super::state::State;

/// One saved session.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The session id.
    pub id: String,
    /// The journal.
    pub path: PathBuf,
    /// The replayed state.
    pub state: State,
}

impl Summary {
    /// Whether the session ended (rather than being left to resume).
    pub fn finished(&self) -> Option<EndReason> {
        self.state.finished
    }
}

/// The saved sessions under one data folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store of the data folder `data_dir`.
    pub fn new(data_dir: &Path) -> Store {
        Store {
            dir: data_dir.join("sessions"),
        }
    }

    /// The folder holding the journals.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates a new journal named after the wall time, with a suffix when that id is taken.
    pub fn create(&self, wall: u64) -> io::Result<(String, Journal)> {
        fs::create_dir_all(&self.dir)?;
        let stamp = id_stamp(wall);
        for attempt in 1..1000 {
            let id = if attempt == 1 {
                stamp.clone()
            } else {
                format!("{stamp}-{attempt}")
            };
            let path = self.dir.join(format!("{id}.jsonl"));
            match OpenOptions::new().append(true).create_new(true).open(&path) {
                Ok(file) => {
                    // Make the new name itself durable.
                    if let Ok(dir) = File::open(&self.dir) {
                        let _ = dir.sync_all();
                    }
                    return Ok((id, Journal::new(file, path)));
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::other(
            "too many sessions started in the same second",
        ))
    }

    /// Every readable session, oldest first; unreadable journals are returned as warnings.
    pub fn list(&self) -> (Vec<Summary>, Vec<String>) {
        let mut summaries = Vec::new();
        let mut warnings = Vec::new();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return (summaries, warnings);
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
            .collect();
        paths.sort();
        for path in paths {
            match journal::read(&path).and_then(|records| State::replay(&records)) {
                Ok(state) => summaries.push(Summary {
                    id: state.id.clone(),
                    path,
                    state,
                }),
                Err(error) => warnings.push(format!("skipped {}: {error}", path.display())),
            }
        }
        summaries.sort_by(|a, b| (a.state.started, &a.id).cmp(&(b.state.started, &b.id)));
        (summaries, warnings)
    }

    /// The saved session with this id.
    pub fn find<'s>(sessions: &'s [Summary], id: &str) -> Result<&'s Summary, SessionError> {
        sessions
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| SessionError::NoSuchSession(id.to_owned()))
    }

    /// The newest session that has not ended.
    pub fn latest_unfinished(sessions: &[Summary]) -> Option<&Summary> {
        sessions.iter().rev().find(|s| s.finished().is_none())
    }

    /// Opens a saved session's journal to append to it.
    pub fn open(&self, summary: &Summary) -> io::Result<Journal> {
        journal::reopen(&summary.path)
    }
}
