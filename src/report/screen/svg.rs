//! Small inline SVG charts for the HTML screen report: a histogram of totals, a candidates x
//! topics heat map and per-question difficulty bars. Plain shapes and text, no scripts; every
//! text is escaped.

use std::fmt::Write as _;

use crate::sanitize::for_html;

/// A colour from red (0) through amber to green (100), for a score.
pub(crate) fn heat(score: f64) -> String {
    let s = score.clamp(0.0, 100.0) / 100.0;
    let (r, g) = if s < 0.5 {
        (220.0, 60.0 + 300.0 * s)
    } else {
        (220.0 - 300.0 * (s - 0.5), 210.0)
    };
    format!("rgb({},{},90)", r.round() as u32, g.round() as u32)
}

/// A histogram of totals in ten bins of 10 points, with the pass mark drawn as a line.
pub(crate) fn distribution(totals: &[f64], pass_mark: Option<u32>) -> String {
    let mut bins = [0usize; 10];
    for total in totals {
        let bin = ((total / 10.0).floor() as usize).min(9);
        bins[bin] += 1;
    }
    let max = bins.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, left, bottom) = (420.0, 180.0, 30.0, 30.0);
    let bar_w = (w - left) / 10.0;
    let plot_h = h - bottom - 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Distribution of totals\">"
    );
    for (i, &count) in bins.iter().enumerate() {
        let bh = plot_h * count as f64 / max as f64;
        let x = left + i as f64 * bar_w;
        let y = 10.0 + plot_h - bh;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{}\"><title>{}-{}: {count}</title></rect>",
            bar_w - 2.0,
            heat(i as f64 * 10.0 + 5.0),
            i * 10,
            i * 10 + 9
        );
        if count > 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{count}</text>",
                x + bar_w / 2.0,
                y - 2.0
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            x + bar_w / 2.0,
            h - bottom + 14.0,
            i * 10
        );
    }
    if let Some(mark) = pass_mark {
        let x = left + (w - left) * f64::from(mark) / 100.0;
        let _ = write!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"5\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">pass {mark}</text>",
            h - bottom,
            h - 4.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A heat map: one row per candidate, one column per topic, each cell coloured by its score.
pub(crate) fn heat_map(candidates: &[(String, Vec<Option<f64>>)], topics: &[String]) -> String {
    let (cell_w, cell_h, left, top) = (90.0, 24.0, 160.0, 60.0);
    let w = left + cell_w * topics.len().max(1) as f64 + 10.0;
    let h = top + cell_h * candidates.len().max(1) as f64 + 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Candidates by topic\">"
    );
    for (j, topic) in topics.iter().enumerate() {
        let x = left + cell_w * j as f64 + cell_w / 2.0;
        let _ = write!(
            svg,
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"start\" transform=\"rotate(-30 {x:.1} {:.1})\">{}</text>",
            top - 6.0,
            top - 6.0,
            for_html(topic)
        );
    }
    for (i, (name, scores)) in candidates.iter().enumerate() {
        let y = top + cell_h * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + cell_h * 0.68,
            for_html(&truncate(name, 24))
        );
        for (j, score) in scores.iter().enumerate() {
            let x = left + cell_w * j as f64;
            let (fill, label) = match score {
                Some(s) => (heat(*s), format!("{s:.0}")),
                None => ("#ddd".to_owned(), "-".to_owned()),
            };
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" stroke=\"#fff\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{label}</text>",
                cell_w,
                cell_h,
                x + cell_w / 2.0,
                y + cell_h * 0.68
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Per-question difficulty: one horizontal bar per question, its mean score, with the spread
/// drawn as a whisker.
pub(crate) fn difficulty(questions: &[(String, Option<f64>, Option<f64>)]) -> String {
    let (left, bar_h, plot_w) = (170.0, 20.0, 300.0);
    let w = left + plot_w + 60.0;
    let h = bar_h * questions.len().max(1) as f64 + 24.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Mean score per question\">"
    );
    for (i, (label, mean, spread)) in questions.iter().enumerate() {
        let y = bar_h * i as f64 + 4.0;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + bar_h * 0.65,
            for_html(&truncate(label, 28))
        );
        if let Some(mean) = mean {
            let bw = plot_w * mean / 100.0;
            let _ = write!(
                svg,
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{mean:.0}</text>",
                bar_h - 4.0,
                heat(*mean),
                left + bw + 4.0 + spread.map_or(0.0, |s| plot_w * s / 100.0),
                y + bar_h * 0.65
            );
            if let Some(spread) = spread {
                let lo = left + plot_w * (mean - spread).max(0.0) / 100.0;
                let hi = left + plot_w * (mean + spread).min(100.0) / 100.0;
                let mid = y + (bar_h - 4.0) / 2.0;
                let _ = write!(
                    svg,
                    "<line x1=\"{lo:.1}\" y1=\"{mid:.1}\" x2=\"{hi:.1}\" y2=\"{mid:.1}\" stroke=\"#333\"/>"
                );
            }
        }
    }
    let axis = h - 6.0;
    let _ = write!(
        svg,
        "<text x=\"{left}\" y=\"{axis:.1}\" font-size=\"10\">0</text><text x=\"{:.1}\" y=\"{axis:.1}\" font-size=\"10\" text-anchor=\"end\">100</text>",
        left + plot_w
    );
    svg.push_str("</svg>");
    svg
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
