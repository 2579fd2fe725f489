//! Every document as one self-contained HTML page: inline CSS and SVG charts, no script, no
//! network, laid out to print. Every piece of text from a candidate, a bank or a journal goes
//! through `sanitize::for_html`; a candidate's page shows concept labels, never rubric phrases.

use std::fmt::Write as _;

use super::{
    Calibration, Format, HistoryRow, QuestionList, QuestionRow, Report, TopicTable, mmss, signed,
    stats::duration, svg, tiers_label,
};
use crate::sanitize::for_html;
use crate::stats::Stats;

/// One HTML page per document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

const CSS: &str = "
:root{color-scheme:light}
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.meta{color:#555}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.25rem .6rem;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:1rem 0;break-inside:avoid}
.prompt{font-weight:600}
.answer{white-space:pre-wrap;background:#fafafa;border-left:3px solid #ccc;padding:.4rem .8rem}
mark{background:#c8e6c9;border-radius:2px;color:inherit}mark.partial,mark.named{background:#fff3bf}mark.wrong{background:#ffcdd2}
.status{display:inline-block;min-width:7.5rem;font-size:.8rem;font-weight:600;text-transform:uppercase}
.hit{color:#2e7d32}.partial,.named{color:#b7791f}.missed,.negated,.wrong-definition{color:#c62828}
.pass{color:#2e7d32;font-weight:600}.fail{color:#c62828;font-weight:600}
.note{color:#b7791f}
svg.chart{max-width:100%;height:auto;display:block;margin:.5rem 0}
footer{margin-top:3rem;color:#777;font-size:.8rem}
@media print{body{margin:0;max-width:none;font-size:11pt}.card{border-color:#999}a{color:inherit}}
";

/// The page around a body.
fn page(title: &str, body: &str) -> Vec<u8> {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}<footer>Made by grill, offline: no scripts, nothing loaded from the network.</footer>\n</body>\n</html>\n",
        for_html(title)
    );
    out.into_bytes()
}

/// The answer with the evidence of each concept (and of each misconception) highlighted, using
/// the card's byte spans; spans that overlap an earlier one, or fall outside the answer or
/// inside a character, are left out rather than guessed.
fn highlighted(q: &QuestionRow, answer: &str) -> String {
    let mut spans: Vec<(usize, usize, &str, String)> = Vec::new();
    for c in &q.concepts {
        if let Some((start, end)) = c.span {
            let class = match c.status {
                "hit" => "hit",
                "partial" => "partial",
                "named" => "named",
                _ => "wrong",
            };
            spans.push((start, end, class, format!("{} ({})", c.label, c.status)));
        }
    }
    for m in &q.misconceptions {
        spans.push((
            m.span.0,
            m.span.1,
            "wrong",
            format!("misconception: {}", m.label),
        ));
    }
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = String::new();
    let mut at = 0;
    for (start, end, class, title) in spans {
        let valid = start >= at
            && start < end
            && end <= answer.len()
            && answer.is_char_boundary(start)
            && answer.is_char_boundary(end);
        if !valid {
            continue;
        }
        out.push_str(&for_html(&answer[at..start]));
        let _ = write!(
            out,
            "<mark class=\"{class}\" title=\"{}\">{}</mark>",
            for_html(&title),
            for_html(&answer[start..end])
        );
        at = end;
    }
    out.push_str(&for_html(&answer[at..]));
    out
}

fn question_card(out: &mut String, q: &QuestionRow, answers: bool) {
    let _ = write!(
        out,
        "<section class=\"card\" id=\"q{}\">\n<p class=\"prompt\">{}. {}</p>\n<p class=\"meta\">{} · {} · {} · {}</p>\n",
        q.n,
        q.n,
        for_html(&q.prompt),
        for_html(&q.id),
        for_html(&q.topic),
        q.tier,
        mmss(q.elapsed_secs)
    );
    match q.status {
        "answered" => {
            let verdict = if q.pass {
                "<span class=\"pass\">pass</span>"
            } else {
                "<span class=\"fail\">fail</span>"
            };
            let recovered = if q.recovered > 0 {
                format!(
                    " + {} recovered in the follow-up = {}",
                    q.recovered, q.total
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<p>Score <b>{}</b>/100 {verdict}{recovered}</p>",
                q.score
            );
        }
        other => {
            let _ = writeln!(out, "<p class=\"fail\">{other}</p>");
        }
    }
    if answers && let Some(answer) = &q.answer {
        let _ = writeln!(
            out,
            "<div class=\"answer\">{}</div>",
            highlighted(q, answer)
        );
    }
    if !q.concepts.is_empty() {
        out.push_str(
            "<table>\n<tr><th>Concept</th><th>Status</th><th class=\"n\">Weight</th></tr>\n",
        );
        for c in &q.concepts {
            let status = if c.recovered > 0 {
                format!("{} → recovered (+{})", c.status, c.recovered)
            } else {
                c.status.to_owned()
            };
            let _ = writeln!(
                out,
                "<tr><td>{}{}</td><td><span class=\"status {}\">{}</span></td><td class=\"n\">{}</td></tr>",
                for_html(&c.label),
                if c.required {
                    " <small>(required)</small>"
                } else {
                    ""
                },
                for_html(c.status),
                for_html(&status),
                c.weight
            );
        }
        out.push_str("</table>\n");
    }
    for m in &q.misconceptions {
        let _ = writeln!(
            out,
            "<p class=\"fail\">Misconception: {} (−{})</p>",
            for_html(&m.label),
            m.penalty
        );
    }
    for f in &q.flags {
        let _ = write!(out, "<p class=\"note\">{}", for_html(f.note));
        if let Some(words) = f.quoted(("“", "”"), |e| for_html(e).to_string()) {
            let _ = write!(out, " ({words})");
        }
        out.push_str("</p>\n");
    }
    if let Some(f) = &q.follow_up {
        let _ = writeln!(out, "<p><b>Follow-up:</b> {}</p>", for_html(&f.question));
        if answers && let Some(answer) = &f.answer {
            let _ = writeln!(out, "<div class=\"answer\">{}</div>", for_html(answer));
        } else if f.skipped {
            out.push_str("<p class=\"meta\">skipped</p>\n");
        }
    }
    out.push_str("</section>\n");
}

impl Format for Html {
    fn session(&self, r: &Report, answers: bool) -> Vec<u8> {
        let mut body = String::new();
        let _ = write!(
            body,
            "<h1>Interview {}</h1>\n<p class=\"meta\">{} · {} · {} · {}</p>\n",
            for_html(&r.session),
            for_html(&r.started),
            for_html(&tiers_label(r.tier_mode)),
            if r.timed { "timed" } else { "untimed" },
            for_html(&r.status)
        );
        if let Some(average) = r.average {
            let _ = writeln!(
                body,
                "<p>Average <b style=\"color:{}\">{average}/100</b> over {} question{}; {} hint{} used.</p>",
                svg::colour(average),
                r.questions
                    .iter()
                    .filter(|q| q.status != "unanswered")
                    .count(),
                if r.questions.len() == 1 { "" } else { "s" },
                r.hints,
                if r.hints == 1 { "" } else { "s" }
            );
        }
        if !r.questions.is_empty() {
            body.push_str("<h2>Score per question</h2>\n");
            let values: Vec<(String, u32)> = r
                .questions
                .iter()
                .map(|q| (q.n.to_string(), q.total))
                .collect();
            body.push_str(&svg::columns(&values, None, "Score per question"));
        }
        if !r.topics.is_empty() {
            body.push_str("<h2>By topic</h2>\n");
            let rows: Vec<(String, u32, String)> = r
                .topics
                .iter()
                .map(|b| {
                    let note = format!(
                        "({} question{})",
                        b.questions,
                        if b.questions == 1 { "" } else { "s" }
                    );
                    (b.name.clone(), b.average, note)
                })
                .collect();
            body.push_str(&svg::bars(&rows, "Average per topic"));
        }
        if !r.tiers.is_empty() {
            body.push_str("<h2>By tier</h2>\n");
            let rows: Vec<(String, u32, String)> = r
                .tiers
                .iter()
                .map(|b| (b.name.clone(), b.average, format!("({})", b.questions)))
                .collect();
            body.push_str(&svg::bars(&rows, "Average per tier"));
        }
        body.push_str("<h2>Questions</h2>\n");
        if answers {
            body.push_str("<p class=\"meta\">In each answer, the words that earned a concept are <mark class=\"hit\">highlighted</mark>; half-credited or only named: <mark class=\"partial\">highlighted</mark>; a wrong definition or a misconception: <mark class=\"wrong\">highlighted</mark>. Hover for the concept.</p>\n");
        }
        for q in &r.questions {
            question_card(&mut body, q, answers);
        }
        if !r.study.is_empty() {
            body.push_str("<h2>To study</h2>\n<ul>\n");
            for s in &r.study {
                let _ = writeln!(
                    body,
                    "<li><b>{}</b> ({}, question {}): {}</li>",
                    for_html(&s.concept),
                    for_html(&s.topic),
                    s.n,
                    for_html(&s.question)
                );
            }
            body.push_str("</ul>\n");
        }
        page(&format!("grill interview {}", r.session), &body)
    }

    fn history(&self, rows: &[HistoryRow]) -> Vec<u8> {
        let mut body = String::from("<h1>Interviews</h1>\n");
        let scored: Vec<(String, u32)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.average.map(|a| ((i + 1).to_string(), a)))
            .collect();
        if !scored.is_empty() {
            body.push_str("<h2>Average per session</h2>\n");
            body.push_str(&svg::columns(&scored, None, "Average per session"));
        }
        body.push_str("<table>\n<tr><th>#</th><th>Session</th><th>Started</th><th class=\"n\">Questions</th><th class=\"n\">Average</th><th>Status</th></tr>\n");
        for (i, r) in rows.iter().enumerate() {
            let _ = writeln!(
                body,
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}/{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                i + 1,
                for_html(&r.id),
                for_html(&r.started),
                r.questions,
                r.count,
                r.average.map_or("-".to_owned(), |a| a.to_string()),
                r.status
            );
        }
        body.push_str("</table>\n");
        if rows.is_empty() {
            body.push_str("<p>No saved interviews yet.</p>\n");
        }
        page("grill interviews", &body)
    }

    fn calibration(&self, c: &Calibration) -> Vec<u8> {
        let figure = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.3}"));
        let mut body = String::from("<h1>Agreement with human grades</h1>\n<table>\n");
        for (name, value) in [
            ("Answers", c.n.to_string()),
            ("Skipped (no human grade)", c.skipped.to_string()),
            ("Pearson r", figure(c.pearson)),
            ("Spearman ρ", figure(c.spearman)),
            (
                "Quadratic weighted kappa",
                figure(c.quadratic_weighted_kappa),
            ),
            (
                "Mean absolute error",
                format!("{:.3}", c.mean_absolute_error),
            ),
            (
                "Fit",
                format!("human ≈ {:.3} × score {}", c.slope, signed(c.intercept)),
            ),
        ] {
            let _ = writeln!(
                body,
                "<tr><th>{}</th><td class=\"n\">{}</td></tr>",
                for_html(name),
                for_html(&value)
            );
        }
        body.push_str("</table>\n");
        if !c.disagreements.is_empty() {
            body.push_str("<h2>Worst disagreements</h2>\n<table>\n<tr><th>Line</th><th>Question</th><th class=\"n\">Human</th><th class=\"n\">Score</th><th>Excerpt</th></tr>\n");
            for d in &c.disagreements {
                let _ = writeln!(
                    body,
                    "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    d.line,
                    for_html(&d.question),
                    d.human,
                    d.score,
                    for_html(&d.excerpt)
                );
            }
            body.push_str("</table>\n");
        }
        page("grill calibration", &body)
    }

    fn questions(&self, list: &QuestionList) -> Vec<u8> {
        let mut body = format!(
            "<h1>Questions</h1>\n<p class=\"meta\">{} of {} questions</p>\n<table>\n<tr><th>Id</th><th>Topic</th><th>Tier</th><th>Prompt</th></tr>\n",
            list.questions.len(),
            list.total
        );
        for q in &list.questions {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                for_html(&q.id),
                for_html(&q.topic),
                q.tier,
                for_html(&q.prompt)
            );
        }
        body.push_str("</table>\n");
        page("grill questions", &body)
    }

    fn topics(&self, t: &TopicTable) -> Vec<u8> {
        let mut body = String::from(
            "<h1>Topics</h1>\n<table>\n<tr><th>Topic</th><th class=\"n\">Easy</th><th class=\"n\">Medium</th><th class=\"n\">Hard</th><th class=\"n\">Total</th></tr>\n",
        );
        for (name, c) in t
            .topics
            .iter()
            .chain(std::iter::once((&"all".to_owned(), &t.all)))
        {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                for_html(name),
                c.easy,
                c.medium,
                c.hard,
                c.total
            );
        }
        body.push_str("</table>\n");
        page("grill topics", &body)
    }

    fn stats(&self, s: &Stats) -> Vec<u8> {
        let mut body = format!(
            "<h1>Progress as of {}</h1>\n<p class=\"meta\">{} sessions · {} answers · average {} · {} spent</p>\n",
            for_html(&s.as_of),
            s.sessions,
            s.answers,
            s.average.map_or("-".to_owned(), |a| format!("{a}/100")),
            duration(s.time.total_secs)
        );
        for (title, rows) in [("By topic", &s.topics), ("By tier", &s.tiers)] {
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(body, "<h2>{title}</h2>");
            let bars: Vec<(String, u32, String)> = rows
                .iter()
                .map(|r| {
                    (
                        r.name.clone(),
                        r.average,
                        format!("({} answers)", r.answers),
                    )
                })
                .collect();
            body.push_str(&svg::bars(&bars, title));
            body.push_str("<table>\n<tr><th></th><th>Trend per session</th></tr>\n");
            for r in rows.iter() {
                let _ = writeln!(
                    body,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    for_html(&r.name),
                    svg::sparkline(&r.trend)
                );
            }
            body.push_str("</table>\n");
        }
        let weeks: Vec<(String, u32)> = s
            .weeks
            .iter()
            .filter_map(|w| w.average.map(|a| (w.start[5..].to_owned(), a)))
            .collect();
        if !weeks.is_empty() {
            let _ = writeln!(
                body,
                "<h2>Weeks</h2>\n<p class=\"meta\">The average of each week with answers, the last {} weeks; answers per week: {}.</p>",
                s.weeks.len(),
                s.weeks
                    .iter()
                    .map(|w| w.answers.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            body.push_str(&svg::columns(&weeks, None, "Average per week"));
        }
        let r = &s.reviews;
        let _ = writeln!(
            body,
            "<h2>Reviews</h2>\n<p>{} due today, {} due this week, {} concepts under review.</p>",
            r.due_today, r.due_week, r.items
        );
        if !s.leeches.is_empty() {
            body.push_str("<h2>Leeches</h2>\n<ul>\n");
            for l in &s.leeches {
                let _ = writeln!(
                    body,
                    "<li>{} ({}): {} lapses</li>",
                    for_html(&l.label),
                    for_html(&l.question),
                    l.lapses
                );
            }
            body.push_str("</ul>\n");
        }
        if !s.weakest.is_empty() {
            body.push_str("<h2>Weakest concepts</h2>\n<ul>\n");
            for w in &s.weakest {
                let _ = writeln!(
                    body,
                    "<li>{} ({}): missed {} of {}</li>",
                    for_html(&w.label),
                    for_html(&w.question),
                    w.missed,
                    w.seen
                );
            }
            body.push_str("</ul>\n");
        }
        if !s.retired.is_empty() {
            body.push_str("<h2>Retired review items</h2>\n<ul>\n");
            for r in &s.retired {
                let _ = writeln!(
                    body,
                    "<li>{}: {}</li>",
                    for_html(&r.label),
                    for_html(&r.note)
                );
            }
            body.push_str("</ul>\n");
        }
        if !s.not_counted.is_empty() {
            body.push_str("<h2>Not counted as reviews</h2>\n<ul>\n");
            for e in &s.not_counted {
                let _ = writeln!(
                    body,
                    "<li>{} in {}: {}</li>",
                    for_html(&e.question),
                    for_html(&e.session),
                    for_html(&e.why)
                );
            }
            body.push_str("</ul>\n");
        }
        page("grill progress", &body)
    }
}
