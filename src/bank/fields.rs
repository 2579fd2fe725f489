//! Typed, located reads of one TOML table, so every wrong, missing or unknown field is reported
//! with its line instead of stopping at the first.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Sink;

/// A value read from a field, with the span of the value in the file.
#[derive(Debug, Clone)]
pub(crate) struct Found<T> {
    pub(crate) value: T,
    pub(crate) span: Range<usize>,
}

/// The fields of one table, checked against the names the format allows.
pub(crate) struct Fields<'a, 'i> {
    entries: Vec<(&'a str, &'a Spanned<DeValue<'i>>)>,
    /// Where the table starts: missing fields are reported here.
    pub(crate) span: Range<usize>,
    /// How the table is named in messages, e.g. `[[question]]`.
    what: &'static str,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Reads a table's keys and reports any the format does not allow, with a suggestion.
    pub(crate) fn new(
        table: &'a DeTable<'i>,
        span: Range<usize>,
        what: &'static str,
        allowed: &[&str],
        sink: &mut Sink<'_>,
    ) -> Self {
        let mut entries = Vec::with_capacity(table.len());
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let mut message = format!("unknown field `{name}` in {what}");
                match suggest(name, allowed) {
                    Some(best) => message.push_str(&format!("; did you mean `{best}`?")),
                    None => message.push_str(&format!("; expected one of: {}", allowed.join(", "))),
                }
                sink.error(&key.span(), message);
            }
            entries.push((name, value));
        }
        Self {
            entries,
            span,
            what,
        }
    }

    fn get(&self, name: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.entries
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
    }

    /// Whether the table has a field of this name, whatever its value.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    fn missing(&self, sink: &mut Sink<'_>, name: &str) {
        sink.error(
            &self.span,
            format!("missing required field `{name}` in {}", self.what),
        );
    }

    fn wrong_type(
        &self,
        sink: &mut Sink<'_>,
        name: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
    ) {
        sink.error(
            &value.span(),
            format!(
                "field `{name}` in {} must be {expected}, found {}",
                self.what,
                value.get_ref().type_str()
            ),
        );
    }

    /// A string field; a required one must be present and not blank.
    pub(crate) fn string(
        &self,
        sink: &mut Sink<'_>,
        name: &str,
        required: bool,
    ) -> Option<Found<String>> {
        let Some(value) = self.get(name) else {
            if required {
                self.missing(sink, name);
            }
            return None;
        };
        let Some(text) = value.get_ref().as_str() else {
            self.wrong_type(sink, name, value, "a string");
            return None;
        };
        if required && text.trim().is_empty() {
            sink.error(
                &value.span(),
                format!("field `{name}` in {} must not be empty", self.what),
            );
            return None;
        }
        Some(Found {
            value: text.to_owned(),
            span: value.span(),
        })
    }

    /// An integer field.
    pub(crate) fn integer(
        &self,
        sink: &mut Sink<'_>,
        name: &str,
        required: bool,
    ) -> Option<Found<i64>> {
        let Some(value) = self.get(name) else {
            if required {
                self.missing(sink, name);
            }
            return None;
        };
        let parsed = value
            .get_ref()
            .as_integer()
            .and_then(|int| i64::from_str_radix(int.as_str(), int.radix()).ok());
        match parsed {
            Some(number) => Some(Found {
                value: number,
                span: value.span(),
            }),
            None => {
                self.wrong_type(sink, name, value, "an integer");
                None
            }
        }
    }

    /// An integer field that must lie in `range`.
    pub(crate) fn integer_in(
        &self,
        sink: &mut Sink<'_>,
        name: &str,
        required: bool,
        range: std::ops::RangeInclusive<i64>,
        rule: &str,
    ) -> Option<Found<u32>> {
        let found = self.integer(sink, name, required)?;
        if !range.contains(&found.value) {
            sink.error(
                &found.span,
                format!(
                    "field `{name}` in {} {rule}, found {}",
                    self.what, found.value
                ),
            );
            return None;
        }
        Some(Found {
            value: found.value as u32,
            span: found.span,
        })
    }

    /// A number field (integer or float) that must lie in `0..=1`: a share of something.
    pub(crate) fn fraction(&self, sink: &mut Sink<'_>, name: &str) -> Option<Found<f64>> {
        self.number(
            sink,
            name,
            |n| (0.0..=1.0).contains(&n),
            "must be between 0 and 1",
        )
    }

    /// A number field (integer or float) that `valid` accepts; `rule` says what it must be.
    pub(crate) fn number(
        &self,
        sink: &mut Sink<'_>,
        name: &str,
        valid: impl Fn(f64) -> bool,
        rule: &str,
    ) -> Option<Found<f64>> {
        let value = self.get(name)?;
        let number = match value.get_ref() {
            DeValue::Float(float) => float.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(int) => i64::from_str_radix(int.as_str(), int.radix())
                .ok()
                .map(|n| n as f64),
            _ => None,
        };
        let Some(number) = number else {
            self.wrong_type(sink, name, value, "a number");
            return None;
        };
        if !number.is_finite() || !valid(number) {
            sink.error(
                &value.span(),
                format!("field `{name}` in {} {rule}, found {number}", self.what),
            );
            return None;
        }
        Some(Found {
            value: number,
            span: value.span(),
        })
    }

    /// A boolean field.
    pub(crate) fn boolean(&self, sink: &mut Sink<'_>, name: &str) -> Option<bool> {
        let value = self.get(name)?;
        match value.get_ref().as_bool() {
            Some(flag) => Some(flag),
            None => {
                self.wrong_type(sink, name, value, "true or false");
                None
            }
        }
    }

    /// An array of strings; each element keeps its own span.
    pub(crate) fn strings(
        &self,
        sink: &mut Sink<'_>,
        name: &str,
        required: bool,
    ) -> Option<Found<Vec<Found<String>>>> {
        let Some(value) = self.get(name) else {
            if required {
                self.missing(sink, name);
            }
            return None;
        };
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(sink, name, value, "an array of strings");
            return None;
        };
        let mut items = Vec::with_capacity(array.len());
        for element in array.iter() {
            match element.get_ref().as_str() {
                Some(text) => items.push(Found {
                    value: text.to_owned(),
                    span: element.span(),
                }),
                None => self.wrong_type(sink, name, element, "an array of strings"),
            }
        }
        Some(Found {
            value: items,
            span: value.span(),
        })
    }

    /// An array of tables (`[[name]]`), each with its span.
    pub(crate) fn tables(
        &self,
        sink: &mut Sink<'_>,
        name: &str,
        required: bool,
    ) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        let Some(value) = self.get(name) else {
            if required {
                self.missing(sink, name);
            }
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(sink, name, value, "an array of tables (write [[...]])");
            return Vec::new();
        };
        let mut tables = Vec::with_capacity(array.len());
        for element in array.iter() {
            match element.get_ref().as_table() {
                Some(table) => tables.push((table, element.span())),
                None => self.wrong_type(sink, name, element, "a table"),
            }
        }
        tables
    }
}

/// The allowed name closest to a misspelt one, if any is close enough to be a likely typo.
pub(crate) fn suggest<'n>(name: &str, allowed: &[&'n str]) -> Option<&'n str> {
    allowed
        .iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), *candidate))
        .filter(|(similarity, _)| *similarity >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("promt", &["id", "prompt", "topic"]), Some("prompt"));
        assert_eq!(suggest("wieght", &["weight", "label"]), Some("weight"));
        assert_eq!(suggest("colour", &["id", "prompt", "topic"]), None);
    }
}
