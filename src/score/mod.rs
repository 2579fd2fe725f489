//! The rubric scorer: turns an answer and a rubric into a score card, offline and
//! deterministically, pointing at the words that earned each credit. It never prints.
//!
//! # How an answer is read
//!
//! 1. **Words.** The answer is split into word tokens that keep their byte ranges; each is
//!    Unicode-normalised (NFKD, accents stripped, lowercased) and reduced to its English
//!    (Snowball) stem. Sentences and clauses are tracked from punctuation, bullets and
//!    contrast words ("but", "however", "whereas"). "A" after a quantity and before a unit of
//!    time reads as "per" ("7 PB a year").
//! 2. **Recognition.** Each rubric's phrases are compiled once into a vocabulary of stems. An
//!    answer word stands for a vocabulary word when the stems agree (small number words count as
//!    digits: "one" is "1"), when it is a small misspelling of it (one edit when the intended
//!    word has 6-9 letters, two from 10; same first letter; answer words of 4 letters or more;
//!    never numbers or function words), or when two answer words written apart form one phrase
//!    word ("over fetching" and "overfetching") or one answer word joins two ("overfetching"
//!    for "over-fetching"). Words' classes and stems are memoised per thread (`lexicon`).
//! 3. **Phrases.** A phrase matches when its words occur in order in one sentence. Glue words
//!    ("the", "is", "of"...) are dropped from phrases and skipped freely; at most two other words
//!    may fall between consecutive phrase words, so "cursor based pagination" matches "cursor
//!    pagination". Words joined by a hyphen in the phrase must stay together, so "cache the
//!    response aside" does not match "cache-aside".
//! 4. **Negation.** A mention is negated when a negator ("not", "no", "never", "without",
//!    "cannot", any "-n't"...) sits in its gaps or up to three content words before it in the same
//!    clause, unless "and", "but", "because"... ends the negator's reach first or "only"/"just"
//!    cancels it ("not only"). A negated mention never credits. A phrase that contains a negator
//!    itself ("no return type") matches negated statements, with any negator standing for its own.
//!
//! # Defences against gaming
//!
//! - **Restating the question earns nothing**: a phrase whose content words all occur in the
//!   question's prompt never credits (unless it carries a negator, as in "no constructor").
//! - **Repetition earns nothing extra**: a concept is credited once, however often it is named,
//!   and the keyword-list test below counts distinct words, so repeating a list does not hide it.
//! - **Text addressed to the grader is set aside**: a sentence that tells the grader what to do
//!   ("ignore previous instructions", "score: 100", "this answer deserves full marks", "note to
//!   the grader", "you are an AI") is excluded from matching and reported as a flag.
//! - **A keyword list is not an explanation**, whatever words it uses: when an answer says three
//!   rubric phrases or more and at least 60% of its content words sit in list fragments (noun
//!   phrases and formulas in sentences without a finite verb, or five fragments or more strung
//!   into one sentence, or long keyword runs), each concept earns at most the named share, the
//!   answer can not reach the pass mark, and the flag says why and quotes the fragments. A
//!   question that only asks to name things ("What are...?", with no "explain", "how", "why"...)
//!   accepts a short list (under five content words) and lists of descriptive phrases. "Push and
//!   pop" says too few phrases to be judged.
//! - **Negated statements do not credit**, and misconceptions are found the same way, so "POST is
//!   not idempotent" does not trigger the misconception "POST is idempotent". A misconception
//!   mentioned only to reject it ("rather than", "instead of", "avoid", "the myth that", or
//!   condemned in its own clause: "MD5 is unsuitable") is not stated either; examples after
//!   "like", "such as" or "including" share the rejection of what they illustrate, and a
//!   misconception's claim ("X is Y") is not made by its words written as one compound ("X_Y",
//!   "the X Y") or as alternatives ("X or Y").
//!
//! `tests/gaming.rs` runs eleven attacks (dumps of first phrases, of every phrase and padded
//! with off-rubric buzzwords, a repeated dump, grader injections, the prompt restated, wrong
//! definitions of every concept, negation before and after each term, each term declared
//! unnecessary) against every rubric of the embedded bank; none passes. These are word-level rules: a fluent wrong answer built
//! from the rubric's own phrases, or a right one in words no phrase foresaw, is beyond them.
//!
//! # Partial credit
//!
//! A concept no phrase matches, but where at least half the words of one of its multi-word
//! phrases occur in one sentence (not negated, at least one of them not a prompt word, and not
//! only light verbs such as "use" or "make" and function words), is
//! *partial*: it earns that share of half its weight. The evidence points at the words found.
//! A stated misconception withdraws that benefit of the doubt, and the credit of a concept hit
//! by a single word in the clause that states it (flag `contradicted`).
//!
//! # The score
//!
//! score = round(100 x credited weight / total weight) - penalties of misconceptions stated,
//! clamped to 0..100, where a hit credits its whole weight, a partial its share, a named concept
//! the named share and a wrong definition nothing; pass = score >= pass mark, every required
//! concept hit, and not a keyword list.

mod answer;
mod card;
mod concept_match;
mod flip;
mod guard;
mod lexicon;
mod names;
mod phrase;
mod shape;
mod text;
mod verbs;
mod vocab;
mod words;

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet as HashSet};

pub use card::{
    ConceptResult, DISAGREEMENT_POINTS, Evidence, Flag, Gap, Judge, MisconceptionFound, ScoreCard,
    Status,
};

use crate::bank::{Concept, Question, Rubric, Weight};
use answer::Analysed;
use concept_match::{
    Context, Swapped, evidence, first_statement, judge_concept, name_map, swapped_clauses,
    swapped_definitions, term_map,
};
use phrase::Phrase;
use shape::LazyShape;
use text::{Token, tokenize};
use vocab::Vocab;

/// The share of a concept's weight a partial mention can earn at most.
pub const PARTIAL_CREDIT: f64 = 0.5;

/// The longest answer graded, in bytes; longer ones are refused, never truncated silently.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Why an answer could not be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// The answer is longer than [`MAX_ANSWER_BYTES`].
    #[error("the answer is {len} bytes long; answers over {max} bytes are not graded")]
    TooLong {
        /// The answer's length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// No concept has this id.
    #[error("the rubric has no concept `{0}`")]
    UnknownConcept(String),
}

#[derive(Debug)]
struct CompiledConcept {
    concept: Concept,
    /// The concept's texts, shared with every score card instead of copied into each.
    id: Arc<str>,
    label: Arc<str>,
    follow_up: Arc<str>,
    phrases: Vec<Phrase>,
    /// For each phrase, whether it only names the concept (one word of its label or id).
    names: Vec<bool>,
    /// The concept's terms: naming it earns the named share at most.
    terms: Vec<Phrase>,
    /// The stems of its id's words ("atomicity"): where an answer names it in passing.
    id_stems: Vec<Box<str>>,
    /// Its phrases and terms that have an opposite, each with that opposite ("least recently
    /// used", "most recently used"): where an answer states the reverse of the concept.
    flips: Vec<Flip>,
}

/// A phrase of a concept and its opposite.
#[derive(Debug)]
struct Flip {
    phrase: Phrase,
    opposite: Phrase,
    /// The word that makes it the opposite, which a match must hold.
    word: &'static str,
    /// Whether the phrase is a term: a name turned around ("at least once" from "at most
    /// once") is another name, a reversal only where the clause is about this concept.
    term: bool,
}

#[derive(Debug)]
struct CompiledMisconception {
    label: Arc<str>,
    penalty: u32,
    phrases: Vec<Phrase>,
}

/// A rubric compiled for fast, repeated scoring against one question.
#[derive(Debug)]
pub struct CompiledRubric {
    vocab: Vocab,
    concepts: Vec<CompiledConcept>,
    misconceptions: Vec<CompiledMisconception>,
    prompt_words: HashSet<String>,
    wants_explanation: bool,
    /// Whether the question asks what a thing is or is for (`guard::asks_what_a_thing_is`).
    wants_definition: bool,
    pass_mark: u32,
    named_share: f64,
}

impl CompiledRubric {
    /// Compiles a rubric for the question it scores.
    pub fn new(question: &Question, rubric: &Rubric) -> CompiledRubric {
        let prompt_tokens = tokenize(&question.prompt);
        let prompt_words: HashSet<String> =
            prompt_tokens.iter().map(|t| t.norm().to_string()).collect();
        let prompt_stems: HashSet<Box<str>> =
            prompt_tokens.iter().map(|t| Box::from(t.stem())).collect();
        let mut vocab = Vocab::default();
        let concepts = rubric
            .concepts
            .iter()
            .map(|concept| {
                let stems = names::name_stems(&concept.label, &concept.id, &concept.terms);
                CompiledConcept {
                    id: concept.id.as_str().into(),
                    label: concept.label.as_str().into(),
                    follow_up: concept.follow_up.as_str().into(),
                    phrases: concept
                        .any
                        .iter()
                        .map(|p| Phrase::compile(p, &mut vocab, &prompt_stems))
                        .collect(),
                    names: concept
                        .any
                        .iter()
                        .map(|p| names::is_name_phrase(p, &stems))
                        .collect(),
                    terms: concept
                        .terms
                        .iter()
                        .map(|p| Phrase::compile(p, &mut vocab, &prompt_stems))
                        .collect(),
                    flips: concept
                        .any
                        .iter()
                        .map(|p| (p, false))
                        .chain(concept.terms.iter().map(|p| (p, true)))
                        .flat_map(|(p, term)| {
                            flip::opposites(p).into_iter().map(move |o| (p, term, o))
                        })
                        // A concept that names both sides ("synchronous replication" and
                        // "asynchronous replication") holds no opposite of itself, and the
                        // opposite that another concept states or names ("vertical scaling"
                        // beside "horizontal scaling") is that concept, not a reversal.
                        .filter(|(_, _, (o, _))| {
                            !rubric
                                .concepts
                                .iter()
                                .any(|c| flip::among(o, &c.any, &c.terms))
                        })
                        .map(|(p, term, (o, word))| Flip {
                            phrase: Phrase::compile(p, &mut vocab, &prompt_stems),
                            opposite: Phrase::compile(&o, &mut vocab, &prompt_stems),
                            word,
                            term,
                        })
                        .collect(),
                    id_stems: tokenize(&concept.id.replace('-', " "))
                        .iter()
                        .filter(|t| !t.is(words::FUNCTION))
                        .map(|t| Box::from(t.stem()))
                        .collect(),
                    concept: concept.clone(),
                }
            })
            .collect::<Vec<CompiledConcept>>();
        let mut id_stems = FxHashMap::default();
        for (index, concept) in concepts.iter().enumerate() {
            for stem in &concept.id_stems {
                id_stems
                    .entry(stem.clone())
                    .or_insert(u16::try_from(index + 1).unwrap_or(u16::MAX));
            }
        }
        vocab.set_id_names(id_stems);
        let no_prompt = HashSet::default();
        let misconceptions = rubric
            .misconceptions
            .iter()
            .map(|m| CompiledMisconception {
                label: m.label.as_str().into(),
                penalty: m.penalty,
                phrases: m
                    .any
                    .iter()
                    .map(|p| Phrase::compile_claim(p, &mut vocab, &no_prompt))
                    .collect(),
            })
            .collect();
        CompiledRubric {
            wants_explanation: guard::asks_for_explanation(&prompt_words),
            wants_definition: guard::asks_what_a_thing_is(&prompt_tokens, &prompt_words),
            vocab,
            concepts,
            misconceptions,
            prompt_words,
            pass_mark: rubric.pass_mark,
            named_share: rubric.named_share,
        }
    }

    /// The phrases that can never credit because every content word is in the prompt.
    pub fn prompt_only_phrases(&self) -> Vec<(&str, &str)> {
        self.concepts
            .iter()
            .flat_map(|c| {
                c.phrases
                    .iter()
                    .filter(|p| p.restates_prompt)
                    .map(|p| (c.concept.id.as_str(), p.text.as_str()))
            })
            .collect()
    }

    /// Scores one answer.
    pub fn score(&self, answer: &str) -> Result<ScoreCard, ScoreError> {
        let reading = self.read(answer)?;
        let analysed = reading.analysed(&self.vocab);
        let shape = self.shape(answer, &reading);
        let terms = term_map(&self.concepts, &analysed);
        let names = name_map(&analysed, &terms);
        let mut mentions = Vec::new();
        let mut stated = Vec::new();
        let judge_all = |context: &Context<'_>, said: &mut Vec<_>, stated: &mut Vec<_>| {
            self.concepts
                .iter()
                .zip(1u16..)
                .map(|(c, own)| judge_concept(c, own, &analysed, answer, said, stated, context))
                .collect::<Vec<ConceptResult>>()
        };
        let mut concepts = judge_all(&self.context(&names, &[]), &mut mentions, &mut stated);
        // A definition of one concept in another's words credits neither, nor do two clauses
        // that give two concepts each other's properties: judge again with those words set
        // aside (rare, so the common answer is judged once).
        let mut swapped = swapped_definitions(&reading.tokens, &names, &stated);
        // Clauses are told apart by the names a rubric gives, not by the generic words of
        // concept ids ("write", "cache").
        swapped.extend(swapped_clauses(&reading.tokens, &terms, &stated));
        if !swapped.is_empty() {
            let context = self.context(&names, &swapped);
            concepts = judge_all(&context, &mut Vec::new(), &mut Vec::new());
        }
        // The clauses that state a misconception whole (a match that runs across a clause break
        // is weaker evidence).
        let mut wrong_clauses = Vec::new();
        let misconceptions: Vec<MisconceptionFound> = self
            .misconceptions
            .iter()
            .filter_map(|m| {
                first_statement(&m.phrases, &analysed).map(|occurrence| {
                    let clause = reading.tokens[occurrence.first].clause;
                    if reading.tokens[occurrence.last].clause == clause {
                        wrong_clauses.push(clause);
                    }
                    MisconceptionFound {
                        label: m.label.clone(),
                        penalty: m.penalty,
                        evidence: evidence(answer, reading.tokens.as_slice(), &occurrence),
                    }
                })
            })
            .collect();

        let mut flags = Vec::new();
        // The token a concept's evidence is, when it is a single word.
        let single_word = |c: &ConceptResult| {
            c.evidence.as_ref().and_then(|e| {
                reading
                    .tokens
                    .binary_search_by_key(&e.start, |t| t.start)
                    .ok()
                    .filter(|&k| reading.tokens[k].end == e.end)
            })
        };
        // A vague mention (one word of a phrase) is the benefit of the doubt beside concepts
        // stated outright; when such mentions outnumber the concepts stated, they earn nothing.
        let one_word = |c: &ConceptResult| c.status == Status::Partial && single_word(c).is_some();
        let stated_outright = concepts.iter().filter(|c| c.status == Status::Hit).count();
        let vague = concepts
            .iter()
            .filter(|c| one_word(c) && c.credit > 0.0)
            .count();
        if vague > stated_outright {
            let concepts = withdraw_credit(&mut concepts, one_word);
            flags.push(Flag::Vague { concepts });
        }
        // A stated misconception withdraws the benefit of the doubt that partial credit gives,
        // and a single word in the very clause that states it is no sign of knowing ("told
        // apart by their return type and by the order in which they are defined"): such a hit
        // is judged again without it, and stands only if another mention states the concept.
        if !misconceptions.is_empty() {
            let mut withdrawn = Vec::new();
            let lone = |c: &ConceptResult| {
                c.status == Status::Hit
                    && single_word(c)
                        .is_some_and(|k| wrong_clauses.contains(&reading.tokens[k].clause))
            };
            if concepts.iter().any(lone) {
                let context = Context {
                    wrong_clauses: &wrong_clauses,
                    ..self.context(&names, &swapped)
                };
                for ((concept, compiled), own) in
                    concepts.iter_mut().zip(&self.concepts).zip(1u16..)
                {
                    if !lone(concept) {
                        continue;
                    }
                    let again = judge_concept(
                        compiled,
                        own,
                        &analysed,
                        answer,
                        &mut Vec::new(),
                        &mut Vec::new(),
                        &context,
                    );
                    if again.status == Status::Hit {
                        *concept = again;
                    } else {
                        // Shown as a mention that earned nothing, pointing at the word.
                        concept.status = Status::Partial;
                        concept.credit = 0.0;
                        withdrawn.push(Arc::clone(&concept.id));
                    }
                }
            }
            withdrawn.extend(withdraw_credit(&mut concepts, |c| {
                c.status == Status::Partial
            }));
            if !withdrawn.is_empty() {
                // In the rubric's order.
                let concepts = concepts
                    .iter()
                    .filter(|c| withdrawn.contains(&c.id))
                    .map(|c| Arc::clone(&c.id))
                    .collect();
                flags.push(Flag::Contradicted { concepts });
            }
        }
        if reading.tokens.is_empty() {
            flags.push(Flag::Empty);
        }
        if !reading.grader.sentences.is_empty() {
            flags.push(Flag::GraderDirected {
                evidence: grader_evidence(answer, &reading),
                asks_for_grade: reading.grader.asks_for_grade,
            });
        }
        // A list by its shape: most content words in fragments without a verb, or formulas, or
        // in sentences that only string the rubric's phrases together with commas.
        let chain_share = shape::Shape::phrase_chain_share(
            &reading.tokens,
            &reading.ignored,
            &mentions,
            !self.wants_explanation,
        );
        // A list is told by what its fragments say: phrases stated in prose sentences beside
        // a few fragments do not make them a list (an explaining sentence never lowers a score).
        let separate = guard::separate_mentions(&mut mentions);
        let listed = if separate >= guard::LIST_MIN_PHRASES {
            guard::separate_mentions(
                &mut mentions
                    .into_iter()
                    .filter(|&m| shape.get().listed(m))
                    .collect::<Vec<_>>(),
            )
        } else {
            0
        };
        // Asked to explain, an answer made of nothing but three fragments or more ("Base case,
        // recursive case, stack overflow.") is a list however few rubric phrases it says.
        // Asked what a thing is, a definition may well be a phrase without a verb ("a way to
        // store values, such as numbers, words, letters"): only bare names are a list there
        // ("Memory address, dereference, asterisk.").
        let all_fragments = (self.wants_explanation || self.wants_definition) && separate >= 1 && {
            let shape = shape.get();
            shape.fragments.len() >= 3
                && shape.in_fragments == shape.content
                && (self.wants_explanation
                    || shape
                        .fragments
                        .iter()
                        .all(|&(first, last)| guard::is_bare_name(&reading.tokens[first..=last])))
        };
        let keyword_list = all_fragments
            || listed >= guard::LIST_MIN_PHRASES
                && guard::is_keyword_list(
                    shape.get().fragment_share(),
                    shape.get().content,
                    self.wants_explanation,
                )
            || separate >= guard::LIST_MIN_PHRASES && chain_share >= guard::LIST_MIN_FRAGMENT_SHARE;
        if keyword_list {
            let shape = shape.get();
            flags.push(Flag::KeywordList {
                reason: if chain_share >= guard::LIST_MIN_FRAGMENT_SHARE {
                    "its sentences string the rubric's own phrases together with commas".to_owned()
                } else {
                    format!(
                        "{} of {} content words are in fragments without a verb",
                        shape.in_fragments, shape.content
                    )
                },
                evidence: shape
                    .fragments
                    .iter()
                    .take(shape::MAX_QUOTED)
                    .map(|&(first, last)| {
                        let occurrence = phrase::Occurrence {
                            first,
                            last,
                            negated: false,
                        };
                        evidence(answer, &reading.tokens, &occurrence)
                    })
                    .collect(),
            });
        }

        Ok(settle(
            concepts,
            misconceptions,
            flags,
            self.pass_mark,
            self.named_share,
        ))
    }

    /// The rubric's pass mark.
    pub fn pass_mark(&self) -> u32 {
        self.pass_mark
    }

    /// The share of a concept's weight that naming it earns.
    pub fn named_share(&self) -> f64 {
        self.named_share
    }

    /// Judges one concept alone, as when a follow-up answer tries to recover it.
    pub fn judge(&self, answer: &str, concept_id: &str) -> Result<ConceptResult, ScoreError> {
        let concept = self
            .concepts
            .iter()
            .find(|c| c.concept.id == concept_id)
            .ok_or_else(|| ScoreError::UnknownConcept(concept_id.to_owned()))?;
        let reading = self.read(answer)?;
        let analysed = reading.analysed(&self.vocab);
        let names = name_map(&analysed, &term_map(&self.concepts, &analysed));
        let context = self.context(&names, &[]);
        let own = self
            .concepts
            .iter()
            .position(|c| std::ptr::eq(c, concept))
            .map_or(0, |i| u16::try_from(i + 1).unwrap_or(u16::MAX));
        Ok(judge_concept(
            concept,
            own,
            &analysed,
            answer,
            &mut Vec::new(),
            &mut Vec::new(),
            &context,
        ))
    }

    /// The answer's shape, read lazily.
    fn shape<'a>(&self, answer: &'a str, reading: &'a Reading) -> LazyShape<'a> {
        LazyShape::new(
            answer,
            &reading.tokens,
            &reading.ignored,
            !self.wants_explanation,
        )
    }

    /// What judging a concept needs to know beyond its own phrases.
    fn context<'a>(&self, names: &'a [u16], swapped: &'a [Swapped]) -> Context<'a> {
        Context {
            names,
            named_share: self.named_share,
            swapped,
            wrong_clauses: &[],
        }
    }

    fn read(&self, answer: &str) -> Result<Reading, ScoreError> {
        if answer.len() > MAX_ANSWER_BYTES {
            return Err(ScoreError::TooLong {
                len: answer.len(),
                max: MAX_ANSWER_BYTES,
            });
        }
        let tokens = tokenize(answer);
        let grader = guard::grader_directed(&tokens, &self.prompt_words);
        let ignored = tokens
            .iter()
            .map(|t| grader.sentences.contains(&t.sentence))
            .collect();
        Ok(Reading {
            tokens,
            ignored,
            grader,
        })
    }
}

/// An answer split into words, before it is matched against a vocabulary.
struct Reading {
    tokens: Vec<Token>,
    ignored: Vec<bool>,
    grader: guard::GraderText,
}

impl Reading {
    fn analysed<'a>(&'a self, vocab: &Vocab) -> Analysed<'a> {
        Analysed::new(&self.tokens, &self.ignored, vocab)
    }
}

fn grader_evidence(text: &str, reading: &Reading) -> Vec<Evidence> {
    let mut sentences: Vec<u32> = reading.grader.sentences.iter().copied().collect();
    sentences.sort_unstable();
    sentences
        .into_iter()
        .filter_map(|sentence| {
            let mut words = reading.tokens.iter().filter(|t| t.sentence == sentence);
            let first = words.next()?;
            let last = words.next_back().unwrap_or(first);
            Some(Evidence {
                start: first.start,
                end: last.end,
                text: text[first.start..last.end].to_owned(),
            })
        })
        .collect()
}

/// Takes the credit of the chosen concepts that earn some, and returns their ids.
fn withdraw_credit(
    concepts: &mut [ConceptResult],
    chosen: impl Fn(&ConceptResult) -> bool,
) -> Vec<Arc<str>> {
    concepts
        .iter_mut()
        .filter(|c| c.credit > 0.0 && chosen(c))
        .map(|c| {
            c.credit = 0.0;
            Arc::clone(&c.id)
        })
        .collect()
}

/// The one formula from verdicts to a card, whoever judged the concepts (the rubric scorer or a
/// model whose claims were checked): score = round(100 x credited weight / total weight) minus
/// the misconceptions' penalties, clamped to 0..100; a keyword list, or an answer that asks the
/// grader for a grade (flags), caps every concept at `named_share` and the score below the pass
/// mark; pass = score >= pass mark, every required concept hit, not capped; gaps are the
/// concepts not hit, required and heaviest first.
pub fn settle(
    mut concepts: Vec<ConceptResult>,
    misconceptions: Vec<MisconceptionFound>,
    flags: Vec<Flag>,
    pass_mark: u32,
    named_share: f64,
) -> ScoreCard {
    let capped = flags.iter().any(Flag::caps);
    if capped {
        for concept in &mut concepts {
            concept.credit = concept.credit.min(named_share);
        }
    }
    let total_weight = Weight::sum(concepts.iter().map(|c| c.weight));
    let credited: f64 = concepts.iter().map(|c| c.credit * c.weight.get()).sum();
    let fraction = if total_weight <= 0.0 {
        0.0
    } else {
        credited / total_weight
    };
    let penalties: u32 = misconceptions.iter().map(|m| m.penalty).sum();
    let mut score = ((100.0 * fraction).round() as i64 - i64::from(penalties)).clamp(0, 100) as u32;
    if capped {
        score = score.min(pass_mark.saturating_sub(1));
    }
    let required_missed = concepts.iter().any(|c| c.required && !c.hit());
    let pass = score >= pass_mark && !required_missed && !capped;

    let mut gaps: Vec<Gap> = concepts
        .iter()
        .filter(|c| !c.hit())
        .map(|c| Gap {
            concept: c.id.clone(),
            label: c.label.clone(),
            weight: c.weight,
            required: c.required,
            follow_up: c.follow_up.clone(),
        })
        .collect();
    gaps.sort_by(|a, b| (b.required.cmp(&a.required)).then_with(|| b.weight.cmp_total(&a.weight)));

    ScoreCard {
        score,
        pass,
        pass_mark,
        concepts,
        misconceptions,
        gaps,
        flags,
        fallback: None,
        judge: None,
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod rules_tests;
