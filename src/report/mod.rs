//! Every document grill prints or exports, as data (a session's report, the history, a
//! calibration, bank listings), and one module per format behind [`Format`], which turns any of
//! them into bytes. [`Document::emit`] writes the bytes to standard output or a file.

mod bank;
pub mod chart;
mod graded;
mod history;
mod html;
mod json;
mod markdown;
pub mod screen;
mod session;
mod stats;
pub mod svg;
mod terminal;

use std::fmt::Write as _;
use std::time::Duration;

use crate::output::{self, Target};
use crate::session::timing;
use crate::stats::Stats;

pub use crate::agreement::{Calibration, Disagreement};
pub use bank::{ListedQuestion, QuestionList, TopicCounts, TopicTable};
pub use graded::GradedLine;
pub use history::HistoryRow;
pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use session::{Bar, ConceptRow, FollowUpRow, MisconceptionRow, QuestionRow, Report, StudyItem};
pub use terminal::Terminal;

/// A format: renders every kind of document grill prints.
pub trait Format {
    /// A session's report; `answers` adds every answer verbatim.
    fn session(&self, report: &Report, answers: bool) -> Vec<u8>;
    /// The saved sessions.
    fn history(&self, rows: &[HistoryRow]) -> Vec<u8>;
    /// Agreement with human grades.
    fn calibration(&self, calibration: &Calibration) -> Vec<u8>;
    /// Questions of the bank.
    fn questions(&self, list: &QuestionList) -> Vec<u8>;
    /// Question counts per topic and tier.
    fn topics(&self, table: &TopicTable) -> Vec<u8>;
    /// Progress over all sessions: averages, trends, reviews due.
    fn stats(&self, stats: &Stats) -> Vec<u8>;
}

/// One document to render.
#[derive(Debug, Clone, Copy)]
pub enum Document<'a> {
    /// A session's report.
    Session {
        /// The report.
        report: &'a Report,
        /// Whether to include the answers verbatim.
        answers: bool,
    },
    /// The saved sessions.
    History(&'a [HistoryRow]),
    /// Agreement with human grades.
    Calibration(&'a Calibration),
    /// Questions of the bank.
    Questions(&'a QuestionList),
    /// Question counts per topic.
    Topics(&'a TopicTable),
    /// Progress over all sessions.
    Stats(&'a Stats),
}

impl Document<'_> {
    /// The document's bytes in `format`.
    pub fn render(&self, format: output::Format) -> Vec<u8> {
        let renderer: &dyn Format = match format {
            output::Format::Text => &Terminal,
            output::Format::Markdown => &Markdown,
            output::Format::Json => &Json,
            output::Format::Html => &Html,
        };
        match *self {
            Document::Session { report, answers } => renderer.session(report, answers),
            Document::History(rows) => renderer.history(rows),
            Document::Calibration(calibration) => renderer.calibration(calibration),
            Document::Questions(list) => renderer.questions(list),
            Document::Topics(table) => renderer.topics(table),
            Document::Stats(stats) => renderer.stats(stats),
        }
    }

    /// Renders the document and writes it to `target`; styles reach a terminal only (anstream
    /// strips them from standard output as colour settings say, and they never go to a file).
    pub fn emit(&self, format: output::Format, target: &Target) -> std::io::Result<()> {
        let bytes = self.render(format);
        match target {
            Target::File(_) if format == output::Format::Text => {
                let plain: Vec<u8> = anstream::adapter::strip_bytes(&bytes).into_vec();
                target.write(&plain)
            }
            Target::Stdout if format == output::Format::Text => {
                let width = crate::table::stdout_width();
                let text = crate::wrap::fill(&String::from_utf8_lossy(&bytes), width);
                target.write(text.as_bytes())
            }
            _ => target.write(&bytes),
        }
    }
}

/// How a tier mode reads in a header: `adaptive tiers`, `mixed tiers`, `easy tier`, or
/// `chosen questions` for a `--question` list.
pub fn tiers_label(mode: &str) -> String {
    match mode {
        "adaptive" | "mixed" => format!("{mode} tiers"),
        "chosen" => "chosen questions".to_owned(),
        fixed => format!("{fixed} tier"),
    }
}

/// A term added to a formula: `+ 0.392` or `- 0.392`, never `+ -0.392`.
fn signed(value: f64) -> String {
    if value < 0.0 {
        format!("- {:.3}", -value)
    } else {
        format!("+ {value:.3}")
    }
}

/// `secs` as `m:ss`, as the interview shows durations.
fn mmss(secs: u64) -> String {
    timing::mmss(Duration::from_secs(secs))
}

/// Writes `text` (a candidate's answer) line by line, each line after `prefix`, its control
/// characters shown visibly.
fn quote_lines(out: &mut String, prefix: &str, text: &str) {
    for line in crate::sanitize::for_terminal(text).lines() {
        let _ = writeln!(out, "{prefix}{line}");
    }
}

/// A bar of `width` cells for a 0..100 score.
fn bar(average: u32, width: usize) -> (String, String) {
    let filled = (average as usize * width + 50) / 100;
    (
        "█".repeat(filled.min(width)),
        "░".repeat(width - filled.min(width)),
    )
}

#[cfg(test)]
mod tests;
