//! `grill stats` as text with charts and as Markdown; JSON is the data's own shape and the HTML
//! page lives with the other pages in `html.rs`.

use std::fmt::Write as _;

use super::chart;
use crate::sanitize::single_line;
use crate::stats::{Stats, Trend};
use crate::style::{self, paint};

/// How many leeches, retired items or uncounted answers the terminal lists; documents list all.
const LISTED: usize = 10;

/// `1h 05m`, `12m 05s`, `40s`.
pub(super) fn duration(secs: u64) -> String {
    match secs {
        s if s >= 3600 => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
        s if s >= 60 => format!("{}m {:02}s", s / 60, s % 60),
        s => format!("{s}s"),
    }
}

fn trends(out: &mut String, title: &str, rows: &[Trend], ascii: bool) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", paint(style::HEADING, title));
    let width = rows
        .iter()
        .map(|r| single_line(&r.name).chars().count())
        .max()
        .unwrap_or(0);
    for row in rows {
        let name = single_line(&row.name);
        let pad = width - name.chars().count();
        let _ = writeln!(
            out,
            "  {name}{} {} {:>3}  {:>3} answer{}  {}",
            " ".repeat(pad),
            paint(
                style::score(row.average),
                chart::bar(row.average, 20, ascii)
            ),
            row.average,
            row.answers,
            if row.answers == 1 { " " } else { "s" },
            chart::sparkline(&row.trend, ascii),
        );
    }
}

/// The stats for a terminal: bars, sparklines and lists.
pub(super) fn text(s: &Stats) -> String {
    let mut out = String::new();
    let since = s
        .since
        .as_ref()
        .map(|d| format!(" since {d}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} as of {}{since}: {} session{}, {} answer{}{}",
        paint(style::HEADING, "Progress"),
        s.as_of,
        s.sessions,
        if s.sessions == 1 { "" } else { "s" },
        s.answers,
        if s.answers == 1 { "" } else { "s" },
        s.average
            .map(|a| format!(", average {}", paint(style::score(a), format!("{a}/100"))))
            .unwrap_or_default()
    );
    if s.answers == 0 {
        let _ = writeln!(
            out,
            "No answers yet{since}: `grill` starts an interview, and its results show here."
        );
    }
    trends(
        &mut out,
        "By topic (average, answers, trend per session)",
        &s.topics,
        s.ascii,
    );
    trends(&mut out, "By tier", &s.tiers, s.ascii);

    if s.weeks.iter().any(|w| w.answers > 0) {
        let answers: Vec<usize> = s.weeks.iter().map(|w| w.answers).collect();
        let averages: Vec<u32> = s.weeks.iter().filter_map(|w| w.average).collect();
        let _ = writeln!(
            out,
            "\n{} (the last {}, from {})",
            paint(style::HEADING, "Weeks"),
            s.weeks.len(),
            s.weeks.first().map_or("", |w| w.start.as_str())
        );
        let _ = writeln!(
            out,
            "  answers  {}  {}",
            chart::counts(&answers, s.ascii),
            answers
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        );
        let _ = writeln!(out, "  average  {}", chart::sparkline(&averages, s.ascii));
    }

    let _ = writeln!(out, "\n{}", paint(style::HEADING, "Reviews"));
    let r = &s.reviews;
    let _ = writeln!(
        out,
        "  {} due today, {} due this week, {} concept{} under review{}",
        paint(
            if r.due_today > 0 {
                style::WARN
            } else {
                style::GOOD
            },
            r.due_today
        ),
        r.due_week,
        r.items,
        if r.items == 1 { "" } else { "s" },
        if r.due_today > 0 {
            "; `grill drill` reviews them"
        } else {
            ""
        }
    );
    if !s.leeches.is_empty() {
        let _ = writeln!(
            out,
            "\n{} (concepts forgotten {}+ times: study them before drilling again)",
            paint(style::BAD, "Leeches"),
            crate::stats::LEECH_LAPSES
        );
        for leech in s.leeches.iter().take(LISTED) {
            let _ = writeln!(
                out,
                "  {} lapses  {} ({})",
                leech.lapses,
                single_line(&leech.label),
                single_line(&leech.question)
            );
        }
        if s.leeches.len() > LISTED {
            let _ = writeln!(
                out,
                "  and {} more (`grill stats --json` lists them all)",
                s.leeches.len() - LISTED
            );
        }
    }
    if !s.weakest.is_empty() {
        let _ = writeln!(out, "\n{}", paint(style::HEADING, "Weakest concepts"));
        for w in &s.weakest {
            let _ = writeln!(
                out,
                "  {}/{} missed  {} ({})",
                w.missed,
                w.seen,
                single_line(&w.label),
                single_line(&w.question)
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} {} in all, {} in the last 7 days{}",
        paint(style::HEADING, "Time"),
        duration(s.time.total_secs),
        duration(s.time.last_week_secs),
        s.time
            .per_answer_secs
            .map(|p| format!(", {} per answer", duration(p)))
            .unwrap_or_default()
    );
    if !s.retired.is_empty() {
        let _ = writeln!(
            out,
            "\n{} (no longer in the bank; kept in the history, never due)",
            paint(style::DIM, "Retired review items")
        );
        for r in s.retired.iter().take(LISTED) {
            let _ = writeln!(out, "  {}: {}", single_line(&r.label), single_line(&r.note));
        }
        if s.retired.len() > LISTED {
            let _ = writeln!(out, "  and {} more", s.retired.len() - LISTED);
        }
    }
    if !s.not_counted.is_empty() {
        let _ = writeln!(
            out,
            "\n{} answer{} not counted as reviews (a scoring failure is never your lapse):",
            s.not_counted.len(),
            if s.not_counted.len() == 1 { "" } else { "s" }
        );
        for e in s.not_counted.iter().take(LISTED) {
            let _ = writeln!(
                out,
                "  {} in {}: {}",
                single_line(&e.question),
                single_line(&e.session),
                single_line(&e.why)
            );
        }
        if s.not_counted.len() > LISTED {
            let _ = writeln!(out, "  and {} more", s.not_counted.len() - LISTED);
        }
    }
    out
}

/// The stats as Markdown tables.
pub(super) fn markdown(s: &Stats) -> String {
    let cell = |t: &str| single_line(t).replace('|', "\\|");
    let mut out = String::new();
    let _ = writeln!(out, "# Progress as of {}\n", s.as_of);
    let _ = writeln!(
        out,
        "{} sessions, {} answers, average {}.\n",
        s.sessions,
        s.answers,
        s.average.map_or("-".to_owned(), |a| a.to_string())
    );
    for (title, rows) in [("By topic", &s.topics), ("By tier", &s.tiers)] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "## {title}\n\n| | Average | Answers | Trend |\n|---|---:|---:|---|"
        );
        for r in rows.iter() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{}` |",
                cell(&r.name),
                r.average,
                r.answers,
                chart::sparkline(&r.trend, true)
            );
        }
        out.push('\n');
    }
    let r = &s.reviews;
    let _ = writeln!(
        out,
        "## Reviews\n\n{} due today, {} due this week, {} concepts under review.\n",
        r.due_today, r.due_week, r.items
    );
    if !s.leeches.is_empty() {
        let _ = writeln!(out, "## Leeches\n");
        for l in &s.leeches {
            let _ = writeln!(
                out,
                "- {} ({}): {} lapses",
                cell(&l.label),
                cell(&l.question),
                l.lapses
            );
        }
        out.push('\n');
    }
    if !s.weakest.is_empty() {
        let _ = writeln!(out, "## Weakest concepts\n");
        for w in &s.weakest {
            let _ = writeln!(
                out,
                "- {} ({}): missed {} of {}",
                cell(&w.label),
                cell(&w.question),
                w.missed,
                w.seen
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## Time\n\n{} in all, {} in the last 7 days.",
        duration(s.time.total_secs),
        duration(s.time.last_week_secs)
    );
    out
}
