//! `grill calibrate`: how well the scorer agrees with human grades a recruiter trusts.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::grade::{Request, grade_lines};
use crate::bank::Bank;
use crate::config::{Config, Input};
use crate::exit::{self, UsageError};
use crate::stats;
use crate::style::{self, paint};

/// How many disagreements the report lists.
const WORST: usize = 10;

/// One answer where the scorer and the humans disagree most.
#[derive(Debug, Serialize)]
struct Disagreement {
    line: usize,
    id: Option<String>,
    question: String,
    excerpt: String,
    human: f64,
    score: u32,
    /// The score mapped onto the human scale.
    predicted: f64,
    concepts_hit: Vec<String>,
}

/// The figures `grill calibrate` reports.
#[derive(Debug, Serialize)]
struct Calibration {
    n: usize,
    skipped: usize,
    pearson: Option<f64>,
    spearman: Option<f64>,
    /// human ≈ slope × score + intercept, fitted by least squares.
    slope: f64,
    intercept: f64,
    mean_absolute_error: f64,
    quadratic_weighted_kappa: Option<f64>,
    human_min: f64,
    human_max: f64,
    disagreements: Vec<Disagreement>,
}

fn excerpt(answer: &str) -> String {
    let flat: String = answer.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::table::truncate(&flat, 100)
}

pub(crate) fn run(config: &Config, input: &Input, json: bool) -> Result<u8> {
    let bank = Bank::load(&config.banks)?;
    let mut rows: Vec<(usize, Request, u32, Vec<String>)> = Vec::new();
    let mut ungraded_by_humans = 0usize;
    let unreadable = grade_lines(&bank, input, "calibrating", false, |line, request, card| {
        if request.human.is_none() {
            ungraded_by_humans += 1;
            return Ok(());
        }
        let hits = card
            .concepts
            .iter()
            .filter(|c| c.hit())
            .map(|c| c.id.to_string())
            .collect();
        rows.push((line, request, card.score, hits));
        Ok(())
    })?;
    let skipped = unreadable + ungraded_by_humans;
    let name = input.name();
    if rows.len() < 2 {
        return Err(UsageError(format!(
            "{name}: calibration needs at least two graded lines with a `human` grade, found {}",
            rows.len()
        ))
        .into());
    }
    let scores: Vec<f64> = rows.iter().map(|r| f64::from(r.2)).collect();
    let human: Vec<f64> = rows.iter().map(|r| r.1.human.unwrap_or_default()).collect();
    let (slope, intercept) = stats::least_squares(&scores, &human);
    let predicted: Vec<f64> = scores.iter().map(|s| slope * s + intercept).collect();
    let human_min = human.iter().copied().fold(f64::INFINITY, f64::min);
    let human_max = human.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = (human_min.round() as i64, human_max.round() as i64);
    let rounded = |v: &[f64]| {
        v.iter()
            .map(|x| (x.round() as i64).clamp(lo, hi))
            .collect::<Vec<_>>()
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let da = (predicted[a] - human[a]).abs();
        let db = (predicted[b] - human[b]).abs();
        db.total_cmp(&da).then(a.cmp(&b))
    });
    let disagreements = order
        .into_iter()
        .take(WORST)
        .map(|i| {
            let (line, request, score, hits) = &rows[i];
            Disagreement {
                line: *line,
                id: request.id.clone(),
                question: request.question.clone(),
                excerpt: excerpt(&request.answer),
                human: human[i],
                score: *score,
                predicted: predicted[i],
                concepts_hit: hits.clone(),
            }
        })
        .collect();
    let report = Calibration {
        n: rows.len(),
        skipped,
        pearson: stats::pearson(&scores, &human),
        spearman: stats::spearman(&scores, &human),
        slope,
        intercept,
        mean_absolute_error: stats::mean_absolute_error(&predicted, &human),
        quadratic_weighted_kappa: stats::quadratic_weighted_kappa(
            &rounded(&human),
            &rounded(&predicted),
            lo,
            hi,
        ),
        human_min,
        human_max,
        disagreements,
    };
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", render(&report))?;
    }
    Ok(exit::OK)
}

fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

fn render(report: &Calibration) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{}\n  answers graded      {}{}\n  Pearson r           {}\n  Spearman rho        {}\n  mean abs error      {:.3}  (on the human scale {}..{}, after human = {:.4} x score + {:.3})\n  weighted kappa      {}  (quadratic, rounded human scale)\n",
        paint(style::HEADING, "Agreement with human grades"),
        report.n,
        if report.skipped > 0 { format!("  ({} lines skipped)", report.skipped) } else { String::new() },
        figure(report.pearson),
        figure(report.spearman),
        report.mean_absolute_error,
        report.human_min,
        report.human_max,
        report.slope,
        report.intercept,
        figure(report.quadratic_weighted_kappa),
    ));
    s.push_str(&format!(
        "\n{}\n",
        paint(style::HEADING, "Largest disagreements")
    ));
    for d in &report.disagreements {
        s.push_str(&format!(
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
        ));
    }
    s
}
