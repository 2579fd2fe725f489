//! What a typed buffer means, as pure functions: when Enter submits, which line is a command, and
//! how `//` escapes a leading slash. The rustyline validator and the piped reader both use them.

/// The line that submits an answer.
pub const SUBMIT: &str = ".";

/// What the candidate did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// Submitted an answer (possibly empty).
    Submit(String),
    /// Typed a command: `/name arg`.
    Command {
        /// The name, without the slash.
        name: String,
        /// The rest of the line, trimmed.
        arg: String,
    },
    /// Nothing to act on (an empty buffer, or input that ended mid-answer).
    Nothing,
}

/// A parsed buffer: the action, and the answer lines typed before a command (kept as a draft).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Lines typed before a command, to be offered again.
    pub draft: String,
    /// What to do.
    pub typed: Typed,
}

/// Whether a line is a command (`/name`, but not `//...`).
pub fn is_command(line: &str) -> bool {
    line.starts_with('/') && !line.starts_with("//")
}

/// Whether a line submits the answer.
pub fn is_submit(line: &str) -> bool {
    line.trim() == SUBMIT
}

fn last_line(buffer: &str) -> &str {
    buffer
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
}

/// Whether Enter ends the input here: the last line submits or is a command, or nothing is typed.
pub fn is_complete(buffer: &str) -> bool {
    let last = last_line(buffer);
    buffer.trim().is_empty() || is_submit(last) || is_command(last)
}

fn unescape(line: &str) -> &str {
    if line.starts_with("//") {
        &line[1..]
    } else {
        line
    }
}

/// Reads a complete buffer.
pub fn parse(buffer: &str) -> Entry {
    let lines: Vec<&str> = buffer
        .split('\n')
        .map(|line| line.trim_end_matches('\r'))
        .collect();
    let (last, before) = lines.split_last().expect("split yields one line at least");
    let body = |lines: &[&str]| -> String {
        let text: Vec<&str> = lines.iter().map(|line| unescape(line)).collect();
        text.join("\n").trim_matches('\n').trim_end().to_owned()
    };
    if is_command(last) {
        let command = last[1..].trim();
        let (name, arg) = command
            .split_once(char::is_whitespace)
            .unwrap_or((command, ""));
        let draft = before.join("\n");
        return Entry {
            draft: if draft.trim().is_empty() {
                String::new()
            } else {
                draft
            },
            typed: Typed::Command {
                name: name.to_ascii_lowercase(),
                arg: arg.trim().to_owned(),
            },
        };
    }
    if is_submit(last) {
        return Entry {
            draft: String::new(),
            typed: Typed::Submit(body(before)),
        };
    }
    Entry {
        draft: if buffer.trim().is_empty() {
            String::new()
        } else {
            buffer.to_owned()
        },
        typed: Typed::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_completes_on_a_dot_line_a_command_or_nothing() {
        assert!(is_complete(""));
        assert!(is_complete("a cache\nkeeps copies\n."));
        assert!(is_complete("a cache\n  .  "));
        assert!(is_complete("/hint"));
        assert!(is_complete("half an answer\n/hint"));
        assert!(!is_complete("a cache"));
        assert!(!is_complete("a cache\n"));
        assert!(!is_complete("//etc/hosts holds names"));
        assert!(!is_complete("ends with a dot."));
    }

    #[test]
    fn a_dot_line_submits_the_lines_before_it() {
        assert_eq!(
            parse("first line\n\nsecond paragraph\n."),
            Entry {
                draft: String::new(),
                typed: Typed::Submit("first line\n\nsecond paragraph".into())
            }
        );
        assert_eq!(parse(".").typed, Typed::Submit(String::new()));
    }

    #[test]
    fn double_slash_escapes_a_leading_slash() {
        assert_eq!(
            parse("//etc/hosts maps names\n.").typed,
            Typed::Submit("/etc/hosts maps names".into())
        );
    }

    #[test]
    fn a_command_keeps_the_answer_typed_before_it() {
        assert_eq!(
            parse("half an answer\n/Hint  now "),
            Entry {
                draft: "half an answer".into(),
                typed: Typed::Command {
                    name: "hint".into(),
                    arg: "now".into()
                }
            }
        );
        assert_eq!(
            parse("/quit").typed,
            Typed::Command {
                name: "quit".into(),
                arg: String::new()
            }
        );
    }

    #[test]
    fn an_unfinished_buffer_is_nothing_but_a_draft() {
        assert_eq!(
            parse("typed but never submitted"),
            Entry {
                draft: "typed but never submitted".into(),
                typed: Typed::Nothing
            }
        );
    }
}
