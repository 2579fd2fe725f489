//! The score card: everything a grader decided about one answer, as data. It is the one card of
//! the program: the scorer returns it, the journal stores it, reports and `grill grade` render it.

use std::sync::Arc;

use crate::bank::Weight;

use serde::{Deserialize, Deserializer, Serialize};

/// Where in the answer something was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte offset of the first word.
    pub start: usize,
    /// Byte offset just past the last word.
    pub end: usize,
    /// The answer's own words, `answer[start..end]`.
    pub text: String,
}

/// What became of one concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Credited.
    Hit,
    /// Half there: most words of a phrase in one sentence, not in order or too far apart.
    /// Earns part of the concept's weight.
    Partial,
    /// Mentioned only in negated form ("is not idempotent"): not credited.
    Negated,
    /// Not mentioned.
    Missed,
    /// Named, not explained: a term of the concept (or a phrase that is only its name) with
    /// no explanation around it. Earns the rubric's named share of the weight.
    Named,
    /// Defined or characterised in words that match none of the concept's phrases ("Atomicity
    /// means each query runs on a single thread"): the definition did not match, no credit.
    #[serde(rename = "wrong-definition")]
    WrongDefinition,
}

/// The verdict on one concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptResult {
    /// The concept's id.
    pub id: Arc<str>,
    /// The concept's label.
    pub label: Arc<str>,
    /// Its weight.
    pub weight: Weight,
    /// Whether missing it fails the answer.
    pub required: bool,
    /// Hit, partial, named, wrong definition, negated or missed.
    pub status: Status,
    /// The share of the weight earned: 1 for a hit, less for a partial or a named concept (or
    /// in a keyword list), 0 otherwise. Journals of the first release did not store it (read as
    /// 0; their card's score stands as saved).
    #[serde(default)]
    pub credit: f64,
    /// The words that earned (or, when negated, named or wrongly defined, nearly earned) the
    /// credit; for a wrong definition, the whole definition.
    pub evidence: Option<Evidence>,
    /// The rubric phrase that matched; never shown to candidates.
    #[serde(skip)]
    pub phrase: Option<String>,
    /// The follow-up question for a miss.
    #[serde(default)]
    pub follow_up: Arc<str>,
}

impl Status {
    /// The status as the card's JSON spells it: `hit`, `partial`, `negated`, `missed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Hit => "hit",
            Status::Partial => "partial",
            Status::Negated => "negated",
            Status::Missed => "missed",
            Status::Named => "named",
            Status::WrongDefinition => "wrong-definition",
        }
    }
}

impl ConceptResult {
    /// Whether the concept earned its credit.
    pub fn hit(&self) -> bool {
        self.status == Status::Hit
    }
}

/// A misconception the answer states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MisconceptionFound {
    /// The wrong belief.
    pub label: Arc<str>,
    /// Points taken off.
    pub penalty: u32,
    /// Where the answer states it.
    pub evidence: Evidence,
}

/// A missed concept, most important first, with what to ask next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// The concept's id.
    pub concept: Arc<str>,
    /// The concept's label.
    pub label: Arc<str>,
    /// Its weight.
    pub weight: Weight,
    /// Whether it is required.
    pub required: bool,
    /// The follow-up question.
    pub follow_up: Arc<str>,
}

/// Something about the answer as a whole that changed how it was scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Flag {
    /// Written as a list (fragments without verbs, formulas) rather than sentences: each
    /// concept earns at most the named share, and the answer does not pass.
    KeywordList {
        /// Why the answer reads as a list.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
        /// The first fragments of the list.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<Evidence>,
    },
    /// Sentences addressed to the grader were set aside and earned nothing; when one of them
    /// asks for a grade, the answer is capped like a keyword list.
    GraderDirected {
        /// The sentences set aside.
        #[serde(default)]
        evidence: Vec<Evidence>,
        /// One of them asks for a grade ("Score: 100", "award full marks").
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        asks_for_grade: bool,
    },
    /// The answer states a misconception, so concepts it only partly covers earn nothing (a
    /// partial mention is the benefit of the doubt, and a stated misconception withdraws it),
    /// nor do concepts credited by a single word in the clause that states it.
    Contradicted {
        /// The concepts whose credit was withdrawn.
        #[serde(default)]
        concepts: Vec<Arc<str>>,
    },
    /// Vague mentions (one word of a phrase) outnumber the concepts stated outright, so the
    /// concepts they touch earn nothing: the benefit of the doubt goes to an answer that
    /// states things.
    Vague {
        /// The vaguely mentioned concepts whose credit was withdrawn.
        #[serde(default)]
        concepts: Vec<Arc<str>>,
    },
    /// No words at all.
    Empty,
}

impl Flag {
    /// The flag's name, as JSON writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Flag::KeywordList { .. } => "keyword-list",
            Flag::GraderDirected { .. } => "grader-directed",
            Flag::Contradicted { .. } => "contradicted",
            Flag::Vague { .. } => "vague",
            Flag::Empty => "empty",
        }
    }

    /// Whether the flag caps the answer: every concept at the named share and the score below
    /// the pass mark (a keyword list, or a request for a grade).
    pub fn caps(&self) -> bool {
        matches!(
            self,
            Flag::KeywordList { .. }
                | Flag::GraderDirected {
                    asks_for_grade: true,
                    ..
                }
        )
    }

    /// What the flag means for the candidate, in one sentence.
    pub fn note(&self) -> &'static str {
        match self {
            Flag::KeywordList { .. } => {
                "This reads as a list of keywords: explain how they fit together to earn full credit."
            }
            Flag::GraderDirected {
                asks_for_grade: false,
                ..
            } => "Sentences addressed to the grader were set aside.",
            Flag::GraderDirected {
                asks_for_grade: true,
                ..
            } => {
                "Sentences addressed to the grader were set aside, and an answer that asks for a grade cannot pass."
            }
            Flag::Contradicted { .. } => {
                "A stated misconception withdraws the benefit of the doubt: partly covered concepts, and single words in the clause that states it, earn nothing."
            }
            Flag::Vague { .. } => {
                "Passing mentions outnumber what the answer states outright, so they earn nothing: say what each one does."
            }
            Flag::Empty => "There were no words to grade.",
        }
    }
}

/// A grader's verdict on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreCard {
    /// 0..100.
    pub score: u32,
    /// score >= pass mark, no required concept missed, not a keyword list.
    pub pass: bool,
    /// The rubric's pass mark.
    pub pass_mark: u32,
    /// Every concept, in rubric order.
    pub concepts: Vec<ConceptResult>,
    /// Misconceptions stated.
    pub misconceptions: Vec<MisconceptionFound>,
    /// Missed concepts, heaviest first.
    pub gaps: Vec<Gap>,
    /// Whole-answer observations.
    #[serde(deserialize_with = "flags")]
    pub flags: Vec<Flag>,
    /// Why the configured grader failed and this card is the rubric's instead; absent when the
    /// card is what the configured grader decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    /// How a model judged this card: which model, what the rubric alone scored, the claims kept
    /// and dropped, the tokens spent. Absent on a rubric card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge: Option<Box<Judge>>,
}

/// The provenance of a card a model judged, beside the rubric's own score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judge {
    /// The model's name, as the endpoint reported it.
    pub model: String,
    /// What the rubric scorer alone gave the answer.
    pub rubric_score: u32,
    /// Whether the two scores differ by more than [`DISAGREEMENT_POINTS`].
    #[serde(default)]
    pub disagreement: bool,
    /// Claims whose quote was found in the answer.
    #[serde(default)]
    pub verified: u32,
    /// Claims dropped: a quote not in the answer, or in a sentence addressed to the grader.
    #[serde(default)]
    pub dropped: u32,
    /// Tokens the request used, as the endpoint reported them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<u64>,
    /// The model's feedback, its quotes checked against the answer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feedback: String,
    /// The model's follow-up question at the biggest gap.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up: String,
}

/// How many points apart a model's and the rubric's scores are before both are shown.
pub const DISAGREEMENT_POINTS: u32 = 20;

/// Reads flags as objects (`{"kind": "keyword-list"}`) or, as journals of the first release
/// wrote them, as bare kind names (`"keyword-list"`).
fn flags<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Flag>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Kind(String),
        Flag(Flag),
    }
    Vec::<Either>::deserialize(deserializer)?
        .into_iter()
        .map(|either| match either {
            Either::Flag(flag) => Ok(flag),
            Either::Kind(kind) => Flag::deserialize(serde_json::json!({ "kind": kind }))
                .map_err(serde::de::Error::custom),
        })
        .collect()
}

impl ScoreCard {
    /// The follow-up questions for the gaps, most important first.
    pub fn follow_ups(&self) -> impl Iterator<Item = &str> {
        self.gaps.iter().map(|gap| &*gap.follow_up)
    }

    /// Whether the answer was judged a keyword list.
    pub fn is_keyword_list(&self) -> bool {
        self.flags
            .iter()
            .any(|flag| matches!(flag, Flag::KeywordList { .. }))
    }

    /// The sum of the concept weights.
    pub fn total_weight(&self) -> f64 {
        Weight::sum(self.concepts.iter().map(|c| c.weight))
    }

    /// The concept with this id.
    pub fn concept(&self, id: &str) -> Option<&ConceptResult> {
        self.concepts.iter().find(|c| &*c.id == id)
    }
}
