//! The user's own defaults, in `config.toml` (in `$GRILL_HOME`, or the platform config folder):
//! read once, every key checked, so a typo is an error on its line with a suggestion rather than
//! a setting silently ignored. `config` layers it under the environment and the flags.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::DeTable;

/// The keys the file may hold, as `grill config show` lists them.
pub const KEYS: &[&str] = &[
    "tier",
    "count",
    "timed",
    "time_limit",
    "session_minutes",
    "topics",
    "color",
    "history",
    "data_dir",
    "llm_base_url",
    "llm_model",
    "llm_api_key",
    "llm_timeout",
    "llm_connect_timeout",
    "llm_retries",
    "llm_temperature",
    "llm_max_tokens",
    "llm_jobs",
];

/// What can be wrong with the config file.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FileError {
    /// The file exists but cannot be read.
    #[error("{}: cannot read it: {message}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        message: String,
    },
    /// A key the file format does not have.
    #[error("{}:{line}: unknown key `{key}`{hint}", .path.display())]
    UnknownKey {
        /// The file.
        path: PathBuf,
        /// 1-based line of the key.
        line: usize,
        /// The key.
        key: String,
        /// `; did you mean ...` or the list of keys.
        hint: String,
    },
    /// Not TOML, or a value of the wrong type.
    #[error("{}:{line}: {message}", .path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The values the file sets; every one optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    /// `adaptive`, `mixed`, `easy`, `medium` or `hard`.
    pub tier: Option<String>,
    /// Questions per interview, 1..=200.
    pub count: Option<u16>,
    /// Time every question.
    pub timed: Option<bool>,
    /// Every question's limit in seconds.
    pub time_limit: Option<u32>,
    /// The session's limit in minutes.
    pub session_minutes: Option<u32>,
    /// Only these topics.
    pub topics: Option<Vec<String>>,
    /// `auto`, `always` or `never`.
    pub color: Option<String>,
    /// Keep typed lines in a history file for the line editor.
    pub history: Option<bool>,
    /// Where sessions are saved.
    pub data_dir: Option<PathBuf>,
    /// The LLM endpoint's base URL.
    pub llm_base_url: Option<String>,
    /// The model to ask.
    pub llm_model: Option<String>,
    /// The endpoint's API key (keep the file private: grill warns when others can read it).
    pub llm_api_key: Option<Secret>,
    /// Seconds one request may take.
    pub llm_timeout: Option<f64>,
    /// Seconds to wait for a connection.
    pub llm_connect_timeout: Option<f64>,
    /// How many times a failed request is tried again.
    pub llm_retries: Option<u32>,
    /// Sampling temperature.
    pub llm_temperature: Option<f64>,
    /// The most tokens a reply may use.
    pub llm_max_tokens: Option<u32>,
    /// Requests in flight at once in `grill grade --llm`.
    pub llm_jobs: Option<u16>,
}

/// A secret the file holds (the API key): never shown, Debug prints `[redacted]`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, to hand to the one type that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Whether others than the owner may read the file (group or world read bits).
#[cfg(unix)]
pub fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
}

/// Whether others than the owner may read the file: unknown off Unix.
#[cfg(not(unix))]
pub fn readable_by_others(_path: &Path) -> bool {
    false
}

/// A config file read and checked.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    /// Where it is (or would be).
    pub path: Option<PathBuf>,
    /// Whether it exists.
    pub found: bool,
    /// What it sets.
    pub values: Values,
    /// The line of each key set, for `grill config show`.
    lines: Vec<(String, usize)>,
}

impl ConfigFile {
    /// Reads the file at `path` if there is one; none is no error.
    pub fn load(path: Option<PathBuf>) -> Result<ConfigFile, FileError> {
        let Some(path) = path else {
            return Ok(ConfigFile::default());
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            // No file (or no folder for it, which the data folder's own check reports).
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(ConfigFile {
                    path: Some(path),
                    ..ConfigFile::default()
                });
            }
            Err(error) => {
                return Err(FileError::Read {
                    path,
                    message: error.to_string(),
                });
            }
        };
        let (values, lines) = parse(&path, &text)?;
        Ok(ConfigFile {
            path: Some(path),
            found: true,
            values,
            lines,
        })
    }

    /// The line the file sets `key` on, if it does.
    pub fn line(&self, key: &str) -> Option<usize> {
        self.lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l)
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Checks every key, then reads the values.
fn parse(path: &Path, text: &str) -> Result<(Values, Vec<(String, usize)>), FileError> {
    let invalid = |offset: usize, message: String| FileError::Invalid {
        path: path.to_path_buf(),
        line: line_of(text, offset),
        message,
    };
    let table = DeTable::parse(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        invalid(offset, error.message().to_owned())
    })?;
    let mut lines = Vec::new();
    for (key, _) in table.get_ref().iter() {
        let name: &str = key.get_ref();
        let line = line_of(text, key.span().start);
        if !KEYS.contains(&name) {
            let hint = match crate::bank::suggest(name, KEYS) {
                Some(best) => format!("; did you mean `{best}`?"),
                None => format!("; the keys are {}", KEYS.join(", ")),
            };
            return Err(FileError::UnknownKey {
                path: path.to_path_buf(),
                line,
                key: name.to_owned(),
                hint,
            });
        }
        lines.push((name.to_owned(), line));
    }
    let values: Values = toml::from_str(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        invalid(offset, error.message().to_owned())
    })?;
    Ok((values, lines))
}

/// Where the config file is: `$GRILL_HOME/config.toml`, else `<config dir>/grill/config.toml`.
pub fn location() -> Option<PathBuf> {
    match std::env::var_os("GRILL_HOME") {
        Some(home) if !home.is_empty() => Some(PathBuf::from(home).join("config.toml")),
        _ => dirs::config_dir().map(|dir| dir.join("grill").join("config.toml")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_names_its_line_and_the_nearest_key() {
        let error = parse(Path::new("c.toml"), "count = 3\ntierr = \"easy\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "c.toml:2: unknown key `tierr`; did you mean `tier`?"
        );
    }

    #[test]
    fn a_wrong_type_names_its_line() {
        let error = parse(Path::new("c.toml"), "tier = \"easy\"\ncount = \"many\"\n").unwrap_err();
        assert!(error.to_string().starts_with("c.toml:2: "), "{error}");
    }

    #[test]
    fn values_and_their_lines_are_read() {
        let (values, lines) = parse(
            Path::new("c.toml"),
            "# mine\ncount = 3\ntopics = [\"caching\"]\n",
        )
        .unwrap();
        assert_eq!(values.count, Some(3));
        assert_eq!(values.topics, Some(vec!["caching".to_owned()]));
        assert_eq!(lines, [("count".to_owned(), 2), ("topics".to_owned(), 3)]);
    }
}
