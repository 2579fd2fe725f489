//! The fault suite, without a terminal: damaged journals of every kind, a journal whose writes
//! fail like a full disk (through a test double of the journal's medium), hostile escape
//! sequences in answers, and the privacy of what is stored.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use grill::bank::{Bank, BankSpec, TierMode};
use grill::grader::RubricGrader;
use grill::repl::core::{Interview, Say};
use grill::repl::view::View;
use grill::session::Session;
use grill::session::clock::FakeClock;
use grill::session::journal::{self, Medium, Writer};
use grill::session::record::{Banks, Plan, Record};
use grill::session::state::State;

use crate::harness::{Grill, Ran, fixture};

const ID: &str = "20250106-090000";

/// `grill ARGS` on the interview test bank with a fake clock.
fn grill(args: &[&str]) -> Grill {
    let bank = fixture("interview").display().to_string();
    Grill::new(args)
        .args(&["--no-default-bank", "--bank", &bank])
        .env("GRILL_FAKE_CLOCK", "10")
}

/// A saved, unfinished session: two main answers and one follow-up answer, then input ends.
fn saved_session() -> Ran {
    grill(&["practice", "--seed", "5", "--count", "3", "--topic", "caching", "--topic", "databases"])
        .stdin("Set a TTL so entries expire.\n.\nDelete the key on write.\n.\nAn index avoids a full scan.\n.\n")
        .run()
        .success()
        .stdout_has(&format!("Session {ID} is saved"))
}

fn journal_path(ran: &Ran) -> PathBuf {
    ran.home().join(format!("sessions/{ID}.jsonl"))
}

/// The journal's lines, as bytes.
fn lines(path: &Path) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).unwrap();
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn write_lines(path: &Path, lines: &[Vec<u8>]) {
    let mut bytes = lines.join(&b'\n');
    bytes.push(b'\n');
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_garbage_line_costs_only_itself() {
    let ran = saved_session();
    let path = journal_path(&ran);
    let mut journal = lines(&path);
    journal.insert(2, b"}}} not json {{{".to_vec());
    write_lines(&path, &journal);
    let ran = ran
        .then(&["history"])
        .run()
        .code_is(0)
        .stdout_has("2/3")
        .stderr_has(&format!("{}:3: not a session record", path.display()))
        .stderr_has("skipped");
    let ran = ran
        .then(&["review", ID])
        .run()
        .code_is(0)
        .stdout_has("│ Set a TTL so entries expire.")
        .stdout_has("│ Delete the key on write.")
        .stdout_has("│ An index avoids a full scan.");
    // Resuming keeps every valid record and goes on.
    let bank = fixture("interview").display().to_string();
    ran.then(&["resume", "--no-default-bank", "--bank", &bank])
        .stdin("/skip\n/skip\n")
        .run()
        .code_is(0)
        .stdout_has(&format!("Resuming session {ID}: 1 of 3 questions done."));
}

#[test]
fn an_invalid_utf8_byte_is_reported_with_its_line_and_the_rest_still_counts() {
    let ran = saved_session();
    let path = journal_path(&ran);
    let mut journal = lines(&path);
    let last = journal.len() - 1;
    let at = journal[last]
        .windows(5)
        .position(|w| w == b"index")
        .expect("the last answer");
    journal[last][at] = 0xff;
    write_lines(&path, &journal);
    let line = last + 1;
    let ran = ran
        .then(&["history", "--json"])
        .run()
        .code_is(0)
        .stderr_has(&format!(
            "{}:{line}: not UTF-8 (invalid byte at column",
            path.display()
        ));
    assert!(
        ran.stdout().contains("\"questions\": 1"),
        "{}",
        ran.stdout()
    );
    ran.then(&["review", ID])
        .run()
        .code_is(0)
        .stdout_has("│ Set a TTL so entries expire.")
        .stdout_has("│ Delete the key on write.")
        .stdout_lacks("full scan");
}

#[test]
fn a_torn_last_line_is_left_out_then_repaired_on_resume() {
    let ran = saved_session();
    let path = journal_path(&ran);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"kind\":\"answered\",\"n\":3,\"answ");
    std::fs::write(&path, bytes).unwrap();
    let ran = ran
        .then(&["history"])
        .run()
        .code_is(0)
        .stdout_has("2/3")
        .stderr_has("torn last line (an interrupted write); left out");
    let bank = fixture("interview").display().to_string();
    let ran = ran
        .then(&["resume", "--no-default-bank", "--bank", &bank])
        .stdin("/skip\n")
        .run()
        .code_is(0)
        .stderr_has("repaired")
        .stdout_has(&format!("Resuming session {ID}"));
    assert!(std::fs::read(&path).unwrap().ends_with(b"\n"));
    // Repaired: nothing left to warn about.
    ran.then(&["history"]).run().success().stdout_has("2/3");
}

#[test]
fn a_fifo_in_the_sessions_folder_never_blocks() {
    let ran = saved_session();
    let fifo = ran.home().join("sessions/zzz-fifo.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let limit = Duration::from_secs(10);
    let ran = ran
        .then(&["history"])
        .timeout(limit)
        .run()
        .code_is(0)
        .stdout_has(ID)
        .stderr_has("zzz-fifo.jsonl: not a regular file");
    let ran = ran
        .then(&["review"])
        .timeout(limit)
        .run()
        .code_is(0)
        .stdout_has("│ Set a TTL so entries expire.");
    let bank = fixture("interview").display().to_string();
    ran.then(&["resume", ID, "--no-default-bank", "--bank", &bank])
        .timeout(limit)
        .stdin("/skip\n")
        .run()
        .code_is(0)
        .stdout_has(&format!("Resuming session {ID}"));
}

#[test]
fn a_bare_resume_never_passes_over_a_newer_journal_it_cannot_read() {
    let ran = saved_session();
    let newer = ran.home().join("sessions/29991231-000000.jsonl");
    std::fs::write(&newer, "garbage where the start record should be\n").unwrap();
    let ran = ran
        .then(&["resume"])
        .run()
        .code_is(2)
        .stderr_has("the newest session journal cannot be resumed")
        .stderr_has("29991231-000000.jsonl: no start record")
        .stderr_has("`grill resume ID`");
    let bank = fixture("interview").display().to_string();
    ran.then(&["resume", ID, "--no-default-bank", "--bank", &bank])
        .stdin("/skip\n")
        .run()
        .code_is(0)
        .stdout_has(&format!("Resuming session {ID}: 1 of 3 questions done."));
}

#[test]
fn escape_sequences_in_answers_are_shown_neutralised_and_kept_exactly_in_json() {
    let hostile = "Set a TTL \u{1b}]0;pwned\u{7} so entries expire \u{1b}[2J\u{1b}[H, see \u{1b}]8;;http://evil.example\u{1b}\\here\u{1b}]8;;\u{1b}\\ and \r overwritten";
    let ran = grill(&[
        "practice", "--seed", "5", "--count", "1", "--topic", "caching",
    ])
    .stdin(format!("{hostile}\n.\n/skip\n"))
    .run()
    .success();
    assert!(!ran.stdout().contains('\u{1b}'), "{:?}", ran.stdout());
    let ran = ran.then(&["review"]).run().success();
    let review = ran.stdout();
    assert!(
        !review.contains('\u{1b}') && !review.contains('\u{7}'),
        "{review:?}"
    );
    assert!(
        review.contains("│ Set a TTL \\e]0;pwned\\x07 so entries expire \\e[2J\\e[H"),
        "{review}"
    );
    assert!(
        review.contains("\\e]8;;http://evil.example\\e\\here"),
        "{review}"
    );
    assert!(review.contains(" and \\r overwritten"), "{review}");
    let ran = ran.then(&["review", "--format", "md"]).run().success();
    assert!(!ran.stdout().contains('\u{1b}'), "{:?}", ran.stdout());
    assert!(
        ran.stdout().contains("> Set a TTL \\e]0;pwned\\x07"),
        "{}",
        ran.stdout()
    );
    let ran = ran.then(&["review", "--json"]).run().success();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout()).unwrap();
    assert_eq!(
        report["questions"][0]["answer"], hostile,
        "JSON keeps the exact text"
    );
}

#[cfg(unix)]
#[test]
fn stored_answers_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let bank = fixture("interview").display().to_string();
    let ran = Grill::new(&["--version"]).run().success();
    let home = ran.home();
    let grill_bin = env!("CARGO_BIN_EXE_grill");
    let out = std::process::Command::new("sh")
        .args(["-c", "umask 000; exec \"$0\" \"$@\""])
        .arg(grill_bin)
        .args([
            "practice",
            "--no-default-bank",
            "--bank",
            &bank,
            "--count",
            "1",
        ])
        .env("GRILL_HOME", &home)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&home), 0o700);
    assert_eq!(mode(&home.join("sessions")), 0o700);
    let journals: Vec<_> = std::fs::read_dir(home.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(journals.len(), 1, "{journals:?} (the lock file is gone)");
    assert_eq!(mode(&journals[0]), 0o600);

    // A folder left readable by others gets one warning a run.
    std::fs::set_permissions(
        home.join("sessions"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    ran.then(&[
        "practice",
        "--no-default-bank",
        "--bank",
        &bank,
        "--count",
        "1",
    ])
    .run()
    .code_is(0)
    .stderr_has("sessions can be read by other users (mode 755); `chmod 700");
}

/// A disk that holds `room` more bytes, then fails like a full one (keeping what fit).
#[derive(Clone, Default)]
struct Disk(Arc<Mutex<(Vec<u8>, usize)>>);

impl Disk {
    fn room(&self, room: usize) {
        self.0.lock().unwrap().1 = room;
    }

    fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().0.clone()
    }
}

impl Medium for Disk {
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let mut disk = self.0.lock().unwrap();
        let fits = bytes.len().min(disk.1);
        disk.0.extend_from_slice(&bytes[..fits]);
        disk.1 -= fits;
        if fits < bytes.len() {
            return Err(std::io::Error::other("No space left on device"));
        }
        Ok(())
    }

    fn truncate(&mut self, len: u64) -> std::io::Result<()> {
        self.0.lock().unwrap().0.truncate(len as usize);
        Ok(())
    }

    fn size(&mut self) -> std::io::Result<u64> {
        Ok(self.0.lock().unwrap().0.len() as u64)
    }
}

/// Records parsed from journal bytes; every line must be one.
fn records(bytes: &[u8]) -> Vec<Record> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("a whole record on every line"))
        .collect()
}

fn answers(records: &[Record]) -> Vec<String> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Answered { answer, .. } | Record::FollowUpAnswered { answer, .. } => {
                Some(answer.clone())
            }
            _ => None,
        })
        .collect()
}

/// What the candidate reads, styles stripped.
fn said(outcome: &[Say], view: View) -> String {
    let text: String = outcome.iter().map(|say| view.say(say)).collect();
    anstream::adapter::strip_str(&text).to_string()
}

#[test]
fn a_full_disk_is_told_once_the_end_says_unsaved_and_saving_resumes_when_space_returns() {
    let bank = Bank::load(&BankSpec {
        embedded: false,
        folders: vec![fixture("interview")],
    })
    .unwrap();
    let grader = RubricGrader::new();
    let disk = Disk::default();
    disk.room(usize::MAX);
    let writer = Writer::new(Box::new(disk.clone()), &[]).unwrap();
    let saving = writer.handle();
    let session = Session::builder(&bank, &grader)
        .clock(Arc::new(FakeClock::new(Duration::from_secs(5))))
        .journal(Box::new(writer), "/full/disk.jsonl")
        .start(
            ID.into(),
            Plan::select(TierMode::Mixed, Vec::new(), 6, 3),
            Banks::default(),
        )
        .unwrap();
    let view = View {
        color: false,
        wrap: false,
    };
    let mut interview = Interview::new(session);
    let mut text = said(&interview.begin(false).unwrap().says, view);
    // The disk fills in the middle of the first answer's record.
    disk.room(40);
    let typed: Vec<String> = (1..=4)
        .map(|n| format!("answer {n}: a TTL, and delete on write"))
        .collect();
    for answer in &typed {
        text.push_str(&said(&interview.submit(answer).unwrap().says, view));
    }
    assert_eq!(
        text.matches("cannot save this session to /full/disk.jsonl")
            .count(),
        1,
        "{text}"
    );
    assert!(text.contains("No space left on device"), "{text}");
    assert!(!interview.session().saved());
    assert!(!saving.saved());
    let end = said(&interview.leave().says, view);
    assert!(
        end.contains("Not saved: session 20250106-090000 could not be saved"),
        "{end}"
    );
    assert!(
        !end.contains("Saved.") && !end.contains("is saved"),
        "{end}"
    );

    // The copy written at the end holds the whole session.
    let transcript = saving.hold().transcript();
    let kept = records(&transcript);
    assert_eq!(answers(&kept), typed);
    let replayed = State::replay(&kept).unwrap();
    let questions =
        |state: &State| -> Vec<String> { state.turns.iter().map(|t| t.question.clone()).collect() };
    assert_eq!(questions(&replayed), questions(interview.session().state()));
    let copy = journal::write_fallback(ID, &transcript).unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), transcript);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::remove_file(copy).unwrap();

    // Space comes back: the next record writes everything that was missing, torn bytes gone.
    disk.room(usize::MAX);
    let more = said(
        &interview.submit("answer 5: shard by key").unwrap().says,
        view,
    );
    assert!(more.contains("saving works again"), "{more}");
    assert!(interview.session().saved());
    let on_disk = records(&disk.bytes());
    assert_eq!(on_disk, records(&saving.hold().transcript()));
    assert_eq!(answers(&on_disk).len(), typed.len() + 1);
    let end = said(&interview.leave().says, view);
    assert!(end.contains("Session 20250106-090000 is saved"), "{end}");
}
