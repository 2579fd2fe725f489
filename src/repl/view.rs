//! How the interviewer's words look in a terminal: turns what the core says into styled text
//! (anstream strips the styles when colour is off) and builds the prompt and timer warnings.

use std::fmt::Write as _;
use std::time::Duration;

use crate::report::{Format, Terminal};
use crate::session::record::{EndReason, Span};
use crate::session::timing::{URGENT, Warning, WarningKind, mmss};
use crate::session::{HintReply, SkipReply, TimeView};
use crate::style::{self, paint};

use super::commands::COMMANDS;
use super::core::Say;
use super::input::SUBMIT;

/// How to draw: with colour (and so with the answer's credited words highlighted) or plain.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// Whether styles will reach the screen.
    pub color: bool,
}

/// The gesture, as `/help` and the welcome explain it.
pub fn gestures() -> String {
    format!(
        "Answer in as many lines as you like, then a line holding only `{SUBMIT}` submits it.\n\
         A line starting with / is a command; start a line with // to begin it with a slash.\n\
         Ctrl-C clears what you typed (Ctrl-Y brings it back); Ctrl-C on an empty line asks to quit.\n\
         Ctrl-D saves and stops; `grill resume` continues later."
    )
}

fn quote(text: &str, out: &mut String) {
    for line in text.lines() {
        let _ = writeln!(out, "  {} {line}", paint(style::DIM, "│"));
    }
}

/// The answer with the spans' words painted.
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
        out.push_str(&answer[at..start]);
        out.push_str(&paint(style::GOOD.bold().underline(), &answer[start..end]));
        at = end;
    }
    out.push_str(&answer[at..]);
    out
}

fn score_style(score: u32, pass: bool) -> anstyle::Style {
    if pass {
        style::GOOD
    } else if score >= 50 {
        style::WARN
    } else {
        style::BAD
    }
}

impl View {
    /// The text for one thing the interviewer says.
    pub fn say(&self, say: &Say) -> String {
        let mut out = String::new();
        match say {
            Say::Welcome {
                id,
                count,
                mode,
                timed,
                resumed,
                done,
            } => {
                let _ = writeln!(
                    out,
                    "{} {count} question{} · {mode} tiers · {} · session {id}",
                    paint(style::HEADING, "grill"),
                    if *count == 1 { "" } else { "s" },
                    if *timed { "timed" } else { "untimed" }
                );
                if *resumed {
                    let _ = writeln!(out, "Resuming: {done} of {count} questions done.");
                }
                let _ = writeln!(
                    out,
                    "{}",
                    paint(
                        style::DIM,
                        format!(
                            "Answer in as many lines as you like; a line holding only `{SUBMIT}` submits. /help lists commands."
                        )
                    )
                );
            }
            Say::Ask(ask) => {
                let limit = ask
                    .limit_secs
                    .map(|s| format!(" · {} limit", mmss(Duration::from_secs(s.into()))))
                    .unwrap_or_default();
                let hints = match ask.hints {
                    0 => String::new(),
                    1 => " · 1 hint".to_owned(),
                    n => format!(" · {n} hints"),
                };
                let _ = writeln!(
                    out,
                    "\n{} {}",
                    paint(style::HEADING, format!("Question {}/{}", ask.n, ask.count)),
                    paint(
                        style::DIM,
                        format!("· {} · {}{limit}{hints}", ask.topic, ask.tier)
                    )
                );
                let _ = writeln!(out, "{}", ask.prompt);
            }
            Say::FollowUp { ask, .. } => {
                let _ = writeln!(
                    out,
                    "\n{} {}",
                    paint(style::HEADING, "Follow-up:"),
                    ask.question
                );
            }
            Say::Feedback(f) => {
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
                let credited: Vec<_> = card.concepts.iter().filter(|c| c.hit()).collect();
                if !credited.is_empty() && self.color {
                    let spans: Vec<&Span> = credited
                        .iter()
                        .filter_map(|c| c.evidence.as_ref())
                        .collect();
                    out.push_str("Your answer, with the words that earned credit:\n");
                    quote(&highlighted(&f.answer, &spans), &mut out);
                }
                for c in &card.concepts {
                    let evidence = c
                        .evidence
                        .as_ref()
                        .map(|e| format!(": \"{}\"", e.text))
                        .unwrap_or_default();
                    let line = match c.status.as_str() {
                        "hit" => format!("  {} {}{evidence}", paint(style::GOOD, "✓"), c.label),
                        "negated" => format!(
                            "  {} {} (you said the opposite{evidence})",
                            paint(style::BAD, "✗"),
                            c.label
                        ),
                        "missed" => {
                            format!("  {} {}", paint(style::BAD, "✗"), c.label)
                        }
                        other => format!(
                            "  {} {} ({other}{evidence})",
                            paint(style::WARN, "~"),
                            c.label
                        ),
                    };
                    let _ = writeln!(out, "{line}");
                }
                for m in &card.misconceptions {
                    let _ = writeln!(
                        out,
                        "  {} {} (-{}): \"{}\"",
                        paint(style::BAD, "!"),
                        m.label,
                        m.penalty,
                        m.evidence.text
                    );
                }
                for flag in &card.flags {
                    let note = match flag.as_str() {
                        "keyword-list" => {
                            "This reads as a list of keywords: explain how they fit together to earn full credit."
                        }
                        "grader-directed" => "Sentences addressed to the grader were set aside.",
                        "empty" => "There were no words to grade.",
                        _ => continue,
                    };
                    let _ = writeln!(out, "  {}", paint(style::WARN, note));
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
                        quote(model, &mut out);
                    }
                }
            }
            Say::Recovery(r) => {
                if r.hit {
                    let evidence = r
                        .evidence
                        .as_ref()
                        .map(|e| format!(": \"{}\"", e.text))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "{} {}{evidence} (+{} recovered). Question {} now scores {}/100 ({} + {}).",
                        paint(style::GOOD, "✓ Recovered"),
                        r.ask.label,
                        r.recovered,
                        r.n,
                        r.total,
                        r.score,
                        r.recovered
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "{} {} is still missing. Question {} stays at {}/100.",
                        paint(style::BAD, "✗ Not quite:"),
                        r.ask.label,
                        r.n,
                        r.score
                    );
                }
            }
            Say::Hint(HintReply::Hint { index, of, text }) => {
                let _ = writeln!(
                    out,
                    "{} {text}",
                    paint(style::WARN, format!("Hint {}/{of}:", index + 1))
                );
            }
            Say::Hint(HintReply::NoMore { of: 0 }) => {
                out.push_str("This question has no hints.\n");
            }
            Say::Hint(HintReply::NoMore { of }) => {
                let _ = writeln!(out, "No more hints: all {of} are shown.");
            }
            Say::Hint(HintReply::NotAsking) | Say::Skipped(SkipReply::NotAsking) => {
                out.push_str("No question is waiting for an answer.\n");
            }
            Say::Skipped(SkipReply::Question(n)) => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint(style::DIM, format!("Skipped question {n}."))
                );
            }
            Say::Skipped(SkipReply::FollowUp(n)) => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint(
                        style::DIM,
                        format!("Skipped the follow-up of question {n}.")
                    )
                );
            }
            Say::Time(time) => out.push_str(&time_text(time)),
            Say::Model(Some((n, model))) => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint(style::HEADING, format!("Model answer, question {n}:"))
                );
                quote(model, &mut out);
            }
            Say::Model(None) => out.push_str("The model answer is shown once you have answered.\n"),
            Say::Score(report) => {
                let done = report.questions.iter().filter(|q| q.status != "unanswered");
                for q in done {
                    let score = match q.status {
                        "skipped" => "skipped".to_owned(),
                        _ if q.recovered > 0 => format!("{}+{}={}", q.score, q.recovered, q.total),
                        _ => q.score.to_string(),
                    };
                    let _ = writeln!(out, "  {}. {} ({}): {score}", q.n, q.id, q.tier);
                }
                match report.average {
                    Some(average) => {
                        let _ = writeln!(out, "Average so far: {average}/100");
                    }
                    None => out.push_str("No question answered yet.\n"),
                }
            }
            Say::Help => {
                let _ = writeln!(out, "{}", paint(style::HEADING, "Commands"));
                for command in COMMANDS {
                    let _ = writeln!(out, "  /{:<8} {}", command.name, command.summary);
                }
                let _ = writeln!(out, "{}", paint(style::HEADING, "Answering"));
                for line in gestures().lines() {
                    let _ = writeln!(out, "  {line}");
                }
            }
            Say::Unknown { name, suggestion } => {
                let hint = suggestion
                    .map(|s| format!("; did you mean /{s}?"))
                    .unwrap_or_else(|| "; /help lists them".to_owned());
                let _ = writeln!(
                    out,
                    "Unknown command /{name}{hint} (start a line with // to type a slash)"
                );
            }
            Say::Empty => {
                let _ = writeln!(
                    out,
                    "Nothing to submit: type your answer, then a line holding only `{SUBMIT}`. /skip skips."
                );
            }
            Say::Rejected(why) => {
                let _ = writeln!(out, "{} {why}", paint(style::WARN, "Not graded:"));
            }
            Say::Notice(text) => {
                let _ = writeln!(out, "{} {text}", paint(style::WARN, "warning:"));
            }
            Say::Done { reason, report } => {
                let why = match reason {
                    Some(EndReason::Completed) => "That's the interview.",
                    Some(EndReason::OutOfQuestions) => "No more questions match your choices.",
                    Some(EndReason::SessionTime) => "The session's time is up.",
                    Some(EndReason::Quit) => "Interview ended.",
                    None => "Saved.",
                };
                let _ = writeln!(out, "\n{}\n", paint(style::HEADING, why));
                let bytes = Terminal { answers: false }.render(report);
                out.push_str(&String::from_utf8_lossy(&bytes));
                if reason.is_none() {
                    let _ = writeln!(
                        out,
                        "\nSession {} is saved; `grill resume` continues it.",
                        report.session
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "\nSaved as session {}; `grill review {}` shows it again.",
                        report.session, report.session
                    );
                }
            }
        }
        out
    }

    /// The prompt, as (plain, styled): the question number, the time, and the submit gesture.
    pub fn prompt(&self, time: &TimeView) -> (String, String) {
        let Some(q) = time.question else {
            let plain = format!("[{SUBMIT} submits] > ");
            return (plain.clone(), plain);
        };
        let (clock, urgent) = match (q.left(), q.over()) {
            (_, Some(over)) => (format!("{} over", mmss(over)), true),
            (Some(left), None) => (format!("{} left", mmss(round_up(left))), left < URGENT),
            (None, None) => (mmss(q.elapsed), false),
        };
        let stage = if q.follow_up { " follow-up" } else { "" };
        let head = format!("[{}/{}{stage} ", q.n, time.count);
        let tail = format!("] {SUBMIT} submits > ");
        let plain = format!("{head}{clock}{tail}");
        if !self.color {
            return (plain.clone(), plain);
        }
        let clock_style = if urgent { style::BAD } else { style::DIM };
        let styled = format!("{head}{}{tail}", paint(clock_style, &clock));
        (plain, styled)
    }

    /// The line printed while the candidate types, when a warning is due.
    pub fn warning(&self, n: usize, warning: &Warning) -> String {
        let left = mmss(warning.left);
        let text = match warning.kind {
            WarningKind::HalfTime => format!("Half time on question {n}: {left} left."),
            WarningKind::OneMinute => format!("One minute left on question {n}."),
            WarningKind::TimeUp => format!(
                "Time is up on question {n}: finish your answer; the extra time is recorded as overtime."
            ),
            WarningKind::SessionFiveMinutes => "Five minutes left in the session.".to_owned(),
            WarningKind::SessionUp => {
                "The session's time is up: the interview ends after this answer.".to_owned()
            }
        };
        let style = if warning.urgent() {
            style::BAD.bold()
        } else {
            style::WARN
        };
        let line = format!("⏰ {text}");
        if self.color { paint(style, line) } else { line }
    }
}

/// Whole seconds, rounded up: "0:04 left" until the last fraction of a second is gone.
fn round_up(duration: Duration) -> Duration {
    Duration::from_secs(duration.as_secs() + u64::from(duration.subsec_nanos() > 0))
}

/// `/time`'s answer.
fn time_text(time: &TimeView) -> String {
    let mut out = String::new();
    if let Some(q) = time.question {
        let what = if q.follow_up {
            format!("Follow-up of question {}", q.n)
        } else {
            format!("Question {}", q.n)
        };
        let _ = write!(out, "{what}: {} taken", mmss(q.elapsed));
        match (q.left(), q.over()) {
            (_, Some(over)) => {
                let _ = write!(out, ", {} over the limit", mmss(over));
            }
            (Some(left), None) => {
                let _ = write!(out, ", {} left", mmss(left));
            }
            _ => {}
        }
        out.push_str(". ");
    }
    let _ = write!(out, "Session: {}", mmss(time.session));
    if let Some(left) = time.session_left {
        let _ = write!(out, ", {} left", mmss(left));
    }
    out.push_str(".\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
