//! Grading a result against its screen: the one place a screen's scoring becomes a grader, and
//! the grading that records what produced every score (rubric hashes, scoring mode and model,
//! grill's version, the screen file's hash).

use std::collections::BTreeMap;

use crate::bank::{Bank, Item};
use crate::grader::{GradeError, Grader, RubricGrader};

use super::pack::Pack;
use super::result::{GradedAnswer, Grading, Transcript};
use super::{GRILL_VERSION, Scoring, Screen, ScreenError, sha256_hex};

/// The grader a screen's scoring asks for: the rubric, or the LLM judge with the model the
/// screen names over the endpoint `llm` describes (from the environment or the config file).
/// An endpoint that cannot be set up is an error, never a silent fall back to the rubric; an
/// endpoint that fails on one answer falls back for that answer, visibly, as everywhere.
pub fn grader_for(
    scoring: &Scoring,
    llm: Option<&crate::llm::Settings>,
) -> Result<Box<dyn Grader>, ScreenError> {
    match (scoring, llm) {
        (Scoring::Rubric, _) => Ok(Box::new(RubricGrader::new())),
        (Scoring::Llm { model }, Some(settings)) => {
            let mut settings = settings.clone();
            settings.model = model.clone();
            crate::llm::grader(Some(&settings), RubricGrader::new(), false).map_err(|error| {
                ScreenError::Scoring(format!("LLM scoring with model `{model}`: {error}"))
            })
        }
        (Scoring::Llm { model }, None) => Err(ScreenError::Scoring(format!(
            "LLM scoring needs an endpoint: this screen asks for model `{model}`; set GRILL_LLM_BASE_URL (and GRILL_LLM_API_KEY if it needs one) or llm_base_url in the config file"
        ))),
    }
}

/// The SHA-256 of a rubric as loaded (every field that can change a score, and its examples).
pub fn rubric_sha256(item: &Item) -> String {
    let bytes = serde_json::to_vec(&item.rubric).expect("a rubric serialises");
    sha256_hex(&bytes)
}

/// Grades every answer of a transcript, question by question, against the screen's banks.
/// Questions the candidate never reached, skipped or left empty score 0 with the reason kept.
pub fn grade(
    transcript: &Transcript,
    screen: &Screen,
    bank: &Bank,
    grader: &dyn Grader,
    reason: &str,
    now: u64,
) -> Result<Grading, ScreenError> {
    let ids = transcript.ids();
    let warnings = deviations(transcript, screen, &Pack::build(screen, bank, &ids));
    let mut rubrics = BTreeMap::new();
    let mut answers = Vec::new();
    for (index, turn) in transcript.turns.iter().enumerate() {
        let id = &turn.question.id;
        let item = bank.get(id).ok_or_else(|| ScreenError::Mismatch {
            path: transcript.path.clone(),
            why: format!("question `{id}` is not in the screen's banks"),
        })?;
        rubrics.insert(id.clone(), rubric_sha256(item));
        let (card, ungraded) = match (&turn.answer, turn.skipped) {
            (_, true) => (None, Some("skipped".to_owned())),
            (None, false) => (None, Some("not answered".to_owned())),
            (Some(answer), false) => match grader.grade(item, answer) {
                Ok(card) => (Some(card), None),
                Err(GradeError::Refused(refusal)) => (None, Some(refusal.to_string())),
                Err(error @ GradeError::Failed { .. }) => {
                    return Err(ScreenError::Scoring(format!(
                        "{}: question {}: {error}",
                        transcript.path.display(),
                        index + 1
                    )));
                }
            },
        };
        answers.push(GradedAnswer {
            n: index + 1,
            question: id.clone(),
            score: card.as_ref().map_or(0, |c| c.score),
            card,
            ungraded,
        });
    }
    let total = if answers.is_empty() {
        0.0
    } else {
        answers.iter().map(|a| f64::from(a.score)).sum::<f64>() / answers.len() as f64
    };
    let total = (total * 10.0).round() / 10.0;
    Ok(Grading {
        graded: now,
        scoring: screen.scoring.mode().to_owned(),
        model: screen.scoring.model().map(str::to_owned),
        grill_version: GRILL_VERSION.to_owned(),
        screen_sha256: screen.sha256.clone(),
        rubrics,
        answers,
        total,
        pass_mark: screen.pass_mark,
        passed: total >= f64::from(screen.pass_mark),
        reason: reason.to_owned(),
        warnings,
    })
}

/// Where what the candidate was given differs from what the screen gives: another screen file,
/// or a pack edited on the candidate's side (a longer limit, other prompts, hints, no total
/// limit). Each is one line for a person to weigh.
pub fn deviations(transcript: &Transcript, screen: &Screen, pack: &Pack) -> Vec<String> {
    let mut out = Vec::new();
    if transcript.screen_sha256 != screen.sha256 {
        out.push(format!(
            "taken from a screen file with SHA-256 {}, graded against {}",
            transcript.screen_sha256, screen.sha256
        ));
    }
    if transcript.total_secs != pack.total_secs {
        out.push(format!(
            "the screen's time limit was {}, the screen says {}",
            limit(transcript.total_secs),
            limit(pack.total_secs)
        ));
    }
    if transcript.hints != pack.hints {
        out.push(format!(
            "hints were {}, the screen says {}",
            allowed(transcript.hints),
            allowed(pack.hints)
        ));
    }
    for (i, (turn, expected)) in transcript.turns.iter().zip(&pack.questions).enumerate() {
        let given = &turn.question;
        let n = i + 1;
        if given.limit_secs != expected.limit_secs {
            out.push(format!(
                "question {n} had a limit of {} s, the screen says {} s",
                given.limit_secs, expected.limit_secs
            ));
        }
        if given.prompt != expected.prompt {
            out.push(format!(
                "question {n} was asked in other words than the bank's"
            ));
        }
        let hints = if pack.hints {
            &expected.hints
        } else {
            &Vec::new()
        };
        if &given.hints != hints {
            out.push(format!(
                "question {n} came with other hints than the screen's"
            ));
        }
    }
    out
}

fn limit(secs: Option<u64>) -> String {
    secs.map_or_else(|| "none".into(), |s| format!("{} min", s / 60))
}

fn allowed(yes: bool) -> &'static str {
    if yes { "allowed" } else { "not allowed" }
}

/// Checks that a result was taken from this screen: the same questions in the same order. A
/// different screen file hash alone is reported by the caller as a warning (a typo fixed in the
/// title changes the hash, not the questions).
pub fn check_questions(transcript: &Transcript, ids: &[String]) -> Result<(), ScreenError> {
    let taken = transcript.ids();
    if taken != ids {
        return Err(ScreenError::Mismatch {
            path: transcript.path.clone(),
            why: format!(
                "it was taken with questions [{}], but the screen asks [{}]",
                taken.join(", "),
                ids.join(", ")
            ),
        });
    }
    Ok(())
}
