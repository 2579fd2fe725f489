//! The screen file: TOML a recruiter writes once and every candidate takes. Loading checks every
//! field and names the line and column of each problem; [`Screen::resolve`] checks the questions
//! against the banks and freezes the order every candidate gets.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::bank::{Bank, BankSpec, Diagnostic, Location, Tier};
use crate::session::record::FeedbackPolicy;

use super::{ScreenError, pick, sha256_hex};

/// How a screen's answers are scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scoring {
    /// The offline keyword rubric of each question.
    Rubric,
    /// An LLM judge, with the model named so results say which one graded them.
    Llm {
        /// The model's name.
        model: String,
    },
}

impl Scoring {
    /// `rubric` or `llm`.
    pub fn mode(&self) -> &'static str {
        match self {
            Scoring::Rubric => "rubric",
            Scoring::Llm { .. } => "llm",
        }
    }

    /// The model, for LLM scoring.
    pub fn model(&self) -> Option<&str> {
        match self {
            Scoring::Rubric => None,
            Scoring::Llm { model } => Some(model),
        }
    }
}

/// One rule of a selection: `count` questions of `topic` (and `tier`, when given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// The topic.
    pub topic: String,
    /// Only this tier, when given.
    pub tier: Option<Tier>,
    /// How many.
    pub count: usize,
    /// Where the rule is, for messages.
    pub span: Range<usize>,
}

/// Which questions a screen asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Questions {
    /// These ids, in this order (each with where it is written).
    Fixed(Vec<(String, Range<usize>)>),
    /// Picked by rules with a seed; resolved once, the same on every machine.
    Rule {
        /// The rules, in order.
        picks: Vec<Pick>,
        /// The seed.
        seed: u64,
    },
}

/// A loaded screen file.
#[derive(Debug, Clone)]
pub struct Screen {
    /// The title candidates see.
    pub title: String,
    /// The total a candidate needs to pass, 0..=100.
    pub pass_mark: u32,
    /// Whether a candidate may ask for hints.
    pub hints: bool,
    /// What a candidate sees after each answer.
    pub feedback: FeedbackPolicy,
    /// How answers are scored.
    pub scoring: Scoring,
    /// Every question's limit in seconds; each question's own limit when absent.
    pub question_secs: Option<u32>,
    /// The whole screen's limit in seconds.
    pub total_secs: Option<u64>,
    /// Which banks the questions come from (folders relative to the screen file, made absolute).
    pub banks: BankSpec,
    /// The questions.
    pub questions: Questions,
    /// The file.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// The SHA-256 of the file's bytes.
    pub sha256: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Spanned<String>,
    pass_mark: Spanned<i64>,
    #[serde(default)]
    hints: bool,
    feedback: Option<Spanned<String>>,
    scoring: Option<Spanned<String>>,
    model: Option<Spanned<String>>,
    question_secs: Option<Spanned<i64>>,
    total_minutes: Option<Spanned<i64>>,
    banks: Option<RawBanks>,
    questions: Option<Spanned<Vec<Spanned<String>>>>,
    seed: Option<Spanned<i64>>,
    #[serde(default)]
    pick: Vec<Spanned<RawPick>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBanks {
    #[serde(default = "yes")]
    embedded: bool,
    #[serde(default)]
    folders: Vec<Spanned<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPick {
    topic: Spanned<String>,
    tier: Option<Spanned<String>>,
    count: Spanned<i64>,
}

/// Where problems are collected, each located in the file.
pub(crate) struct Problems<'t> {
    file: Arc<str>,
    text: &'t str,
    /// The problems so far.
    pub(crate) list: Vec<Diagnostic>,
}

impl<'t> Problems<'t> {
    pub(crate) fn new(file: &Path, text: &'t str) -> Self {
        Problems {
            file: file.display().to_string().into(),
            text,
            list: Vec::new(),
        }
    }

    /// The line and column of a byte offset; columns count characters.
    pub(crate) fn locate(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        Location {
            file: self.file.clone(),
            line: line as u32,
            column: before[start..].chars().count() as u32 + 1,
        }
    }

    pub(crate) fn at(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let location = self.locate(span.start);
        self.list.push(Diagnostic {
            location,
            message: message.into(),
        });
    }
}

impl Screen {
    /// Reads and checks a screen file (not yet against the banks: see [`Screen::resolve`]).
    pub fn load(path: &Path) -> Result<Screen, ScreenError> {
        let bytes = std::fs::read(path).map_err(|source| ScreenError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let sha256 = sha256_hex(&bytes);
        let text = String::from_utf8(bytes).map_err(|error| {
            let mut problems = Problems::new(path, "");
            problems.list.push(Diagnostic {
                location: Location::start_of(path.display().to_string().into()),
                message: format!(
                    "not UTF-8 (invalid byte at offset {})",
                    error.utf8_error().valid_up_to()
                ),
            });
            ScreenError::Invalid(problems.list)
        })?;
        Screen::parse(path, text, sha256)
    }

    /// Checks a screen file's text; `path` names it in messages and anchors bank folders.
    pub fn parse(path: &Path, text: String, sha256: String) -> Result<Screen, ScreenError> {
        let mut problems = Problems::new(path, &text);
        let raw: Raw = match toml::from_str(&text) {
            Ok(raw) => raw,
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                problems.at(&span, error.message().trim().to_owned());
                return Err(ScreenError::Invalid(problems.list));
            }
        };
        let title = raw.title.get_ref().trim().to_owned();
        if title.is_empty() {
            problems.at(&raw.title.span(), "`title` is empty");
        }
        let pass_mark = *raw.pass_mark.get_ref();
        if !(0..=100).contains(&pass_mark) {
            problems.at(
                &raw.pass_mark.span(),
                format!("`pass_mark` is {pass_mark}; it must be 0..=100"),
            );
        }
        let feedback = match raw
            .feedback
            .as_ref()
            .map(|f| (f.get_ref().as_str(), f.span()))
        {
            None | Some(("nothing", _)) => FeedbackPolicy::Nothing,
            Some(("score", _)) => FeedbackPolicy::Score,
            Some(("full", _)) => FeedbackPolicy::Full,
            Some((other, span)) => {
                problems.at(
                    &span,
                    format!("`feedback` is `{other}`; it must be `nothing`, `score` or `full`"),
                );
                FeedbackPolicy::Nothing
            }
        };
        let scoring = match raw
            .scoring
            .as_ref()
            .map(|s| (s.get_ref().as_str(), s.span()))
        {
            None | Some(("rubric", _)) => {
                if let Some(model) = &raw.model {
                    problems.at(&model.span(), "`model` is only for `scoring = \"llm\"`");
                }
                Scoring::Rubric
            }
            Some(("llm", span)) => match &raw.model {
                Some(model) if !model.get_ref().trim().is_empty() => Scoring::Llm {
                    model: model.get_ref().trim().to_owned(),
                },
                _ => {
                    problems.at(
                        &span,
                        "`scoring = \"llm\"` needs `model`, the model that grades (results name it)",
                    );
                    Scoring::Rubric
                }
            },
            Some((other, span)) => {
                problems.at(
                    &span,
                    format!("`scoring` is `{other}`; it must be `rubric` or `llm`"),
                );
                Scoring::Rubric
            }
        };
        let question_secs = raw.question_secs.as_ref().and_then(|secs| {
            let value = *secs.get_ref();
            if (10..=86_400).contains(&value) {
                Some(value as u32)
            } else {
                problems.at(
                    &secs.span(),
                    format!("`question_secs` is {value}; it must be 10..=86400 seconds"),
                );
                None
            }
        });
        let total_secs = raw.total_minutes.as_ref().and_then(|minutes| {
            let value = *minutes.get_ref();
            if (1..=600).contains(&value) {
                Some(value as u64 * 60)
            } else {
                problems.at(
                    &minutes.span(),
                    format!("`total_minutes` is {value}; it must be 1..=600"),
                );
                None
            }
        });
        let base = path.parent().unwrap_or(Path::new("."));
        let banks = match &raw.banks {
            None => BankSpec {
                embedded: true,
                folders: Vec::new(),
            },
            Some(banks) => BankSpec {
                embedded: banks.embedded,
                folders: banks
                    .folders
                    .iter()
                    .map(|folder| {
                        let joined = base.join(folder.get_ref());
                        if !joined.is_dir() {
                            problems.at(
                                &folder.span(),
                                format!("bank folder `{}` is not a folder", joined.display()),
                            );
                        }
                        std::fs::canonicalize(&joined).unwrap_or(joined)
                    })
                    .collect(),
            },
        };
        let questions = questions(&raw, &mut problems);
        if !problems.list.is_empty() {
            return Err(ScreenError::Invalid(problems.list));
        }
        Ok(Screen {
            title,
            pass_mark: pass_mark as u32,
            hints: raw.hints,
            feedback,
            scoring,
            question_secs,
            total_secs,
            banks,
            questions: questions.expect("no problems means questions were read"),
            path: path.to_path_buf(),
            text,
            sha256,
        })
    }

    /// The question ids every candidate gets, in order: the fixed list checked against the
    /// bank, or the rule resolved with its seed. Problems are located in the screen file.
    pub fn resolve(&self, bank: &Bank) -> Result<Vec<String>, ScreenError> {
        let mut problems = Problems::new(&self.path, &self.text);
        let ids = match &self.questions {
            Questions::Fixed(ids) => {
                let mut seen: Vec<&str> = Vec::new();
                for (id, span) in ids {
                    if bank.get(id).is_none() {
                        let hint = bank
                            .suggest_id(id)
                            .map(|best| format!("; did you mean `{best}`?"))
                            .unwrap_or_else(|| "; `grill bank list` lists them".to_owned());
                        problems.at(span, format!("no question `{id}` in the banks{hint}"));
                    } else if seen.contains(&id.as_str()) {
                        problems.at(span, format!("question `{id}` is listed twice"));
                    }
                    seen.push(id);
                }
                ids.iter().map(|(id, _)| id.clone()).collect()
            }
            Questions::Rule { picks, seed } => pick::resolve(bank, picks, *seed, &mut problems),
        };
        if problems.list.is_empty() {
            Ok(ids)
        } else {
            Err(ScreenError::Invalid(problems.list))
        }
    }

    /// The time limit of a question: the screen's, or the question's own.
    pub fn limit_secs(&self, bank: &Bank, id: &str) -> u32 {
        self.question_secs.unwrap_or_else(|| {
            bank.get(id)
                .map_or(300, |item| item.question.time_limit_secs())
        })
    }
}

/// Reads `questions` or `seed` with `[[pick]]`: exactly one of them.
fn questions(raw: &Raw, problems: &mut Problems<'_>) -> Option<Questions> {
    match (&raw.questions, raw.pick.is_empty()) {
        (Some(list), true) => {
            if raw.seed.is_some() {
                let span = raw.seed.as_ref().map(Spanned::span).unwrap_or_default();
                problems.at(
                    &span,
                    "`seed` is only for `[[pick]]` rules, not a `questions` list",
                );
            }
            if list.get_ref().is_empty() {
                problems.at(&list.span(), "`questions` is empty");
            }
            Some(Questions::Fixed(
                list.get_ref()
                    .iter()
                    .map(|id| (id.get_ref().trim().to_owned(), id.span()))
                    .collect(),
            ))
        }
        (Some(list), false) => {
            problems.at(
                &list.span(),
                "give either `questions` or `[[pick]]` rules, not both",
            );
            None
        }
        (None, true) => {
            problems.at(
                &(0..0),
                "no questions: give `questions = [\"id\", ...]` or `seed` with `[[pick]]` rules",
            );
            None
        }
        (None, false) => {
            let seed = match &raw.seed {
                Some(seed) if *seed.get_ref() >= 0 => *seed.get_ref() as u64,
                Some(seed) => {
                    problems.at(&seed.span(), "`seed` must not be negative");
                    0
                }
                None => {
                    let span = raw.pick[0].span();
                    problems.at(
                        &span,
                        "`[[pick]]` rules need a `seed`, so every candidate gets the same questions",
                    );
                    0
                }
            };
            let mut picks = Vec::new();
            for rule in &raw.pick {
                let span = rule.span();
                let rule = rule.get_ref();
                let tier = match rule.tier.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
                    None => None,
                    Some((name, span)) => match name.parse::<Tier>() {
                        Ok(tier) => Some(tier),
                        Err(_) => {
                            problems
                                .at(&span, format!("tier `{name}` is not easy, medium or hard"));
                            None
                        }
                    },
                };
                let count = *rule.count.get_ref();
                if !(1..=100).contains(&count) {
                    problems.at(
                        &rule.count.span(),
                        format!("`count` is {count}; it must be 1..=100"),
                    );
                }
                picks.push(Pick {
                    topic: rule.topic.get_ref().trim().to_owned(),
                    tier,
                    count: count.clamp(0, 100) as usize,
                    span,
                });
            }
            Some(Questions::Rule { picks, seed })
        }
    }
}

/// The frozen form of a screen file: its text with the `seed` line and every `[[pick]]` table
/// commented out, and the `questions` list they resolved to written at the top. Comments and
/// every other field are kept as written.
pub fn frozen(text: &str, ids: &[String]) -> String {
    let list: Vec<String> = ids.iter().map(|id| format!("{id:?}")).collect();
    let mut out = format!(
        "# Frozen by `grill screen validate --freeze`: the [[pick]] rules below resolved to these.\nquestions = [{}]\n\n",
        list.join(", ")
    );
    let mut in_pick = false;
    let mut top_level = true;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            top_level = false;
            in_pick = trimmed.starts_with("[[pick]]");
        }
        let is_seed =
            top_level && trimmed.starts_with("seed") && trimmed[4..].trim_start().starts_with('=');
        if in_pick || is_seed {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
