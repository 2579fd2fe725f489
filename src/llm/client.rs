//! The OpenAI-compatible chat-completions client: one tokio runtime and one connection pool,
//! connect and total timeouts, retries with exponential backoff and jitter on 429, 5xx and
//! connection errors (honouring `Retry-After`), and structured output asked for in the best way
//! the endpoint takes: `json_schema`, else `json_object` with the schema, else the schema in the
//! prompt, remembered per endpoint.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::key::ApiKey;

/// Everything needed to talk to an endpoint.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The API's base URL, up to and including `/v1`.
    pub base_url: String,
    /// The model to ask.
    pub model: String,
    /// The bearer token, when the endpoint needs one.
    pub api_key: Option<ApiKey>,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long one request may take, reply included.
    pub timeout: Duration,
    /// How many times a failed request is tried again.
    pub retries: u32,
    /// The first wait between tries; each next one doubles, with jitter.
    pub backoff: Duration,
    /// Sampling temperature.
    pub temperature: f64,
    /// The most tokens the reply may use.
    pub max_tokens: u32,
    /// How many requests may be in flight at once.
    pub jobs: usize,
    /// Where the structured-output mode that worked is remembered per endpoint, if anywhere.
    pub modes_file: Option<PathBuf>,
}

impl Settings {
    /// Defaults for everything but the endpoint and the model.
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> Settings {
        Settings {
            base_url: base_url.into(),
            model: model.into(),
            api_key: None,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(60),
            retries: 3,
            backoff: Duration::from_millis(500),
            temperature: 0.0,
            max_tokens: 1024,
            jobs: 4,
            modes_file: None,
        }
    }

    /// The chat-completions URL, for requests.
    fn url(&self) -> String {
        format!("{}/chat/completions", self.base_url.trim_end_matches('/'))
    }

    /// The chat-completions URL as messages show it: without any user or password written
    /// into it (`https://user:secret@host/...`).
    pub fn endpoint(&self) -> String {
        without_userinfo(&self.url())
    }
}

/// How structured output is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// `response_format: {"type": "json_schema", ...}`.
    JsonSchema,
    /// `response_format: {"type": "json_object", "schema": ...}`.
    JsonObject,
    /// No `response_format`: the schema is written in the prompt.
    Prompt,
}

impl Mode {
    /// The mode's name, as `grill llm check` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::JsonSchema => "json_schema",
            Mode::JsonObject => "json_object",
            Mode::Prompt => "prompt",
        }
    }

    fn parse(name: &str) -> Option<Mode> {
        [Mode::JsonSchema, Mode::JsonObject, Mode::Prompt]
            .into_iter()
            .find(|m| m.as_str() == name)
    }

    fn next(self) -> Option<Mode> {
        match self {
            Mode::JsonSchema => Some(Mode::JsonObject),
            Mode::JsonObject => Some(Mode::Prompt),
            Mode::Prompt => None,
        }
    }
}

/// Why a request got no usable reply. Messages never hold the key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    /// Nothing listens there, or the name does not resolve.
    #[error("cannot connect to {url}: {reason}")]
    Connect {
        /// The endpoint.
        url: String,
        /// Why.
        reason: String,
    },
    /// No reply in time.
    #[error("no reply from {url} within {secs:.1} s")]
    Timeout {
        /// The endpoint.
        url: String,
        /// The limit.
        secs: f64,
    },
    /// 401 or 403.
    #[error("{url} refused the API key (HTTP {code}): check GRILL_LLM_API_KEY")]
    Unauthorized {
        /// The endpoint.
        url: String,
        /// 401 or 403.
        code: u16,
    },
    /// 404.
    #[error("{url} answered 404: the model `{model}` or the path does not exist there ({detail})")]
    NotFound {
        /// The endpoint.
        url: String,
        /// The model asked for.
        model: String,
        /// The server's words.
        detail: String,
    },
    /// Any other HTTP failure, after the retries.
    #[error("{url} answered HTTP {code}: {detail}")]
    Status {
        /// The endpoint.
        url: String,
        /// The status.
        code: u16,
        /// The server's words.
        detail: String,
    },
    /// The endpoint takes no structured-output mode at all, not even the plain prompt.
    #[error("{url} rejected every structured-output mode: {detail}")]
    Unsupported {
        /// The endpoint.
        url: String,
        /// The last refusal.
        detail: String,
    },
    /// A reply that is not a chat completion, or whose content breaks the schema.
    #[error("the reply of {url} is unusable: {detail}")]
    Invalid {
        /// The endpoint.
        url: String,
        /// What is wrong.
        detail: String,
    },
    /// The wait was cancelled (Ctrl-C).
    #[error("the wait for the model was cancelled")]
    Cancelled,
    /// The client could not be set up.
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
}

/// A reply's content and what it cost.
#[derive(Debug, Clone)]
pub struct Completion {
    /// The message's content.
    pub content: String,
    /// `usage.total_tokens`, when reported.
    pub tokens: Option<u64>,
    /// The mode that worked.
    pub mode: Mode,
    /// How long it took, retries included.
    pub latency: Duration,
    /// The model that answered, as the endpoint names it.
    pub model: String,
}

/// One endpoint, shared by every thread that grades.
pub struct Client {
    settings: Settings,
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    mode: Mutex<Mode>,
}

/// What one try came to.
enum Try {
    Done(Completion),
    /// Try again, after this long or else the backoff (a 429 or 5xx, a connection error).
    Again(Option<Duration>, LlmError),
    /// This mode is not taken; try the next.
    Downgrade(String),
    Fail(LlmError),
}

impl Client {
    /// A client for these settings, starting at the mode remembered for the endpoint.
    pub fn new(settings: Settings) -> Result<Client, LlmError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("grill-llm")
            .enable_all()
            .build()
            .map_err(|e| LlmError::Setup(e.to_string()))?;
        let http = {
            let _entered = runtime.enter();
            reqwest::Client::builder()
                .connect_timeout(settings.connect_timeout)
                .timeout(settings.timeout)
                .pool_max_idle_per_host(settings.jobs.max(1))
                .user_agent(concat!("grill/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| LlmError::Setup(e.without_url().to_string()))?
        };
        let mode = remembered(&settings).unwrap_or(Mode::JsonSchema);
        Ok(Client {
            settings,
            runtime,
            http,
            mode: Mutex::new(mode),
        })
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The structured-output mode currently used.
    pub fn mode(&self) -> Mode {
        *self.mode.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Asks for one completion: `messages(schema_in_prompt)` builds the chat, `schema` is the
    /// reply's JSON schema. Starts at `start` (or the remembered mode) and steps down the modes
    /// the endpoint refuses; returns early with [`LlmError::Cancelled`] once `cancel` is set.
    pub fn complete(
        &self,
        messages: &dyn Fn(bool) -> Value,
        schema: &Value,
        start: Option<Mode>,
        cancel: Option<&AtomicBool>,
    ) -> Result<Completion, LlmError> {
        let work = self.complete_async(messages, schema, start);
        let watch = async {
            loop {
                tokio::time::sleep(Duration::from_millis(50)).await;
                if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                    return;
                }
            }
        };
        self.runtime.block_on(async {
            tokio::select! {
                result = work => result,
                () = watch, if cancel.is_some() => Err(LlmError::Cancelled),
            }
        })
    }

    async fn complete_async(
        &self,
        messages: &dyn Fn(bool) -> Value,
        schema: &Value,
        start: Option<Mode>,
    ) -> Result<Completion, LlmError> {
        let began = Instant::now();
        let mut mode = start.unwrap_or_else(|| self.mode());
        let target = self.settings.url();
        let url = self.settings.endpoint();
        loop {
            let body = self.body(mode, messages(mode == Mode::Prompt), schema);
            let mut attempt = 0;
            let outcome = loop {
                match self.attempt(&target, &url, &body, mode).await {
                    Try::Again(wait, _) if attempt < self.settings.retries => {
                        let wait = wait.unwrap_or_else(|| self.backoff(attempt));
                        attempt += 1;
                        tokio::time::sleep(wait).await;
                    }
                    Try::Again(_, error) => break Try::Fail(error),
                    other => break other,
                }
            };
            match outcome {
                Try::Done(mut completion) => {
                    completion.latency = began.elapsed();
                    self.remember(mode);
                    return Ok(completion);
                }
                Try::Downgrade(detail) => match mode.next() {
                    Some(next) => mode = next,
                    None => return Err(LlmError::Unsupported { url, detail }),
                },
                Try::Fail(error) => return Err(error),
                Try::Again(_, error) => return Err(error),
            }
        }
    }

    fn body(&self, mode: Mode, messages: Value, schema: &Value) -> Value {
        let mut body = json!({
            "model": self.settings.model,
            "messages": messages,
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
            "stream": false,
        });
        match mode {
            Mode::JsonSchema => {
                body["response_format"] = json!({
                    "type": "json_schema",
                    "json_schema": {"name": "grade", "strict": true, "schema": schema},
                });
            }
            Mode::JsonObject => {
                body["response_format"] = json!({"type": "json_object", "schema": schema});
            }
            Mode::Prompt => {}
        }
        body
    }

    /// The wait before try `attempt + 1`: the backoff doubled per try, times 0.5..1.5.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.settings.backoff.saturating_mul(1 << attempt.min(10));
        base.mul_f64(0.5 + fastrand::f64())
            .min(Duration::from_secs(30))
    }

    /// One request to `target`, named `url` in messages.
    async fn attempt(&self, target: &str, url: &str, body: &Value, mode: Mode) -> Try {
        let mut request = self.http.post(target).json(body);
        if let Some(key) = &self.settings.api_key {
            request = request.bearer_auth(key.expose());
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return self.transport_error(url, error),
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = match response.text().await {
            Ok(text) => text,
            Err(error) => return self.transport_error(url, error),
        };
        let code = status.as_u16();
        let detail = self.detail(&text);
        if status.is_success() {
            return match self.completion(&text, mode) {
                Ok(completion) => Try::Done(completion),
                Err(detail) => Try::Fail(LlmError::Invalid {
                    url: url.to_owned(),
                    detail,
                }),
            };
        }
        let lower = text.to_lowercase();
        let about_format = ["response_format", "json_schema", "json_object", "'text'"]
            .iter()
            .any(|word| lower.contains(word));
        match code {
            401 | 403 => Try::Fail(LlmError::Unauthorized {
                url: url.to_owned(),
                code,
            }),
            404 => Try::Fail(LlmError::NotFound {
                url: url.to_owned(),
                model: self.settings.model.clone(),
                detail,
            }),
            400 | 422 | 500 | 501 if about_format && mode != Mode::Prompt => Try::Downgrade(detail),
            429 | 500..=599 => Try::Again(
                retry_after.map(|wait| wait.min(Duration::from_secs(60))),
                LlmError::Status {
                    url: url.to_owned(),
                    code,
                    detail,
                },
            ),
            _ => Try::Fail(LlmError::Status {
                url: url.to_owned(),
                code,
                detail,
            }),
        }
    }

    fn transport_error(&self, url: &str, error: reqwest::Error) -> Try {
        if error.is_timeout() {
            return Try::Fail(LlmError::Timeout {
                url: url.to_owned(),
                secs: self.settings.timeout.as_secs_f64(),
            });
        }
        let cause = std::iter::successors(
            std::error::Error::source(&error).map(|e| e as &dyn std::error::Error),
            |e| e.source(),
        )
        .last()
        .map(|cause| format!(" ({cause})"))
        .unwrap_or_default();
        let reason = format!("{}{cause}", error.without_url());
        Try::Again(
            None,
            LlmError::Connect {
                url: url.to_owned(),
                reason: self.redact(&reason),
            },
        )
    }

    /// A server's error body, short, on one line, without the key.
    fn detail(&self, text: &str) -> String {
        let message = serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| {
                v["error"]["message"]
                    .as_str()
                    .or_else(|| v["error"].as_str())
                    .or_else(|| v["detail"].as_str())
                    .or_else(|| v["message"].as_str())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| text.to_owned());
        let line = crate::sanitize::single_line(&message).into_owned();
        let cut = match line.char_indices().nth(200) {
            Some((at, _)) => format!("{}...", &line[..at]),
            None => line,
        };
        let cut = if cut.trim().is_empty() {
            "no details".to_owned()
        } else {
            cut
        };
        self.redact(&cut)
    }

    fn redact(&self, text: &str) -> String {
        match &self.settings.api_key {
            Some(key) => text.replace(key.expose(), "[redacted]"),
            None => text.to_owned(),
        }
    }

    fn completion(&self, text: &str, mode: Mode) -> Result<Completion, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("not a JSON chat completion: {e}"))?;
        let content = value["choices"][0]["message"]["content"]
            .as_str()
            .ok_or("no choices[0].message.content")?
            .to_owned();
        Ok(Completion {
            content,
            tokens: value["usage"]["total_tokens"].as_u64(),
            mode,
            latency: Duration::ZERO,
            model: value["model"]
                .as_str()
                .filter(|m| !m.is_empty())
                .unwrap_or(&self.settings.model)
                .to_owned(),
        })
    }

    fn remember(&self, mode: Mode) {
        let mut current = self.mode.lock().unwrap_or_else(|e| e.into_inner());
        if *current == mode {
            return;
        }
        *current = mode;
        drop(current);
        if let Some(file) = &self.settings.modes_file {
            let mut modes: serde_json::Map<String, Value> = std::fs::read_to_string(file)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            modes.insert(endpoint_key(&self.settings), Value::from(mode.as_str()));
            let temp = file.with_extension("json.tmp");
            if std::fs::write(&temp, Value::Object(modes).to_string()).is_ok() {
                let _ = std::fs::rename(&temp, file);
            }
        }
    }
}

/// A URL without the `user:password@` part of its authority.
pub fn without_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://[redacted]@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// The endpoint and model a remembered mode belongs to (never with credentials).
fn endpoint_key(settings: &Settings) -> String {
    format!(
        "{} {}",
        without_userinfo(settings.base_url.trim_end_matches('/')),
        settings.model
    )
}

/// The mode that worked last time for this endpoint and model.
fn remembered(settings: &Settings) -> Option<Mode> {
    let text = std::fs::read_to_string(settings.modes_file.as_ref()?).ok()?;
    let modes: Value = serde_json::from_str(&text).ok()?;
    Mode::parse(modes[endpoint_key(settings)].as_str()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_a_url_are_never_shown() {
        assert_eq!(
            without_userinfo("https://me:sk-secret@example.com/v1/chat/completions"),
            "https://[redacted]@example.com/v1/chat/completions"
        );
        assert_eq!(
            without_userinfo("http://127.0.0.1:8080/v1/a@b"),
            "http://127.0.0.1:8080/v1/a@b"
        );
        let settings = Settings::new("https://u:p@h/v1/", "m");
        assert_eq!(
            settings.endpoint(),
            "https://[redacted]@h/v1/chat/completions"
        );
    }
}
