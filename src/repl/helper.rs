//! The rustyline helper: Tab completes slash commands from the commands table, and the validator
//! decides with [`input::is_complete`] whether Enter submits or starts a new answer line.

use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Cmd, ConditionalEventHandler, Event, EventContext, Movement, RepeatCount};

use super::commands;
use super::input;

/// Completion and multi-line validation for the interview prompt.
#[derive(Debug, Default)]
pub struct Helper {
    /// A yes/no question is being asked: any line is complete.
    pub confirming: bool,
}

/// The command names completing the `/word` under the cursor, and where the word starts.
pub fn completions(buffer: &str, pos: usize) -> (usize, Vec<String>) {
    let start = buffer[..pos].rfind('\n').map_or(0, |i| i + 1);
    let typed = &buffer[start..pos];
    match typed.strip_prefix('/') {
        Some(prefix) if !prefix.starts_with('/') && !prefix.contains(char::is_whitespace) => (
            start + 1,
            commands::complete(prefix)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        ),
        _ => (pos, Vec::new()),
    }
}

impl Completer for Helper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(completions(line, pos))
    }
}

impl Hinter for Helper {
    type Hint = String;
}

impl Highlighter for Helper {}

impl Validator for Helper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if self.confirming || input::is_complete(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

impl rustyline::Helper for Helper {}

/// Ctrl-C: clears what is typed (into the kill ring, so Ctrl-Y restores it); on an empty line it
/// interrupts, and the loop asks whether to quit.
#[derive(Debug)]
pub struct CtrlC;

impl ConditionalEventHandler for CtrlC {
    fn handle(
        &self,
        _event: &Event,
        _n: RepeatCount,
        _positive: bool,
        ctx: &EventContext<'_>,
    ) -> Option<Cmd> {
        Some(if ctx.line().is_empty() {
            Cmd::Interrupt
        } else {
            Cmd::Kill(Movement::WholeBuffer)
        })
    }
}

/// Ctrl-D: on an empty line it ends input as usual; with text typed and the cursor at its end
/// it stops too (rustyline alone would do nothing), raising `stopped` so the front end can say
/// the unsent answer was not saved. Elsewhere in the line it deletes the character under the
/// cursor, as in Emacs.
#[derive(Debug, Default)]
pub struct CtrlD {
    /// Set when Ctrl-D stopped a line that held text.
    pub stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl ConditionalEventHandler for CtrlD {
    fn handle(
        &self,
        _event: &Event,
        _n: RepeatCount,
        _positive: bool,
        ctx: &EventContext<'_>,
    ) -> Option<Cmd> {
        if ctx.line().is_empty() {
            return Some(Cmd::EndOfFile);
        }
        if ctx.pos() < ctx.line().len() {
            return Some(Cmd::Kill(Movement::ForwardChar(1)));
        }
        self.stopped
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Some(Cmd::Interrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_a_slash_word_on_any_line() {
        assert_eq!(completions("/sk", 3), (1, vec!["skip".to_owned()]));
        assert_eq!(
            completions("an answer\n/h", 12),
            (11, vec!["help".to_owned(), "hint".to_owned()])
        );
        assert_eq!(completions("an answer", 9).1, Vec::<String>::new());
        assert_eq!(completions("//sk", 4).1, Vec::<String>::new());
        assert_eq!(completions("/skip now", 9).1, Vec::<String>::new());
    }
}
