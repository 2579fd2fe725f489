//! The session journal on disk: `<data dir>/sessions/<id>.jsonl`, one record per line, appended
//! and fsynced after every record, so a crash loses at most the answer being typed. The folder is
//! the index: `history` and `resume` read every journal's records.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::SessionError;
use super::clock::id_stamp;
use super::record::{EndReason, Record};
use super::state::State;

/// Where records go.
pub trait Sink: Send {
    /// Saves one record durably before returning.
    fn write(&mut self, record: &Record) -> io::Result<()>;
}

/// A journal file opened for appending.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Sink for Journal {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.sync_data()
    }
}

/// Records kept in memory, for tests.
#[derive(Debug, Clone, Default)]
pub struct Memory(pub Arc<Mutex<Vec<Record>>>);

impl Sink for Memory {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record.clone());
        Ok(())
    }
}

/// Where records go once the journal cannot be written: nowhere.
#[derive(Debug, Default)]
pub struct Nowhere;

impl Sink for Nowhere {
    fn write(&mut self, _record: &Record) -> io::Result<()> {
        Ok(())
    }
}

/// The folder holding the journals.
pub fn sessions_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("sessions")
}

/// Creates a new journal named after the wall time, with a suffix when that id is taken.
pub fn create(data_dir: &Path, wall: u64) -> io::Result<(String, Journal)> {
    let dir = sessions_dir(data_dir);
    fs::create_dir_all(&dir)?;
    let stamp = id_stamp(wall);
    for attempt in 1..1000 {
        let id = if attempt == 1 {
            stamp.clone()
        } else {
            format!("{stamp}-{attempt}")
        };
        let path = dir.join(format!("{id}.jsonl"));
        match OpenOptions::new().append(true).create_new(true).open(&path) {
            Ok(file) => {
                // Make the new name itself durable.
                if let Ok(dir) = File::open(&dir) {
                    let _ = dir.sync_all();
                }
                return Ok((id, Journal { file, path }));
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other(
        "too many sessions started in the same second",
    ))
}

/// Opens an existing journal to append to it, first cutting off a line torn by a crash.
pub fn reopen(path: &Path) -> io::Result<Journal> {
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    let text = fs::read(path)?;
    let keep = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if keep < text.len() {
        file.set_len(keep as u64)?;
        file.sync_data()?;
    }
    file.seek(SeekFrom::End(0))?;
    Ok(Journal {
        file,
        path: path.to_path_buf(),
    })
}

/// Reads a journal's records. A last line torn by a crash is left out; any other bad line is an
/// error naming the file and line.
pub fn read(path: &Path) -> Result<Vec<Record>, SessionError> {
    let file = File::open(path).map_err(|source| SessionError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let lines: Vec<String> = BufReader::new(file)
        .lines()
        .collect::<Result<_, _>>()
        .map_err(|source| SessionError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    let mut records = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(line) {
            Ok(record) => records.push(record),
            Err(_) if index + 1 == lines.len() => break,
            Err(error) => {
                return Err(SessionError::BadLine {
                    path: path.to_path_buf(),
                    line: index + 1,
                    message: error.to_string(),
                });
            }
        }
    }
    Ok(records)
}

/// One saved session, as `grill history` lists it.
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

/// Every readable session, oldest first; unreadable journals are returned as warnings.
pub fn list(data_dir: &Path) -> (Vec<Summary>, Vec<String>) {
    let dir = sessions_dir(data_dir);
    let mut summaries = Vec::new();
    let mut warnings = Vec::new();
    let Ok(entries) = fs::read_dir(&dir) else {
        return (summaries, warnings);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
        .collect();
    paths.sort();
    for path in paths {
        match read(&path).and_then(|records| State::replay(&records)) {
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
