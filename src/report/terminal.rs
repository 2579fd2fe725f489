//! The report for the terminal: a table, bars and the study list, styled with the shared styles
//! (anstream strips them when colour is off).

use std::fmt::Write as _;

use super::{Format, Report, bar, mmss, quote_lines};
use crate::session::select;
use crate::style::{self, paint};
use crate::table::Table;

/// The terminal report; `answers` adds every answer verbatim (for `grill review`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    /// Show the answers too.
    pub answers: bool,
}

/// Strong scores green, weak ones red: the thresholds the adaptive interview moves on.
fn score_style(score: u32) -> anstyle::Style {
    if score >= select::STRONG {
        style::GOOD
    } else if score >= select::WEAK {
        style::WARN
    } else {
        style::BAD
    }
}

impl Format for Terminal {
    fn render(&self, r: &Report) -> Vec<u8> {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} {} · {} · {} tiers · {} · {}",
            paint(style::HEADING, "Session"),
            r.session,
            r.started,
            r.tier_mode,
            if r.timed { "timed" } else { "untimed" },
            r.status
        );
        let mut table = Table::new(&["#", "QUESTION", "TOPIC", "TIER", "SCORE", "TIME"]);
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
                q.id.clone(),
                q.topic.clone(),
                q.tier.to_string(),
                score,
                time,
            ]);
        }
        out.push_str(&table.render(None));
        if let Some(average) = r.average {
            let _ = writeln!(
                out,
                "Average {}",
                paint(score_style(average), format!("{average}/100"))
            );
        }
        for (title, bars) in [("By topic", &r.topics), ("By tier", &r.tiers)] {
            if bars.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{}", paint(style::HEADING, title));
            let width = bars.iter().map(|b| b.name.len()).max().unwrap_or(0);
            for b in bars.iter() {
                let (full, empty) = bar(b.average, 20);
                let _ = writeln!(
                    out,
                    "  {:width$}  {}{}  {:>3}  ({})",
                    b.name,
                    paint(score_style(b.average), full),
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
                paint(style::GOOD, best),
                paint(style::BAD, worst)
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
                    item.concept,
                    item.topic,
                    item.n,
                    paint(style::DIM, &item.question)
                );
            }
        }
        if self.answers {
            for q in &r.questions {
                let _ = writeln!(
                    out,
                    "\n{} {}",
                    paint(style::HEADING, format!("{}. {}", q.n, q.id)),
                    q.prompt
                );
                match &q.answer {
                    Some(answer) => quote_lines(&mut out, "  │ ", answer),
                    None => {
                        let _ = writeln!(out, "  ({})", q.status);
                    }
                }
                if let Some(f) = &q.follow_up {
                    let _ = writeln!(out, "  Follow-up: {}", f.question);
                    if let Some(answer) = &f.answer {
                        quote_lines(&mut out, "  │ ", answer);
                    }
                }
            }
        }
        out.into_bytes()
    }
}
