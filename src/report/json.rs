//! The report as pretty JSON, for tools.

use super::{Format, Report};

/// Pretty-printed JSON of the whole report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

impl Format for Json {
    fn render(&self, report: &Report) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(report).expect("a report always serialises");
        out.push(b'\n');
        out
    }
}
