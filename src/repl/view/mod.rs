//! How the interviewer's words look in a terminal: turns what the core says into styled text
//! (anstream strips the styles when colour is off). The interview's own lines, the verdicts and
//! the clock each have a module; the short replies to commands are drawn here.

mod clock;
mod interview;
mod verdict;

use std::fmt::Write as _;

use crate::sanitize::for_terminal;
use crate::session::{HintReply, Skip, Verdict};
use crate::style::{self, paint};

use super::commands::COMMANDS;
use super::core::Say;
use super::input::SUBMIT;

/// How to draw: with colour (and so with the answer's credited words highlighted) or plain.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// Whether styles will reach the screen.
    pub color: bool,
    /// Whether to wrap to the terminal's width (asked again for every line said, so a resized
    /// window is followed).
    pub wrap: bool,
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

/// Text set off as a quote, one dim bar a line.
fn quote(text: &str, out: &mut String) {
    for line in text.lines() {
        let _ = writeln!(out, "  {} {line}", paint(style::DIM, "│"));
    }
}

/// `/help`: the commands table, then how to answer.
fn help(out: &mut String) {
    let _ = writeln!(out, "{}", paint(style::HEADING, "Commands"));
    for command in COMMANDS {
        let _ = writeln!(out, "  /{:<8} {}", command.name, command.summary);
    }
    let _ = writeln!(out, "{}", paint(style::HEADING, "Answering"));
    for line in gestures().lines() {
        let _ = writeln!(out, "  {line}");
    }
}

impl View {
    /// What Ctrl-C on an empty line asks: quitting saves and counts every answer, and the
    /// session can be reopened.
    pub fn quit_question(&self, id: &str, saved: bool) -> String {
        if saved {
            format!(
                "End the interview now? Every answer so far is saved and counted in the report; `grill resume {id}` continues it later. [y/N] "
            )
        } else {
            "End the interview now? Your answers could not all be saved (see the warnings). [y/N] "
                .to_owned()
        }
    }

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
            } => interview::welcome(&mut out, id, *count, mode, *timed, *resumed, *done),
            Say::Ask(ask) => interview::ask(&mut out, ask),
            Say::FollowUp { ask, .. } => {
                let _ = writeln!(
                    out,
                    "\n{} {}",
                    paint(style::HEADING, "Follow-up:"),
                    for_terminal(&ask.question)
                );
            }
            Say::Graded(Verdict::Full(f)) => verdict::feedback(&mut out, f, self.color),
            Say::Graded(Verdict::Score { n, score, pass }) => {
                let _ = writeln!(
                    out,
                    "\nQuestion {n}: {score}/100 {}",
                    if *pass { "pass" } else { "fail" }
                );
            }
            Say::Graded(Verdict::Recorded { n }) => {
                let _ = writeln!(out, "\nAnswer to question {n} recorded.");
            }
            Say::Recovery(r) => verdict::recovery(&mut out, r),
            Say::Hint(HintReply::Hint { index, of, text }) => {
                let _ = writeln!(
                    out,
                    "{} {}",
                    paint(style::WARN, format!("Hint {}/{of}:", index + 1)),
                    for_terminal(text)
                );
            }
            Say::Hint(HintReply::NoMore { of: 0 }) => {
                out.push_str("This question has no hints.\n");
            }
            Say::Hint(HintReply::NoMore { of }) => {
                let _ = writeln!(out, "No more hints: all {of} are shown.");
            }
            Say::Hint(HintReply::NotAsking) | Say::NotAsking => {
                out.push_str("No question is waiting for an answer.\n");
            }
            Say::Skipped(Skip::Question(n)) => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint(style::DIM, format!("Skipped question {n}."))
                );
            }
            Say::Skipped(Skip::FollowUp(n)) => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint(
                        style::DIM,
                        format!("Skipped the follow-up of question {n}.")
                    )
                );
            }
            Say::Time(time) => out.push_str(&clock::time_text(time)),
            Say::Model(Some((n, model))) => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint(style::HEADING, format!("Model answer, question {n}:"))
                );
                quote(&for_terminal(model), &mut out);
            }
            Say::Model(None) => out.push_str("The model answer is shown once you have answered.\n"),
            Say::Score(report) => interview::score(&mut out, report),
            Say::Help => help(&mut out),
            Say::Topics(topics) => {
                let width = topics.iter().map(|t| t.topic.len()).max().unwrap_or(0);
                let _ = writeln!(out, "{}", paint(style::HEADING, "Topics"));
                for t in topics {
                    let _ = writeln!(
                        out,
                        "  {:width$}  {:>3} question{}{}",
                        crate::sanitize::single_line(&t.topic),
                        t.questions,
                        if t.questions == 1 { "" } else { "s" },
                        if t.in_plan {
                            paint(style::DIM, "  · in this interview")
                        } else {
                            String::new()
                        }
                    );
                }
                let _ = writeln!(
                    out,
                    "{}",
                    paint(style::DIM, "`grill --topic T` practises one topic.")
                );
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
                let _ = writeln!(
                    out,
                    "{} {}",
                    paint(style::WARN, "Not graded:"),
                    for_terminal(why)
                );
            }
            Say::Notice(text) => {
                let _ = writeln!(
                    out,
                    "{} {}",
                    paint(style::WARN, "warning:"),
                    for_terminal(text)
                );
            }
            Say::Done {
                reason,
                report,
                saved,
            } => interview::done(&mut out, *reason, report, *saved),
        }
        if self.wrap {
            crate::wrap::fill(&out, crate::table::stdout_width())
        } else {
            out
        }
    }
}
