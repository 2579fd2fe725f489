//! Where bank files come from: the bank embedded at build time, or a folder given with `--bank`.

use std::borrow::Cow;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::str::Utf8Error;
use std::sync::Arc;

use super::BankError;
use super::diagnostic::{Diagnostic, LineIndex};
use super::limits::MAX_FILE_BYTES;
use super::model::Location;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_bank.rs"));
}

/// What a bank file holds, decided by the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A file under `question_bank/`.
    Questions,
    /// A file under `rubrics/`.
    Rubrics,
}

/// One bank file: its text, or why it could not be used.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in messages.
    pub path: Arc<str>,
    /// Questions or rubrics.
    pub kind: FileKind,
    /// The file's text, or the problem that kept it from being read as bank text.
    pub text: Result<Cow<'static, str>, Unreadable>,
}

/// A bank file that could not be read as text.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// What is wrong, located (the first bad byte, or the file's start).
    pub diagnostic: Diagnostic,
    /// The whole file with invalid bytes replaced, when it was read: only used to learn which
    /// ids it names, so its questions or rubrics are not also reported as missing.
    pub salvage: Option<String>,
}

impl SourceFile {
    /// A file from its text; refused when over [`MAX_FILE_BYTES`].
    pub fn from_text(
        path: impl Into<Arc<str>>,
        kind: FileKind,
        text: impl Into<Cow<'static, str>>,
    ) -> SourceFile {
        let (path, text) = (path.into(), text.into());
        let text = match too_big(&path, text.len() as u64) {
            Some(problem) => Err(problem),
            None => Ok(text),
        };
        SourceFile { path, kind, text }
    }

    /// A file from its bytes; refused when over [`MAX_FILE_BYTES`] or not UTF-8, with the
    /// line and column of the first invalid byte.
    pub fn from_bytes(path: impl Into<Arc<str>>, kind: FileKind, bytes: Vec<u8>) -> SourceFile {
        let path = path.into();
        if let Some(problem) = too_big(&path, bytes.len() as u64) {
            return SourceFile {
                path,
                kind,
                text: Err(problem),
            };
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Owned(text)),
            Err(error) => Err(not_utf8(&path, error.as_bytes(), error.utf8_error())),
        };
        SourceFile { path, kind, text }
    }

    fn unreadable(path: &Path, kind: FileKind, message: String) -> SourceFile {
        let path: Arc<str> = path.display().to_string().into();
        SourceFile {
            text: Err(Unreadable {
                diagnostic: Diagnostic {
                    location: Location::start_of(path.clone()),
                    message,
                },
                salvage: None,
            }),
            path,
            kind,
        }
    }
}

fn too_big(path: &Arc<str>, len: u64) -> Option<Unreadable> {
    (len > MAX_FILE_BYTES).then(|| Unreadable {
        diagnostic: Diagnostic {
            location: Location::start_of(path.clone()),
            message: format!(
                "file is {len} bytes; a bank file may hold at most {MAX_FILE_BYTES} bytes (2 MiB): split it"
            ),
        },
        salvage: None,
    })
}

fn not_utf8(path: &Arc<str>, bytes: &[u8], error: Utf8Error) -> Unreadable {
    let valid = error.valid_up_to();
    let prefix = std::str::from_utf8(&bytes[..valid]).expect("valid up to here");
    let location = LineIndex::new(path.clone(), prefix).locate(prefix, valid);
    let bad = &bytes[valid..bytes.len().min(valid + error.error_len().unwrap_or(4))];
    let shown: Vec<String> = bad.iter().map(|byte| format!("0x{byte:02X}")).collect();
    Unreadable {
        diagnostic: Diagnostic {
            location,
            message: format!(
                "invalid UTF-8 (byte {}): bank files must be UTF-8 text",
                shown.join(" ")
            ),
        },
        salvage: Some(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// The name under which embedded files are shown in messages.
pub const EMBEDDED_ROOT: &str = "<embedded>";

/// The bank compiled into the binary.
pub fn embedded() -> Vec<SourceFile> {
    embedded::FILES
        .iter()
        .map(|(path, text)| {
            let kind = if path.starts_with("question_bank/") {
                FileKind::Questions
            } else {
                FileKind::Rubrics
            };
            SourceFile::from_text(
                format!("{EMBEDDED_ROOT}/{path}"),
                kind,
                Cow::Borrowed(*text),
            )
        })
        .collect()
}

/// The bank in a folder that holds `question_bank/` and `rubrics/`. A file that cannot be read
/// is returned with its problem, so the other files are still checked.
pub fn folder(dir: &Path) -> Result<Vec<SourceFile>, BankError> {
    if dir.exists() && !dir.is_dir() {
        return Err(BankError::NotADirectory {
            path: dir.to_path_buf(),
        });
    }
    if !dir.is_dir() {
        return Err(BankError::NotAFolder {
            path: dir.to_path_buf(),
        });
    }
    let questions = dir.join("question_bank");
    let rubrics = dir.join("rubrics");
    if !questions.is_dir() || !rubrics.is_dir() {
        return Err(BankError::NotABank {
            path: dir.to_path_buf(),
        });
    }
    let mut files = Vec::new();
    for (sub, kind) in [
        (questions, FileKind::Questions),
        (rubrics, FileKind::Rubrics),
    ] {
        for path in toml_files(&sub)? {
            files.extend(read(&path, kind));
        }
    }
    Ok(files)
}

/// Reads one `*.toml` entry: only regular files, never more than [`MAX_FILE_BYTES`]. Folders are
/// not bank files and are passed over (`None`); FIFOs, sockets and devices are refused without
/// being opened, so a FIFO cannot block loading.
fn read(path: &Path, kind: FileKind) -> Option<SourceFile> {
    let cannot =
        |error: io::Error| SourceFile::unreadable(path, kind, format!("cannot read: {error}"));
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return Some(cannot(error)),
    };
    if metadata.is_dir() {
        return None;
    }
    if !metadata.is_file() {
        let message = format!("not a regular file ({}): skipped", file_type(&metadata));
        return Some(SourceFile::unreadable(path, kind, message));
    }
    let shown: Arc<str> = path.display().to_string().into();
    if let Some(problem) = too_big(&shown, metadata.len()) {
        return Some(SourceFile {
            path: shown,
            kind,
            text: Err(problem),
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    let result =
        fs::File::open(path).and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    Some(match result {
        // `from_bytes` refuses a file that grew past the limit since `metadata`.
        Ok(_) => SourceFile::from_bytes(shown, kind, bytes),
        Err(error) => cannot(error),
    })
}

fn file_type(metadata: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = metadata;
    "not a file"
}

fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, BankError> {
    let io = |source| BankError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(bytes: &[u8]) -> Diagnostic {
        let file = SourceFile::from_bytes("f.toml", FileKind::Questions, bytes.to_vec());
        file.text.expect_err("refused").diagnostic
    }

    #[test]
    fn invalid_utf8_is_located_in_characters_at_its_first_bad_byte() {
        // Line 2 is `ab = "é` then a lone 0xC3 (the start of an "é" cut short) at column 8.
        let found = problem(b"\xC3\xA9 = \"x\"\nab = \"\xC3\xA9\xC3\"\n\xFF");
        assert_eq!(found.location.to_string(), "f.toml:2:8");
        assert_eq!(
            found.message,
            "invalid UTF-8 (byte 0xC3): bank files must be UTF-8 text"
        );
    }

    #[test]
    fn files_over_the_limit_are_refused_before_parsing() {
        let text = " ".repeat(MAX_FILE_BYTES as usize + 1);
        let file = SourceFile::from_text("big.toml", FileKind::Rubrics, text);
        let problem = file.text.expect_err("refused");
        assert_eq!(problem.diagnostic.location.to_string(), "big.toml:1:1");
        assert!(problem.salvage.is_none());
        let at_limit = " ".repeat(MAX_FILE_BYTES as usize);
        assert!(
            SourceFile::from_text("ok.toml", FileKind::Rubrics, at_limit)
                .text
                .is_ok()
        );
    }
}
