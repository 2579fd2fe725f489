//! Where a document goes and in which format: the choices `config` validates and `report`
//! honours, kept in a leaf so neither has to know the other. Files are written whole or not at
//! all (a temporary file renamed into place), so an interrupted run never leaves half a file.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text with colour, for a terminal (colour is stripped when it is not one).
    Text,
    /// Markdown, to keep or share.
    Markdown,
    /// Pretty JSON, for tools.
    Json,
    /// One self-contained HTML page (inline CSS and SVG), to keep or print.
    Html,
}

impl Format {
    /// The format a file name's extension asks for: `.md`/`.markdown`, `.json`, `.html`/`.htm`,
    /// `.txt`.
    pub fn for_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "html" | "htm" => Some(Format::Html),
            "txt" => Some(Format::Text),
            _ => None,
        }
    }
}

/// Where output goes: standard output (`-`) or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// A file, replaced whole.
    File(PathBuf),
}

impl Target {
    /// `-` is standard output; anything else a file.
    pub fn from_arg(path: PathBuf) -> Target {
        if path.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::File(path)
        }
    }

    /// Writes `bytes` to standard output, or replaces the file with them.
    pub fn write(&self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Target::Stdout => {
                let mut out = anstream::stdout().lock();
                out.write_all(bytes)?;
                out.flush()
            }
            Target::File(path) => write_atomic(path, bytes),
        }
    }

    /// Checks, before any work, that the file can be created: its folder exists and is a folder.
    pub fn check(&self) -> io::Result<()> {
        let Target::File(path) = self else {
            return Ok(());
        };
        if path.is_dir() {
            return Err(io::Error::other("is a folder, not a file"));
        }
        let parent = parent_of(path);
        match fs::metadata(parent) {
            Ok(meta) if meta.is_dir() => Ok(()),
            Ok(_) => Err(io::Error::other(format!(
                "{} is not a folder",
                parent.display()
            ))),
            Err(error) => Err(io::Error::new(
                error.kind(),
                format!("no folder {}", parent.display()),
            )),
        }
    }
}

/// A stream to standard output or to a file that appears, whole, only at [`Writer::finish`]; a
/// run that stops before leaves any old file as it was.
pub struct Writer {
    out: io::BufWriter<Box<dyn Write>>,
    /// The temporary file and the file it becomes.
    files: Option<(PathBuf, PathBuf)>,
}

/// Bytes gathered before each write to the target: batch grading writes hundreds of
/// megabytes, and a larger buffer makes a few thousand system calls of it instead of a hundred
/// thousand.
const BUFFER: usize = 256 * 1024;

impl Target {
    /// Opens the target for streaming.
    pub fn create(&self) -> io::Result<Writer> {
        Ok(match self {
            Target::Stdout => Writer {
                out: io::BufWriter::with_capacity(BUFFER, Box::new(io::stdout())),
                files: None,
            },
            Target::File(path) if !replaceable(path) => Writer {
                out: io::BufWriter::with_capacity(
                    BUFFER,
                    Box::new(fs::OpenOptions::new().write(true).open(path)?),
                ),
                files: None,
            },
            Target::File(path) => {
                let temp = temp_path(path);
                let file = private_file(&temp)?;
                Writer {
                    out: io::BufWriter::with_capacity(BUFFER, Box::new(file)),
                    files: Some((temp, path.clone())),
                }
            }
        })
    }
}

impl Writer {
    /// Flushes and, for a file, moves it into place.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()?;
        if let Some((temp, path)) = self.files.take() {
            fs::File::open(&temp)?.sync_all()?;
            if let Err(error) = fs::rename(&temp, &path) {
                let _ = fs::remove_file(&temp);
                return Err(error);
            }
        }
        Ok(())
    }
}

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if let Some((temp, _)) = self.files.take() {
            let _ = fs::remove_file(temp);
        }
    }
}

/// Whether `path` is a file to replace whole (absent, or a regular file), rather than a device or
/// a pipe such as `/dev/null` or `/dev/stdout`, which is written in place.
fn replaceable(path: &Path) -> bool {
    fs::metadata(path).map_or(true, |meta| meta.is_file())
}

/// Creates (or truncates) a file only its owner can read: documents hold candidates' answers.
fn private_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// A hidden temporary name beside `path`, unique to this process.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}.tmp", std::process::id()));
    parent_of(path).join(name)
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Replaces `path` with `bytes` through a temporary file in the same folder, synced and renamed,
/// so readers see the old file or the whole new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if !replaceable(path) {
        return fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .write_all(bytes);
    }
    let temp = temp_path(path);
    let result = (|| {
        let mut file = private_file(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_extension() {
        assert_eq!(
            Format::for_path(Path::new("a/b.MD")),
            Some(Format::Markdown)
        );
        assert_eq!(Format::for_path(Path::new("out.json")), Some(Format::Json));
        assert_eq!(Format::for_path(Path::new("out.csv")), None);
    }

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        fs::write(&path, "old").unwrap();
        Target::File(path.clone()).write(b"new text").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn documents_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.html");
        Target::File(path.clone())
            .write(b"<p>an answer</p>")
            .unwrap();
        let streamed = dir.path().join("graded.jsonl");
        let mut writer = Target::File(streamed.clone()).create().unwrap();
        writer.write_all(b"{}\n").unwrap();
        writer.finish().unwrap();
        for file in [path, streamed] {
            let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
    }

    #[test]
    fn a_stream_left_unfinished_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graded.jsonl");
        fs::write(&path, "old\n").unwrap();
        let target = Target::File(path.clone());
        let mut writer = target.create().unwrap();
        writer.write_all(b"half").unwrap();
        drop(writer);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut writer = target.create().unwrap();
        writer.write_all(b"whole\n").unwrap();
        writer.finish().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "whole\n");
    }

    #[test]
    fn devices_are_written_in_place_never_replaced() {
        Target::File("/dev/null".into()).write(b"gone").unwrap();
        let mut writer = Target::File("/dev/null".into()).create().unwrap();
        writer.write_all(b"gone").unwrap();
        writer.finish().unwrap();
        let meta = fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file(), "/dev/null is still a device");
    }

    #[test]
    fn a_missing_folder_is_found_before_any_work() {
        let error = Target::File("/nonexistent/dir/out.md".into())
            .check()
            .unwrap_err();
        assert!(error.to_string().contains("/nonexistent/dir"), "{error}");
        assert!(Target::Stdout.check().is_ok());
    }
}
