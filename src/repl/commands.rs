//! The REPL's commands as one table: name, summary and handler. `/help` and Tab completion are
//! generated from it, so a command cannot exist without being documented.

use crate::session::SessionError;

use super::core::{Interview, Outcome, Say};

/// A slash command.
pub struct SlashCommand {
    /// Its name, without the slash.
    pub name: &'static str,
    /// One line for `/help`.
    pub summary: &'static str,
    /// What it does.
    pub run: fn(&mut Interview<'_>, &str) -> Result<Outcome, SessionError>,
}

/// Every command, in `/help` order.
pub const COMMANDS: &[SlashCommand] = &[
    SlashCommand {
        name: "help",
        summary: "list the commands and how to answer",
        run: |_, _| Ok(Outcome::say(Say::Help)),
    },
    SlashCommand {
        name: "hint",
        summary: "show the next hint for this question (hints are recorded)",
        run: |interview, _| interview.hint(),
    },
    SlashCommand {
        name: "skip",
        summary: "skip this question (or its follow-up)",
        run: |interview, _| interview.skip(),
    },
    SlashCommand {
        name: "repeat",
        summary: "ask the current question again",
        run: |interview, _| Ok(interview.repeat()),
    },
    SlashCommand {
        name: "time",
        summary: "show the time taken and the time left",
        run: |interview, _| Ok(interview.time()),
    },
    SlashCommand {
        name: "model",
        summary: "show the model answer of the last question you answered",
        run: |interview, _| Ok(interview.model()),
    },
    SlashCommand {
        name: "score",
        summary: "show the session so far",
        run: |interview, _| Ok(interview.score()),
    },
    SlashCommand {
        name: "topics",
        summary: "list the bank's topics with their question counts",
        run: |interview, _| Ok(interview.topics()),
    },
    SlashCommand {
        name: "quit",
        summary: "end the interview and print the report (`grill resume ID` reopens it)",
        run: |interview, _| interview.quit(),
    },
];

/// The command with this name.
pub fn find(name: &str) -> Option<&'static SlashCommand> {
    COMMANDS.iter().find(|command| command.name == name)
}

/// Runs the command `name`, or says it is unknown with the nearest known one.
pub fn run(interview: &mut Interview<'_>, name: &str, arg: &str) -> Result<Outcome, SessionError> {
    match find(name) {
        Some(command) => (command.run)(interview, arg),
        None => Ok(Outcome::say(Say::Unknown {
            name: name.to_owned(),
            suggestion: suggest(name),
        })),
    }
}

/// The nearest command name to a mistyped one.
pub fn suggest(name: &str) -> Option<&'static str> {
    COMMANDS
        .iter()
        .map(|command| (strsim::jaro_winkler(name, command.name), command.name))
        .filter(|(similarity, _)| *similarity >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// The command names starting with `prefix`.
pub fn complete(prefix: &str) -> Vec<&'static str> {
    COMMANDS
        .iter()
        .map(|command| command.name)
        .filter(|name| name.starts_with(prefix))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_complete_by_prefix() {
        let mut names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
        assert_eq!(complete("h"), ["help", "hint"]);
        assert_eq!(complete("sk"), ["skip"]);
        assert_eq!(complete("to"), ["topics"]);
        assert_eq!(suggest("hnit"), Some("hint"));
        assert_eq!(suggest("zzz"), None);
    }
}
