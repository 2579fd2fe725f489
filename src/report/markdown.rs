//! Every document as Markdown, to keep or share: headings, tables and the answers quoted.

use std::fmt::Write as _;

use crate::sanitize::{for_terminal, single_line};

use super::{
    Calibration, Format, HistoryRow, QuestionList, QuestionRow, Report, TopicCounts, TopicTable,
    bar, mmss, quote_lines, tiers_label,
};

/// Markdown documents; a session's report always carries its answers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

/// A table cell: on one line, its control characters shown visibly.
fn cell(text: &str) -> String {
    single_line(&text.replace('|', "\\|").replace('\n', " ")).into_owned()
}

/// A question's score card as a table: each concept's status, weight, evidence and recovery,
/// then the misconceptions stated.
fn card(out: &mut String, q: &QuestionRow) {
    if q.status != "answered" {
        return;
    }
    let _ = writeln!(
        out,
        "\nScore {}/100, {}.\n",
        q.score,
        if q.pass { "pass" } else { "fail" }
    );
    for note in q.grader_notes() {
        let _ = writeln!(out, "> **{}**\n", cell(&note));
    }
    out.push_str("| concept | weight | status | evidence | follow-up |\n|---|---|---|---|---|\n");
    for c in &q.concepts {
        let quoted = |text: &Option<String>| {
            text.as_ref()
                .map_or_else(String::new, |e| format!("\"{}\"", cell(e)))
        };
        let recovered = if c.recovered > 0 {
            format!(
                "recovered +{} {}",
                c.recovered,
                quoted(&c.recovered_evidence)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} |",
            cell(&c.label),
            if c.required { " (required)" } else { "" },
            c.weight,
            c.status,
            quoted(&c.evidence),
            recovered.trim_end()
        );
    }
    if !q.misconceptions.is_empty() {
        out.push('\n');
        for m in &q.misconceptions {
            let _ = writeln!(
                out,
                "- Misconception: {} (-{}): \"{}\"",
                cell(&m.label),
                m.penalty,
                cell(&m.evidence)
            );
        }
    }
    if !q.flags.is_empty() {
        out.push('\n');
        for f in &q.flags {
            let _ = write!(out, "- Note: {}", f.note);
            if let Some(words) = f.quoted(("\"", "\""), |e| cell(e).to_string()) {
                let _ = write!(out, " ({words})");
            }
            out.push('\n');
        }
    }
}

impl Format for Markdown {
    fn session(&self, r: &Report, _answers: bool) -> Vec<u8> {
        let mut out = String::new();
        let _ = writeln!(out, "# grill session {}\n", single_line(&r.session));
        let _ = writeln!(
            out,
            "Started {} · {} · {} · seed {} · {}\n",
            r.started,
            tiers_label(r.tier_mode),
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
                cell(&q.topic),
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
            let width = bars
                .iter()
                .map(|b| single_line(&b.name).len())
                .max()
                .unwrap_or(0);
            for b in bars.iter() {
                let (full, empty) = bar(b.average, 20);
                let _ = writeln!(
                    out,
                    "{:width$}  {full}{empty}  {:>3}  ({} question{})",
                    single_line(&b.name),
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
                "\nStrongest topic: **{}**. Weakest topic: **{}**.",
                single_line(best),
                single_line(worst)
            );
        }
        if !r.study.is_empty() {
            out.push_str("\n## Study list\n\n");
            for item in &r.study {
                let _ = writeln!(
                    out,
                    "- **{}** ({}, question {}): {}",
                    single_line(&item.concept),
                    single_line(&item.topic),
                    item.n,
                    single_line(&item.question)
                );
            }
        }
        out.push_str("\n## Answers\n");
        for q in &r.questions {
            let _ = writeln!(
                out,
                "\n### {}. {}\n\n{}\n",
                q.n,
                single_line(&q.id),
                for_terminal(&q.prompt)
            );
            match &q.answer {
                Some(answer) => quote_lines(&mut out, "> ", answer),
                None => {
                    let _ = writeln!(out, "_{}_", q.status);
                }
            }
            card(&mut out, q);
            if let Some(f) = &q.follow_up {
                let _ = writeln!(
                    out,
                    "\nFollow-up ({}): {}\n",
                    single_line(&f.concept),
                    for_terminal(&f.question)
                );
                match &f.answer {
                    Some(answer) => {
                        quote_lines(&mut out, "> ", answer);
                        if f.recovered > 0 {
                            let _ = writeln!(
                                out,
                                "\nRecovered {} points: {}.",
                                f.recovered,
                                f.covered.join(", ")
                            );
                        }
                    }
                    None if f.skipped => out.push_str("_skipped_\n"),
                    None => out.push_str("_unanswered_\n"),
                }
            }
        }
        out.into_bytes()
    }

    fn history(&self, rows: &[HistoryRow]) -> Vec<u8> {
        let mut out = String::from(
            "# grill sessions\n\n| id | started | questions | average | status |\n|---|---|---|---|---|\n",
        );
        for s in rows {
            let _ = writeln!(
                out,
                "| {} | {} | {}/{} | {} | {} |",
                cell(&s.id),
                s.started,
                s.questions,
                s.count,
                s.average.map_or_else(|| "-".to_owned(), |a| a.to_string()),
                s.status
            );
        }
        out.into_bytes()
    }

    fn calibration(&self, c: &Calibration) -> Vec<u8> {
        let figure = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"));
        let mut out =
            String::from("# Agreement with human grades\n\n| figure | value |\n|---|---|\n");
        let _ = writeln!(out, "| answers graded | {} |", c.n);
        let _ = writeln!(out, "| lines skipped | {} |", c.skipped);
        let _ = writeln!(out, "| Pearson r | {} |", figure(c.pearson));
        let _ = writeln!(out, "| Spearman rho | {} |", figure(c.spearman));
        let _ = writeln!(
            out,
            "| mean absolute error | {:.3} (human = {:.4} × score {}) |",
            c.mean_absolute_error,
            c.slope,
            super::signed(c.intercept)
        );
        let _ = writeln!(
            out,
            "| quadratic weighted kappa | {} |",
            figure(c.quadratic_weighted_kappa)
        );
        out.push_str("\n## Largest disagreements\n\n| line | answer | human | score | concepts hit | excerpt |\n|---|---|---|---|---|---|\n");
        for d in &c.disagreements {
            let _ = writeln!(
                out,
                "| {} | {} | {:.1} | {} | {} | {} |",
                d.line,
                cell(d.id.as_deref().unwrap_or(&d.question)),
                d.human,
                d.score,
                cell(&d.concepts_hit.join(", ")),
                cell(&d.excerpt)
            );
        }
        out.into_bytes()
    }

    fn questions(&self, list: &QuestionList) -> Vec<u8> {
        let mut out = String::from("| id | topic | tier | prompt |\n|---|---|---|---|\n");
        for q in &list.questions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&q.id),
                cell(&q.topic),
                q.tier,
                cell(&q.prompt)
            );
        }
        let _ = writeln!(
            out,
            "\n{} of {} questions",
            list.questions.len(),
            list.total
        );
        out.into_bytes()
    }

    fn topics(&self, t: &TopicTable) -> Vec<u8> {
        let mut out =
            String::from("| topic | easy | medium | hard | total |\n|---|---|---|---|---|\n");
        let mut row = |name: &str, c: &TopicCounts| {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(name),
                c.easy,
                c.medium,
                c.hard,
                c.total
            );
        };
        for (topic, counts) in &t.topics {
            row(topic, counts);
        }
        row("**all**", &t.all);
        out.into_bytes()
    }

    fn stats(&self, stats: &crate::stats::Stats) -> Vec<u8> {
        super::stats::markdown(stats).into_bytes()
    }
}
