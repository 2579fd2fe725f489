//! The sealed pack: everything a candidate may see of a screen and nothing else. Prompts,
//! limits, and hints only when the screen allows them; never a rubric, a phrase, a concept label
//! or a model answer. Both ways of taking a screen run from a pack, so the candidate's side of
//! grill never holds the rubric at all.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::bank::{Bank, Tier};
use crate::session::record::FeedbackPolicy;

use super::{GRILL_VERSION, Screen, ScreenError};

/// What marks a file as a pack.
pub const PACK_FORMAT: &str = "grill-screen-pack";

/// The pack format version.
pub const PACK_VERSION: u32 = 1;

/// One question as the candidate gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackQuestion {
    /// The question id.
    pub id: String,
    /// Its topic.
    pub topic: String,
    /// Its tier.
    pub tier: Tier,
    /// The question.
    pub prompt: String,
    /// Its time limit, in seconds.
    pub limit_secs: u32,
    /// The hints a candidate may ask for (none when the screen allows none).
    #[serde(default)]
    pub hints: Vec<String>,
}

/// A screen as a candidate takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pack {
    /// Always [`PACK_FORMAT`].
    pub format: String,
    /// [`PACK_VERSION`].
    pub version: u32,
    /// The screen's title.
    pub title: String,
    /// The SHA-256 of the screen file the pack was made from.
    pub screen_sha256: String,
    /// The grill that made it.
    pub grill_version: String,
    /// Whether hints may be asked for.
    pub hints: bool,
    /// What the candidate sees after each answer (a sealed take shows nothing: it cannot grade).
    pub feedback: FeedbackPolicy,
    /// The whole screen's limit, in seconds.
    pub total_secs: Option<u64>,
    /// The questions, in the order asked.
    pub questions: Vec<PackQuestion>,
}

impl Pack {
    /// The pack of a screen whose questions resolved to `ids`.
    pub fn build(screen: &Screen, bank: &Bank, ids: &[String]) -> Pack {
        let questions = ids
            .iter()
            .filter_map(|id| bank.get(id))
            .map(|item| PackQuestion {
                id: item.question.id.clone(),
                topic: item.question.topic.clone(),
                tier: item.question.tier,
                prompt: item.question.prompt.clone(),
                limit_secs: screen.limit_secs(bank, &item.question.id),
                hints: if screen.hints {
                    item.question.hints.clone()
                } else {
                    Vec::new()
                },
            })
            .collect();
        Pack {
            format: PACK_FORMAT.into(),
            version: PACK_VERSION,
            title: screen.title.clone(),
            screen_sha256: screen.sha256.clone(),
            grill_version: GRILL_VERSION.into(),
            hints: screen.hints,
            feedback: screen.feedback,
            total_secs: screen.total_secs,
            questions,
        }
    }

    /// The pack as a candidate's machine gets it: no grading there, so no feedback either.
    pub fn sealed(mut self) -> Pack {
        self.feedback = FeedbackPolicy::Nothing;
        self
    }

    /// The question ids, in order.
    pub fn ids(&self) -> Vec<String> {
        self.questions.iter().map(|q| q.id.clone()).collect()
    }

    /// Pretty JSON, ending with a newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a pack serialises");
        bytes.push(b'\n');
        bytes
    }

    /// Reads a pack file.
    pub fn load(path: &Path) -> Result<Pack, ScreenError> {
        let bytes = std::fs::read(path).map_err(|source| ScreenError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |why: String| ScreenError::BadPack {
            path: path.to_path_buf(),
            why,
        };
        let pack: Pack = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if pack.format != PACK_FORMAT {
            return Err(bad(format!("its format is `{}`", pack.format)));
        }
        if pack.version != PACK_VERSION {
            return Err(bad(format!(
                "version {} (this grill reads version {PACK_VERSION})",
                pack.version
            )));
        }
        if pack.questions.is_empty() {
            return Err(bad("it holds no questions".into()));
        }
        Ok(pack)
    }
}
