//! The candidate's side of a screen, for both `grill screen run` (hosted) and `grill screen
//! take` (sealed): it asks the pack's questions in order on the REPL front ends (rustyline with
//! no history at all, or piped stdin), keeps time on the monotonic clock, writes the result file
//! after every answer, and resumes a stopped or crashed screen with its clock where it was. It
//! only ever holds the pack, so no rubric can reach the candidate from here; in hosted mode a
//! `Live` grader turns an answer into the score or feedback the screen allows, nothing more.

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::bank::Bank;
use crate::exit::UsageError;
use crate::grader::Grader;
use crate::repl::input::{self, Typed};
use crate::repl::keys::{KeyLog, KeyStats};
use crate::repl::piped::Piped;
use crate::repl::tty::{Recall, Tty};
use crate::repl::{Frontend, Read};
use crate::sanitize::for_terminal;
use crate::screen::chain::ChainWriter;
use crate::screen::pack::{Pack, PackQuestion};
use crate::screen::result::{Ended, Entry, Mode, RESULT_VERSION, Transcript};
use crate::screen::signals::Signals;
use crate::screen::{GRILL_VERSION, file_stem};
use crate::session::clock::Clock;
use crate::session::record::FeedbackPolicy;

use super::warn;

/// How often screen time is written while the candidate types, so a crash loses little.
const TICK: Duration = Duration::from_secs(10);

/// Grading during a hosted run, for the feedback the screen allows.
pub(crate) struct Live<'a> {
    /// The screen's banks.
    pub bank: &'a Bank,
    /// The screen's grader.
    pub grader: &'a dyn Grader,
}

/// One candidate taking one screen.
pub(crate) struct Taking<'a> {
    /// What the candidate may see.
    pub pack: &'a Pack,
    /// Hosted or sealed.
    pub mode: Mode,
    /// The candidate.
    pub candidate: &'a str,
    /// The results folder.
    pub out: &'a Path,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Whether to write ticks (not with a fake clock: transcripts stay reproducible).
    pub ticks: bool,
    /// Grading for feedback, hosted only.
    pub live: Option<Live<'a>>,
}

/// How the taking ended.
pub(crate) struct Taken {
    /// The result file.
    pub path: PathBuf,
    /// How it ended.
    pub ended: Ended,
    /// Whether the file holds everything.
    pub saved: bool,
}

/// The result file of a candidate in a folder.
pub(crate) fn result_path(out: &Path, candidate: &str) -> PathBuf {
    out.join(format!("{}.jsonl", file_stem(candidate)))
}

/// Prints to stdout (what the candidate reads).
fn say(text: &str) {
    let mut out = anstream::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

struct Clocked {
    clock: Arc<dyn Clock>,
    base: u64,
    opened: Duration,
}

impl Clocked {
    fn now(&self) -> u64 {
        self.base + self.clock.now().saturating_sub(self.opened).as_millis() as u64
    }
}

/// The writer shared with the tick thread.
type Shared = Arc<Mutex<ChainWriter>>;

fn append(writer: &Shared, entry: &Entry, failing: &mut bool) {
    let result = writer
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .append(entry);
    match result {
        Ok(()) if *failing => {
            *failing = false;
            warn("saving works again: every answer so far is saved");
        }
        Ok(()) => {}
        Err(error) if !*failing => {
            *failing = true;
            warn(&format!(
                "cannot save the screen ({error}); it goes on, and grill tries again after every answer"
            ));
        }
        Err(_) => {}
    }
}

/// The thread writing ticks: dropping `stop` ends it, and `join` waits until it has.
struct Ticker {
    stop: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Ticker {
    /// Stops the thread and waits for it, so nothing is written after this returns.
    fn finish(self) {
        drop(self.stop);
        let _ = self.thread.join();
    }
}

/// Starts the thread that writes screen time every [`TICK`].
fn ticker(writer: Shared, clocked: Arc<Clocked>) -> Ticker {
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = std::thread::spawn(move || {
        loop {
            match stopped.recv_timeout(TICK) {
                Err(RecvTimeoutError::Timeout) => {
                    let entry = Entry::Tick {
                        at: clocked.now(),
                        wall: clocked.clock.wall(),
                    };
                    let _ = writer
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .append(&entry);
                }
                _ => return,
            }
        }
    });
    Ticker { stop, thread }
}

/// Opens the result file: a new one, or the candidate's existing one to resume.
fn open(taking: &Taking<'_>, path: &Path) -> Result<(ChainWriter, Option<Transcript>)> {
    if !path.exists() {
        let mut folder = std::fs::DirBuilder::new();
        folder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            // Results hold candidates' answers verbatim: a new folder is the owner's only.
            folder.mode(0o700);
        }
        folder
            .create(taking.out)
            .with_context(|| format!("cannot create {}", taking.out.display()))?;
        let writer = ChainWriter::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        return Ok((writer, None));
    }
    let transcript = Transcript::load(path)?;
    if transcript.candidate != taking.candidate {
        return Err(UsageError(format!(
            "{} holds the answers of `{}`, not `{}`; give another --out folder",
            path.display(),
            transcript.candidate,
            taking.candidate
        ))
        .into());
    }
    if transcript.ids() != taking.pack.ids()
        || transcript.screen_sha256 != taking.pack.screen_sha256
    {
        return Err(UsageError(format!(
            "{} holds {}'s answers to another screen; give another --candidate or --out",
            path.display(),
            transcript.candidate
        ))
        .into());
    }
    if matches!(transcript.ended, Some(Ended::Completed | Ended::TimeUp)) {
        return Err(UsageError(format!(
            "{} has finished this screen; its answers are in {}",
            transcript.candidate,
            path.display()
        ))
        .into());
    }
    for problem in &transcript.breaks {
        warn(&format!(
            "{}:{}: {}",
            path.display(),
            problem.line,
            problem.what
        ));
    }
    let writer = ChainWriter::reopen(path, transcript.whole_len, transcript.last_hash.clone())
        .with_context(|| format!("cannot reopen {}", path.display()))?;
    Ok((writer, Some(transcript)))
}

/// The warnings due while question `q` is typed, from now.
fn warnings(
    q: &PackQuestion,
    elapsed: u64,
    session: u64,
    total: Option<u64>,
) -> Vec<(Duration, String)> {
    let mut due = Vec::new();
    let limit = u64::from(q.limit_secs) * 1000;
    let mut at = |deadline: u64, now: u64, text: String| {
        if deadline > now {
            due.push((Duration::from_millis(deadline - now), text));
        }
    };
    if limit > 60_000 {
        at(
            limit - 60_000,
            elapsed,
            "[1 minute left on this question]".into(),
        );
    }
    at(
        limit,
        elapsed,
        "[time is up for this question: finish and submit; the extra time is recorded]".into(),
    );
    if let Some(total) = total {
        let total = total * 1000;
        if total > 300_000 {
            at(
                total - 300_000,
                session,
                "[5 minutes left in the screen]".into(),
            );
        }
        at(
            total,
            session,
            "[the screen's time is up: submit your answer now]".into(),
        );
    }
    due.sort_by_key(|(d, _)| *d);
    due
}

const HELP: &str = "End an answer with a line holding only `.`. Commands: /skip (skip this question), /time (time used and left), /help; Ctrl-C stops the screen (run the same command to continue).\n";

/// Runs the screen for the candidate until it ends or they stop.
pub(crate) fn run(taking: Taking<'_>) -> Result<Taken> {
    let pack = taking.pack;
    let path = result_path(taking.out, taking.candidate);
    let (writer, resumed) = open(&taking, &path)?;
    let clock = taking.clock.clone();
    let base = resumed.as_ref().map_or(0, |t| t.last_at);
    let clocked = Arc::new(Clocked {
        clock: clock.clone(),
        base,
        opened: clock.now(),
    });
    let writer: Shared = Arc::new(Mutex::new(writer));
    let mut failing = false;
    let mut turns: Vec<(Option<u64>, usize)> = pack.questions.iter().map(|_| (None, 0)).collect();
    let mut next = 0;
    match &resumed {
        None => append(
            &writer,
            &Entry::Start {
                version: RESULT_VERSION,
                candidate: taking.candidate.to_owned(),
                mode: taking.mode,
                title: pack.title.clone(),
                screen_sha256: pack.screen_sha256.clone(),
                grill_version: GRILL_VERSION.to_owned(),
                started: clock.wall(),
                questions: pack.questions.clone(),
                total_secs: pack.total_secs,
                hints: pack.hints,
                feedback: pack.feedback,
            },
            &mut failing,
        ),
        Some(transcript) => {
            let away = clock.wall().saturating_sub(transcript.last_wall);
            append(
                &writer,
                &Entry::Resumed {
                    at: base,
                    away_secs: Some(away),
                },
                &mut failing,
            );
            for (slot, turn) in turns.iter_mut().zip(&transcript.turns) {
                *slot = (turn.asked, turn.hints);
            }
            next = transcript.next().unwrap_or(pack.questions.len());
        }
    }
    let ticking = taking
        .ticks
        .then(|| ticker(writer.clone(), clocked.clone()));
    let terminal = std::io::stdin().is_terminal();
    let color = anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
    let mut keys: Option<KeyLog> = None;
    let mut frontend: Box<dyn Frontend> = if terminal {
        let mut tty = Tty::new(color, Recall::Off).context("cannot set up the terminal")?;
        keys = Some(tty.log_keys());
        Box::new(tty)
    } else {
        let on_line = clock.clone();
        Box::new(Piped::new(
            std::io::BufReader::new(std::io::stdin()),
            Box::new(move || on_line.on_input()),
        ))
    };
    let focus = terminal && std::io::stdout().is_terminal();
    if focus {
        say("\x1b[?1004h");
    }
    let total = pack.total_secs;
    let count = pack.questions.len();
    say(&format!(
        "{}\n{} question{}{}{}. {}\n",
        for_terminal(&pack.title),
        count,
        if count == 1 { "" } else { "s" },
        total.map_or_else(String::new, |t| format!(", {} minutes in all", t / 60)),
        if resumed.is_some() {
            format!(
                "; resumed at question {} with {} used",
                (next + 1).min(count),
                crate::report::screen::mmss_pub(base / 1000)
            )
        } else {
            String::new()
        },
        HELP.trim_end()
    ));
    let mut ended = Ended::Completed;
    let mut draft = String::new();
    'questions: while next < count {
        let q = &pack.questions[next];
        let n = next + 1;
        if total.is_some_and(|t| clocked.now() >= t * 1000) {
            ended = Ended::TimeUp;
            break;
        }
        let asked = match turns[next].0 {
            Some(at) => at,
            None => {
                let at = clocked.now();
                append(&writer, &Entry::Asked { n, at }, &mut failing);
                turns[next].0 = Some(at);
                at
            }
        };
        say(&format!(
            "\nQuestion {n} of {count} ({}, {} min{})\n{}\n",
            for_terminal(&q.topic),
            q.limit_secs.div_ceil(60),
            if pack.hints && !q.hints.is_empty() {
                format!("; /hint shows one of {}", q.hints.len())
            } else {
                String::new()
            },
            for_terminal(&q.prompt)
        ));
        if let Some(keys) = &keys {
            keys.take();
        }
        loop {
            let now = clocked.now();
            frontend.arm(warnings(q, now - asked, now, total));
            let prompt = format!("[{n}/{count}] . submits > ");
            let read = frontend.read(&(prompt.clone(), prompt), &draft);
            frontend.arm(Vec::new());
            match read? {
                Read::Buffer(buffer) => {
                    let entry = input::parse(&buffer);
                    match entry.typed {
                        Typed::Nothing => {
                            draft = entry.draft;
                        }
                        Typed::Submit(text) if text.trim().is_empty() => {
                            draft.clear();
                            say(
                                "Nothing to submit: write your answer, then a line holding only `.` (or /skip).\n",
                            );
                        }
                        Typed::Submit(text) => {
                            draft.clear();
                            let at = clocked.now();
                            let elapsed = at - asked;
                            let limit = u64::from(q.limit_secs) * 1000;
                            let stats = keys.as_ref().map(KeyLog::take);
                            let signals = signals(stats, &text, focus);
                            append(
                                &writer,
                                &Entry::Answered {
                                    n,
                                    answer: text.clone(),
                                    at,
                                    elapsed,
                                    overtime: (elapsed > limit).then(|| elapsed - limit),
                                    signals,
                                },
                                &mut failing,
                            );
                            say(&feedback(taking.live.as_ref(), pack.feedback, q, &text));
                            next += 1;
                            continue 'questions;
                        }
                        Typed::Command { name, .. } => {
                            draft = entry.draft;
                            match name.as_str() {
                                "skip" => {
                                    let at = clocked.now();
                                    append(
                                        &writer,
                                        &Entry::Skipped {
                                            n,
                                            at,
                                            elapsed: at - asked,
                                        },
                                        &mut failing,
                                    );
                                    draft.clear();
                                    say("Skipped.\n");
                                    next += 1;
                                    continue 'questions;
                                }
                                "hint" if pack.hints => {
                                    let shown = turns[next].1;
                                    match q.hints.get(shown) {
                                        Some(hint) => {
                                            append(
                                                &writer,
                                                &Entry::Hint {
                                                    n,
                                                    index: shown,
                                                    at: clocked.now(),
                                                },
                                                &mut failing,
                                            );
                                            turns[next].1 += 1;
                                            say(&format!("Hint: {}\n", for_terminal(hint)));
                                        }
                                        None => say("No more hints for this question.\n"),
                                    }
                                }
                                "hint" => say("This screen has no hints.\n"),
                                "time" => {
                                    let now = clocked.now();
                                    say(&format!(
                                        "{} on this question (limit {}); {} in the screen{}.\n",
                                        crate::report::screen::mmss_pub((now - asked) / 1000),
                                        crate::report::screen::mmss_pub(u64::from(q.limit_secs)),
                                        crate::report::screen::mmss_pub(now / 1000),
                                        total.map_or_else(String::new, |t| format!(
                                            " of {}",
                                            crate::report::screen::mmss_pub(t)
                                        ))
                                    ));
                                }
                                "help" => say(HELP),
                                other => {
                                    say(&format!("There is no /{}. {HELP}", for_terminal(other)))
                                }
                            }
                        }
                    }
                }
                Read::Interrupted => {
                    draft.clear();
                    let stop = frontend.confirm_quit(
                        "Stop the screen? Your answers so far are saved; the same command continues it. [y/N] ",
                    )?;
                    if stop {
                        ended = Ended::Stopped;
                        break 'questions;
                    }
                }
                Read::Eof { unsent } => {
                    if unsent || !draft.is_empty() {
                        warn(
                            "the last answer was never submitted (end answers with a line holding only `.`), so it was not saved",
                        );
                    }
                    ended = Ended::Stopped;
                    break 'questions;
                }
            }
        }
    }
    if focus {
        say("\x1b[?1004l");
    }
    if let Some(ticking) = ticking {
        ticking.finish();
    }
    append(
        &writer,
        &Entry::Finished {
            reason: ended,
            at: clocked.now(),
        },
        &mut failing,
    );
    let mut writer = writer.lock().unwrap_or_else(|e| e.into_inner());
    let _ = writer.flush();
    let saved = writer.saved();
    if !saved {
        let stem = file_stem(taking.candidate);
        match crate::session::journal::write_fallback(&format!("screen-{stem}"), writer.unsaved()) {
            Ok(copy) => warn(&format!(
                "{} could not be saved whole; its last lines are in {} (append them to it)",
                path.display(),
                copy.display()
            )),
            Err(error) => warn(&format!(
                "{} could not be saved whole, nor copied to the temporary folder ({error})",
                path.display()
            )),
        }
    }
    Ok(Taken { path, ended, saved })
}

/// The integrity signals of an answer from what the line editor saw (none on piped input).
fn signals(stats: Option<KeyStats>, text: &str, focus: bool) -> Signals {
    let chars = text.chars().count();
    Signals {
        chars,
        keystrokes: stats.map(|s| s.keys),
        pastes: stats.map_or(0, |s| s.pastes),
        // A paste counts as one key: the characters beyond the keys pressed came pasted.
        pasted_chars: stats
            .filter(|s| s.pastes > 0)
            .map_or(0, |s| (chars as u64).saturating_sub(s.keys)),
        longest_idle_ms: stats.map(|s| s.longest_idle.as_millis() as u64),
        // Focus in and out reports arrive as unrecognised sequences, one of each per loss.
        focus_lost: if focus {
            stats.map(|s| s.unknown_sequences / 2)
        } else {
            None
        },
    }
}

/// What the candidate sees after an answer: nothing, the score, or the score with the words of
/// their own answer that earned credit. Never a concept label, a rubric phrase or a model answer.
fn feedback(
    live: Option<&Live<'_>>,
    policy: FeedbackPolicy,
    q: &PackQuestion,
    text: &str,
) -> String {
    let graded = match (live, policy) {
        (None, _) | (_, FeedbackPolicy::Nothing) => return "Answer saved.\n".into(),
        (Some(live), _) => live
            .bank
            .get(&q.id)
            .ok_or_else(|| "not in the banks".to_owned())
            .and_then(|item| live.grader.grade(item, text).map_err(|e| e.to_string())),
    };
    let Ok(card) = graded else {
        return "Answer saved (it will be graded later).\n".into();
    };
    let verdict = if card.pass { "pass" } else { "below the mark" };
    let mut out = format!("Answer saved. Score {}/100 ({verdict}).\n", card.score);
    if policy == FeedbackPolicy::Full {
        // Whole sentences, never the matched words alone: those would spell out the phrases.
        let mut credited: Vec<&str> = Vec::new();
        for evidence in card
            .concepts
            .iter()
            .filter(|c| c.credit > 0.0)
            .filter_map(|c| c.evidence.as_ref())
        {
            let sentence = sentence_around(text, evidence.start, evidence.end);
            if !sentence.is_empty() && !credited.contains(&sentence) {
                credited.push(sentence);
            }
        }
        if credited.is_empty() {
            out.push_str("No part of the answer earned credit.\n");
        } else {
            out.push_str("Sentences of your answer that earned credit:\n");
            for words in credited {
                out.push_str(&format!("  \"{}\"\n", for_terminal(words)));
            }
        }
    }
    out
}

/// The sentence of `text` holding the bytes `start..end`: from the end of the sentence before it
/// (`.`, `!`, `?` or a line break) to the end of its own.
fn sentence_around(text: &str, start: usize, end: usize) -> &str {
    let (start, end) = (
        start.min(text.len()),
        end.min(text.len()).max(start.min(text.len())),
    );
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| is_end(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .char_indices()
        .find(|(_, c)| is_end(*c))
        .map_or(text.len(), |(i, c)| end + i + c.len_utf8());
    text.get(from..to).unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::sentence_around;

    #[test]
    fn credit_is_shown_as_whole_sentences() {
        let text = "Caches help. They keep copies near readers! Done";
        let at = text.find("copies").unwrap();
        assert_eq!(
            sentence_around(text, at, at + 6),
            "They keep copies near readers!"
        );
        assert_eq!(sentence_around(text, 0, 6), "Caches help.");
        assert_eq!(sentence_around(text, text.len() - 4, text.len()), "Done");
    }
}
