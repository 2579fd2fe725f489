//! The interview REPL in three layers: a pure core ([`core`], with the [`commands`] table and the
//! [`input`] rules), a rustyline [`helper`], and this thin loop that reads, handles Ctrl-C and
//! Ctrl-D, and prints. The same loop runs on piped stdin without rustyline.

pub mod commands;
pub mod core;
pub mod helper;
pub mod input;
pub mod keys;
pub mod piped;
pub mod signals;
pub mod tty;
pub mod view;

use std::io::Write;
use std::time::Duration;

use anyhow::Result;

use self::core::{Interview, Outcome, Say};
use self::view::View;
use crate::session::SessionError;

/// What one read produced.
#[derive(Debug)]
pub enum Read {
    /// A complete buffer (an answer, a command, or nothing).
    Buffer(String),
    /// Ctrl-C on an empty line.
    Interrupted,
    /// Ctrl-D, or the end of piped input; `unsent` when an answer was typed but not submitted.
    Eof {
        /// Text was typed and never submitted.
        unsent: bool,
    },
}

/// Where input comes from.
pub trait Frontend {
    /// Reads one complete buffer, offering `draft` as already typed.
    fn read(&mut self, prompt: &(String, String), draft: &str) -> std::io::Result<Read>;
    /// Asks `question`, whether to quit, after Ctrl-C on an empty line.
    fn confirm_quit(&mut self, question: &str) -> std::io::Result<bool>;
    /// Plans the warnings to print while the next read is in progress (empty: none).
    fn arm(&mut self, _warnings: Vec<(Duration, String)>) {}
}

/// Prints what the interviewer says; warnings (a journal that cannot be written...) go to
/// stderr.
fn show(view: View, says: &[Say]) -> Result<()> {
    for say in says {
        let text = view.say(say);
        if matches!(say, Say::Notice(_)) {
            let _ = anstream::stderr().lock().write_all(text.as_bytes());
        } else {
            let mut out = anstream::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Does what the candidate typed: submits an answer or runs a command.
pub fn handle(
    interview: &mut Interview<'_>,
    typed: &input::Typed,
) -> Result<Outcome, SessionError> {
    match typed {
        input::Typed::Nothing => Ok(Outcome {
            keep_draft: true,
            ..Outcome::default()
        }),
        input::Typed::Submit(text) => interview.submit(text),
        input::Typed::Command { name, arg } => commands::run(interview, name, arg),
    }
}

/// Runs the interview until it ends, is quit, or input ends.
pub fn run(
    interview: &mut Interview<'_>,
    resumed: bool,
    frontend: &mut dyn Frontend,
    view: View,
) -> Result<()> {
    let outcome = interview.begin(resumed)?;
    show(view, &outcome.says)?;
    if outcome.stop {
        return Ok(());
    }
    let mut draft = String::new();
    loop {
        let time = interview.time_view();
        let n = time.question.map_or(0, |q| q.n);
        let warnings = interview
            .session()
            .warnings()
            .into_iter()
            .map(|(due, warning)| (due, view.warning(n, &warning)))
            .collect();
        frontend.arm(warnings);
        let read = frontend.read(&view.prompt(&time), &draft);
        frontend.arm(Vec::new());
        let outcome: Outcome = match read? {
            Read::Buffer(buffer) => {
                let entry = input::parse(&buffer);
                let outcome = handle(interview, &entry.typed)?;
                draft = if outcome.keep_draft {
                    entry.draft
                } else {
                    String::new()
                };
                outcome
            }
            Read::Interrupted => {
                draft.clear();
                let id = interview.session().state().id.clone();
                let question = view.quit_question(&id, interview.session().saved());
                if !frontend.confirm_quit(&question)? {
                    continue;
                }
                interview.quit()?
            }
            Read::Eof { unsent } => {
                let mut outcome = interview.leave();
                if unsent || !draft.is_empty() {
                    outcome.says.insert(
                        0,
                        Say::Notice(format!(
                            "the last answer was never submitted (end answers with a line holding only `{}`), so it was not saved",
                            input::SUBMIT
                        )),
                    );
                }
                outcome
            }
        };
        show(view, &outcome.says)?;
        if outcome.stop {
            return Ok(());
        }
    }
}
