//! Terminal text wrapped at word boundaries to the terminal's width, so questions, concept labels,
//! model answers and feedback never break mid-word. A list item keeps a hanging indent (its
//! continuation lines start under its text, and a quoted line keeps its bar); styles do not count
//! towards the width.

use textwrap::core::display_width;
use textwrap::{Options, WordSplitter};

/// The markers that start a list item, after its indent: the continuation lines hang under the
/// text that follows them.
const MARKERS: &[&str] = &["✓ ", "✗ ", "~ ", "! ", "- ", "⏰ "];

/// The quote bar: continuation lines repeat it.
const BAR: &str = "│ ";

/// Below this many columns for the text itself, continuation lines are not indented.
const MIN_TEXT: usize = 16;

/// Wraps every line of `text` longer than `width` columns; with no width, returns it as it is.
pub fn fill(text: &str, width: Option<usize>) -> String {
    let Some(width) = width.filter(|w| *w > 0) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        let (end, hang) = prefix(body);
        let hang = if display_width(&hang) + MIN_TEXT > width {
            String::new()
        } else {
            hang
        };
        let options = Options::new(width)
            .initial_indent(&body[..end])
            .subsequent_indent(&hang)
            .break_words(true)
            .word_splitter(WordSplitter::NoHyphenation);
        out.push_str(&textwrap::fill(&body[end..], options));
        out.push_str(newline);
    }
    out
}

/// Where a line's item prefix (indent and marker) ends, as a byte offset that keeps any styles
/// around the marker, and the indent its continuation lines take.
fn prefix(line: &str) -> (usize, String) {
    let visible: Vec<(usize, char)> = visible_chars(line).collect();
    let mut i = 0;
    while i < visible.len() && visible[i].1 == ' ' {
        i += 1;
    }
    let rest: String = visible[i..].iter().take(4).map(|(_, c)| *c).collect();
    let indent = " ".repeat(i);
    let marker = MARKERS
        .iter()
        .chain(std::iter::once(&BAR))
        .find(|marker| rest.starts_with(**marker))
        .copied()
        .or_else(|| numbered(&rest));
    let Some(marker) = marker else {
        return (byte_after(&visible, i, line), indent);
    };
    let count = marker.chars().count();
    let end = byte_after(&visible, i + count, line);
    let hang = if marker == BAR {
        format!("{indent}{BAR}")
    } else {
        format!("{indent}{}", " ".repeat(display_width(marker)))
    };
    (end, hang)
}

/// `1. ` to `9. ` as a marker.
fn numbered(rest: &str) -> Option<&'static str> {
    const NUMBERS: [&str; 9] = [
        "1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. ", "8. ", "9. ",
    ];
    NUMBERS.into_iter().find(|n| rest.starts_with(n))
}

/// The byte offset where the visible character `index` starts (the line's end past the last).
fn byte_after(visible: &[(usize, char)], index: usize, line: &str) -> usize {
    visible.get(index).map_or(line.len(), |(at, _)| *at)
}

/// The characters of a line that show, with their byte offsets: escape sequences left out.
fn visible_chars(line: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut chars = line.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (at, c) = chars.next()?;
            if c != '\u{1b}' {
                return Some((at, c));
            }
            // CSI: ESC [ parameters final-byte.
            if chars.peek().is_some_and(|(_, c)| *c == '[') {
                chars.next();
                for (_, c) in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_break_at_words_and_short_ones_stay() {
        let text = "Many requests miss the same hot key at once. What goes wrong?\nshort\n";
        assert_eq!(
            fill(text, Some(30)),
            "Many requests miss the same\nhot key at once. What goes\nwrong?\nshort\n"
        );
        assert_eq!(fill(text, None), text);
        assert_eq!(
            fill("see `grill review 20250106-090000` again", Some(30)),
            "see `grill review\n20250106-090000` again"
        );
    }

    #[test]
    fn list_items_hang_under_their_text_and_quotes_keep_their_bar() {
        let item = "  ✓ Serves repeat reads faster from memory: \"faster\"\n";
        assert_eq!(
            fill(item, Some(30)),
            "  ✓ Serves repeat reads faster\n    from memory: \"faster\"\n"
        );
        let quote = "  │ one two three four five six seven eight\n";
        assert_eq!(
            fill(quote, Some(24)),
            "  │ one two three four\n  │ five six seven eight\n"
        );
        assert_eq!(
            fill("  - Cached data can be stale (caching, q1)", Some(26)),
            "  - Cached data can be\n    stale (caching, q1)"
        );
    }

    #[test]
    fn styles_do_not_count_and_survive() {
        let styled = "  \u{1b}[32m✓\u{1b}[0m one two three four five six";
        let wrapped = fill(styled, Some(22));
        assert_eq!(
            anstream::adapter::strip_str(&wrapped).to_string(),
            "  ✓ one two three four\n    five six"
        );
        assert!(wrapped.contains("\u{1b}[32m✓\u{1b}[0m"));
    }
}
