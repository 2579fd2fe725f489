//! Plain aligned text tables for terminal output, shortened to the terminal's width when there
//! is one.

use std::io::IsTerminal;

/// A table: a header row and data rows of equal length.
#[derive(Debug, Default)]
pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns that give up width, in this order and down to these widths, when a row would be
    /// wider than the terminal; their cells are cut with `…`.
    shrink: Vec<(usize, usize)>,
}

impl Table {
    pub(crate) fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|cell| (*cell).to_owned()).collect(),
            rows: Vec::new(),
            shrink: Vec::new(),
        }
    }

    /// Lets `column` give up width, down to `min` characters, so rows fit the terminal.
    pub(crate) fn shrink(mut self, column: usize, min: usize) -> Self {
        self.shrink.push((column, min));
        self
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(cells);
    }

    /// Renders the table; with a `width`, the shrinkable columns give up width first, then the
    /// last column is cut to fit.
    pub(crate) fn render(&self, width: Option<usize>) -> String {
        let columns = self.header.len();
        let mut widths = vec![0; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let natural = widths.clone();
        if let Some(width) = width {
            let total: usize = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
            let mut excess = total.saturating_sub(width);
            for &(column, min) in &self.shrink {
                let give = excess.min(widths[column].saturating_sub(min));
                widths[column] -= give;
                excess -= give;
            }
        }
        let mut out = String::new();
        for (index, row) in std::iter::once(&self.header).chain(&self.rows).enumerate() {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let cut;
                let cell = if widths[i] < natural[i] {
                    cut = truncate(cell, widths[i]);
                    &cut
                } else {
                    cell
                };
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

    #[test]
    fn a_shrinkable_column_gives_up_width_so_rows_fit() {
        let mut table = Table::new(&["#", "QUESTION", "SCORE"]).shrink(1, 6);
        table.row(vec![
            "1".into(),
            "cache-invalidation-strategies".into(),
            "73+8=81".into(),
        ]);
        anstream::ColorChoice::Never.write_global();
        let text = table.render(Some(24));
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows[1], "1  cache-inval…  73+8=81");
        assert!(
            rows[1..].iter().all(|row| row.chars().count() <= 24),
            "{rows:?}"
        );
    }
}
