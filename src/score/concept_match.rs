//! How one concept is judged: the first mention that counts, else a partial one, else the
//! negated one, each pointing at the answer's own words.

use super::answer::Analysed;
use super::phrase::{Occurrence, Phrase};
use super::text::Token;
use super::{CompiledConcept, ConceptResult, Evidence, PARTIAL_CREDIT, Status};

/// The earliest occurrence of any phrase that counts: not negated (and, for concepts, not a
/// restatement of the prompt); else the earliest negated one when `keep_negated`.
///
/// `said` collects the token spans of every mention that is not negated.
pub(super) fn first_occurrence<'p>(
    phrases: &'p [Phrase],
    answer: &Analysed<'_>,
    keep_negated: bool,
    said: &mut Vec<(usize, usize)>,
) -> Option<(Occurrence, &'p Phrase)> {
    let mut best: Option<(Occurrence, &Phrase)> = None;
    let mut negated: Option<(Occurrence, &Phrase)> = None;
    for phrase in phrases.iter().filter(|p| !p.restates_prompt) {
        let occurrences = phrase.find_all(answer);
        said.extend(
            occurrences
                .iter()
                .filter(|o| !o.negated)
                .map(|o| (o.first, o.last)),
        );
        for occurrence in occurrences {
            let slot = if occurrence.negated {
                &mut negated
            } else {
                &mut best
            };
            if slot
                .as_ref()
                .is_none_or(|(o, _)| occurrence.first < o.first)
            {
                *slot = Some((occurrence, phrase));
            }
        }
    }
    best.or(if keep_negated { negated } else { None })
}

/// Judges one concept: hit, negated, partial or missed, with the words that show it.
pub(super) fn judge_concept(
    compiled: &CompiledConcept,
    answer: &Analysed<'_>,
    text: &str,
    said: &mut Vec<(usize, usize)>,
) -> ConceptResult {
    let concept = &compiled.concept;
    let mut found = first_occurrence(&compiled.phrases, answer, true, said);
    let (mut status, mut credit) = match &found {
        Some((occurrence, _)) if occurrence.negated => (Status::Negated, 0.0),
        Some(_) => (Status::Hit, 1.0),
        None => (Status::Missed, 0.0),
    };
    if status != Status::Hit {
        let partial = compiled
            .phrases
            .iter()
            .filter_map(|phrase| phrase.partial(answer).map(|partial| (partial, phrase)))
            .max_by(|a, b| a.0.share.total_cmp(&b.0.share));
        if let Some((partial, phrase)) = partial {
            status = Status::Partial;
            credit = PARTIAL_CREDIT * partial.share;
            let occurrence = Occurrence {
                first: partial.first,
                last: partial.last,
                negated: false,
            };
            found = Some((occurrence, phrase));
        }
    }
    ConceptResult {
        id: compiled.id.clone(),
        label: compiled.label.clone(),
        weight: concept.weight,
        required: concept.required,
        status,
        credit,
        evidence: found
            .as_ref()
            .map(|(o, _)| evidence(text, answer.tokens, o)),
        phrase: found.map(|(_, p)| p.text.clone()),
        follow_up: compiled.follow_up.clone(),
    }
}

/// The answer's own words for an occurrence.
pub(super) fn evidence(text: &str, tokens: &[Token], occurrence: &Occurrence) -> Evidence {
    let start = tokens[occurrence.first].start;
    let end = tokens[occurrence.last].end;
    Evidence {
        start,
        end,
        text: text[start..end].to_owned(),
    }
}

/// The first mention of a misconception that the answer states: not negated, and not merely
/// rejected ("use keys rather than assuming POST is idempotent").
pub(super) fn first_statement(phrases: &[Phrase], answer: &Analysed<'_>) -> Option<Occurrence> {
    phrases
        .iter()
        .flat_map(|phrase| phrase.find_all(answer))
        .filter(|o| !o.negated && !answer.disavowed(o.first))
        .min_by_key(|o| o.first)
}
