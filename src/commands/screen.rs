//! `grill screen validate|run|pack|take|grade|report|rescore`: recruiter screens. The screen
//! module holds the model and the rules; this wires files, banks and graders to them and prints
//! what happened. The candidate's side is in `screen_take`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::bank::Bank;
use crate::config::{Config, ScreenAction};
use crate::exit::{self, UsageError};
use crate::output::Target;
use crate::report::screen::ScreenReport;
use crate::sanitize::for_terminal;
use crate::screen::chain::ChainWriter;
use crate::screen::grading::{self, check_questions, grader_for};
use crate::screen::result::{Entry, Grading, Mode, Transcript};
use crate::screen::{Pack, Screen};

use super::interview::{clock, describe};
use super::screen_take::{self, Live, Taking};
use super::warn;

pub(crate) fn run(config: &Config, action: ScreenAction) -> Result<u8> {
    match action {
        ScreenAction::Validate { file, freeze } => validate(config, &file, freeze),
        ScreenAction::Run {
            file,
            candidate,
            out,
        } => hosted(config, &file, &candidate, &out),
        ScreenAction::Pack { file, out } => pack(&file, &out),
        ScreenAction::Take {
            pack,
            candidate,
            out,
        } => take(config, &pack, &candidate, &out),
        ScreenAction::Grade { results, screen } => grade(config, &results, &screen),
        ScreenAction::Report {
            dir,
            format,
            target,
        } => {
            let (transcripts, notes) = load_dir(&dir)?;
            let report = ScreenReport::build(&transcripts, notes);
            report
                .emit(format, &target)
                .with_context(|| format!("cannot write to {}", describe(&target)))?;
            Ok(exit::OK)
        }
        ScreenAction::Rescore { dir, screen } => rescore(config, &dir, &screen),
    }
}

/// A screen file, its banks and its frozen question list.
fn load(file: &Path) -> Result<(Screen, Bank, Vec<String>)> {
    let screen = Screen::load(file)?;
    let bank = Bank::load(&screen.banks)
        .with_context(|| format!("cannot load the banks of {}", file.display()))?;
    let ids = screen.resolve(&bank)?;
    Ok((screen, bank, ids))
}

fn validate(config: &Config, file: &Path, freeze: bool) -> Result<u8> {
    let (screen, bank, ids) = load(file)?;
    if freeze {
        print!("{}", crate::screen::file::frozen(&screen.text, &ids));
        return Ok(exit::OK);
    }
    let mut out = format!(
        "{}: ok\n  title: {}\n  scoring: {}{}\n  feedback: {}\n  hints: {}\n  pass mark: {}\n  total time: {}\n  sha256: {}\n  questions (every candidate, in this order):\n",
        file.display(),
        for_terminal(&screen.title),
        screen.scoring.mode(),
        screen
            .scoring
            .model()
            .map(|m| format!(" (model {m})"))
            .unwrap_or_default(),
        match screen.feedback {
            crate::session::record::FeedbackPolicy::Nothing => "nothing",
            crate::session::record::FeedbackPolicy::Score => "score",
            crate::session::record::FeedbackPolicy::Full => "full",
        },
        if screen.hints { "allowed" } else { "none" },
        screen.pass_mark,
        screen
            .total_secs
            .map_or_else(|| "no limit".into(), |s| format!("{} minutes", s / 60)),
        screen.sha256
    );
    for (i, id) in ids.iter().enumerate() {
        let item = bank.get(id).expect("resolved ids are in the bank");
        out.push_str(&format!(
            "    {}. {id} ({}, {}, {} s)\n",
            i + 1,
            item.question.topic,
            item.question.tier.as_str(),
            screen.limit_secs(&bank, id)
        ));
    }
    print!("{out}");
    if let Err(error) = grader_for(&screen.scoring, config.screen_llm.as_ref()) {
        warn(&error.to_string());
    }
    Ok(exit::OK)
}

fn pack(file: &Path, out: &Target) -> Result<u8> {
    let (screen, bank, ids) = load(file)?;
    let pack = Pack::build(&screen, &bank, &ids).sealed();
    out.write(&pack.to_bytes())
        .with_context(|| format!("cannot write the pack to {}", describe(out)))?;
    if let Target::File(path) = out {
        println!(
            "Wrote {}: {} questions, prompts{} and limits only (no rubric). Candidates run `grill screen take {} --candidate NAME`.",
            path.display(),
            pack.questions.len(),
            if screen.hints { ", hints" } else { "" },
            path.display()
        );
    }
    Ok(exit::OK)
}

fn finish(taken: &screen_take::Taken, mode: Mode) -> u8 {
    use crate::screen::result::Ended;
    let file = taken.path.display();
    match (taken.ended, mode) {
        (Ended::Stopped, _) => println!(
            "\nThe screen is stopped; your answers so far are saved in {file}. The same command continues it."
        ),
        (_, Mode::Hosted) => println!("\nThe screen is over. Thank you; your answers are saved."),
        (_, Mode::Sealed) => {
            println!("\nThe screen is over. Thank you. Send this file to the recruiter: {file}")
        }
    }
    if taken.saved { exit::OK } else { exit::FAILURE }
}

fn hosted(config: &Config, file: &Path, candidate: &str, out: &Path) -> Result<u8> {
    let (screen, bank, ids) = load(file)?;
    let grader = grader_for(&screen.scoring, config.screen_llm.as_ref())?;
    let pack = Pack::build(&screen, &bank, &ids);
    let taken = screen_take::run(Taking {
        pack: &pack,
        mode: Mode::Hosted,
        candidate,
        out,
        clock: clock(config),
        ticks: config.fake_clock.is_none(),
        live: Some(Live {
            bank: &bank,
            grader: grader.as_ref(),
        }),
    })?;
    let code = finish(&taken, Mode::Hosted);
    if taken.ended != crate::screen::result::Ended::Stopped {
        let transcript = Transcript::load(&taken.path)?;
        let grading = grading::grade(
            &transcript,
            &screen,
            &bank,
            grader.as_ref(),
            "graded at the end of a hosted run",
            clock(config).wall(),
        )?;
        append_grading(&transcript, &grading)?;
        println!("Result: {}", taken.path.display());
    }
    Ok(code)
}

fn take(config: &Config, pack: &Path, candidate: &str, out: &Path) -> Result<u8> {
    let pack = Pack::load(pack)?.sealed();
    let taken = screen_take::run(Taking {
        pack: &pack,
        mode: Mode::Sealed,
        candidate,
        out,
        clock: clock(config),
        ticks: config.fake_clock.is_none(),
        live: None,
    })?;
    Ok(finish(&taken, Mode::Sealed))
}

/// Appends a grading to a result file, after its last good line.
fn append_grading(transcript: &Transcript, grading: &Grading) -> Result<()> {
    let mut writer = ChainWriter::reopen(
        &transcript.path,
        transcript.whole_len,
        transcript.last_hash.clone(),
    )
    .with_context(|| format!("cannot write to {}", transcript.path.display()))?;
    writer
        .append(&Entry::Graded(grading.clone()))
        .with_context(|| format!("cannot write the grading to {}", transcript.path.display()))
}

/// Warnings about a result before it is graded: another screen file, a broken chain, unfinished.
fn check(transcript: &Transcript) {
    let path = transcript.path.display();
    for problem in &transcript.breaks {
        warn(&format!("{path}:{}: {}", problem.line, problem.what));
    }
    if transcript.ended.is_none() || transcript.ended == Some(crate::screen::result::Ended::Stopped)
    {
        warn(&format!(
            "{path}: the screen was not finished; unanswered questions score 0"
        ));
    }
}

fn grade(config: &Config, results: &[PathBuf], file: &Path) -> Result<u8> {
    let (screen, bank, ids) = load(file)?;
    let grader = grader_for(&screen.scoring, config.screen_llm.as_ref())?;
    let now = clock_now();
    let mut code = exit::OK;
    for path in results {
        let graded = Transcript::load(path)
            .map_err(anyhow::Error::from)
            .and_then(|t| {
                check_questions(&t, &ids)?;
                check(&t);
                let grading = grading::grade(&t, &screen, &bank, grader.as_ref(), "graded", now)?;
                append_grading(&t, &grading)?;
                Ok((t, grading))
            });
        match graded {
            Ok((t, grading)) => {
                for warning in &grading.warnings {
                    warn(&format!("{}: {warning}", path.display()));
                }
                println!(
                    "{}: {} {:.1} ({}){}",
                    path.display(),
                    for_terminal(&t.candidate),
                    grading.total,
                    if grading.passed { "pass" } else { "fail" },
                    if t.breaks.is_empty() {
                        ""
                    } else {
                        ", integrity problems (see the warnings)"
                    }
                );
            }
            Err(error) => {
                warn(&format!("{error:#}"));
                code = exit::USAGE;
            }
        }
    }
    Ok(code)
}

fn clock_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The result files of a folder, read; files that are not results become notes.
fn load_dir(dir: &Path) -> Result<(Vec<Transcript>, Vec<String>)> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the results folder {}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl") && p.is_file())
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(UsageError(format!("{}: no result files (*.jsonl)", dir.display())).into());
    }
    let mut notes = Vec::new();
    let mut transcripts = Vec::new();
    for path in paths {
        match Transcript::load(&path) {
            Ok(t) => {
                if !t.breaks.is_empty() {
                    notes.push(format!(
                        "{}: the hash chain does not check out ({}): the file was edited, truncated or damaged after it was written",
                        t.path.display(),
                        t.breaks
                            .iter()
                            .map(|b| format!("line {}: {}", b.line, b.what))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
                if t.gradings.is_empty() {
                    notes.push(format!(
                        "{}: not graded yet (`grill screen grade`)",
                        t.path.display()
                    ));
                }
                transcripts.push(t);
            }
            Err(error) => notes.push(format!("left out: {error}")),
        }
    }
    if let Some(first) = transcripts.first().map(Transcript::ids) {
        let (same, other): (Vec<Transcript>, Vec<Transcript>) =
            transcripts.into_iter().partition(|t| t.ids() == first);
        for t in &other {
            notes.push(format!(
                "left out: {}: taken with other questions than the rest",
                t.path.display()
            ));
        }
        transcripts = same;
    }
    Ok((transcripts, notes))
}

fn rescore(config: &Config, dir: &Path, file: &Path) -> Result<u8> {
    let (screen, bank, ids) = load(file)?;
    let grader = grader_for(&screen.scoring, config.screen_llm.as_ref())?;
    let (transcripts, notes) = load_dir(dir)?;
    for note in notes {
        warn(&note);
    }
    let now = clock_now();
    for t in &transcripts {
        check_questions(t, &ids)?;
        let Some(before) = t.grading() else {
            println!(
                "{}: not graded before; `grill screen grade` grades it",
                for_terminal(&t.candidate)
            );
            continue;
        };
        let after = grading::grade(t, &screen, &bank, grader.as_ref(), "rescored", now)?;
        let changes = differences(before, &after);
        println!(
            "{}: {:.1} {} -> {:.1} {}{}",
            for_terminal(&t.candidate),
            before.total,
            if before.passed { "pass" } else { "fail" },
            after.total,
            if after.passed { "pass" } else { "fail" },
            if changes.is_empty() {
                " (no change)"
            } else {
                ""
            }
        );
        for change in &changes {
            println!("  {change}");
        }
        append_grading(t, &after)?;
    }
    Ok(exit::OK)
}

/// What changed between two gradings, question by question, and why: rubric hashes and each
/// concept whose status moved.
fn differences(before: &Grading, after: &Grading) -> Vec<String> {
    let mut out = Vec::new();
    if before.scoring != after.scoring || before.model != after.model {
        out.push(format!(
            "scoring {}{} -> {}{}",
            before.scoring,
            before
                .model
                .as_deref()
                .map(|m| format!(":{m}"))
                .unwrap_or_default(),
            after.scoring,
            after
                .model
                .as_deref()
                .map(|m| format!(":{m}"))
                .unwrap_or_default()
        ));
    }
    for (old, new) in before.answers.iter().zip(&after.answers) {
        let rubric_changed = before.rubrics.get(&old.question) != after.rubrics.get(&new.question);
        if old.score == new.score && !rubric_changed {
            continue;
        }
        let mut line = format!(
            "Q{} {}: {} -> {}",
            new.n, new.question, old.score, new.score
        );
        if rubric_changed {
            line.push_str(&format!(
                " (rubric {} -> {})",
                short(before.rubrics.get(&old.question)),
                short(after.rubrics.get(&new.question))
            ));
        }
        if let (Some(a), Some(b)) = (&old.card, &new.card) {
            for concept in &b.concepts {
                let was = a.concept(&concept.id).map(|c| c.status.as_str());
                let now = concept.status.as_str();
                if was != Some(now) {
                    line.push_str(&format!(
                        "; {}: {} -> {now}",
                        concept.label,
                        was.unwrap_or("(new concept)")
                    ));
                }
            }
            for concept in &a.concepts {
                if b.concept(&concept.id).is_none() {
                    line.push_str(&format!("; {}: concept removed", concept.label));
                }
            }
        }
        out.push(line);
    }
    out
}

fn short(hash: Option<&String>) -> String {
    hash.map_or_else(|| "none".into(), |h| h.chars().take(12).collect())
}
