//! Where sessions live: `<data dir>/sessions/<id>.jsonl`, one journal per session. The folder is
//! the index: creating, listing, finding and opening sessions all happen here, and so does
//! locking one against a second writer. Folders are made 0700 and journals 0600, since they hold
//! a candidate's answers verbatim.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::SessionError;
use super::clock::id_stamp;
use super::journal::{self, Journal, Loaded};
use super::lock::{LockError, SessionLock, private};
use super::record::{EndReason, Record};
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

/// The saved sessions, and what could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    /// The readable sessions, oldest first.
    pub sessions: Vec<Summary>,
    /// Journals that could not be read at all, by file name, each with why.
    pub unreadable: Vec<(PathBuf, String)>,
    /// One line per problem: bad lines skipped, journals left out.
    pub warnings: Vec<String>,
}

/// A new session's journal, locked.
#[derive(Debug)]
pub struct Created {
    /// The session id.
    pub id: String,
    /// Its journal, open for appending.
    pub journal: Journal,
    /// Privacy warnings (folders others can read).
    pub warnings: Vec<String>,
}

/// A saved session opened to go on with it, locked.
#[derive(Debug)]
pub struct Opened {
    /// Its journal, open for appending (a torn last line repaired).
    pub journal: Journal,
    /// The records that replay, in order.
    pub records: Vec<Record>,
    /// Whether a torn last line was repaired.
    pub repaired: bool,
    /// Privacy warnings (folders or the journal others can read).
    pub warnings: Vec<String>,
}

/// The saved sessions under one data folder.
#[derive(Debug, Clone)]
pub struct Store {
    home: PathBuf,
    dir: PathBuf,
}

impl Store {
    /// The store of the data folder `data_dir`.
    pub fn new(data_dir: &Path) -> Store {
        Store {
            home: data_dir.to_path_buf(),
            dir: data_dir.join("sessions"),
        }
    }

    /// The folder holding the journals.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the data and sessions folders (0700) if needed; returns a warning for each
    /// existing one that others may read.
    fn prepare(&self) -> io::Result<Vec<String>> {
        let mut warnings = Vec::new();
        for dir in [&self.home, &self.dir] {
            if dir.is_dir() {
                warnings.extend(loose(dir, "folder", "700"));
            } else {
                make_private_dir(dir)?;
            }
        }
        Ok(warnings)
    }

    /// Creates a new journal named after the wall time, with a suffix when that id is taken.
    pub fn create(&self, wall: u64) -> io::Result<Created> {
        let warnings = self.prepare()?;
        let stamp = id_stamp(wall);
        for attempt in 1..1000 {
            let id = if attempt == 1 {
                stamp.clone()
            } else {
                format!("{stamp}-{attempt}")
            };
            let path = self.dir.join(format!("{id}.jsonl"));
            match private(OpenOptions::new().append(true).create_new(true)).open(&path) {
                Ok(file) => {
                    set_mode(&path, 0o600)?;
                    // Make the new name itself durable.
                    if let Ok(dir) = File::open(&self.dir) {
                        let _ = dir.sync_all();
                    }
                    let lock =
                        SessionLock::acquire(&self.lock_path(&id)).map_err(io::Error::other)?;
                    return Ok(Created {
                        id,
                        journal: Journal::new(file, path, Some(lock)),
                        warnings,
                    });
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::other(
            "too many sessions started in the same second",
        ))
    }

    fn lock_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.lock"))
    }

    /// Every session with a readable start, oldest first. A bad line costs only itself; a journal
    /// with no start record, or that is not a regular file, is left out with a warning.
    pub fn list(&self) -> Listing {
        let mut listing = Listing::default();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return listing;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
            .collect();
        paths.sort();
        for path in paths {
            let loaded = journal::read(&path).and_then(|loaded| replay(&path, loaded));
            match loaded {
                Ok((state, _, problems)) => {
                    listing
                        .warnings
                        .extend(problems.iter().map(ToString::to_string));
                    listing.sessions.push(Summary {
                        id: state.id.clone(),
                        path,
                        state,
                    });
                }
                Err(error) => {
                    listing.warnings.push(format!("skipped {error}"));
                    listing.unreadable.push((path, error.to_string()));
                }
            }
        }
        listing
            .sessions
            .sort_by(|a, b| (a.state.started, &a.id).cmp(&(b.state.started, &b.id)));
        listing
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

    /// Opens a saved session to go on with it: takes its lock (refused while another process
    /// has it open), repairs a torn last line, and reads the records that replay.
    pub fn open(&self, summary: &Summary) -> Result<Opened, SessionError> {
        let lock =
            SessionLock::acquire(&self.lock_path(&summary.id)).map_err(|error| match error {
                LockError::Busy { pid, .. } => SessionError::Locked {
                    id: summary.id.clone(),
                    pid,
                },
                LockError::Io { path, source } => SessionError::Read { path, source },
            })?;
        let mut warnings = self.prepare().unwrap_or_default();
        warnings.extend(loose(&summary.path, "journal", "600"));
        let (journal, repaired) = journal::reopen(&summary.path, lock)?;
        let (_, records, _) = replay(&summary.path, journal::read(&summary.path)?)?;
        Ok(Opened {
            journal,
            records,
            repaired,
            warnings,
        })
    }
}

/// Replays a journal's records, skipping (and reporting) those that do not fit the session.
/// Fails only when there is no start record to begin from.
fn replay(
    path: &Path,
    loaded: Loaded,
) -> Result<(State, Vec<Record>, Vec<SessionError>), SessionError> {
    let Loaded {
        records,
        mut problems,
    } = loaded;
    let mut records = records.into_iter();
    let start = match records.next() {
        Some((_, start @ Record::Start { .. })) => start,
        _ => {
            let why = problems
                .first()
                .map(|p| format!(" (first problem: {p})"))
                .unwrap_or_default();
            return Err(SessionError::Unreadable {
                path: path.to_path_buf(),
                why: format!("no start record{why}"),
            });
        }
    };
    let mut state = State::replay(std::slice::from_ref(&start))?;
    let mut kept = vec![start];
    for (line, record) in records {
        let before = state.last_at;
        match state.apply(&record) {
            Ok(()) => kept.push(record),
            Err(error) => {
                state.last_at = before;
                problems.push(SessionError::BadLine {
                    path: path.to_path_buf(),
                    line,
                    message: format!("does not fit the session ({error}); skipped"),
                });
            }
        }
    }
    problems.sort_by_key(|p| match p {
        SessionError::BadLine { line, .. } => *line,
        _ => 0,
    });
    Ok((state, kept, problems))
}

/// Creates `dir` and its missing parents, readable by the owner only, whatever the umask.
fn make_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    set_mode(dir, 0o700)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// A one-line warning when others may read `path` (group or world bits set).
#[cfg(unix)]
fn loose(path: &Path, what: &str, private: &str) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "the {what} {} can be read by other users (mode {mode:03o}); `chmod {private} {}` keeps answers private",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn loose(_path: &Path, _what: &str, _private: &str) -> Option<String> {
    None
}
