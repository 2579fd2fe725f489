//! A journal whose lines are hash-chained, so a result file that was edited, cut short or had a
//! line removed says so. Each line is `{"hash":"<hex>","entry":<json>}` where the hash is the
//! SHA-256 of the previous line's hash (64 zeros for the first) followed by the entry's exact
//! JSON bytes. This detects accidents and casual edits; it proves nothing against someone who
//! recomputes the chain (there is no secret key), which the docs say plainly.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::sha256_hex;

/// The hash before the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const PREFIX: &str = "{\"hash\":\"";
const MIDDLE: &str = "\",\"entry\":";

/// The hash of an entry following `prev`.
pub fn link(prev: &str, entry: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(prev.len() + entry.len());
    bytes.extend_from_slice(prev.as_bytes());
    bytes.extend_from_slice(entry);
    sha256_hex(&bytes)
}

/// One chained line for `entry` after `prev`, and its hash.
pub fn line(prev: &str, entry: &impl Serialize) -> io::Result<(Vec<u8>, String)> {
    let json = serde_json::to_vec(entry).map_err(io::Error::other)?;
    let hash = link(prev, &json);
    let mut line = Vec::with_capacity(json.len() + 90);
    line.extend_from_slice(PREFIX.as_bytes());
    line.extend_from_slice(hash.as_bytes());
    line.extend_from_slice(MIDDLE.as_bytes());
    line.extend_from_slice(&json);
    line.extend_from_slice(b"}\n");
    Ok((line, hash))
}

/// Appends chained lines to a file, syncing each before returning. Every line is kept in memory
/// too: after a failed write (a full disk) the torn bytes are cut off and the missing lines are
/// written again with the next entry, and [`ChainWriter::saved`] says whether the file holds
/// everything.
#[derive(Debug)]
pub struct ChainWriter {
    file: File,
    path: PathBuf,
    last: String,
    stored_len: u64,
    pending: Vec<u8>,
    torn: bool,
}

impl ChainWriter {
    /// Creates a new private (0600) file; refuses one that exists.
    pub fn create(path: &Path) -> io::Result<ChainWriter> {
        let mut options = OpenOptions::new();
        options.append(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path)?;
        Ok(ChainWriter {
            file,
            path: path.to_path_buf(),
            last: GENESIS.into(),
            stored_len: 0,
            pending: Vec::new(),
            torn: false,
        })
    }

    /// Opens an existing file to go on appending after `last` (the hash of its last good line),
    /// first cutting off a torn last line: `keep` is the length of its whole lines.
    pub fn reopen(path: &Path, keep: u64, last: String) -> io::Result<ChainWriter> {
        let file = OpenOptions::new().read(true).append(true).open(path)?;
        if file.metadata()?.len() > keep {
            file.set_len(keep)?;
            file.sync_data()?;
        }
        Ok(ChainWriter {
            file,
            path: path.to_path_buf(),
            last,
            stored_len: keep,
            pending: Vec::new(),
            torn: false,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry and makes it durable; on failure the entry is kept and written with
    /// the next one.
    pub fn append(&mut self, entry: &impl Serialize) -> io::Result<()> {
        let (line, hash) = line(&self.last, entry)?;
        self.last = hash;
        self.pending.extend_from_slice(&line);
        self.flush()
    }

    /// Writes what the file lacks.
    pub fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if self.torn {
            self.file.set_len(self.stored_len)?;
            self.torn = false;
        }
        let written = self
            .file
            .write_all(&self.pending)
            .and_then(|()| self.file.sync_data());
        if let Err(error) = written {
            self.torn = true;
            return Err(error);
        }
        self.stored_len += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }

    /// Whether the file holds every entry appended.
    pub fn saved(&self) -> bool {
        self.pending.is_empty()
    }

    /// The lines the file does not hold yet.
    pub fn unsaved(&self) -> &[u8] {
        &self.pending
    }
}

/// Something wrong with a chained file, as found when reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub what: String,
}

/// A chained file as read: the entries' JSON with their line numbers, and what did not check out.
#[derive(Debug, Default)]
pub struct Read {
    /// Each entry's JSON bytes, with its 1-based line.
    pub entries: Vec<(usize, Vec<u8>)>,
    /// Lines that are torn, edited, out of place or missing.
    pub breaks: Vec<Break>,
    /// The hash of the last line that checked out.
    pub last: String,
    /// The length in bytes up to the end of the last whole line.
    pub whole_len: u64,
}

/// Reads a chained file, checking every link. Lines after a break still count (their entries are
/// kept), but each break is reported.
pub fn read(path: &Path) -> io::Result<Read> {
    let mut bytes = Vec::new();
    File::open(path)?.read_to_end(&mut bytes)?;
    Ok(check(&bytes))
}

/// Checks the chain in `bytes`.
pub fn check(bytes: &[u8]) -> Read {
    let mut read = Read {
        last: GENESIS.into(),
        ..Read::default()
    };
    let complete = bytes.last().is_none_or(|&b| b == b'\n');
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if complete {
        lines.pop();
    }
    let count = lines.len();
    let mut prev = GENESIS.to_owned();
    let mut offset = 0u64;
    for (index, raw) in lines.into_iter().enumerate() {
        let number = index + 1;
        let torn = number == count && !complete;
        if !torn {
            offset += raw.len() as u64 + 1;
            read.whole_len = offset;
        }
        let parsed = raw
            .strip_prefix(PREFIX.as_bytes())
            .filter(|rest| rest.len() > 64 + MIDDLE.len())
            .and_then(|rest| {
                let (hash, rest) = rest.split_at(64);
                let entry = rest.strip_prefix(MIDDLE.as_bytes())?.strip_suffix(b"}")?;
                Some((std::str::from_utf8(hash).ok()?, entry))
            });
        let Some((hash, entry)) = parsed else {
            read.breaks.push(Break {
                line: number,
                what: if torn {
                    "the last line is cut short (the file was truncated or a write was interrupted)"
                        .into()
                } else {
                    "not a chained record (the line was edited or damaged)".into()
                },
            });
            continue;
        };
        let expected = link(&prev, entry);
        if expected != hash {
            read.breaks.push(Break {
                line: number,
                what: "its hash does not match: this line or the one before it was edited, or lines were removed or reordered".into(),
            });
        }
        if torn {
            read.breaks.push(Break {
                line: number,
                what: "the last line has no line end (an interrupted write)".into(),
            });
        } else {
            read.last = hash.to_owned();
        }
        prev = hash.to_owned();
        read.entries.push((number, entry.to_vec()));
    }
    read
}
