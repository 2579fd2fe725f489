//! The screen report as CSV (RFC 4180): a header row, then one row per candidate, ranked. Fields
//! are quoted when they hold a comma, a quote or a line break; lines end with CRLF. A field that
//! a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.

use super::{Render, ScreenReport, mmss, verdict};

/// CSV.
pub struct Csv;

/// One field, quoted as RFC 4180 asks and defused for spreadsheets.
pub(crate) fn field(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn line(out: &mut String, cells: &[String]) {
    let fields: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

impl Render for Csv {
    fn render(&self, report: &ScreenReport) -> Vec<u8> {
        let mut out = String::new();
        let mut header: Vec<String> = ["rank", "candidate", "total", "result"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        header.extend(report.topics.iter().map(|t| format!("topic: {t}")));
        header.extend(
            report
                .questions
                .iter()
                .map(|q| format!("q{} {}", q.n, q.id)),
        );
        header.extend(report.questions.iter().map(|q| format!("q{} seconds", q.n)));
        header.extend(
            [
                "time used",
                "status",
                "flags",
                "integrity",
                "mode",
                "scoring",
                "gradings",
                "file",
                "screen sha256",
            ]
            .iter()
            .map(|s| (*s).to_owned()),
        );
        line(&mut out, &header);
        let num = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.1}"));
        for row in &report.candidates {
            let mut cells = vec![
                row.rank.map_or_else(String::new, |r| r.to_string()),
                row.candidate.clone(),
                num(row.total),
                verdict(row.passed).to_owned(),
            ];
            cells.extend(row.topics.iter().map(|t| num(*t)));
            cells.extend(
                row.scores
                    .iter()
                    .map(|s| s.map_or_else(String::new, |s| s.to_string())),
            );
            cells.extend(
                row.answers
                    .iter()
                    .map(|a| a.secs.map_or_else(String::new, |s| s.to_string())),
            );
            cells.extend([
                mmss(row.time_used_secs),
                row.status.clone(),
                if row.flags.is_empty() {
                    String::new()
                } else {
                    row.flag_summary()
                },
                row.integrity_summary(),
                row.mode.clone(),
                row.scoring.clone().unwrap_or_default(),
                row.gradings.to_string(),
                row.file.clone(),
                row.screen_sha256.clone(),
            ]);
            line(&mut out, &cells);
        }
        out.into_bytes()
    }
}
