//! Small inline SVG charts for the HTML pages: columns (a score per question), horizontal bars
//! (an average per topic) and a sparkline. Every label is escaped; sizes are fixed so a page
//! prints the same everywhere.

use std::fmt::Write as _;

use crate::sanitize::for_html;

/// The colour of a 0..=100 score, matching the terminal's green, yellow and red.
pub fn colour(score: u32) -> &'static str {
    if score >= crate::style::STRONG_SCORE {
        "#2e7d32"
    } else if score >= crate::style::WEAK_SCORE {
        "#b7791f"
    } else {
        "#c62828"
    }
}

/// One column per value (label, 0..=100), with a dashed line at `mark` when given.
pub fn columns(values: &[(String, u32)], mark: Option<u32>, title: &str) -> String {
    // Columns fill about 560 units, never thinner than 36 nor wider than 80.
    let step = (560 / values.len().max(1)).clamp(36, 80);
    let width = 40 + values.len().max(1) * step;
    let bar = step * 2 / 3;
    let (top, height) = (10, 120);
    let y = |v: u32| top + height - (v.min(100) as usize * height / 100);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 160" width="{width}" height="160" role="img" aria-label="{}">"#,
        for_html(title)
    );
    let _ = write!(out, "<title>{}</title>", for_html(title));
    for tick in [0, 50, 100] {
        let _ = write!(
            out,
            r##"<line x1="30" x2="{width}" y1="{0}" y2="{0}" stroke="#ddd"/><text x="26" y="{1}" text-anchor="end" font-size="9">{tick}</text>"##,
            y(tick),
            y(tick) + 3
        );
    }
    for (i, (label, value)) in values.iter().enumerate() {
        let x = 36 + i * step;
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{}" width="{bar}" height="{}" fill="{}"><title>{}: {value}</title></rect><text x="{}" y="{}" text-anchor="middle" font-size="9">{value}</text><text x="{}" y="150" text-anchor="middle" font-size="9">{}</text>"#,
            y(*value),
            y(0) - y(*value),
            colour(*value),
            for_html(label),
            x + bar / 2,
            y(*value).saturating_sub(2).max(9),
            x + bar / 2,
            for_html(label)
        );
    }
    if let Some(mark) = mark {
        let _ = write!(
            out,
            r##"<line x1="30" x2="{width}" y1="{0}" y2="{0}" stroke="#555" stroke-dasharray="4 3"><title>pass mark {mark}</title></line>"##,
            y(mark)
        );
    }
    out.push_str("</svg>");
    out
}

/// One horizontal bar per row (label, 0..=100, a note after the value).
pub fn bars(rows: &[(String, u32, String)], title: &str) -> String {
    let label_width = 150;
    let bar_width = 240;
    let height = 8 + rows.len().max(1) * 22;
    let width = label_width + bar_width + 140;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}"><title>{}</title>"#,
        for_html(title),
        for_html(title)
    );
    for (i, (label, value, note)) in rows.iter().enumerate() {
        let y = 4 + i * 22;
        let filled = (*value).min(100) as usize * bar_width / 100;
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text><rect x="{label_width}" y="{y}" width="{bar_width}" height="16" fill="#eee"/><rect x="{label_width}" y="{y}" width="{filled}" height="16" fill="{}"/><text x="{}" y="{}" font-size="11">{value} {}</text>"##,
            label_width - 6,
            y + 12,
            for_html(label),
            colour(*value),
            label_width + bar_width + 6,
            y + 12,
            for_html(note)
        );
    }
    out.push_str("</svg>");
    out
}

/// A small line of 0..=100 values, oldest first.
pub fn sparkline(values: &[u32]) -> String {
    let (width, height) = (100, 20);
    let n = values.len();
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = if n > 1 {
                i * width / (n - 1)
            } else {
                width / 2
            };
            let y = height - 2 - (*v).min(100) as usize * (height - 4) / 100;
            format!("{x},{y}")
        })
        .collect();
    format!(
        r##"<svg class="spark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"><polyline fill="none" stroke="#1565c0" stroke-width="1.5" points="{}"/></svg>"##,
        points.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        let svg = bars(&[("<b>".into(), 50, "n & m".into())], "t\"");
        assert!(svg.contains("&lt;b&gt;") && svg.contains("n &amp; m"));
        assert!(!svg.contains("<b>"));
        let svg = columns(&[("1".into(), 80)], Some(60), "<x>");
        assert!(svg.contains("&lt;x&gt;") && svg.contains("pass mark 60"));
    }

    #[test]
    fn sparkline_has_a_point_per_value() {
        let svg = sparkline(&[0, 50, 100]);
        assert!(svg.contains("points=\"0,18 50,10 100,2\""), "{svg}");
    }
}
