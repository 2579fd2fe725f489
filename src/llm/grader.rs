//! The LLM judge behind the [`Grader`] trait: the rubric scorer reads the answer first, the model
//! judges it, every claim is checked against the answer, and the card is settled by the rubric's
//! weights. When the model cannot be had (a dead endpoint, a garbled reply, Ctrl-C), the card is
//! the rubric's, saying why; a model's failure is never the candidate's.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::bank::Item;
use crate::grader::{GradeError, Grader, Refusal, RubricGrader};
use crate::score::{ConceptResult, ScoreCard};

use super::client::{Client, LlmError};
use super::{prompt, reply, verify};

/// What a batch of LLM grading cost and how it went, for the summary at the end.
#[derive(Debug, Default)]
pub struct Tally {
    /// Answers the model judged.
    pub judged: AtomicU64,
    /// Answers that fell back to the rubric.
    pub fallbacks: AtomicU64,
    /// Answers whose two scores differ by more than the disagreement margin.
    pub disagreements: AtomicU64,
    /// Claims whose quote was found.
    pub verified: AtomicU64,
    /// Claims dropped.
    pub dropped: AtomicU64,
    /// Tokens reported by the endpoint.
    pub tokens: AtomicU64,
    /// Why one answer (the first to finish) fell back.
    pub first_fallback: std::sync::Mutex<Option<String>>,
}

impl Tally {
    /// One line: `judged 10, fallbacks 1, disagreements 2, claims verified 30 / dropped 4,
    /// tokens 12345`.
    pub fn summary(&self) -> String {
        let get = |n: &AtomicU64| n.load(Ordering::Relaxed);
        let first = self
            .first_fallback
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|why| format!(" (for instance: {why})"))
            .unwrap_or_default();
        format!(
            "LLM judge: {} judged, {} fell back to the rubric{first}, {} disagreements over 20 points; claims {} verified, {} dropped; {} tokens",
            get(&self.judged),
            get(&self.fallbacks),
            get(&self.disagreements),
            get(&self.verified),
            get(&self.dropped),
            get(&self.tokens),
        )
    }

    fn count(&self, card: &ScoreCard) {
        if let Some(why) = &card.fallback {
            self.fallbacks.fetch_add(1, Ordering::Relaxed);
            self.first_fallback
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert_with(|| crate::sanitize::single_line(why).into_owned());
        }
        if let Some(judge) = &card.judge {
            self.judged.fetch_add(1, Ordering::Relaxed);
            self.disagreements
                .fetch_add(u64::from(judge.disagreement), Ordering::Relaxed);
            self.verified
                .fetch_add(u64::from(judge.verified), Ordering::Relaxed);
            self.dropped
                .fetch_add(u64::from(judge.dropped), Ordering::Relaxed);
            self.tokens
                .fetch_add(judge.tokens.unwrap_or(0), Ordering::Relaxed);
        }
    }
}

/// Grades through a model, checked by and falling back to the rubric.
pub struct LlmGrader {
    client: Client,
    rubric: RubricGrader,
    name: String,
    interactive: bool,
    tally: Arc<Tally>,
}

impl LlmGrader {
    /// A grader asking `client`'s endpoint, with `rubric` for the checks and the fallback.
    pub fn new(client: Client, rubric: RubricGrader) -> LlmGrader {
        let name = client.settings().model.clone();
        LlmGrader {
            client,
            rubric,
            name,
            interactive: false,
            tally: Arc::default(),
        }
    }

    /// In a terminal session: a spinner with the elapsed time while waiting, and Ctrl-C cancels
    /// the wait (the answer is then graded by the rubric).
    pub fn interactive(mut self, interactive: bool) -> LlmGrader {
        self.interactive = interactive;
        self
    }

    /// The running tally of this grader's work.
    pub fn tally(&self) -> Arc<Tally> {
        Arc::clone(&self.tally)
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Compiles the item's rubric now, so a test's timing measures the endpoint alone.
    #[cfg(test)]
    pub(crate) fn rubric_warm(&self, item: &Item) {
        self.rubric.compiled(item);
    }

    /// The model's card for an answer the rubric already scored, or why there is none.
    fn ask(&self, item: &Item, answer: &str, rubric: &ScoreCard) -> Result<ScoreCard, LlmError> {
        let schema = prompt::schema(item);
        let messages = |in_prompt: bool| prompt::messages(item, answer, in_prompt);
        let completion = if self.interactive {
            self.wait_interactively(&messages, &schema)
        } else {
            self.client.complete(&messages, &schema, None, None)
        }?;
        let parsed =
            reply::parse(item, &completion.content).map_err(|detail| LlmError::Invalid {
                url: self.client.settings().endpoint(),
                detail,
            })?;
        Ok(verify::judge(
            item,
            answer,
            &parsed,
            rubric,
            &completion.model,
            completion.tokens,
        ))
    }

    /// The request with a spinner on stderr, cancelled by Ctrl-C.
    fn wait_interactively(
        &self,
        messages: &dyn Fn(bool) -> serde_json::Value,
        schema: &serde_json::Value,
    ) -> Result<super::client::Completion, LlmError> {
        let cancel = Arc::new(AtomicBool::new(false));
        let registered =
            signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&cancel)).ok();
        let spinner = crate::progress::waiting(&format!(
            "asking {} (Ctrl-C grades with the rubric instead)",
            crate::sanitize::single_line(&self.name)
        ));
        let result = self
            .client
            .complete(messages, schema, None, Some(cancel.as_ref()));
        spinner.finish_and_clear();
        if let Some(id) = registered {
            signal_hook::low_level::unregister(id);
        }
        result
    }
}

impl Grader for LlmGrader {
    fn name(&self) -> &str {
        &self.name
    }

    fn summary(&self) -> Option<String> {
        Some(self.tally().summary())
    }

    fn grade(&self, item: &Item, answer: &str) -> Result<ScoreCard, GradeError> {
        if answer.trim().is_empty() {
            return Err(Refusal::Empty.into());
        }
        // The rubric reads first: it refuses what no grader takes, finds the sentences addressed
        // to the grader and the keyword lists, and is the fallback.
        let rubric = self.rubric.grade(item, answer)?;
        let card = match self.ask(item, answer, &rubric) {
            Ok(card) => card,
            Err(error) => ScoreCard {
                fallback: Some(format!("{error}; graded by the rubric only")),
                ..rubric
            },
        };
        self.tally.count(&card);
        Ok(card)
    }

    /// Follow-up answers are judged by the rubric alone: a follow-up recovers one concept and
    /// the rubric's phrases decide it.
    fn judge(
        &self,
        item: &Item,
        answer: &str,
        concepts: &[&str],
    ) -> Result<Vec<ConceptResult>, GradeError> {
        self.rubric.judge(item, answer, concepts)
    }
}
