//! The report for the terminal: a table, bars and the study list, styled with the shared styles
//! (anstream strips them when colour is off).

use std::fmt::Write as _;

use super::{
    Calibration, Format, HistoryRow, QuestionList, QuestionRow, Report, TopicCounts, TopicTable,
    bar, mmss, quote_lines, tiers_label,
};
use crate::sanitize::{for_terminal, single_line};
use crate::style::{self, paint};
use crate::table::{self, Table};

/// Aligned text for a terminal, styled (anstream strips the styles when colour is off).
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal;

impl Format for Terminal {
    fn session(&self, r: &Report, answers: bool) -> Vec<u8> {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} {} · {} · {} · {} · {}",
            paint(style::HEADING, "Session"),
            single_line(&r.session),
            r.started,
            tiers_label(r.tier_mode),
            if r.timed { "timed" } else { "untimed" },
            r.status
        );
        let mut table = Table::new(&["#", "QUESTION", "TOPIC", "TIER", "SCORE", "TIME"])
            .shrink(1, 10)
            .shrink(2, 8);
        for q in &r.questions {
            let score = match q.status {
                "answered" if q.recovered > 0 => format!("{}+{}={}", q.score, q.recovered, q.total),
                "answered" => format!("{} {}", q.score, if q.pass { "pass" } else { "fail" }),
                other => other.to_owned(),
            };
            let time = match q.overtime_secs {
                Some(over) => format!("{} ({} over)", mmss(q.elapsed_secs), mmss(over)),
                None => mmss(q.elapsed_secs),
            };
            table.row(vec![
                q.n.to_string(),
                single_line(&q.id).into_owned(),
                single_line(&q.topic).into_owned(),
                q.tier.to_string(),
                score,
                time,
            ]);
        }
        out.push_str(&table.render(table::stdout_width()));
        if let Some(average) = r.average {
            let _ = writeln!(
                out,
                "Average {}",
                paint(style::score(average), format!("{average}/100"))
            );
        }
        for (title, bars) in [("By topic", &r.topics), ("By tier", &r.tiers)] {
            if bars.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{}", paint(style::HEADING, title));
            let width = bars
                .iter()
                .map(|b| single_line(&b.name).len())
                .max()
                .unwrap_or(0);
            for b in bars.iter() {
                let (full, empty) = bar(b.average, 20);
                let _ = writeln!(
                    out,
                    "  {:width$}  {}{}  {:>3}  ({})",
                    single_line(&b.name),
                    paint(style::score(b.average), full),
                    paint(style::DIM, empty),
                    b.average,
                    b.questions
                );
            }
        }
        if let (Some(best), Some(worst)) = (&r.strongest, &r.weakest) {
            let _ = writeln!(
                out,
                "\nStrongest topic: {}. Weakest topic: {}.",
                paint(style::GOOD, single_line(best)),
                paint(style::BAD, single_line(worst))
            );
        }
        for q in r.questions.iter().filter(|q| q.overtime_secs.is_some()) {
            let _ = writeln!(
                out,
                "{} question {} took {} past its {} limit.",
                paint(style::WARN, "Overtime:"),
                q.n,
                mmss(q.overtime_secs.unwrap_or(0)),
                mmss(q.limit_secs.unwrap_or(0).into())
            );
        }
        if r.hints > 0 {
            let _ = writeln!(out, "Hints used: {}.", r.hints);
        }
        if !r.study.is_empty() {
            let _ = writeln!(out, "\n{}", paint(style::HEADING, "Study list"));
            for item in &r.study {
                let _ = writeln!(
                    out,
                    "  - {} ({}, q{})\n    {}",
                    single_line(&item.concept),
                    single_line(&item.topic),
                    item.n,
                    paint(style::DIM, single_line(&item.question))
                );
            }
        }
        if answers {
            for q in &r.questions {
                let _ = writeln!(
                    out,
                    "\n{} {}",
                    paint(style::HEADING, format!("{}. {}", q.n, single_line(&q.id))),
                    for_terminal(&q.prompt)
                );
                match &q.answer {
                    Some(answer) => quote_lines(&mut out, "  │ ", answer),
                    None => {
                        let _ = writeln!(out, "  ({})", q.status);
                    }
                }
                card(&mut out, q);
                if let Some(f) = &q.follow_up {
                    let _ = writeln!(
                        out,
                        "  Follow-up ({}): {}",
                        single_line(&f.concept),
                        for_terminal(&f.question)
                    );
                    match &f.answer {
                        Some(answer) => quote_lines(&mut out, "  │ ", answer),
                        None if f.skipped => out.push_str("  (skipped)\n"),
                        None => out.push_str("  (unanswered)\n"),
                    }
                }
            }
        }
        out.into_bytes()
    }

    fn history(&self, rows: &[HistoryRow]) -> Vec<u8> {
        if rows.is_empty() {
            return b"No saved sessions yet: `grill` starts one.\n".to_vec();
        }
        let mut table = Table::new(&["ID", "STARTED", "QUESTIONS", "AVERAGE", "STATUS"]);
        for s in rows {
            table.row(vec![
                single_line(&s.id).into_owned(),
                s.started.clone(),
                format!("{}/{}", s.questions, s.count),
                s.average.map_or_else(|| "-".to_owned(), |a| a.to_string()),
                s.status.to_owned(),
            ]);
        }
        table.render(table::stdout_width()).into_bytes()
    }

    fn calibration(&self, report: &Calibration) -> Vec<u8> {
        let mut s = String::new();
        let _ = write!(
            s,
            "{}\n  answers graded      {}{}\n  Pearson r           {}\n  Spearman rho        {}\n  mean abs error      {:.3}  (on the human scale {}..{}, after human = {:.4} x score {})\n  weighted kappa      {}  (quadratic, rounded human scale)\n",
            paint(style::HEADING, "Agreement with human grades"),
            report.n,
            if report.skipped > 0 {
                format!("  ({} lines skipped)", report.skipped)
            } else {
                String::new()
            },
            figure(report.pearson),
            figure(report.spearman),
            report.mean_absolute_error,
            report.human_min,
            report.human_max,
            report.slope,
            super::signed(report.intercept),
            figure(report.quadratic_weighted_kappa),
        );
        let _ = write!(s, "\n{}\n", paint(style::HEADING, "Largest disagreements"));
        for d in &report.disagreements {
            let _ = write!(
                s,
                "  line {:>4}  {}  human {:.1}  score {:>3} (≈{:.1})  hit: {}\n            {}\n",
                d.line,
                d.id.as_deref().unwrap_or(&d.question),
                d.human,
                d.score,
                d.predicted,
                if d.concepts_hit.is_empty() {
                    "-".to_owned()
                } else {
                    d.concepts_hit.join(", ")
                },
                paint(style::DIM, &d.excerpt),
            );
        }
        s.into_bytes()
    }

    fn questions(&self, list: &QuestionList) -> Vec<u8> {
        let mut table = Table::new(&["ID", "TOPIC", "TIER", "PROMPT"]).shrink(3, 12);
        for q in &list.questions {
            table.row(vec![
                single_line(&q.id).into_owned(),
                single_line(&q.topic).into_owned(),
                q.tier.to_string(),
                single_line(&q.prompt).into_owned(),
            ]);
        }
        let mut out = table.render(table::stdout_width());
        let _ = writeln!(
            out,
            "{}",
            paint(
                style::DIM,
                format!("{} of {} questions", list.questions.len(), list.total)
            )
        );
        out.into_bytes()
    }

    fn topics(&self, t: &TopicTable) -> Vec<u8> {
        let mut table = Table::new(&["TOPIC", "EASY", "MEDIUM", "HARD", "TOTAL"]);
        let row = |name: &str, c: &TopicCounts| {
            vec![
                single_line(name).into_owned(),
                c.easy.to_string(),
                c.medium.to_string(),
                c.hard.to_string(),
                c.total.to_string(),
            ]
        };
        for (topic, counts) in &t.topics {
            table.row(row(topic, counts));
        }
        table.row(row("all", &t.all));
        table.render(None).into_bytes()
    }

    fn stats(&self, stats: &crate::stats::Stats) -> Vec<u8> {
        super::stats::text(stats).into_bytes()
    }
}

/// A question's score card: the score, then each concept with its weight, status and evidence
/// (and what the follow-up recovered), then the misconceptions stated.
fn card(out: &mut String, q: &QuestionRow) {
    if q.status != "answered" {
        return;
    }
    let _ = writeln!(
        out,
        "  Score {}/100 {}{}",
        q.score,
        if q.pass { "pass" } else { "fail" },
        if q.recovered > 0 {
            format!(", {} with the follow-up", q.total)
        } else {
            String::new()
        }
    );
    for note in q.grader_notes() {
        let _ = writeln!(out, "  {}", paint(style::WARN, single_line(&note)));
    }
    for c in &q.concepts {
        let (mark, mark_style) = match c.status {
            "hit" => ("✓", style::GOOD),
            "partial" => ("~", style::WARN),
            _ => ("✗", style::BAD),
        };
        let evidence = c
            .evidence
            .as_ref()
            .map(|e| format!(": \"{}\"", single_line(e)))
            .unwrap_or_default();
        let status = match c.status {
            "hit" => String::new(),
            "negated" => " (you said the opposite)".to_owned(),
            other => format!(" ({other})"),
        };
        let recovered = if c.recovered > 0 {
            format!(
                "; {} +{}{}",
                paint(style::GOOD, "recovered"),
                c.recovered,
                c.recovered_evidence
                    .as_ref()
                    .map(|e| format!(": \"{}\"", single_line(e)))
                    .unwrap_or_default()
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {} {} [weight {}]{status}{evidence}{recovered}",
            paint(mark_style, mark),
            single_line(&c.label),
            c.weight
        );
    }
    for m in &q.misconceptions {
        let _ = writeln!(
            out,
            "  {} {} (-{}): \"{}\"",
            paint(style::BAD, "!"),
            single_line(&m.label),
            m.penalty,
            single_line(&m.evidence)
        );
    }
    for f in &q.flags {
        let evidence = f
            .quoted(("\"", "\""), |e| single_line(e).into_owned())
            .map(|words| format!(" ({words})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {}{evidence}", paint(style::WARN, f.note));
    }
}

/// A figure to three decimals, or `n/a`.
fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}
