//! Where bank files come from: the bank embedded at build time, or a folder given with `--bank`.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::BankError;

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

/// The text of one bank file and the name to show for it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in messages.
    pub path: Arc<str>,
    /// Questions or rubrics.
    pub kind: FileKind,
    /// The file's contents.
    pub text: Cow<'static, str>,
}

/// The name under which embedded files are shown in messages.
pub const EMBEDDED_ROOT: &str = "<embedded>";

/// The bank compiled into the binary.
pub fn embedded() -> Vec<SourceFile> {
    embedded::FILES
        .iter()
        .map(|(path, text)| SourceFile {
            path: format!("{EMBEDDED_ROOT}/{path}").into(),
            kind: if path.starts_with("question_bank/") {
                FileKind::Questions
            } else {
                FileKind::Rubrics
            },
            text: Cow::Borrowed(text),
        })
        .collect()
}

/// The bank in a folder that holds `question_bank/` and `rubrics/`.
pub fn folder(dir: &Path) -> Result<Vec<SourceFile>, BankError> {
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
            let bytes = fs::read(&path).map_err(|source| BankError::Io {
                path: path.clone(),
                source,
            })?;
            let text =
                String::from_utf8(bytes).map_err(|_| BankError::NotUtf8 { path: path.clone() })?;
            files.push(SourceFile {
                path: path.display().to_string().into(),
                kind,
                text: Cow::Owned(text),
            });
        }
    }
    Ok(files)
}

fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, BankError> {
    let io = |source| BankError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}
