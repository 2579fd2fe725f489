//! How a verdict looks: the score and pass mark, the answer with its credited words highlighted,
//! each concept hit or missed, misconceptions and flags, and what a follow-up recovered.

use std::fmt::Write as _;
use std::time::Duration;

use crate::sanitize::{for_terminal, single_line};
use crate::score::{Evidence as Span, Status};
use crate::session::timing::mmss;
use crate::session::{Feedback, Recovery};
use crate::style::{self, paint};

use super::clock::round_up;
use super::quote;

/// The answer with the spans' words painted.
/// The byte ranges of the lines of `text` wrapped at word boundaries to `width` characters
/// (each line of the text as it is when there is no width).
fn wrap_ranges(text: &str, width: Option<usize>) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let Some(width) = width else {
            ranges.push((offset, offset + line.len()));
            offset += line.len() + 1;
            continue;
        };
        let mut current: Option<(usize, usize, usize)> = None; // (start, end, chars)
        let mut at = 0;
        for word in line.split_whitespace() {
            let start = at + line[at..].find(word).unwrap_or(0);
            let end = start + word.len();
            at = end;
            let chars = word.chars().count();
            current = match current {
                Some((s, _, n)) if n + 1 + chars <= width => Some((s, end, n + 1 + chars)),
                Some((s, e, _)) => {
                    ranges.push((offset + s, offset + e));
                    Some((start, end, chars))
                }
                None => Some((start, end, chars)),
            };
        }
        match current {
            Some((s, e, _)) => ranges.push((offset + s, offset + e)),
            None => ranges.push((offset, offset)),
        }
        offset += line.len() + 1;
    }
    ranges
}

fn highlighted(answer: &str, spans: &[&Span]) -> String {
    let mut ranges: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| s.start <= s.end && s.end <= answer.len())
        .filter(|s| answer.is_char_boundary(s.start) && answer.is_char_boundary(s.end))
        .map(|s| (s.start, s.end))
        .collect();
    ranges.sort_unstable();
    let mut out = String::new();
    let mut at = 0;
    for (start, end) in ranges {
        let start = start.max(at);
        if start >= end {
            continue;
        }
        out.push_str(&for_terminal(&answer[at..start]));
        out.push_str(&paint(
            style::GOOD.bold().underline(),
            for_terminal(&answer[start..end]),
        ));
        at = end;
    }
    out.push_str(&for_terminal(&answer[at..]));
    out
}

fn score_style(score: u32, pass: bool) -> anstyle::Style {
    if pass {
        style::GOOD
    } else if score >= style::WEAK_SCORE {
        style::WARN
    } else {
        style::BAD
    }
}

/// `: "the words"` after a concept, or nothing when there is no evidence.
fn evidence_note(evidence: Option<&Span>) -> String {
    evidence
        .map(|e| format!(": \"{}\"", single_line(&e.text)))
        .unwrap_or_default()
}

/// The verdict on a main answer; `color` adds the answer with its credited words highlighted.
pub(super) fn feedback(out: &mut String, f: &Feedback, color: bool) {
    let card = &f.card;
    let verdict = if card.pass { "pass" } else { "fail" };
    let _ = writeln!(
        out,
        "\n{} {} (pass mark {}) · {}",
        paint(
            score_style(card.score, card.pass).bold(),
            format!("Score {}/100", card.score)
        ),
        paint(score_style(card.score, card.pass), verdict),
        card.pass_mark,
        mmss(Duration::from_millis(f.elapsed))
    );
    if let Some(over) = f.overtime {
        let _ = writeln!(
            out,
            "{} {} past the time limit.",
            paint(style::BAD, "Overtime:"),
            mmss(round_up(Duration::from_millis(over)))
        );
    }
    if let Some(reason) = &card.fallback {
        let _ = writeln!(
            out,
            "{} {}",
            paint(style::WARN, "Rubric only:"),
            single_line(&format!(
                "the LLM judge failed, so the keyword rubric graded this answer ({reason})."
            ))
        );
    }
    if let Some(judge) = &card.judge {
        let model = single_line(&judge.model);
        if judge.disagreement {
            let _ = writeln!(
                out,
                "{} the LLM judge ({model}) gave {}, the keyword rubric alone {}.",
                paint(style::WARN, "Disagreement:"),
                card.score,
                judge.rubric_score
            );
        } else {
            let _ = writeln!(
                out,
                "Judged by {model}; the keyword rubric alone gave {}.",
                judge.rubric_score
            );
        }
    }
    let credited: Vec<_> = card.concepts.iter().filter(|c| c.hit()).collect();
    if !credited.is_empty() && color {
        let spans: Vec<&Span> = credited
            .iter()
            .filter_map(|c| c.evidence.as_ref())
            .collect();
        out.push_str("Your answer, with the words that earned credit:\n");
        let width = crate::table::stdout_width()
            .map(|w| w.saturating_sub(4))
            .filter(|w| *w >= 20);
        let mut wrapped = String::new();
        for (start, end) in wrap_ranges(&f.answer, width) {
            let line_spans: Vec<Span> = spans
                .iter()
                .filter(|s| s.start < end && s.end > start)
                .map(|s| Span {
                    start: s.start.max(start) - start,
                    end: s.end.min(end) - start,
                    text: String::new(),
                })
                .collect();
            let refs: Vec<&Span> = line_spans.iter().collect();
            wrapped.push_str(&highlighted(&f.answer[start..end], &refs));
            wrapped.push('\n');
        }
        quote(&wrapped, out);
    }
    for c in &card.concepts {
        let evidence = evidence_note(c.evidence.as_ref());
        let label = single_line(&c.label);
        let line = match c.status {
            Status::Hit => format!("  {} {label}{evidence}", paint(style::GOOD, "✓")),
            Status::Negated => format!(
                "  {} {label} (you said the opposite{evidence})",
                paint(style::BAD, "✗"),
            ),
            Status::Named => format!(
                "  {} {} (named, not explained{evidence})",
                paint(style::WARN, "~"),
                c.label
            ),
            Status::WrongDefinition => format!(
                "  {} {} (the definition did not match{evidence})",
                paint(style::BAD, "✗"),
                c.label
            ),
            Status::Missed => {
                format!("  {} {label}", paint(style::BAD, "✗"))
            }
            other => format!(
                "  {} {label} ({}{evidence})",
                paint(style::WARN, "~"),
                other.as_str()
            ),
        };
        let _ = writeln!(out, "{line}");
    }
    for m in &card.misconceptions {
        let _ = writeln!(
            out,
            "  {} {} (-{}): \"{}\"",
            paint(style::BAD, "!"),
            single_line(&m.label),
            m.penalty,
            single_line(&m.evidence.text)
        );
    }
    for flag in &card.flags {
        let _ = writeln!(out, "  {}", paint(style::WARN, flag.note()));
    }
    if f.encourage {
        let _ = writeln!(
            out,
            "{}",
            paint(
                style::WARN,
                "Not there yet, and that's fine: easy questions are the ones to nail first. Here is a model answer:"
            )
        );
        if let Some(model) = &f.model_answer {
            quote(&for_terminal(model), out);
        }
    }
}

/// The verdict on a follow-up answer: each concept it recovered, or what is still missing.
pub(super) fn recovery(out: &mut String, r: &Recovery) {
    if r.covered.is_empty() {
        let _ = writeln!(
            out,
            "{} {} is still missing. Question {} stays at {}/100.",
            paint(style::BAD, "✗ Not quite:"),
            single_line(&r.ask.label),
            r.n,
            r.score
        );
        return;
    }
    let mut lines: Vec<String> = r
        .covered
        .iter()
        .map(|c| {
            format!(
                "{} {}{} (+{} recovered).",
                paint(style::GOOD, "✓ Recovered"),
                single_line(&c.label),
                evidence_note(c.evidence.as_ref()),
                c.recovered
            )
        })
        .collect();
    if !r.covered.iter().any(|c| c.concept == r.ask.concept) {
        lines.push(format!(
            "{} {} is still missing.",
            paint(style::BAD, "✗"),
            single_line(&r.ask.label)
        ));
    }
    let total = format!(
        "Question {} now scores {}/100 ({} + {}).",
        r.n, r.total, r.score, r.recovered
    );
    if let Some(last) = lines.last_mut() {
        last.push(' ');
        last.push_str(&total);
    }
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_words_and_keeps_byte_ranges() {
        let text = "alpha beta gamma delta\nepsilon";
        let lines: Vec<&str> = wrap_ranges(text, Some(11))
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(lines, ["alpha beta", "gamma delta", "epsilon"]);
        let whole: Vec<&str> = wrap_ranges(text, None)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(whole, ["alpha beta gamma delta", "epsilon"]);
    }

    #[test]
    fn highlighting_paints_each_span_once_in_order() {
        let span = |start, end| Span {
            start,
            end,
            text: String::new(),
        };
        let answer = "reads are faster and stale";
        let (a, b, overlap) = (span(10, 16), span(21, 26), span(12, 16));
        let text = highlighted(answer, &[&b, &a, &overlap]);
        let plain = anstream::adapter::strip_str(&text).to_string();
        assert_eq!(plain, answer);
        assert_eq!(text.matches("faster").count(), 1);
    }
}
