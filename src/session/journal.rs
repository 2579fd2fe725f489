//! The session journal on disk: one record per line, appended and fsynced after every record, so
//! a crash loses at most the answer being typed. Where journals live is the `store`'s business.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::SessionError;
use super::record::Record;

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
    /// A journal over an open file.
    pub(super) fn new(file: File, path: PathBuf) -> Journal {
        Journal { file, path }
    }

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
