//! One way to run the `grill` binary in tests: a temp working directory, an isolated data dir,
//! optional stdin, and status, stdout and stderr checked together.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The repository root, where the fixtures live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A `grill` invocation being set up.
pub struct Grill {
    dir: TempDir,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(String, String)>,
    timeout: Option<Duration>,
}

impl Grill {
    /// `grill ARGS...` in a fresh empty temp directory with its own `GRILL_HOME`.
    pub fn new(args: &[&str]) -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            stdin: None,
            env: Vec::new(),
            timeout: None,
        }
    }

    /// Fails the test (killing grill) when the run takes longer than `limit`: for cases that
    /// used to hang.
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    /// Adds arguments.
    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|arg| (*arg).to_owned()));
        self
    }

    /// Feeds this text on stdin.
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The working directory the command runs in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the working directory, creating folders. Files in the data dir
    /// (`.grill-home/...`) are made private as grill makes its own (folders 0700, files 0600), so
    /// they draw no privacy warning.
    pub fn file(self, relative: &str, contents: &str) -> Self {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
        std::fs::write(&path, contents).expect("write file");
        #[cfg(unix)]
        if relative.starts_with(".grill-home/") {
            use std::os::unix::fs::PermissionsExt;
            let home = self.dir.path().join(".grill-home");
            let mut dir = path.parent().expect("parent").to_path_buf();
            while dir.starts_with(&home) {
                std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                    .expect("chmod folder");
                dir.pop();
            }
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .expect("chmod file");
        }
        self
    }

    /// Runs the command and returns its result.
    pub fn run(self) -> Ran {
        let home = self.dir.path().join(".grill-home");
        let mut command = Command::new(env!("CARGO_BIN_EXE_grill"));
        command
            .args(&self.args)
            .current_dir(self.dir.path())
            .env("GRILL_HOME", &home)
            .env("NO_COLOR", "1")
            .env_remove("OPENAI_API_KEY")
            .env_remove("GRILL_API_KEY")
            .env_remove("GRILL_LLM_API_KEY")
            .env_remove("GRILL_LLM_BASE_URL")
            .env_remove("GRILL_LLM_MODEL")
            .env_remove("OPENAI_BASE_URL")
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("run grill");
        let done = Arc::new(AtomicBool::new(false));
        let killed = Arc::new(AtomicBool::new(false));
        if let Some(limit) = self.timeout {
            let (pid, done, killed) = (child.id().to_string(), done.clone(), killed.clone());
            std::thread::spawn(move || {
                let deadline = Instant::now() + limit;
                while Instant::now() < deadline {
                    if done.load(Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                killed.store(true, Ordering::SeqCst);
                let _ = Command::new("kill").args(["-9", &pid]).status();
            });
        }
        if let Some(input) = &self.stdin {
            let mut pipe = child.stdin.take().expect("stdin pipe");
            // The program may exit before reading everything; that is its business.
            let _ = pipe.write_all(input);
        }
        let output = child.wait_with_output().expect("wait for grill");
        done.store(true, Ordering::SeqCst);
        assert!(
            !killed.load(Ordering::SeqCst),
            "grill {} hung: killed after {:?}",
            self.args.join(" "),
            self.timeout
        );
        Ran {
            output,
            args: self.args,
            env: self.env,
            dir: self.dir,
        }
    }

    /// The command to run `grill` as `run` would, for tests that drive it another way (a PTY).
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_grill"));
        command
            .args(&self.args)
            .current_dir(self.dir.path())
            .env("GRILL_HOME", self.dir.path().join(".grill-home"))
            .env_remove("OPENAI_API_KEY")
            .env_remove("GRILL_API_KEY")
            .env_remove("GRILL_FAKE_CLOCK");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
    }

    /// Gives up the directory (and so the data dir), to run `grill` in it again with `in_dir`.
    pub fn into_dir(self) -> TempDir {
        self.dir
    }

    /// A new invocation in an existing directory (from `into_dir`).
    pub fn in_dir(dir: TempDir, args: &[&str]) -> Self {
        Self {
            dir,
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            stdin: None,
            env: Vec::new(),
            timeout: None,
        }
    }
}

/// A finished `grill` run.
pub struct Ran {
    output: Output,
    args: Vec<String>,
    env: Vec<(String, String)>,
    dir: TempDir,
}

impl Ran {
    /// Runs `grill ARGS...` next, in the same directory and data dir, with the same environment.
    pub fn then(self, args: &[&str]) -> Grill {
        Grill {
            dir: self.dir,
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            stdin: None,
            env: self.env,
            timeout: None,
        }
    }

    /// A file the run wrote under its working directory.
    #[track_caller]
    pub fn read(&self, relative: &str) -> String {
        let path = self.dir.path().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "cannot read {}: {error}\n{}",
                path.display(),
                self.describe()
            )
        })
    }

    /// The working directory the run used.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The data dir the run used.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join(".grill-home")
    }

    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// The exit code.
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    fn describe(&self) -> String {
        format!(
            "grill {}\n--- status: {}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.args.join(" "),
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts the exit code, showing everything the run printed when it differs.
    #[track_caller]
    pub fn code_is(self, expected: i32) -> Self {
        assert_eq!(
            self.code(),
            expected,
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }

    /// Asserts success and an empty stderr.
    #[track_caller]
    pub fn success(self) -> Self {
        let ran = self.code_is(0);
        assert!(
            ran.stderr().is_empty(),
            "unexpected stderr\n{}",
            ran.describe()
        );
        ran
    }

    /// Asserts stdout contains a piece of text.
    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Self {
        assert!(
            self.stdout().contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// Asserts stdout lacks a piece of text.
    #[track_caller]
    pub fn stdout_lacks(self, needle: &str) -> Self {
        assert!(
            !self.stdout().contains(needle),
            "stdout has {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// Asserts stderr contains a piece of text.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }
}
