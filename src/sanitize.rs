//! Makes untrusted text safe to print on a terminal: bank files, candidate answers and stored
//! sessions can hold escape sequences that would retitle the window, clear the screen, plant
//! hyperlinks or reorder what a reader sees; here they are shown visibly instead.
//!
//! Every function is pure and returns the input borrowed when nothing needs changing (the
//! common case), so calling it on every printed string costs a scan and no allocation. Apply it
//! to the text itself before styling: the colour codes grill adds must stay live. JSON and other
//! machine output keep the exact text and never go through here.
//!
//! How characters are shown:
//!
//! | character | shown as |
//! |---|---|
//! | ESC (U+001B) | `\e` |
//! | lone carriage return (not followed by `\n`) | `\r` |
//! | other C0 controls U+0000..U+001F, and DEL U+007F | `\xHH`, e.g. BEL is `\x07` |
//! | C1 controls U+0080..U+009F (CSI U+009B included) | `\u{HH}`, e.g. `\u{9b}` |
//! | bidi embeddings, overrides and isolates U+202A..U+202E, U+2066..U+2069 | `\u{HHHH}`, e.g. `\u{202e}` |
//!
//! [`for_terminal`] keeps `\n`, `\t` and `\r\n` as they are; [`single_line`] also shows them as
//! `\n`, `\t` and `\r`. A backslash already in the text is left alone, so the output is for
//! reading, not for parsing back.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether the text may span lines (keeps `\n`, `\t`, `\r\n`) or must stay on one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    MultiLine,
    SingleLine,
}

/// Neutralises control characters and escape sequences in text printed to a terminal, keeping
/// line breaks (`\n`, `\r\n`) and tabs. Use it for prompts, answers, model answers, feedback and
/// error messages that quote a file. Returns `text` borrowed when it holds nothing to neutralise.
///
/// ```
/// use grill::sanitize::for_terminal;
/// assert_eq!(for_terminal("plain\ntext"), "plain\ntext");
/// assert_eq!(for_terminal("\u{1b}]0;pwned\u{7}hi"), "\\e]0;pwned\\x07hi");
/// ```
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    neutralise(text, Mode::MultiLine)
}

/// Like [`for_terminal`], and also shows `\n`, `\r` and `\t` as those two-character escapes, for
/// text that must stay on one line: table cells, ids, file names, one-line messages.
///
/// ```
/// use grill::sanitize::single_line;
/// assert_eq!(single_line("two\nlines"), "two\\nlines");
/// ```
pub fn single_line(text: &str) -> Cow<'_, str> {
    neutralise(text, Mode::SingleLine)
}

fn neutralise(text: &str, mode: Mode) -> Cow<'_, str> {
    let Some(first) = first_unsafe(text, mode) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    let mut chars = text[first..].chars().peekable();
    while let Some(c) = chars.next() {
        let keep_crlf = mode == Mode::MultiLine && c == '\r' && chars.peek() == Some(&'\n');
        if keep_crlf || !is_unsafe(c, mode) {
            out.push(c);
        } else {
            escape(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// The byte offset of the first character that must be shown escaped, if any.
fn first_unsafe(text: &str, mode: Mode) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii() {
            let c = char::from(byte);
            let crlf = mode == Mode::MultiLine && c == '\r' && bytes.get(i + 1) == Some(&b'\n');
            if is_unsafe(c, mode) && !crlf {
                return Some(i);
            }
            i += 1;
        } else {
            // `i` is at a character boundary: ASCII bytes are whole characters.
            let c = text[i..].chars().next().expect("a character starts here");
            if is_unsafe(c, mode) {
                return Some(i);
            }
            i += c.len_utf8();
        }
    }
    None
}

fn is_unsafe(c: char, mode: Mode) -> bool {
    match c {
        '\n' | '\t' => mode == Mode::SingleLine,
        '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{80}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

fn escape(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_ascii() => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// Text made safe inside HTML element content or a quoted attribute: `& < > " '` escaped,
/// control characters other than newline and tab dropped.
pub fn for_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        for text in [
            "",
            "Explain ACID.",
            "line one\nline two\n\tindented",
            "crlf\r\nline",
            "café, naïve, 日本語, emoji 🦀, arabic مرحبا",
            r"a regex \d+ and a path C:\temp",
        ] {
            assert!(
                matches!(for_terminal(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
        assert!(matches!(single_line("one line, é"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_shown_visibly() {
        assert_eq!(
            for_terminal("\u{1b}]0;owned\u{7}title"),
            "\\e]0;owned\\x07title"
        );
        assert_eq!(for_terminal("\u{1b}[2J\u{1b}[H"), "\\e[2J\\e[H");
        assert_eq!(
            for_terminal("\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "\\e]8;;http://evil\\e\\link\\e]8;;\\e\\"
        );
        assert_eq!(for_terminal("a\u{9b}31mred"), "a\\u{9b}31mred");
        assert_eq!(for_terminal("nul\u{0} del\u{7f}"), "nul\\x00 del\\x7f");
        assert_eq!(
            for_terminal("user\u{202e}txt.exe\u{2066}x\u{2069}"),
            "user\\u{202e}txt.exe\\u{2066}x\\u{2069}"
        );
    }

    #[test]
    fn a_lone_carriage_return_cannot_overwrite_the_line() {
        assert_eq!(for_terminal("score 10\rscore 99"), "score 10\\rscore 99");
        assert_eq!(for_terminal("ok\r\nnext\r"), "ok\r\nnext\\r");
    }

    #[test]
    fn single_line_also_shows_line_breaks_and_tabs() {
        assert_eq!(single_line("a\nb\r\nc\td"), "a\\nb\\r\\nc\\td");
        assert_eq!(single_line("\u{1b}[1m"), "\\e[1m");
    }

    /// The characters a terminal could act on; none may survive.
    fn dangerous(c: char) -> bool {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }

    proptest! {
        #[test]
        fn output_never_holds_a_control_character(text in any::<String>()) {
            let out = for_terminal(&text);
            prop_assert!(!out.chars().any(dangerous), "{:?} -> {:?}", text, out);
            prop_assert!(!out.replace("\r\n", "").contains('\r'));
            let line = single_line(&text);
            prop_assert!(!line.chars().any(|c| dangerous(c) || matches!(c, '\n' | '\r' | '\t')));
            // Neutralised text is clean: a second pass changes nothing.
            prop_assert!(matches!(for_terminal(&out), Cow::Borrowed(_)));
            prop_assert!(matches!(single_line(&line), Cow::Borrowed(_)));
        }

        #[test]
        fn clean_text_round_trips(text in "[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\u{202a}-\u{202e}\u{2066}-\u{2069}]*") {
            prop_assert!(matches!(for_terminal(&text), Cow::Borrowed(t) if t == text));
        }

        #[test]
        fn escapes_and_hostile_mixes(parts in proptest::collection::vec(
            prop_oneof![
                Just("\u{1b}[2J".to_owned()),
                Just("\u{1b}]0;t\u{7}".to_owned()),
                Just("\u{9b}0m".to_owned()),
                Just("\u{202e}".to_owned()),
                Just("\r".to_owned()),
                "[a-z \n]{0,8}",
            ],
            0..12,
        )) {
            let text = parts.concat();
            let out = for_terminal(&text);
            let survived = out.contains('\u{1b}') || out.contains('\u{7}') || out.contains('\u{9b}');
            prop_assert!(!survived, "{:?} -> {:?}", text, out);
            // Only the neutralised characters change: removing escapes' text keeps the letters.
            let letters = |s: &str| s.chars().filter(char::is_ascii_lowercase).count();
            prop_assert!(letters(&out) >= letters(&text));
        }
    }
}
