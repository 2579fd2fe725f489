//! A candidate's result file: the hash-chained journal of one screen taken, written after every
//! answer. It holds what the candidate was asked and typed, with timing and integrity signals,
//! and every grading ever made of it with the hashes it was made under, so a later rescore never
//! erases an earlier score. [`Transcript`] is that file read back and checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::score::ScoreCard;
use crate::session::record::FeedbackPolicy;

use super::ScreenError;
use super::chain::{self, Break};
use super::pack::PackQuestion;
use super::signals::Signals;

/// The result format version.
pub const RESULT_VERSION: u32 = 1;

/// Where the screen was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// On a machine the recruiter controls (`grill screen run`).
    Hosted,
    /// On the candidate's machine from a pack (`grill screen take`).
    Sealed,
}

impl Mode {
    /// `hosted` or `sealed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Hosted => "hosted",
            Mode::Sealed => "sealed",
        }
    }
}

/// Why a screen ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ended {
    /// Every question was answered or skipped.
    Completed,
    /// The screen's time ran out.
    TimeUp,
    /// The candidate stopped (they may resume).
    Stopped,
}

/// One graded answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradedAnswer {
    /// The question number.
    pub n: usize,
    /// The question id.
    pub question: String,
    /// 0..100 (0 for a skipped, empty or unanswered question).
    pub score: u32,
    /// The grader's card (absent when there was nothing to grade).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<ScoreCard>,
    /// Why there is no card, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ungraded: Option<String>,
}

/// One grading of a whole result, with everything needed to say what produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grading {
    /// Unix seconds.
    pub graded: u64,
    /// `rubric` or `llm`.
    pub scoring: String,
    /// The model, for LLM scoring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The grill that graded.
    pub grill_version: String,
    /// The SHA-256 of the screen file graded against.
    pub screen_sha256: String,
    /// The SHA-256 of each rubric used, by question id.
    pub rubrics: BTreeMap<String, String>,
    /// Each answer's grade, in question order.
    pub answers: Vec<GradedAnswer>,
    /// The mean over every question of the screen, 0..100.
    pub total: f64,
    /// The screen's pass mark.
    pub pass_mark: u32,
    /// total >= pass mark.
    pub passed: bool,
    /// Why this grading was made: `graded`, `rescored`...
    pub reason: String,
    /// What did not match the screen (an altered pack, another screen file), for a person to
    /// weigh.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One line of a result file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Entry {
    /// The screen began.
    Start {
        /// [`RESULT_VERSION`].
        version: u32,
        /// The candidate's name as given.
        candidate: String,
        /// Hosted or sealed.
        mode: Mode,
        /// The screen's title.
        title: String,
        /// The SHA-256 of the screen file (as the pack recorded it, for a sealed take).
        screen_sha256: String,
        /// The grill that ran it.
        grill_version: String,
        /// Unix seconds (the candidate's clock, for a sealed take).
        started: u64,
        /// The questions, in order, as asked.
        questions: Vec<PackQuestion>,
        /// The whole screen's limit, in seconds.
        total_secs: Option<u64>,
        /// Whether hints were allowed.
        hints: bool,
        /// What the candidate saw after each answer.
        feedback: FeedbackPolicy,
    },
    /// A question was put to the candidate.
    Asked {
        /// 1-based number.
        n: usize,
        /// Screen time, ms.
        at: u64,
    },
    /// A hint was shown.
    Hint {
        /// The question number.
        n: usize,
        /// Which hint, 0-based.
        index: usize,
        /// Screen time, ms.
        at: u64,
    },
    /// An answer was submitted.
    Answered {
        /// The question number.
        n: usize,
        /// Verbatim.
        answer: String,
        /// Screen time, ms.
        at: u64,
        /// Time on the question, ms (kept across a resume).
        elapsed: u64,
        /// Time past the question's limit, ms.
        overtime: Option<u64>,
        /// How the answer arrived.
        signals: Signals,
    },
    /// The question was skipped.
    Skipped {
        /// The question number.
        n: usize,
        /// Screen time, ms.
        at: u64,
        /// Time on the question, ms.
        elapsed: u64,
    },
    /// Screen time, written every few seconds so a crash loses little of it.
    Tick {
        /// Screen time, ms.
        at: u64,
        /// Unix seconds.
        wall: u64,
    },
    /// The screen was resumed after it stopped; the clock goes on from where it was.
    Resumed {
        /// Screen time, ms.
        at: u64,
        /// Wall-clock seconds since the last line before it, when the clock allows.
        away_secs: Option<u64>,
    },
    /// The screen ended.
    Finished {
        /// Why.
        reason: Ended,
        /// Screen time, ms.
        at: u64,
    },
    /// The answers were graded.
    Graded(Grading),
}

impl Entry {
    /// Screen time of the entry, when it has one.
    pub fn at(&self) -> Option<u64> {
        match self {
            Entry::Asked { at, .. }
            | Entry::Hint { at, .. }
            | Entry::Answered { at, .. }
            | Entry::Skipped { at, .. }
            | Entry::Tick { at, .. }
            | Entry::Resumed { at, .. }
            | Entry::Finished { at, .. } => Some(*at),
            Entry::Start { .. } | Entry::Graded(_) => None,
        }
    }
}

/// One question of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// The question as asked.
    pub question: PackQuestion,
    /// When it was first asked (screen ms), if it was.
    pub asked: Option<u64>,
    /// The answer, verbatim, once given.
    pub answer: Option<String>,
    /// Skipped.
    pub skipped: bool,
    /// Time on the question, ms.
    pub elapsed: u64,
    /// Time past its limit, ms.
    pub overtime: Option<u64>,
    /// Hints shown.
    pub hints: usize,
    /// How the answer arrived.
    pub signals: Signals,
}

impl Turn {
    /// Whether nothing more is expected.
    pub fn done(&self) -> bool {
        self.answer.is_some() || self.skipped
    }
}

/// A result file read back.
#[derive(Debug, Clone)]
pub struct Transcript {
    /// The file.
    pub path: PathBuf,
    /// The candidate.
    pub candidate: String,
    /// Hosted or sealed.
    pub mode: Mode,
    /// The screen's title.
    pub title: String,
    /// The screen file's SHA-256 the candidate's side was made from.
    pub screen_sha256: String,
    /// The grill that ran it.
    pub grill_version: String,
    /// Unix seconds.
    pub started: u64,
    /// The whole screen's limit, in seconds.
    pub total_secs: Option<u64>,
    /// Hints allowed.
    pub hints: bool,
    /// Feedback shown.
    pub feedback: FeedbackPolicy,
    /// One per question, in order.
    pub turns: Vec<Turn>,
    /// How it ended, if it did.
    pub ended: Option<Ended>,
    /// The latest screen time recorded, ms.
    pub last_at: u64,
    /// Times it was resumed.
    pub resumes: usize,
    /// Wall-clock seconds spent away across resumes.
    pub away_secs: u64,
    /// The latest wall-clock time recorded (start or tick), Unix seconds.
    pub last_wall: u64,
    /// Every grading, oldest first.
    pub gradings: Vec<Grading>,
    /// Where the hash chain does not check out.
    pub breaks: Vec<Break>,
    /// The hash of the last good line.
    pub last_hash: String,
    /// Bytes up to the end of the last whole line.
    pub whole_len: u64,
}

impl Transcript {
    /// Reads and checks a result file. Only a file with no readable start fails; every other
    /// problem is kept in `breaks` for the report.
    pub fn load(path: &Path) -> Result<Transcript, ScreenError> {
        let read = chain::read(path).map_err(|source| ScreenError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut breaks = read.breaks;
        let mut entries = Vec::new();
        for (line, bytes) in &read.entries {
            match serde_json::from_slice::<Entry>(bytes) {
                Ok(entry) => entries.push((*line, entry)),
                Err(error) => breaks.push(Break {
                    line: *line,
                    what: format!("not a result entry ({error})"),
                }),
            }
        }
        let mut entries = entries.into_iter();
        let Some((
            _,
            Entry::Start {
                candidate,
                mode,
                title,
                screen_sha256,
                grill_version,
                started,
                questions,
                total_secs,
                hints,
                feedback,
                ..
            },
        )) = entries.next()
        else {
            return Err(ScreenError::BadResult {
                path: path.to_path_buf(),
                why: "not a screen result (it does not begin with a start entry)".into(),
            });
        };
        let mut transcript = Transcript {
            path: path.to_path_buf(),
            candidate,
            mode,
            title,
            screen_sha256,
            grill_version,
            started,
            total_secs,
            hints,
            feedback,
            turns: questions
                .into_iter()
                .map(|question| Turn {
                    question,
                    asked: None,
                    answer: None,
                    skipped: false,
                    elapsed: 0,
                    overtime: None,
                    hints: 0,
                    signals: Signals::default(),
                })
                .collect(),
            ended: None,
            last_at: 0,
            resumes: 0,
            away_secs: 0,
            last_wall: started,
            gradings: Vec::new(),
            breaks: Vec::new(),
            last_hash: read.last,
            whole_len: read.whole_len,
        };
        for (line, entry) in entries {
            if let Err(what) = transcript.apply(entry) {
                breaks.push(Break { line, what });
            }
        }
        breaks.sort_by_key(|b| b.line);
        transcript.breaks = breaks;
        Ok(transcript)
    }

    fn turn(&mut self, n: usize) -> Result<&mut Turn, String> {
        let count = self.turns.len();
        n.checked_sub(1)
            .and_then(|i| self.turns.get_mut(i))
            .ok_or_else(|| format!("names question {n}, but the screen has {count}"))
    }

    fn apply(&mut self, entry: Entry) -> Result<(), String> {
        if let Some(at) = entry.at() {
            self.last_at = self.last_at.max(at);
        }
        match entry {
            Entry::Start { .. } => return Err("a second start entry".into()),
            Entry::Asked { n, at } => {
                let turn = self.turn(n)?;
                turn.asked.get_or_insert(at);
            }
            Entry::Hint { n, index, .. } => {
                let turn = self.turn(n)?;
                turn.hints = turn.hints.max(index + 1);
            }
            Entry::Answered {
                n,
                answer,
                elapsed,
                overtime,
                signals,
                ..
            } => {
                let turn = self.turn(n)?;
                if turn.done() {
                    return Err(format!("question {n} is answered twice"));
                }
                turn.answer = Some(answer);
                turn.elapsed = elapsed;
                turn.overtime = overtime;
                turn.signals = signals;
            }
            Entry::Skipped { n, elapsed, .. } => {
                let turn = self.turn(n)?;
                if turn.done() {
                    return Err(format!("question {n} is answered twice"));
                }
                turn.skipped = true;
                turn.elapsed = elapsed;
            }
            Entry::Tick { wall, .. } => self.last_wall = self.last_wall.max(wall),
            Entry::Resumed { away_secs, .. } => {
                self.resumes += 1;
                self.away_secs += away_secs.unwrap_or(0);
                if self.ended == Some(Ended::Stopped) {
                    self.ended = None;
                }
            }
            Entry::Finished { reason, .. } => self.ended = Some(reason),
            Entry::Graded(grading) => self.gradings.push(grading),
        }
        Ok(())
    }

    /// The next question to ask (0-based), if any is left.
    pub fn next(&self) -> Option<usize> {
        self.turns.iter().position(|t| !t.done())
    }

    /// The latest grading.
    pub fn grading(&self) -> Option<&Grading> {
        self.gradings.last()
    }

    /// Time used, ms: the latest screen time recorded.
    pub fn time_used(&self) -> u64 {
        self.last_at
    }

    /// The question ids, in order.
    pub fn ids(&self) -> Vec<String> {
        self.turns.iter().map(|t| t.question.id.clone()).collect()
    }
}
