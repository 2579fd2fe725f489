//! The report as Markdown, to keep or share.

use std::fmt::Write as _;

use super::{Format, Report, bar, mmss, quote_lines};

/// A Markdown document with tables, bars, the study list and the answers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

impl Format for Markdown {
    fn render(&self, r: &Report) -> Vec<u8> {
        let mut out = String::new();
        let _ = writeln!(out, "# grill session {}\n", r.session);
        let _ = writeln!(
            out,
            "Started {} · {} tiers · {} · seed {} · {}\n",
            r.started,
            r.tier_mode,
            if r.timed { "timed" } else { "untimed" },
            r.seed,
            r.status
        );
        if let Some(average) = r.average {
            let _ = writeln!(out, "**Average: {average}/100**\n");
        }
        out.push_str("| # | question | topic | tier | score | time | hints |\n");
        out.push_str("|---|---|---|---|---|---|---|\n");
        for q in &r.questions {
            let score = match q.status {
                "answered" if q.recovered > 0 => {
                    format!("{} (+{} recovered) = {}", q.score, q.recovered, q.total)
                }
                "answered" => format!("{} {}", q.score, if q.pass { "pass" } else { "fail" }),
                other => other.to_owned(),
            };
            let time = match (q.overtime_secs, q.limit_secs) {
                (Some(over), Some(limit)) => format!(
                    "{} (limit {}, **{} over**)",
                    mmss(q.elapsed_secs),
                    mmss(limit.into()),
                    mmss(over)
                ),
                _ => mmss(q.elapsed_secs),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                q.n,
                cell(&q.id),
                q.topic,
                q.tier,
                score,
                time,
                q.hints
            );
        }
        for (title, bars) in [("By topic", &r.topics), ("By tier", &r.tiers)] {
            if bars.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n## {title}\n\n```text");
            let width = bars.iter().map(|b| b.name.len()).max().unwrap_or(0);
            for b in bars.iter() {
                let (full, empty) = bar(b.average, 20);
                let _ = writeln!(
                    out,
                    "{:width$}  {full}{empty}  {:>3}  ({} question{})",
                    b.name,
                    b.average,
                    b.questions,
                    if b.questions == 1 { "" } else { "s" }
                );
            }
            out.push_str("```\n");
        }
        if let (Some(best), Some(worst)) = (&r.strongest, &r.weakest) {
            let _ = writeln!(
                out,
                "\nStrongest topic: **{best}**. Weakest topic: **{worst}**."
            );
        }
        if !r.study.is_empty() {
            out.push_str("\n## Study list\n\n");
            for item in &r.study {
                let _ = writeln!(
                    out,
                    "- **{}** ({}, question {}): {}",
                    item.concept, item.topic, item.n, item.question
                );
            }
        }
        out.push_str("\n## Answers\n");
        for q in &r.questions {
            let _ = writeln!(out, "\n### {}. {}\n\n{}\n", q.n, q.id, q.prompt);
            match &q.answer {
                Some(answer) => quote_lines(&mut out, "> ", answer),
                None => {
                    let _ = writeln!(out, "_{}_", q.status);
                }
            }
            if let Some(f) = &q.follow_up {
                let _ = writeln!(out, "\nFollow-up ({}): {}\n", f.concept, f.question);
                match &f.answer {
                    Some(answer) => {
                        quote_lines(&mut out, "> ", answer);
                        if f.recovered > 0 {
                            let _ = writeln!(out, "\nRecovered {} points.", f.recovered);
                        }
                    }
                    None if f.skipped => out.push_str("_skipped_\n"),
                    None => out.push_str("_unanswered_\n"),
                }
            }
        }
        out.into_bytes()
    }
}
