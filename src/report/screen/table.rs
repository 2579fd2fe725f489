//! The screen report as aligned text for the terminal: the ranked candidates, then the questions
//! with their statistics and the concepts most often missed.

use std::fmt::Write as _;

use crate::sanitize::single_line;

use super::{Render, ScreenReport, mmss, score, verdict};

/// An aligned table.
pub struct Table;

impl Render for Table {
    fn render(&self, report: &ScreenReport) -> Vec<u8> {
        let mut out = String::new();
        let _ = writeln!(out, "{}", single_line(&report.title));
        if let Some(mark) = report.pass_mark {
            let _ = writeln!(out, "pass mark {mark}");
        }
        let _ = writeln!(out);
        let mut header: Vec<String> = vec![
            "#".into(),
            "candidate".into(),
            "total".into(),
            "result".into(),
        ];
        header.extend(report.topics.iter().cloned());
        header.extend([
            "time".into(),
            "status".into(),
            "flags".into(),
            "integrity".into(),
        ]);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut table = crate::table::Table::new(&header);
        for row in &report.candidates {
            let mut cells = vec![
                row.rank.map_or_else(|| "-".into(), |r| r.to_string()),
                single_line(&row.candidate).into_owned(),
                score(row.total),
                verdict(row.passed).to_owned(),
            ];
            cells.extend(row.topics.iter().map(|t| score(*t)));
            cells.extend([
                mmss(row.time_used_secs),
                row.status.clone(),
                row.flag_summary(),
                row.integrity_summary(),
            ]);
            table.row(cells);
        }
        out.push_str(&table.render(None));
        let _ = writeln!(out);
        let mut questions = crate::table::Table::new(&[
            "q",
            "question",
            "topic",
            "graded",
            "mean",
            "spread",
            "passed %",
            "most missed",
        ]);
        for stat in &report.question_stats {
            let worst = stat
                .concepts
                .iter()
                .filter(|c| c.missed + c.named > 0)
                .max_by_key(|c| (c.missed + c.named, std::cmp::Reverse(c.id.clone())))
                .map_or_else(
                    || "-".into(),
                    |c| {
                        format!(
                            "{} (missed {}, named {} of {})",
                            c.label, c.missed, c.named, c.graded
                        )
                    },
                );
            questions.row(vec![
                stat.question.n.to_string(),
                stat.question.id.clone(),
                stat.question.topic.clone(),
                stat.graded.to_string(),
                score(stat.mean),
                score(stat.spread),
                score(stat.pass_rate),
                worst,
            ]);
        }
        out.push_str(&questions.render(None));
        for note in &report.notes {
            let _ = writeln!(out, "\nnote: {}", single_line(note));
        }
        out.into_bytes()
    }
}
