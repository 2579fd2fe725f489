//! The screen report as one self-contained HTML page: inline CSS and SVG (the distribution of
//! totals, a candidates x topics heat map, per-question difficulty), no JavaScript, nothing
//! fetched from the network, and a print style sheet so it prints on paper as it reads on screen.

use std::fmt::Write as _;

use crate::sanitize::for_html;

use super::{Render, ScreenReport, answer_cell, mmss, score, svg, verdict};

/// HTML.
pub struct Html;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#222;max-width:1100px}\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}\
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#f3f3f3}td.num{text-align:right}\
.pass{color:#1a7f37;font-weight:600}.fail{color:#b42318;font-weight:600}\
.broken{color:#b42318;font-weight:600}.note{background:#fff8e1;padding:.5rem;border-left:4px solid #f0b400}\
.charts{display:flex;flex-wrap:wrap;gap:2rem}figure{margin:0}figcaption{font-size:.85rem;color:#555}\
.small{font-size:.8rem;color:#555}code{font-size:.8rem;word-break:break-all}\
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table,figure{page-break-inside:avoid}\
th{background:#eee !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}\
svg rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

impl Render for Html {
    fn render(&self, report: &ScreenReport) -> Vec<u8> {
        let mut out = String::new();
        let title = for_html(&report.title);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Screen report: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Screen report: {title}</h1>\n"
        );
        let passed = report
            .candidates
            .iter()
            .filter(|c| c.passed == Some(true))
            .count();
        let graded = report
            .candidates
            .iter()
            .filter(|c| c.total.is_some())
            .count();
        let _ = writeln!(
            out,
            "<p>{} candidate{}, {graded} graded, {passed} passed{}.</p>",
            report.candidates.len(),
            if report.candidates.len() == 1 {
                ""
            } else {
                "s"
            },
            report
                .pass_mark
                .map(|m| format!(" (pass mark {m})"))
                .unwrap_or_default()
        );
        for note in &report.notes {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", for_html(note));
        }
        out.push_str("<h2>Candidates</h2>\n<table>\n<thead><tr><th>#</th><th>candidate</th><th>total</th><th>result</th>");
        for topic in &report.topics {
            let _ = write!(out, "<th>{}</th>", for_html(topic));
        }
        out.push_str(
            "<th>time</th><th>status</th><th>flags</th><th>integrity</th></tr></thead>\n<tbody>\n",
        );
        for row in &report.candidates {
            let class = match row.passed {
                Some(true) => "pass",
                Some(false) => "fail",
                None => "",
            };
            let _ = write!(
                out,
                "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"{class}\">{}</td>",
                row.rank.map_or_else(|| "-".into(), |r| r.to_string()),
                for_html(&row.candidate),
                score(row.total),
                verdict(row.passed)
            );
            for topic in &row.topics {
                let _ = write!(out, "<td class=\"num\">{}</td>", score(*topic));
            }
            let integrity = row.integrity_summary();
            let _ = writeln!(
                out,
                "<td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
                mmss(row.time_used_secs),
                for_html(&row.status),
                for_html(&row.flag_summary()),
                if row.integrity.is_empty() {
                    ""
                } else {
                    "broken"
                },
                for_html(&integrity)
            );
        }
        out.push_str("</tbody>\n</table>\n<p class=\"small\">Flags are evidence for a person to review, never a verdict: overtime, idle (a gap of 2 minutes or more between keys), paste (text arrived as a bracketed paste), fast (more text than keys pressed, or faster than typing allows), focus-lost (where the terminal reports it), hints, empty (empty or skipped).</p>\n");
        let totals: Vec<f64> = report.candidates.iter().filter_map(|c| c.total).collect();
        let heat: Vec<(String, Vec<Option<f64>>)> = report
            .candidates
            .iter()
            .map(|c| (c.candidate.clone(), c.topics.clone()))
            .collect();
        let questions: Vec<(String, Option<f64>, Option<f64>)> = report
            .question_stats
            .iter()
            .map(|q| {
                (
                    format!("Q{} {}", q.question.n, q.question.id),
                    q.mean,
                    q.spread,
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<h2>Charts</h2>\n<div class=\"charts\">\n<figure>{}<figcaption>Distribution of totals</figcaption></figure>\n<figure>{}<figcaption>Candidates x topics (mean score)</figcaption></figure>\n<figure>{}<figcaption>Mean score per question, with its spread</figcaption></figure>\n</div>",
            svg::distribution(&totals, report.pass_mark),
            svg::heat_map(&heat, &report.topics),
            svg::difficulty(&questions)
        );
        out.push_str("<h2>Questions</h2>\n<table>\n<thead><tr><th>q</th><th>question</th><th>topic</th><th>graded</th><th>mean</th><th>spread</th><th>passed %</th><th>concepts missed / named, not explained</th></tr></thead>\n<tbody>\n");
        for stat in &report.question_stats {
            let concepts: Vec<String> = stat
                .concepts
                .iter()
                .map(|c| {
                    format!(
                        "{}: {} missed, {} named",
                        for_html(&c.label),
                        c.missed,
                        c.named
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                stat.question.n,
                for_html(&stat.question.id),
                for_html(&stat.question.topic),
                stat.graded,
                score(stat.mean),
                score(stat.spread),
                score(stat.pass_rate),
                concepts.join("<br>")
            );
        }
        out.push_str("</tbody>\n</table>\n");
        out.push_str("<h2>Answers</h2>\n<p class=\"small\">Score · time · flags for each question, and the concepts the grading did not credit.</p>\n<table>\n<thead><tr><th>candidate</th>");
        for q in &report.questions {
            let _ = write!(out, "<th>Q{} {}</th>", q.n, for_html(&q.id));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &report.candidates {
            let _ = write!(out, "<tr><td>{}</td>", for_html(&row.candidate));
            for (score, answer) in row.scores.iter().zip(&row.answers) {
                let weak: String = answer
                    .weak
                    .iter()
                    .map(|w| format!("<br><span class=\"small\">{}</span>", for_html(w)))
                    .collect();
                let _ = write!(
                    out,
                    "<td>{}{weak}</td>",
                    for_html(&answer_cell(*score, answer))
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        out.push_str("<h2>Provenance</h2>\n<table>\n<thead><tr><th>candidate</th><th>file</th><th>mode</th><th>scoring</th><th>gradings</th><th>screen sha256</th></tr></thead>\n<tbody>\n");
        for row in &report.candidates {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
                for_html(&row.candidate),
                for_html(&row.file),
                for_html(&row.mode),
                for_html(row.scoring.as_deref().unwrap_or("not graded")),
                row.gradings,
                for_html(&row.screen_sha256)
            );
        }
        out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
        out.into_bytes()
    }
}
