//! `grill llm check`: one round trip to the LLM judge's endpoint, to see before an interview or
//! a batch whether it answers, how fast, and which structured-output mode it takes; on failure,
//! what is wrong in words a person can act on.

use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use crate::config::Config;
use crate::exit;
use crate::llm::{Client, LlmError, Mode};
use crate::sanitize::single_line;

/// What to do about a failure.
fn diagnosis(error: &LlmError) -> &'static str {
    match error {
        LlmError::Connect { .. } => {
            "connection refused, unreachable or dropped: is the server running, and is the base URL (host, port, /v1) right?"
        }
        LlmError::Timeout { .. } => {
            "timeout: the server accepted the request but did not answer in time; raise --llm-timeout or use a smaller model"
        }
        LlmError::Unauthorized { .. } => {
            "the API key was refused (401/403): set GRILL_LLM_API_KEY (or OPENAI_API_KEY) to a valid key"
        }
        LlmError::NotFound { .. } => {
            "404: the model is not served there (see the server's model list) or the base URL lacks /v1"
        }
        LlmError::Unsupported { .. } => {
            "unsupported response_format: the server refused every structured-output mode"
        }
        LlmError::Status { .. } => "the server failed; see its log",
        LlmError::Invalid { .. } => "the reply is not an OpenAI-compatible chat completion",
        LlmError::Cancelled | LlmError::Setup(_) => "grill could not make the request",
    }
}

pub(crate) fn check(config: &Config) -> Result<u8> {
    let Some(settings) = config.llm.clone() else {
        return Ok(exit::USAGE);
    };
    let mut settings = settings;
    settings.retries = 0;
    let endpoint = settings.endpoint();
    let model = settings.model.clone();
    let key = if settings.api_key.is_some() {
        "set"
    } else {
        "none"
    };
    let mut out = anstream::stdout().lock();
    writeln!(out, "endpoint: {}", single_line(&endpoint))?;
    writeln!(out, "model:    {}", single_line(&model))?;
    writeln!(out, "api key:  {key}")?;
    let client = Client::new(settings)?;
    let schema = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["ok"],
        "properties": {"ok": {"type": "boolean"}}
    });
    let messages = |in_prompt: bool| -> Value {
        let mut system = "You check that you are reachable. Reply with the JSON object {\"ok\": true} and nothing else.".to_owned();
        if in_prompt {
            system.push_str(" The object must follow this JSON schema: ");
            system.push_str(&schema.to_string());
        }
        json!([
            {"role": "system", "content": system},
            {"role": "user", "content": "Are you there?"},
        ])
    };
    match client.complete(&messages, &schema, Some(Mode::JsonSchema), None) {
        Ok(completion) => {
            writeln!(out, "answered: {}", single_line(&completion.model))?;
            writeln!(out, "latency:  {} ms", completion.latency.as_millis())?;
            let refused = match completion.mode {
                Mode::JsonSchema => "",
                Mode::JsonObject => " (json_schema refused)",
                Mode::Prompt => {
                    " (json_schema and json_object refused; the schema goes in the prompt)"
                }
            };
            writeln!(
                out,
                "structured output: {}{refused}",
                completion.mode.as_str()
            )?;
            let valid = serde_json::from_str::<Value>(completion.content.trim())
                .ok()
                .is_some_and(|v| v["ok"].is_boolean());
            writeln!(
                out,
                "reply:    {}",
                if valid {
                    "valid JSON"
                } else {
                    "not the JSON asked for (grill still extracts and checks it when grading)"
                }
            )?;
            if let Some(tokens) = completion.tokens {
                writeln!(out, "tokens:   {tokens}")?;
            }
            writeln!(out, "ok")?;
            Ok(exit::OK)
        }
        Err(error) => {
            drop(out);
            super::warn(&format!("{error}"));
            eprintln!("diagnosis: {}", diagnosis(&error));
            Ok(exit::FAILURE)
        }
    }
}
