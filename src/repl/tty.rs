//! The terminal front end: rustyline with history in the data dir, the helper, Ctrl-C handling,
//! and a timer thread that prints warnings above the line being typed (rustyline's external
//! printer).

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use rustyline::config::{ColorMode, CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Editor, EventHandler, ExternalPrinter, KeyEvent};

use super::helper::{CtrlC, CtrlD, Helper};
use super::{Frontend, Read};

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
    history: Option<PathBuf>,
    timer: Option<Timer>,
    /// Raised by Ctrl-D on a line holding text.
    stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Tty {
    /// Sets up the editor; `history` is the file to keep answers and commands in.
    pub fn new(color: bool, history: Option<PathBuf>) -> rustyline::Result<Tty> {
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
        if let Some(path) = &history {
            let _ = editor.load_history(path);
        }
        let timer = editor.create_external_printer().ok().map(Timer::spawn);
        Ok(Tty {
            editor,
            history,
            timer,
            stopped,
        })
    }

    fn remember(&mut self, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        let _ = self.editor.add_history_entry(line);
        if let Some(path) = &self.history {
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = self.editor.append_history(path);
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
            Err(ReadlineError::Interrupted)
                if self
                    .stopped
                    .swap(false, std::sync::atomic::Ordering::SeqCst) =>
            {
                Ok(Read::Eof { unsent: true })
            }
            Err(ReadlineError::Interrupted) => Ok(Read::Interrupted),
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
            Err(ReadlineError::Interrupted | ReadlineError::Eof) => Ok(true),
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
