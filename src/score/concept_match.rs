//! How one concept is judged: the first mention that counts, else a wrong definition, a
//! partial mention, a mere naming or a negated one, each pointing at the answer's own words.

use super::answer::Analysed;
use super::names::{coordinated, definition};
use super::phrase::{Occurrence, Phrase};
use super::shape::LazyShape;
use super::text::Token;
use super::{CompiledConcept, ConceptResult, Evidence, PARTIAL_CREDIT, Status};

/// What judging a concept needs to know about the whole answer.
pub(super) struct Context<'a> {
    /// For each token, 1 + the index of the concept a name or term there belongs to, or 0.
    pub(super) names: &'a [u16],
    /// How the answer is written.
    pub(super) shape: &'a LazyShape<'a>,
    /// The share of a weight that naming a concept earns.
    pub(super) named_share: f64,
}

/// One mention of a concept: where, through which phrase, and whether that phrase only names it.
struct Mention<'p> {
    occurrence: Occurrence,
    phrase: &'p Phrase,
    name: bool,
}

/// Every mention of a concept through its phrases and terms, earliest first.
fn mentions<'p>(
    compiled: &'p CompiledConcept,
    answer: &Analysed<'_>,
    said: &mut Vec<(usize, usize)>,
) -> Vec<Mention<'p>> {
    let phrases = compiled.phrases.iter().zip(&compiled.names);
    let terms = compiled.terms.iter().map(|t| (t, &true));
    let mut found: Vec<Mention<'p>> = phrases
        .chain(terms)
        .filter(|(p, _)| !p.restates_prompt)
        .flat_map(|(phrase, &name)| {
            phrase
                .find_all(answer)
                .into_iter()
                .map(move |occurrence| Mention {
                    occurrence,
                    phrase,
                    name,
                })
        })
        .collect();
    said.extend(
        found
            .iter()
            .filter(|m| !m.occurrence.negated)
            .map(|m| (m.occurrence.first, m.occurrence.last)),
    );
    found.sort_by_key(|m| m.occurrence.first);
    found
}

/// Judges one concept: hit, wrong definition, partial, named, negated or missed.
pub(super) fn judge_concept(
    compiled: &CompiledConcept,
    answer: &Analysed<'_>,
    text: &str,
    said: &mut Vec<(usize, usize)>,
    context: &Context<'_>,
) -> ConceptResult {
    let concept = &compiled.concept;
    let tokens = answer.tokens;
    let found = mentions(compiled, answer, said);
    let mut hit = None;
    let mut wrong = None;
    let mut named = None;
    let mut negated = None;
    for mention in &found {
        let o = &mention.occurrence;
        if o.negated {
            negated.get_or_insert(mention);
            continue;
        }
        if !mention.name {
            hit.get_or_insert(mention);
            continue;
        }
        // A name defined in words that state none of the concept's phrases earns nothing.
        if let Some((start, end)) = definition(tokens, o.first, o.last) {
            let stated = found.iter().any(|m| {
                !m.name && !m.occurrence.negated && (start..=end).contains(&m.occurrence.first)
            });
            if !stated {
                wrong.get_or_insert((o.first, end, mention.phrase));
            }
            continue;
        }
        let terms_only = compiled
            .terms
            .iter()
            .any(|t| std::ptr::eq(t, mention.phrase));
        let explained = !terms_only
            && !context.shape.get().in_list(&tokens[o.first])
            && !coordinated(tokens, context.names, o.first, o.last);
        if explained {
            hit.get_or_insert(mention);
        } else {
            named.get_or_insert(mention);
        }
    }
    let (status, credit, shown) = if let Some(m) = hit {
        (Status::Hit, 1.0, Some((m.occurrence.clone(), m.phrase)))
    } else if let Some((first, last, phrase)) = wrong {
        let occurrence = Occurrence {
            first,
            last,
            negated: false,
        };
        (Status::WrongDefinition, 0.0, Some((occurrence, phrase)))
    } else {
        let partial = compiled
            .phrases
            .iter()
            .filter_map(|phrase| phrase.partial(answer).map(|partial| (partial, phrase)))
            .max_by(|a, b| a.0.share.total_cmp(&b.0.share))
            .filter(|(p, _)| named.is_none() || PARTIAL_CREDIT * p.share > context.named_share);
        match (partial, named, negated) {
            (Some((partial, phrase)), _, _) => {
                let occurrence = Occurrence {
                    first: partial.first,
                    last: partial.last,
                    negated: false,
                };
                let credit = PARTIAL_CREDIT * partial.share;
                (Status::Partial, credit, Some((occurrence, phrase)))
            }
            (None, Some(m), _) => (
                Status::Named,
                context.named_share,
                Some((m.occurrence.clone(), m.phrase)),
            ),
            (None, None, Some(m)) => (Status::Negated, 0.0, Some((m.occurrence.clone(), m.phrase))),
            (None, None, None) => (Status::Missed, 0.0, None),
        }
    };
    ConceptResult {
        id: compiled.id.clone(),
        label: compiled.label.clone(),
        weight: concept.weight,
        required: concept.required,
        status,
        credit,
        evidence: shown.as_ref().map(|(o, _)| evidence(text, tokens, o)),
        phrase: shown.map(|(_, p)| p.text.clone()),
        follow_up: compiled.follow_up.clone(),
    }
}

/// For each token, 1 + the index of the concept whose id word, name or term covers it, or 0.
pub(super) fn name_map(concepts: &[CompiledConcept], answer: &Analysed<'_>) -> Vec<u16> {
    let mut names = answer.id_names.clone();
    let number = |index: usize| u16::try_from(index + 1).unwrap_or(u16::MAX);
    for (index, concept) in concepts.iter().enumerate() {
        let naming = concept
            .phrases
            .iter()
            .zip(&concept.names)
            .filter(|(_, name)| **name)
            .map(|(p, _)| p)
            .chain(&concept.terms);
        for phrase in naming {
            for o in phrase.find_all(answer) {
                for slot in &mut names[o.first..=o.last] {
                    if *slot == 0 {
                        *slot = number(index);
                    }
                }
            }
        }
    }
    names
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
