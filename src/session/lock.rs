//! One writer per session: an advisory lock on `<id>.lock` beside the journal, held for as long
//! as a process has the session open. The operating system drops the lock when its process dies,
//! so a session left by `kill -9` is never blocked; the file holds the owner's pid, so a refused
//! `grill resume` can say which process has the session.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use fs4::TryLockError;

/// Why a session could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the lock.
    #[error("{} is held by another process{}", .path.display(), .pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    Busy {
        /// The lock file.
        path: PathBuf,
        /// The owner's pid, when the lock file names one.
        pid: Option<u32>,
    },
    /// The lock file could not be created or locked.
    #[error("cannot lock {}: {source}", .path.display())]
    Io {
        /// The lock file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// A held session lock; dropping it removes the lock file and releases the lock.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
}

impl SessionLock {
    /// Takes the lock at `path` without waiting, or says who holds it.
    pub fn acquire(path: &Path) -> Result<SessionLock, LockError> {
        let io = |source| LockError::Io {
            path: path.to_path_buf(),
            source,
        };
        loop {
            let file = private(OpenOptions::new().read(true).write(true).create(true))
                .open(path)
                .map_err(io)?;
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let pid = fs::read_to_string(path)
                        .ok()
                        .and_then(|text| text.trim().parse().ok());
                    return Err(LockError::Busy {
                        path: path.to_path_buf(),
                        pid,
                    });
                }
                Err(TryLockError::Error(error)) => return Err(io(error)),
            }
            // The previous holder removes the file before releasing it: a lock taken on a file
            // that is no longer at `path` guards nothing, so start again with the new one.
            if !still_at(&file, path) {
                continue;
            }
            let mut held = SessionLock {
                file,
                path: path.to_path_buf(),
            };
            held.record_pid().map_err(io)?;
            return Ok(held);
        }
    }

    fn record_pid(&mut self) -> io::Result<()> {
        self.file.set_len(0)?;
        writeln!(self.file, "{}", std::process::id())
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the handle right after.
        let _ = fs::remove_file(&self.path);
    }
}

/// Options that create files readable by their owner only (0600), whatever the umask.
pub(crate) fn private(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Whether the open `file` is still the one named `path`.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_owner_pid_and_freed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.lock");
        let held = SessionLock::acquire(&path).unwrap();
        match SessionLock::acquire(&path) {
            Err(LockError::Busy { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected a busy lock, got {other:?}"),
        }
        drop(held);
        assert!(!path.exists());
        let again = SessionLock::acquire(&path).unwrap();
        drop(again);
    }

    #[test]
    fn a_lock_file_left_behind_without_its_process_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.lock");
        fs::write(&path, "999999\n").unwrap();
        let held = SessionLock::acquire(&path).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap().trim(),
            std::process::id().to_string()
        );
        drop(held);
    }
}
