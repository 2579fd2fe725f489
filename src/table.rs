//! Plain aligned text tables for terminal output, shortened to the terminal's width when there
//! is one.

use std::io::IsTerminal;

/// A table: a header row and data rows of equal length.
#[derive(Debug, Default)]
pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|cell| (*cell).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(cells);
    }

    /// Renders the table; the last column is cut to fit `width` when one is given.
    pub(crate) fn render(&self, width: Option<usize>) -> String {
        let columns = self.header.len();
        let mut widths = vec![0; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for (index, row) in std::iter::once(&self.header).chain(&self.rows).enumerate() {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i + 1 == columns {
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    let pad = widths[i] - cell.chars().count() + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            let line = match width {
                Some(width) => truncate(&line, width),
                None => line,
            };
            if index == 0 {
                out.push_str(&crate::style::paint(crate::style::HEADING, line.trim_end()));
            } else {
                out.push_str(line.trim_end());
            }
            out.push('\n');
        }
        out
    }
}

/// Cuts text to `width` characters, ending with `…` when cut.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The terminal's width when stdout is a terminal.
pub(crate) fn stdout_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(width, _)| usize::from(width.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_and_cuts_the_last() {
        let mut table = Table::new(&["ID", "PROMPT"]);
        table.row(vec!["a".into(), "short".into()]);
        table.row(vec!["long-id".into(), "a very long prompt indeed".into()]);
        anstream::ColorChoice::Never.write_global();
        let text = table.render(Some(20));
        let plain: Vec<&str> = text.lines().collect();
        assert!(plain[1].starts_with("a        short"));
        assert_eq!(plain[2].chars().count(), 20);
        assert!(plain[2].ends_with('…'));
    }
}
