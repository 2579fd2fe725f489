//! The screen report as pretty JSON, everything in it, for tools.

use super::{Render, ScreenReport};

/// JSON.
pub struct Json;

impl Render for Json {
    fn render(&self, report: &ScreenReport) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(report).expect("a report serialises");
        bytes.push(b'\n');
        bytes
    }
}
