//! Agreement between grill's scores and human grades: the statistics, and the calibration that
//! `grill calibrate` reports (Pearson, Spearman, MAE after a least-squares map, weighted kappa
//! and the worst disagreements).

use serde::Serialize;

/// How many disagreements a calibration lists.
pub const WORST: usize = 10;

/// One graded answer with its human grade.
#[derive(Debug, Clone)]
pub struct Graded {
    /// The input line.
    pub line: usize,
    /// The caller's id.
    pub id: Option<String>,
    /// The question id.
    pub question: String,
    /// The answer text.
    pub answer: String,
    /// The human grade.
    pub human: f64,
    /// grill's score.
    pub score: u32,
    /// The concepts credited.
    pub concepts_hit: Vec<String>,
}

/// One answer where the scorer and the humans disagree most.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// The input line.
    pub line: usize,
    /// The caller's id.
    pub id: Option<String>,
    /// The question id.
    pub question: String,
    /// The answer, flattened and cut to 100 characters.
    pub excerpt: String,
    /// The human grade.
    pub human: f64,
    /// grill's score.
    pub score: u32,
    /// The score mapped onto the human scale.
    pub predicted: f64,
    /// The concepts credited.
    pub concepts_hit: Vec<String>,
}

/// The figures `grill calibrate` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// Answers compared.
    pub n: usize,
    /// Lines left out (unreadable, or without a human grade).
    pub skipped: usize,
    /// Pearson's r.
    pub pearson: Option<f64>,
    /// Spearman's rho.
    pub spearman: Option<f64>,
    /// human ≈ slope × score + intercept, fitted by least squares.
    pub slope: f64,
    /// The intercept of that fit.
    pub intercept: f64,
    /// Mean absolute error of the fitted map, on the human scale.
    pub mean_absolute_error: f64,
    /// Quadratic weighted kappa on the rounded human scale.
    pub quadratic_weighted_kappa: Option<f64>,
    /// The lowest human grade.
    pub human_min: f64,
    /// The highest human grade.
    pub human_max: f64,
    /// The worst disagreements, worst first.
    pub disagreements: Vec<Disagreement>,
}

/// The answer flattened to one line and cut to `max` characters.
fn excerpt(answer: &str, max: usize) -> String {
    let flat: String = answer.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::table::truncate(&flat, max)
}

/// Compares scores with human grades; `None` with fewer than two rows.
pub fn calibrate(rows: &[Graded], skipped: usize) -> Option<Calibration> {
    if rows.len() < 2 {
        return None;
    }
    let scores: Vec<f64> = rows.iter().map(|r| f64::from(r.score)).collect();
    let human: Vec<f64> = rows.iter().map(|r| r.human).collect();
    let (slope, intercept) = least_squares(&scores, &human);
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
            let row = &rows[i];
            Disagreement {
                line: row.line,
                id: row.id.clone(),
                question: row.question.clone(),
                excerpt: excerpt(&row.answer, 100),
                human: human[i],
                score: row.score,
                predicted: predicted[i],
                concepts_hit: row.concepts_hit.clone(),
            }
        })
        .collect();
    Some(Calibration {
        n: rows.len(),
        skipped,
        pearson: pearson(&scores, &human),
        spearman: spearman(&scores, &human),
        slope,
        intercept,
        mean_absolute_error: mean_absolute_error(&predicted, &human),
        quadratic_weighted_kappa: quadratic_weighted_kappa(
            &rounded(&human),
            &rounded(&predicted),
            lo,
            hi,
        ),
        human_min,
        human_max,
        disagreements,
    })
}

/// Pearson's correlation; `None` when either side has no variance or there are fewer than two.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || n != y.len() {
        return None;
    }
    let mx = mean(x);
    let my = mean(y);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    Some(sxy / (sxx.sqrt() * syy.sqrt()))
}

/// Spearman's rank correlation, with ties given their average rank.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// The least-squares line `y = slope * x + intercept`.
pub fn least_squares(x: &[f64], y: &[f64]) -> (f64, f64) {
    let mx = mean(x);
    let my = mean(y);
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    if sxx == 0.0 {
        return (0.0, my);
    }
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let slope = sxy / sxx;
    (slope, my - slope * mx)
}

/// Mean absolute error.
pub fn mean_absolute_error(predicted: &[f64], actual: &[f64]) -> f64 {
    predicted
        .iter()
        .zip(actual)
        .map(|(p, a)| (p - a).abs())
        .sum::<f64>()
        / predicted.len() as f64
}

/// Quadratic weighted kappa between two integer ratings on `min..=max`.
pub fn quadratic_weighted_kappa(a: &[i64], b: &[i64], min: i64, max: i64) -> Option<f64> {
    let k = (max - min + 1) as usize;
    if k < 2 || a.is_empty() || a.len() != b.len() {
        return None;
    }
    let index = |v: i64| (v.clamp(min, max) - min) as usize;
    let mut observed = vec![vec![0.0; k]; k];
    let mut hist_a = vec![0.0; k];
    let mut hist_b = vec![0.0; k];
    for (&x, &y) in a.iter().zip(b) {
        observed[index(x)][index(y)] += 1.0;
        hist_a[index(x)] += 1.0;
        hist_b[index(y)] += 1.0;
    }
    let n = a.len() as f64;
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            let weight = ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
            num += weight * observed[i][j];
            den += weight * hist_a[i] * hist_b[j] / n;
        }
    }
    (den > 0.0).then(|| 1.0 - num / den)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_and_spearman_on_known_data() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 4.0, 6.0, 8.0, 10.0];
        assert!((pearson(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let z = [5.0, 4.0, 3.0, 2.0, 1.0];
        assert!((pearson(&x, &z).unwrap() + 1.0).abs() < 1e-12);
        let squares = [1.0, 4.0, 9.0, 16.0, 25.0];
        assert!((spearman(&x, &squares).unwrap() - 1.0).abs() < 1e-12);
        assert!(pearson(&x, &[1.0; 5]).is_none());
        let r = pearson(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((r - 0.8).abs() < 1e-12);
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 30.0]), [1.0, 2.5, 2.5, 4.0]);
    }

    #[test]
    fn least_squares_recovers_a_line() {
        let x = [0.0, 50.0, 100.0];
        let y = [1.0, 3.0, 5.0];
        let (slope, intercept) = least_squares(&x, &y);
        assert!((slope - 0.04).abs() < 1e-12 && (intercept - 1.0).abs() < 1e-12);
    }

    #[test]
    fn kappa_is_one_for_agreement_and_low_for_disagreement() {
        let a = [0, 1, 2, 3, 4, 5];
        assert!((quadratic_weighted_kappa(&a, &a, 0, 5).unwrap() - 1.0).abs() < 1e-12);
        let reversed = [5, 4, 3, 2, 1, 0];
        assert!(quadratic_weighted_kappa(&a, &reversed, 0, 5).unwrap() < 0.0);
    }
}
