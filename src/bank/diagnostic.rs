//! Located problems in bank files, so an author can jump straight to the line that needs fixing.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use super::model::Location;

/// One problem found while loading a bank, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, and what to do about it when that is known.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Turns byte offsets in one file into line and column numbers.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    file: Arc<str>,
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(file: Arc<str>, text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { file, line_starts }
    }

    /// The location of a byte offset; columns count characters, not bytes.
    pub(crate) fn locate(&self, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Location {
            file: self.file.clone(),
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }
}

/// Collects the diagnostics for one file.
pub(crate) struct Sink<'t> {
    pub(crate) text: &'t str,
    pub(crate) index: LineIndex,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'t> Sink<'t> {
    pub(crate) fn new(file: Arc<str>, text: &'t str) -> Self {
        Self {
            index: LineIndex::new(file, text),
            text,
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn locate(&self, span: &Range<usize>) -> Location {
        self.index.locate(self.text, span.start)
    }

    pub(crate) fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let location = self.locate(span);
        self.diagnostics.push(Diagnostic {
            location,
            message: message.into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let text = "a = 1\nbé = 2\n";
        let index = LineIndex::new("f.toml".into(), text);
        let loc = index.locate(text, 0);
        assert_eq!((loc.line, loc.column), (1, 1));
        let eq = text.find("= 2").unwrap();
        let loc = index.locate(text, eq);
        assert_eq!((loc.line, loc.column), (2, 4));
    }
}
