//! The session journal on disk: one record per line, appended and synced after every record, so
//! a crash loses at most the answer being typed. The [`Writer`] keeps every record in memory as
//! well and knows whether all of them are stored: after a failed write (a full disk) it cuts the
//! torn bytes off and writes the missing records again at the next record. Reading is forgiving:
//! a bad line is reported with its file and line and skipped. Where journals live, and who may
//! write one, is the `store`'s business.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::SessionError;
use super::lock::{SessionLock, private};
use super::record::Record;

/// Where records go.
pub trait Sink: Send {
    /// Saves one record durably before returning.
    fn write(&mut self, record: &Record) -> io::Result<()>;

    /// Whether every record written so far is stored durably.
    fn saved(&self) -> bool {
        true
    }
}

/// Where a journal's bytes go: a file, or in tests a double that fails like a full disk.
pub trait Medium: Send {
    /// Appends `bytes` at the end and makes them durable; on failure part of them may be there.
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Cuts the journal back to its first `len` bytes, durably.
    fn truncate(&mut self, len: u64) -> io::Result<()>;
    /// The journal's length in bytes.
    fn size(&mut self) -> io::Result<u64>;
}

/// A journal file opened for appending, with the session's lock.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    _lock: Option<SessionLock>,
}

impl Journal {
    /// A journal over a file opened in append mode, guarded by `lock`.
    pub(super) fn new(file: File, path: PathBuf, lock: Option<SessionLock>) -> Journal {
        Journal {
            file,
            path,
            _lock: lock,
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Medium for Journal {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)?;
        self.file.sync_data()
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.file.set_len(len)?;
        self.file.sync_data()
    }

    fn size(&mut self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }
}

/// A plain journal file is a sink too (each record appended and synced), for tests and tools.
impl Sink for Journal {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        self.append(&line(record)?)
    }
}

/// One record as a journal line.
fn line(record: &Record) -> io::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
    line.push(b'\n');
    Ok(line)
}

/// What the writer knows: every line of the session, and how many of them the medium holds.
struct Inner {
    medium: Option<Box<dyn Medium>>,
    lines: Vec<Vec<u8>>,
    stored: usize,
    stored_len: u64,
    torn: bool,
}

impl Inner {
    /// Writes the lines the medium lacks, first cutting off whatever a failed write left.
    fn flush(&mut self) -> io::Result<()> {
        if self.stored == self.lines.len() {
            return Ok(());
        }
        let Some(medium) = self.medium.as_mut() else {
            return Err(io::Error::other("no journal is open"));
        };
        if self.torn {
            medium.truncate(self.stored_len)?;
            self.torn = false;
        }
        let pending = self.lines[self.stored..].concat();
        if let Err(error) = medium.append(&pending) {
            self.torn = true;
            return Err(error);
        }
        self.stored = self.lines.len();
        self.stored_len += pending.len() as u64;
        Ok(())
    }

    fn saved(&self) -> bool {
        self.medium.is_some() && self.stored == self.lines.len()
    }
}

/// The journal's writer: appends each record to its medium and keeps them all in memory, so a
/// write that fails is retried at the next record and the whole session can still be written
/// elsewhere at the end.
pub struct Writer {
    inner: Arc<Mutex<Inner>>,
}

impl Writer {
    /// A writer appending to `medium`, which already holds `stored` (a resumed session's
    /// records, none for a new one).
    pub fn new(mut medium: Box<dyn Medium>, stored: &[Record]) -> io::Result<Writer> {
        let stored_len = medium.size()?;
        let lines = stored.iter().map(line).collect::<io::Result<Vec<_>>>()?;
        Ok(Writer::with(Inner {
            medium: Some(medium),
            stored: lines.len(),
            lines,
            stored_len,
            torn: false,
        }))
    }

    /// A writer with nowhere to write: records are kept in memory only, and never saved.
    pub fn detached() -> Writer {
        Writer::with(Inner {
            medium: None,
            lines: Vec::new(),
            stored: 0,
            stored_len: 0,
            torn: false,
        })
    }

    fn with(inner: Inner) -> Writer {
        Writer {
            inner: Arc::new(Mutex::new(inner)),
        }
    }

    /// A handle to ask, from anywhere, whether everything is saved and what the session holds.
    pub fn handle(&self) -> Handle {
        Handle(Arc::clone(&self.inner))
    }
}

fn lock(inner: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    inner
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Sink for Writer {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        let line = line(record)?;
        let mut inner = lock(&self.inner);
        inner.lines.push(line);
        if inner.medium.is_none() {
            return Ok(());
        }
        inner.flush()
    }

    fn saved(&self) -> bool {
        lock(&self.inner).saved()
    }
}

/// A [`Writer`]'s shared state, seen from outside the session (the end of the interview, a
/// signal handler).
#[derive(Clone)]
pub struct Handle(Arc<Mutex<Inner>>);

impl Handle {
    /// Whether the journal holds every record.
    pub fn saved(&self) -> bool {
        lock(&self.0).saved()
    }

    /// Stops every write until the process ends: for a handler about to exit, so that no record
    /// is half written when it does. Returns whether everything is saved.
    pub fn hold(&self) -> Held<'_> {
        Held(lock(&self.0))
    }
}

/// The writer, held still; see [`Handle::hold`].
pub struct Held<'a>(MutexGuard<'a, Inner>);

impl Held<'_> {
    /// Tries once more to write what is missing; returns whether everything is saved.
    pub fn flush(&mut self) -> bool {
        let _ = self.0.flush();
        self.0.saved()
    }

    /// The whole session as journal lines, saved or not.
    pub fn transcript(&self) -> Vec<u8> {
        self.0.lines.concat()
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

/// Where records go when there is no journal: nowhere, and so never saved.
#[derive(Debug, Default)]
pub struct Nowhere;

impl Sink for Nowhere {
    fn write(&mut self, _record: &Record) -> io::Result<()> {
        Ok(())
    }

    fn saved(&self) -> bool {
        false
    }
}

/// Writes the journal lines of a session that could not be saved to a new private file (0600)
/// in the temporary folder, and returns its path.
pub fn write_fallback(id: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    let dir = std::env::temp_dir();
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    for attempt in 1..100 {
        let name = if attempt == 1 {
            format!("grill-{safe}-unsaved.jsonl")
        } else {
            format!("grill-{safe}-unsaved-{attempt}.jsonl")
        };
        let path = dir.join(name);
        match private(OpenOptions::new().write(true).create_new(true)).open(&path) {
            Ok(mut file) => {
                file.write_all(bytes)?;
                file.sync_all()?;
                return Ok(path);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other(
        "too many unsaved copies in the temporary folder",
    ))
}

/// A journal as read: its records with their line numbers, and the lines that were not records.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The records, each with its 1-based line.
    pub records: Vec<(usize, Record)>,
    /// The bad lines, as errors naming the file and line.
    pub problems: Vec<SessionError>,
}

/// Opens a journal for reading, refusing anything but a regular file (a FIFO would block).
fn open_regular(path: &Path) -> Result<File, SessionError> {
    let read_error = |source| SessionError::Read {
        path: path.to_path_buf(),
        source,
    };
    let not_a_file = || SessionError::NotAFile(path.to_path_buf());
    if !fs::metadata(path).map_err(read_error)?.is_file() {
        return Err(not_a_file());
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never wait for a writer should the file have been swapped for a FIFO meanwhile.
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(read_error)?;
    if !file.metadata().map_err(read_error)?.is_file() {
        return Err(not_a_file());
    }
    Ok(file)
}

/// Parses one line into a record, or says why it is not one.
fn parse(bytes: &[u8]) -> Result<Record, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        format!(
            "not UTF-8 (invalid byte at column {})",
            error.valid_up_to() + 1
        )
    })?;
    serde_json::from_str(text).map_err(|error| format!("not a session record ({error})"))
}

/// Reads a journal's records. A line that is not a record (torn by a crash, garbage, invalid
/// UTF-8) is reported with its file and line and skipped; the others all count.
pub fn read(path: &Path) -> Result<Loaded, SessionError> {
    let mut bytes = Vec::new();
    open_regular(path)?
        .read_to_end(&mut bytes)
        .map_err(|source| SessionError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    let mut loaded = Loaded::default();
    let complete = bytes.last().is_none_or(|&b| b == b'\n');
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if complete {
        lines.pop();
    }
    let last = lines.len();
    for (index, line) in lines.into_iter().enumerate() {
        let number = index + 1;
        if line.trim_ascii().is_empty() {
            continue;
        }
        match parse(line) {
            Ok(record) => loaded.records.push((number, record)),
            Err(message) => {
                let message = if number == last && !complete {
                    "torn last line (an interrupted write); left out".to_owned()
                } else {
                    format!("{message}; skipped")
                };
                loaded.problems.push(SessionError::BadLine {
                    path: path.to_path_buf(),
                    line: number,
                    message,
                });
            }
        }
    }
    Ok(loaded)
}

/// Opens an existing journal to append to it, first repairing a last line torn by a crash (cut
/// off, or ended when it is a whole record that only lacks its line break). Returns the journal
/// and whether it was repaired.
pub(super) fn reopen(path: &Path, lock: SessionLock) -> Result<(Journal, bool), SessionError> {
    let error = |source| SessionError::Read {
        path: path.to_path_buf(),
        source,
    };
    drop(open_regular(path)?);
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(path)
        .map_err(error)?;
    let mut text = Vec::new();
    file.read_to_end(&mut text).map_err(error)?;
    let keep = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let repaired = keep < text.len();
    if repaired {
        if parse(&text[keep..]).is_ok() {
            file.write_all(b"\n").map_err(error)?;
        } else {
            file.set_len(keep as u64).map_err(error)?;
        }
        file.sync_data().map_err(error)?;
    }
    Ok((Journal::new(file, path.to_path_buf(), Some(lock)), repaired))
}
