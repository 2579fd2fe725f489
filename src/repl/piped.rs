//! The piped front end: when stdin is not a terminal, answers are read line by line and end with
//! the same gesture as at the prompt. No prompts, no editing, plain output: for scripts and tests.

use std::io::BufRead;

use super::input;
use super::{Frontend, Read};

/// Reads answers from any buffered reader.
pub struct Piped<R> {
    input: R,
    on_line: Box<dyn Fn()>,
}

impl<R: BufRead> Piped<R> {
    /// Reads from `input`, calling `on_line` after every line (a fake clock moves on there).
    pub fn new(input: R, on_line: Box<dyn Fn()>) -> Self {
        Self { input, on_line }
    }
}

impl<R: BufRead> Frontend for Piped<R> {
    fn read(&mut self, _prompt: &(String, String), draft: &str) -> std::io::Result<Read> {
        let mut buffer = draft.to_owned();
        loop {
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                return Ok(Read::Eof {
                    unsent: !buffer.trim().is_empty(),
                });
            }
            (self.on_line)();
            let line = line.trim_end_matches(['\n', '\r']);
            if !buffer.is_empty() {
                buffer.push('\n');
            }
            buffer.push_str(line);
            if input::is_complete(&buffer) {
                return Ok(Read::Buffer(buffer));
            }
        }
    }

    fn confirm_quit(&mut self, _saved: bool) -> std::io::Result<bool> {
        Ok(true)
    }
}
