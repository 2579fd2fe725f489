//! The screen report as Markdown: candidates ranked, per-question statistics, every concept's
//! misses, and the notes a reviewer must read.

use std::fmt::Write as _;

use super::{Render, ScreenReport, answer_cell, mmss, score, verdict};

/// Markdown.
pub struct Markdown;

/// Text safe in a Markdown table cell: one line, pipes and markup escaped.
fn cell(text: &str) -> String {
    let mut out = String::new();
    for c in crate::sanitize::single_line(text).chars() {
        if matches!(c, '|' | '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Render for Markdown {
    fn render(&self, report: &ScreenReport) -> Vec<u8> {
        let mut out = String::new();
        let _ = writeln!(out, "# Screen report: {}\n", cell(&report.title));
        if let Some(mark) = report.pass_mark {
            let _ = writeln!(
                out,
                "Pass mark: {mark}. Candidates: {}.\n",
                report.candidates.len()
            );
        }
        let _ = writeln!(out, "## Candidates\n");
        let mut head = vec!["#", "candidate", "total", "result"];
        head.extend(report.topics.iter().map(String::as_str));
        head.extend(["time", "status", "flags", "integrity"]);
        let _ = writeln!(
            out,
            "| {} |",
            head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")
        );
        let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
        for row in &report.candidates {
            let mut cells = vec![
                row.rank.map_or_else(|| "-".into(), |r| r.to_string()),
                cell(&row.candidate),
                score(row.total),
                verdict(row.passed).to_owned(),
            ];
            cells.extend(row.topics.iter().map(|t| score(*t)));
            cells.extend([
                mmss(row.time_used_secs),
                row.status.clone(),
                cell(&row.flag_summary()),
                cell(&row.integrity_summary()),
            ]);
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        let _ = writeln!(out, "\n## Answers\n");
        let _ = writeln!(
            out,
            "Score · time · flags per question; flags are evidence for a person to review, never a verdict.\n"
        );
        let mut head = vec!["candidate".to_owned()];
        head.extend(
            report
                .questions
                .iter()
                .map(|q| format!("Q{} {}", q.n, cell(&q.id))),
        );
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
        for row in &report.candidates {
            let cells: Vec<String> = row
                .scores
                .iter()
                .zip(&row.answers)
                .map(|(s, a)| cell(&answer_cell(*s, a)))
                .collect();
            let _ = writeln!(out, "| {} | {} |", cell(&row.candidate), cells.join(" | "));
        }
        let _ = writeln!(out, "\n## Where each candidate was weak\n");
        for row in &report.candidates {
            let weak: Vec<String> = report
                .questions
                .iter()
                .zip(&row.answers)
                .filter(|(_, a)| !a.weak.is_empty())
                .map(|(q, a)| {
                    format!(
                        "Q{}: {}",
                        q.n,
                        a.weak
                            .iter()
                            .map(|w| cell(w))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                })
                .collect();
            if weak.is_empty() {
                continue;
            }
            let _ = writeln!(out, "- **{}**: {}", cell(&row.candidate), weak.join(" / "));
        }
        let _ = writeln!(out, "\n## Questions\n");
        let _ = writeln!(
            out,
            "| q | question | topic | graded | mean | spread | passed % |"
        );
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |");
        for stat in &report.question_stats {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                stat.question.n,
                cell(&stat.question.id),
                cell(&stat.question.topic),
                stat.graded,
                score(stat.mean),
                score(stat.spread),
                score(stat.pass_rate)
            );
        }
        for stat in &report.question_stats {
            let _ = writeln!(
                out,
                "\n### Q{} {}\n",
                stat.question.n,
                cell(&stat.question.id)
            );
            if stat.concepts.is_empty() {
                let _ = writeln!(out, "No graded answer yet.");
                continue;
            }
            let _ = writeln!(out, "| concept | missed | named, not explained | graded |");
            let _ = writeln!(out, "| --- | --- | --- | --- |");
            for c in &stat.concepts {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    cell(&c.label),
                    c.missed,
                    c.named,
                    c.graded
                );
            }
        }
        let _ = writeln!(out, "\n## Provenance\n");
        for row in &report.candidates {
            let _ = writeln!(
                out,
                "- {} ({}): {} mode, scoring {}, {} grading{}, screen sha256 `{}`",
                cell(&row.candidate),
                cell(&row.file),
                row.mode,
                row.scoring.as_deref().unwrap_or("none yet"),
                row.gradings,
                if row.gradings == 1 { "" } else { "s" },
                row.screen_sha256
            );
        }
        if !report.notes.is_empty() {
            let _ = writeln!(out, "\n## Notes\n");
            for note in &report.notes {
                let _ = writeln!(out, "- {}", cell(note));
            }
        }
        out.into_bytes()
    }
}
