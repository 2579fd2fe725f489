//! The screen report: candidates of one screen side by side, ranked, with per-question
//! statistics to spot a broken question. [`ScreenReport`] is the data; one module per format
//! renders it behind [`Render`] (table, md, csv, json, html).

mod csv;
mod html;
mod json;
mod md;
mod svg;
mod table;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::output::Target;
use crate::score::Status;
use crate::screen::chain::Break;
use crate::screen::result::{Ended, Transcript};
use crate::screen::signals::{self, Flag};

/// A screen report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenFormat {
    /// An aligned table.
    Table,
    /// Markdown.
    Markdown,
    /// CSV, one row per candidate.
    Csv,
    /// JSON.
    Json,
    /// One self-contained HTML page.
    Html,
}

impl ScreenFormat {
    /// The format a file's extension asks for.
    pub fn for_path(path: &std::path::Path) -> Option<ScreenFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(ScreenFormat::Markdown),
            "csv" => Some(ScreenFormat::Csv),
            "json" => Some(ScreenFormat::Json),
            "html" | "htm" => Some(ScreenFormat::Html),
            "txt" => Some(ScreenFormat::Table),
            _ => None,
        }
    }
}

impl From<crate::cli::ScreenFormatArg> for ScreenFormat {
    fn from(arg: crate::cli::ScreenFormatArg) -> Self {
        use crate::cli::ScreenFormatArg as A;
        match arg {
            A::Table => ScreenFormat::Table,
            A::Md => ScreenFormat::Markdown,
            A::Csv => ScreenFormat::Csv,
            A::Json => ScreenFormat::Json,
            A::Html => ScreenFormat::Html,
        }
    }
}

/// One format of the screen report.
pub trait Render {
    /// The report's bytes.
    fn render(&self, report: &ScreenReport) -> Vec<u8>;
}

/// One question of the screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionInfo {
    /// 1-based.
    pub n: usize,
    /// The id.
    pub id: String,
    /// Its topic.
    pub topic: String,
}

/// One candidate's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateRow {
    /// 1-based rank among graded candidates (ties share a rank).
    pub rank: Option<usize>,
    /// The candidate's name.
    pub candidate: String,
    /// The result file's name.
    pub file: String,
    /// `hosted` or `sealed`.
    pub mode: String,
    /// The latest grading's total, 0..100.
    pub total: Option<f64>,
    /// Whether the total reaches the pass mark.
    pub passed: Option<bool>,
    /// Mean score per topic, in the order of [`ScreenReport::topics`].
    pub topics: Vec<Option<f64>>,
    /// Score per question, in order.
    pub scores: Vec<Option<u32>>,
    /// Time, flags and weak concepts per question, in order.
    pub answers: Vec<AnswerCell>,
    /// Screen time used, seconds.
    pub time_used_secs: u64,
    /// `completed`, `time-up`, `stopped` or `in progress`.
    pub status: String,
    /// Integrity flags and how many answers raised each.
    pub flags: BTreeMap<String, usize>,
    /// Where the result file's hash chain does not check out.
    pub integrity: Vec<Break>,
    /// Times resumed.
    pub resumes: usize,
    /// How it was graded: `rubric`, or `llm:<model>`; absent when not graded.
    pub scoring: Option<String>,
    /// How many gradings the file holds (rescores add one each).
    pub gradings: usize,
    /// The SHA-256 of the screen file the result was taken from.
    pub screen_sha256: String,
}

impl CandidateRow {
    /// The flags as `name×count, ...` (or `-`).
    pub fn flag_summary(&self) -> String {
        if self.flags.is_empty() {
            return "-".into();
        }
        self.flags
            .iter()
            .map(|(flag, n)| {
                if *n == 1 {
                    flag.clone()
                } else {
                    format!("{flag}×{n}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `ok`, or how many chain breaks.
    pub fn integrity_summary(&self) -> String {
        match self.integrity.len() {
            0 => "ok".into(),
            1 => format!("BROKEN at line {}", self.integrity[0].line),
            n => format!(
                "BROKEN ({n} problems, first at line {})",
                self.integrity[0].line
            ),
        }
    }
}

/// One answer of a candidate, beyond its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerCell {
    /// Seconds spent on it (absent when the question was never answered or skipped).
    pub secs: Option<u64>,
    /// The integrity flags it raised.
    pub flags: Vec<String>,
    /// The concepts the grading did not credit, each with its status (recruiter's eyes only).
    pub weak: Vec<String>,
}

/// How often a concept of a question fared this way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptStat {
    /// The concept's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Answers graded.
    pub graded: usize,
    /// Missed (or negated, or wrongly defined).
    pub missed: usize,
    /// Named but not explained.
    pub named: usize,
}

/// Statistics of one question over every graded candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionStats {
    /// The question.
    pub question: QuestionInfo,
    /// Candidates graded on it.
    pub graded: usize,
    /// Mean score.
    pub mean: Option<f64>,
    /// Standard deviation of the scores.
    pub spread: Option<f64>,
    /// Share of candidates who passed it (its rubric's pass mark).
    pub pass_rate: Option<f64>,
    /// Each concept, in rubric order.
    pub concepts: Vec<ConceptStat>,
}

/// The report on one screen's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenReport {
    /// The screen's title.
    pub title: String,
    /// The pass mark of the latest gradings.
    pub pass_mark: Option<u32>,
    /// The topics, in order of first appearance.
    pub topics: Vec<String>,
    /// The questions, in order.
    pub questions: Vec<QuestionInfo>,
    /// One row per candidate, best first; ungraded candidates last.
    pub candidates: Vec<CandidateRow>,
    /// One per question.
    pub question_stats: Vec<QuestionStats>,
    /// Things a reviewer must know: mixed screens, unreadable files.
    pub notes: Vec<String>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn status(transcript: &Transcript) -> &'static str {
    match transcript.ended {
        Some(Ended::Completed) => "completed",
        Some(Ended::TimeUp) => "time-up",
        Some(Ended::Stopped) => "stopped",
        None => "in progress",
    }
}

impl ScreenReport {
    /// The report on these results; `notes` carries problems found while reading them.
    pub fn build(transcripts: &[Transcript], mut notes: Vec<String>) -> ScreenReport {
        let first = transcripts.first();
        let title = first.map_or_else(String::new, |t| t.title.clone());
        let questions: Vec<QuestionInfo> = first.map_or_else(Vec::new, |t| {
            t.turns
                .iter()
                .enumerate()
                .map(|(i, turn)| QuestionInfo {
                    n: i + 1,
                    id: turn.question.id.clone(),
                    topic: turn.question.topic.clone(),
                })
                .collect()
        });
        let mut topics: Vec<String> = Vec::new();
        for q in &questions {
            if !topics.contains(&q.topic) {
                topics.push(q.topic.clone());
            }
        }
        let hashes: std::collections::BTreeSet<&str> = transcripts
            .iter()
            .map(|t| t.screen_sha256.as_str())
            .collect();
        if hashes.len() > 1 {
            notes.push(format!(
                "these results come from {} different screen files (see each candidate's screen hash): compare with care",
                hashes.len()
            ));
        }
        for t in transcripts {
            for warning in t.grading().map_or(&[][..], |g| &g.warnings[..]) {
                notes.push(format!("{}: {warning}", t.candidate));
            }
        }
        let mut candidates: Vec<CandidateRow> = transcripts
            .iter()
            .map(|t| row(t, &topics, &questions))
            .collect();
        candidates.sort_by(|a, b| {
            b.total
                .unwrap_or(-1.0)
                .total_cmp(&a.total.unwrap_or(-1.0))
                .then_with(|| a.candidate.cmp(&b.candidate))
        });
        let mut rank = 0;
        let mut last: Option<f64> = None;
        for (i, candidate) in candidates.iter_mut().enumerate() {
            if let Some(total) = candidate.total {
                if last != Some(total) {
                    rank = i + 1;
                    last = Some(total);
                }
                candidate.rank = Some(rank);
            }
        }
        let question_stats = questions.iter().map(|q| stats(q, transcripts)).collect();
        ScreenReport {
            title,
            pass_mark: transcripts
                .iter()
                .filter_map(|t| t.grading())
                .map(|g| g.pass_mark)
                .next(),
            topics,
            questions,
            candidates,
            question_stats,
            notes,
        }
    }

    /// Renders the report in `format` and writes it to `target`.
    /// The table's styles reach a terminal only: anstream strips them from standard output as
    /// colour settings say, and they never go to a file.
    pub fn emit(&self, format: ScreenFormat, target: &Target) -> std::io::Result<()> {
        let bytes = self.render(format);
        match target {
            Target::File(_) if format == ScreenFormat::Table => {
                target.write(&anstream::adapter::strip_bytes(&bytes).into_vec())
            }
            _ => target.write(&bytes),
        }
    }

    /// The report's bytes in `format`.
    pub fn render(&self, format: ScreenFormat) -> Vec<u8> {
        let renderer: &dyn Render = match format {
            ScreenFormat::Table => &table::Table,
            ScreenFormat::Markdown => &md::Markdown,
            ScreenFormat::Csv => &csv::Csv,
            ScreenFormat::Json => &json::Json,
            ScreenFormat::Html => &html::Html,
        };
        renderer.render(self)
    }
}

/// One candidate's row.
fn row(t: &Transcript, topics: &[String], questions: &[QuestionInfo]) -> CandidateRow {
    let grading = t.grading();
    let scores: Vec<Option<u32>> = (0..questions.len())
        .map(|i| grading.and_then(|g| g.answers.get(i)).map(|a| a.score))
        .collect();
    let topic_scores = topics
        .iter()
        .map(|topic| {
            let of: Vec<u32> = questions
                .iter()
                .zip(&scores)
                .filter(|(q, _)| &q.topic == topic)
                .filter_map(|(_, s)| *s)
                .collect();
            (!of.is_empty())
                .then(|| round1(of.iter().map(|&s| f64::from(s)).sum::<f64>() / of.len() as f64))
        })
        .collect();
    let mut flags: BTreeMap<String, usize> = BTreeMap::new();
    let mut answers = Vec::new();
    for (i, turn) in t.turns.iter().enumerate() {
        let graded = grading.and_then(|g| g.answers.get(i));
        let weak = graded
            .and_then(|a| a.card.as_ref())
            .map(|card| {
                card.concepts
                    .iter()
                    .filter(|c| !matches!(c.status, Status::Hit | Status::Partial))
                    .map(|c| format!("{} ({})", c.label, c.status.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        if !turn.done() {
            answers.push(AnswerCell {
                secs: None,
                flags: Vec::new(),
                weak,
            });
            continue;
        }
        let mut raised = signals::flags(
            &turn.signals,
            turn.elapsed,
            turn.overtime.is_some(),
            turn.hints,
        );
        if turn.skipped && !raised.contains(&Flag::Empty) {
            raised.push(Flag::Empty);
        }
        for flag in &raised {
            *flags.entry(flag.as_str().to_owned()).or_default() += 1;
        }
        answers.push(AnswerCell {
            secs: Some(turn.elapsed / 1000),
            flags: raised.iter().map(|f| f.as_str().to_owned()).collect(),
            weak,
        });
    }
    CandidateRow {
        rank: None,
        candidate: t.candidate.clone(),
        file: t
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        mode: t.mode.as_str().to_owned(),
        total: grading.map(|g| g.total),
        passed: grading.map(|g| g.passed),
        topics: topic_scores,
        scores,
        answers,
        time_used_secs: t.time_used() / 1000,
        status: status(t).to_owned(),
        flags,
        integrity: t.breaks.clone(),
        resumes: t.resumes,
        scoring: grading.map(|g| match &g.model {
            Some(model) => format!("{}:{model}", g.scoring),
            None => g.scoring.clone(),
        }),
        gradings: t.gradings.len(),
        screen_sha256: t.screen_sha256.clone(),
    }
}

/// One question's statistics.
fn stats(q: &QuestionInfo, transcripts: &[Transcript]) -> QuestionStats {
    let mut scores = Vec::new();
    let mut passed = 0;
    let mut concepts: Vec<ConceptStat> = Vec::new();
    for t in transcripts {
        let Some(answer) = t.grading().and_then(|g| g.answers.get(q.n - 1)) else {
            continue;
        };
        if answer.question != q.id {
            continue;
        }
        scores.push(f64::from(answer.score));
        let Some(card) = &answer.card else { continue };
        if card.pass {
            passed += 1;
        }
        for concept in &card.concepts {
            let index = match concepts.iter().position(|c| *c.id == *concept.id) {
                Some(index) => index,
                None => {
                    concepts.push(ConceptStat {
                        id: concept.id.to_string(),
                        label: concept.label.to_string(),
                        graded: 0,
                        missed: 0,
                        named: 0,
                    });
                    concepts.len() - 1
                }
            };
            let stat = &mut concepts[index];
            stat.graded += 1;
            match concept.status {
                Status::Missed | Status::Negated | Status::WrongDefinition => stat.missed += 1,
                Status::Named => stat.named += 1,
                Status::Hit | Status::Partial => {}
            }
        }
    }
    let n = scores.len();
    let mean = (n > 0).then(|| scores.iter().sum::<f64>() / n as f64);
    let spread =
        mean.map(|mean| (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n as f64).sqrt());
    QuestionStats {
        question: q.clone(),
        graded: n,
        mean: mean.map(round1),
        spread: spread.map(round1),
        pass_rate: (n > 0).then(|| round1(passed as f64 / n as f64 * 100.0)),
        concepts,
    }
}

/// Seconds as `m:ss`, for the screen's candidate side too.
pub fn mmss_pub(secs: u64) -> String {
    mmss(secs)
}

/// Seconds as `m:ss`.
pub(crate) fn mmss(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// One answer in a cell: `72 · 3:12 · paste, overtime` (`-` when never reached).
pub(crate) fn answer_cell(score: Option<u32>, answer: &AnswerCell) -> String {
    if answer.secs.is_none() && score.is_none_or(|s| s == 0) {
        return "not answered".into();
    }
    let mut parts = vec![score.map_or_else(|| "-".into(), |s| s.to_string())];
    if let Some(secs) = answer.secs {
        parts.push(mmss(secs));
    }
    if !answer.flags.is_empty() {
        parts.push(answer.flags.join(", "));
    }
    parts.join(" · ")
}

/// A score to one decimal, or `-`.
pub(crate) fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:.1}"))
}

/// `pass`, `fail` or `not graded`.
pub(crate) fn verdict(passed: Option<bool>) -> &'static str {
    match passed {
        Some(true) => "pass",
        Some(false) => "fail",
        None => "not graded",
    }
}
