//! The terminal front end: rustyline with its history, the helper, Ctrl-C handling, and a timer
//! thread that prints warnings above the line being typed (rustyline's external printer).
//!
//! Answers are recalled with the Up arrow during the session only: the history file in the data
//! dir keeps commands, never answer text, so the next person at the machine cannot read the last
//! candidate's answers.

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use rustyline::config::{ColorMode, CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::{DefaultHistory, History as _};
use rustyline::{Editor, EventHandler, ExternalPrinter, KeyEvent};

use super::helper::{CtrlC, CtrlD, Helper};
use super::input;
use super::{Frontend, Read};

/// What the line editor remembers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recall {
    /// Nothing at all (`--no-history`).
    Off,
    /// Answers and commands for this session only.
    Session,
    /// This session's answers and commands, and the commands of past sessions, kept in this file.
    Saved(PathBuf),
}

/// Prints timed warnings from its own thread while the candidate types.
struct Timer {
    plan: Sender<Vec<(Instant, String)>>,
}

impl Timer {
    fn spawn(mut printer: impl ExternalPrinter + Send + 'static) -> Timer {
        let (plan, plans) = mpsc::channel::<Vec<(Instant, String)>>();
        thread::spawn(move || {
            let mut due: Vec<(Instant, String)> = Vec::new();
            loop {
                let next = match due.first() {
                    Some((at, _)) => {
                        plans.recv_timeout(at.saturating_duration_since(Instant::now()))
                    }
                    None => plans.recv().map_err(|_| RecvTimeoutError::Disconnected),
                };
                match next {
                    Ok(mut new) => {
                        new.sort_by_key(|(at, _)| *at);
                        due = new;
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        let (_, message) = due.remove(0);
                        if printer.print(format!("{message}\n")).is_err() {
                            return;
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        });
        Timer { plan }
    }
}

/// A rustyline failure as an I/O error (unwrapped when it is one).
fn io_error(error: ReadlineError) -> std::io::Error {
    match error {
        ReadlineError::Io(error) => error,
        error => std::io::Error::other(error),
    }
}

/// rustyline in front of the interview.
pub struct Tty {
    editor: Editor<Helper, DefaultHistory>,
    recall: Recall,
    /// The commands to keep across sessions.
    kept: DefaultHistory,
    timer: Option<Timer>,
    /// Raised by Ctrl-D on a line holding text.
    stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// The command on the last line of a buffer, if it ends with one.
fn command(buffer: &str) -> Option<&str> {
    let last = buffer.rsplit('\n').next().unwrap_or("").trim();
    input::is_command(last).then_some(last)
}

impl Tty {
    /// Sets up the editor, remembering what `recall` says.
    pub fn new(color: bool, recall: Recall) -> rustyline::Result<Tty> {
        let config = Config::builder()
            .completion_type(CompletionType::List)
            .auto_add_history(false)
            .history_ignore_space(true)
            .max_history_size(500)?
            .color_mode(if color {
                ColorMode::Enabled
            } else {
                ColorMode::Disabled
            })
            .build();
        let mut editor: Editor<Helper, DefaultHistory> = Editor::with_config(config)?;
        editor.set_helper(Some(Helper::default()));
        editor.bind_sequence(
            KeyEvent::ctrl('C'),
            EventHandler::Conditional(Box::new(CtrlC)),
        );
        let ctrl_d = CtrlD::default();
        let stopped = ctrl_d.stopped.clone();
        editor.bind_sequence(
            KeyEvent::ctrl('D'),
            EventHandler::Conditional(Box::new(ctrl_d)),
        );
        let mut kept = DefaultHistory::new();
        if let Recall::Saved(path) = &recall {
            kept = load_commands(&mut editor, path);
        }
        let timer = editor.create_external_printer().ok().map(Timer::spawn);
        Ok(Tty {
            editor,
            recall,
            kept,
            timer,
            stopped,
        })
    }

    /// Records every key into a log (for a screen's integrity signals) and returns it; the
    /// editor handles each key as before.
    pub fn log_keys(&mut self) -> super::keys::KeyLog {
        let log = super::keys::KeyLog::default();
        self.editor.bind_sequence(
            rustyline::Event::Any,
            EventHandler::Conditional(Box::new(super::keys::Recorder(log.clone()))),
        );
        log
    }

    fn remember(&mut self, buffer: &str) {
        if buffer.trim().is_empty() || self.recall == Recall::Off {
            return;
        }
        let _ = self.editor.add_history_entry(buffer);
        if let (Recall::Saved(path), Some(command)) = (&self.recall, command(buffer))
            && self.kept.add(command).unwrap_or(false)
        {
            let _ = self.kept.append(path);
        }
    }
}

impl Frontend for Tty {
    fn read(&mut self, prompt: &(String, String), draft: &str) -> std::io::Result<Read> {
        let result = if draft.is_empty() {
            self.editor.readline(prompt)
        } else {
            let initial = format!("{draft}\n");
            self.editor.readline_with_initial(prompt, (&initial, ""))
        };
        match result {
            Ok(buffer) => {
                self.remember(&buffer);
                Ok(Read::Buffer(buffer))
            }
            // Ctrl-D on a line holding text: stop, the text unsent.
            Err(ReadlineError::Interrupted)
                if self
                    .stopped
                    .swap(false, std::sync::atomic::Ordering::SeqCst) =>
            {
                Ok(Read::Eof { unsent: true })
            }
            // Ctrl-C, or SIGINT sent to the process while the editor reads: never an exit.
            Err(ReadlineError::Interrupted | ReadlineError::Signal(_)) => Ok(Read::Interrupted),
            Err(ReadlineError::Eof) => Ok(Read::Eof { unsent: false }),
            Err(error) => Err(io_error(error)),
        }
    }

    fn confirm_quit(&mut self, question: &str) -> std::io::Result<bool> {
        if let Some(helper) = self.editor.helper_mut() {
            helper.confirming = true;
        }
        let answer = self.editor.readline(question);
        if let Some(helper) = self.editor.helper_mut() {
            helper.confirming = false;
        }
        match answer {
            Ok(line) => Ok(matches!(line.trim(), "y" | "Y" | "yes" | "Yes")),
            Err(ReadlineError::Interrupted | ReadlineError::Eof | ReadlineError::Signal(_)) => {
                Ok(true)
            }
            Err(error) => Err(io_error(error)),
        }
    }

    fn arm(&mut self, warnings: Vec<(Duration, String)>) {
        if let Some(timer) = &self.timer {
            let now = Instant::now();
            let _ = timer
                .plan
                .send(warnings.into_iter().map(|(d, m)| (now + d, m)).collect());
        }
    }
}

/// Loads the history file into the editor keeping only commands, and returns them as the history
/// to append to. A file holding answers (grill once kept them) is rewritten without them.
fn load_commands(
    editor: &mut Editor<Helper, DefaultHistory>,
    path: &std::path::Path,
) -> DefaultHistory {
    let mut kept = DefaultHistory::new();
    if editor.load_history(path).is_err() {
        return kept;
    }
    let all: Vec<String> = editor.history().iter().cloned().collect();
    let _ = editor.clear_history();
    for entry in &all {
        if let Some(command) = command(entry).filter(|c| *c == entry.trim()) {
            let _ = editor.add_history_entry(command);
            let _ = kept.add(command);
        }
    }
    if kept.len() < all.len() {
        if kept.is_empty() {
            let _ = std::fs::remove_file(path);
        } else {
            let _ = kept.save(path);
        }
    } else {
        // Nothing to rewrite: start appending after what the file holds.
        kept = DefaultHistory::new();
        let _ = kept.load(path);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::command;

    #[test]
    fn only_the_command_ending_a_buffer_is_kept() {
        assert_eq!(command("/hint"), Some("/hint"));
        assert_eq!(command("half an answer\n/skip "), Some("/skip"));
        assert_eq!(command("an answer\n."), None);
        assert_eq!(command("//etc/hosts"), None);
    }
}
