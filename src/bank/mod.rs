//! Questions and rubrics: the model, loading from the embedded bank and folders, and validation
//! that reports every problem with its file, line and column.

mod diagnostic;
mod fields;
pub mod limits;
mod model;
mod parse;
mod source;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use diagnostic::Diagnostic;
pub(crate) use fields::suggest;
pub use model::{
    Concept, Example, ExampleKind, Item, Location, Misconception, Question, Rubric, Tier, TierMode,
    Weight, round2,
};
pub use source::{EMBEDDED_ROOT, FileKind, SourceFile, Unreadable};

use diagnostic::Sink;

/// Why a bank could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    /// The files hold mistakes; every one found is listed.
    #[error("{}", summarize(.0))]
    Invalid(Vec<Diagnostic>),
    /// A `--bank` path is not a folder.
    #[error("--bank {}: no such folder", .path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// A `--bank` path names a file (or something else), not a folder.
    #[error("--bank {}: is a file, not a folder: name the folder holding question_bank/ and rubrics/", .path.display())]
    NotADirectory {
        /// The path given.
        path: PathBuf,
    },
    /// A `--bank` folder lacks `question_bank/` or `rubrics/`.
    #[error("--bank {}: not a bank folder: it must hold question_bank/ and rubrics/", .path.display())]
    NotABank {
        /// The path given.
        path: PathBuf,
    },
    /// A bank folder could not be listed.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// The ids named by entries or files that could not be read, of one kind (questions or rubrics).
#[derive(Debug, Default)]
pub(crate) struct Broken {
    /// Ids named by entries too broken to keep, or found in a file that failed to parse.
    pub(crate) ids: HashSet<String>,
    /// A file of this kind could not be read at all: any id may be in it.
    pub(crate) unknown: bool,
}

impl Broken {
    fn covers(&self, id: &str) -> bool {
        self.unknown || self.ids.contains(id)
    }
}

fn summarize(diagnostics: &[Diagnostic]) -> String {
    let n = diagnostics.len();
    format!(
        "the question bank has {n} problem{}",
        if n == 1 { "" } else { "s" }
    )
}

/// Which banks to load.
#[derive(Debug, Clone, Default)]
pub struct BankSpec {
    /// Load the bank embedded in the binary.
    pub embedded: bool,
    /// Extra bank folders, in the order given.
    pub folders: Vec<PathBuf>,
}

/// A loaded, validated bank: every question has exactly one rubric.
#[derive(Debug, Clone)]
pub struct Bank {
    items: Vec<Item>,
    by_id: HashMap<String, usize>,
    files: usize,
}

impl Bank {
    /// Loads and validates the banks named by `spec`.
    pub fn load(spec: &BankSpec) -> Result<Bank, BankError> {
        let mut files = if spec.embedded {
            source::embedded()
        } else {
            Vec::new()
        };
        for folder in &spec.folders {
            files.extend(source::folder(folder)?);
        }
        Bank::from_files(&files)
    }

    /// Loads the bank in one folder only (for tests and tools).
    pub fn from_folder(dir: &Path) -> Result<Bank, BankError> {
        Bank::from_files(&source::folder(dir)?)
    }

    /// Builds a bank from file contents, reporting every problem found in any of them.
    ///
    /// Cross-file checks ("rubric for unknown question", "question has no rubric") stay quiet
    /// about ids named in a file that could not be read or parsed: the problem reported in that
    /// file is the one to fix, and a flood of consequences would hide it. When such a file could
    /// not be read at all (too big, not a file), the check in that direction is left out.
    pub fn from_files(files: &[SourceFile]) -> Result<Bank, BankError> {
        let mut diagnostics = Vec::new();
        let mut questions = Vec::new();
        let mut rubrics = Vec::new();
        let mut broken_questions = Broken::default();
        let mut broken_rubrics = Broken::default();
        for file in files {
            let broken = match file.kind {
                FileKind::Questions => &mut broken_questions,
                FileKind::Rubrics => &mut broken_rubrics,
            };
            let text = match &file.text {
                Ok(text) => text,
                Err(unreadable) => {
                    diagnostics.push(unreadable.diagnostic.clone());
                    match &unreadable.salvage {
                        Some(text) => broken.ids.extend(parse::named_ids(text, file.kind)),
                        None => broken.unknown = true,
                    }
                    continue;
                }
            };
            let mut sink = Sink::new(file.path.clone(), text);
            match file.kind {
                FileKind::Questions => questions.extend(parse::questions(&mut sink, broken)),
                FileKind::Rubrics => rubrics.extend(parse::rubrics(&mut sink, broken)),
            }
            diagnostics.append(&mut sink.diagnostics);
        }

        let mut question_at: HashMap<String, usize> = HashMap::new();
        let mut kept_questions = Vec::with_capacity(questions.len());
        for question in questions {
            if let Some(&first) = question_at.get(&question.id) {
                let first: &Question = &kept_questions[first];
                diagnostics.push(Diagnostic {
                    message: format!(
                        "duplicate question id `{}`: already defined at {}",
                        question.id, first.location
                    ),
                    location: question.location.clone(),
                });
                continue;
            }
            question_at.insert(question.id.clone(), kept_questions.len());
            kept_questions.push(question);
        }

        let mut rubric_for: BTreeMap<usize, Rubric> = BTreeMap::new();
        for rubric in rubrics {
            let Some(&index) = question_at.get(&rubric.question) else {
                if broken_questions.covers(&rubric.question) {
                    continue;
                }
                diagnostics.push(Diagnostic {
                    message: format!(
                        "rubric for unknown question `{}`: no question in the bank has this id",
                        rubric.question
                    ),
                    location: rubric.location.clone(),
                });
                continue;
            };
            if let Some(first) = rubric_for.get(&index) {
                diagnostics.push(Diagnostic {
                    message: format!(
                        "duplicate rubric for question `{}`: already given at {}",
                        rubric.question, first.location
                    ),
                    location: rubric.location.clone(),
                });
                continue;
            }
            rubric_for.insert(index, rubric);
        }

        for (index, question) in kept_questions.iter().enumerate() {
            if !rubric_for.contains_key(&index) && !broken_rubrics.covers(&question.id) {
                diagnostics.push(Diagnostic {
                    message: format!(
                        "question `{}` has no rubric: add a [[rubric]] with question = \"{}\" under rubrics/",
                        question.id, question.id
                    ),
                    location: question.location.clone(),
                });
            }
        }

        if !diagnostics.is_empty() {
            diagnostics.sort_by(|a, b| {
                (&a.location.file, a.location.line, a.location.column).cmp(&(
                    &b.location.file,
                    b.location.line,
                    b.location.column,
                ))
            });
            return Err(BankError::Invalid(diagnostics));
        }

        let items: Vec<Item> = kept_questions
            .into_iter()
            .enumerate()
            .map(|(index, question)| Item {
                question,
                rubric: rubric_for.remove(&index).expect("checked above"),
            })
            .collect();
        let by_id = items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.question.id.clone(), index))
            .collect();
        Ok(Bank {
            items,
            by_id,
            files: files.len(),
        })
    }

    /// Every question with its rubric, in file order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The question and rubric with this id.
    pub fn get(&self, id: &str) -> Option<&Item> {
        self.by_id.get(id).map(|&index| &self.items[index])
    }

    /// The ids closest to an unknown one, for "did you mean" messages.
    pub fn suggest_id(&self, id: &str) -> Option<&str> {
        self.items
            .iter()
            .map(|item| {
                (
                    strsim::jaro_winkler(id, &item.question.id),
                    item.question.id.as_str(),
                )
            })
            .filter(|(similarity, _)| *similarity >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id)
    }

    /// The topics, sorted.
    pub fn topics(&self) -> Vec<&str> {
        let mut topics: Vec<&str> = self
            .items
            .iter()
            .map(|item| item.question.topic.as_str())
            .collect();
        topics.sort_unstable();
        topics.dedup();
        topics
    }

    /// How many files the bank was read from.
    pub fn file_count(&self) -> usize {
        self.files
    }

    /// The number of questions.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the bank has no questions.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
