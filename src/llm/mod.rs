//! The LLM judge: grading through any OpenAI-compatible chat-completions endpoint (OpenAI,
//! Ollama, llama.cpp's server, vLLM, LM Studio, OpenRouter) as a semantic judge of the rubric,
//! never its replacement. The model says which concepts an answer covers and quotes it; grill
//! keeps only the claims whose quotes are really in the answer, scores them with the rubric's
//! weights, lets the rubric's keyword-list verdict cap the result, and grades with the rubric
//! alone, saying so, whenever the model cannot be had.

mod client;
mod grader;
mod key;
mod prompt;
mod reply;
mod verify;

pub use client::{Client, Completion, LlmError, Mode, Settings, without_userinfo};
pub use grader::{LlmGrader, Tally};
pub use key::ApiKey;

use crate::grader::{Grader, RubricGrader};

/// The grader an interview or a batch uses: the LLM judge when `settings` are given (with the
/// spinner and Ctrl-C when `interactive`), else `rubric` itself, exactly as without an LLM.
pub fn grader(
    settings: Option<&Settings>,
    rubric: RubricGrader,
    interactive: bool,
) -> Result<Box<dyn Grader>, LlmError> {
    Ok(match settings {
        Some(settings) => Box::new(
            LlmGrader::new(Client::new(settings.clone())?, rubric).interactive(interactive),
        ),
        None => Box::new(rubric),
    })
}

#[cfg(test)]
mod tests;
