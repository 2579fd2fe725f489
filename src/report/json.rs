//! Every document as pretty JSON, for tools; the shapes are the data types' own.

use serde::Serialize;

use super::{Calibration, Format, HistoryRow, QuestionList, Report, TopicTable};

/// Pretty-printed JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

fn pretty<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("documents always serialise");
    out.push(b'\n');
    out
}

impl Format for Json {
    fn session(&self, report: &Report, _answers: bool) -> Vec<u8> {
        pretty(report)
    }

    fn history(&self, rows: &[HistoryRow]) -> Vec<u8> {
        pretty(rows)
    }

    fn calibration(&self, calibration: &Calibration) -> Vec<u8> {
        pretty(calibration)
    }

    fn questions(&self, list: &QuestionList) -> Vec<u8> {
        pretty(&list.questions)
    }

    fn topics(&self, table: &TopicTable) -> Vec<u8> {
        pretty(&table.topics)
    }

    fn stats(&self, stats: &crate::stats::Stats) -> Vec<u8> {
        pretty(stats)
    }
}
