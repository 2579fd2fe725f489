//! How one concept is judged: the first mention that counts, else a wrong definition, a
//! partial mention, a mere naming or a negated one, each pointing at the answer's own words.

use super::answer::Analysed;
use super::names::{coordinated, definition};
use super::phrase::{Occurrence, Phrase};
use super::text::Token;
use super::words;
use super::{CompiledConcept, ConceptResult, Evidence, Flip, PARTIAL_CREDIT, Status};

/// What judging a concept needs to know about the whole answer.
pub(super) struct Context<'a> {
    /// For each token, 1 + the index of the concept a name or term there belongs to, or 0.
    pub(super) names: &'a [u16],
    /// The share of a weight that naming a concept earns.
    pub(super) named_share: f64,
    /// Predicates of swapped definitions: where the answer defines one concept in another's words.
    pub(super) swapped: &'a [Swapped],
    /// Clauses that state a misconception: a single word there credits nothing.
    pub(super) wrong_clauses: &'a [u32],
}

/// A definition that gives one concept another concept's meaning ("401 means the caller lacks
/// permission"): its predicate credits neither the subject nor the concept whose words it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Swapped {
    /// 1 + the index of the concept the definition is about.
    pub(super) subject: u16,
    /// The predicate's first token.
    pub(super) first: usize,
    /// The predicate's last token.
    pub(super) last: usize,
}

impl Context<'_> {
    /// Whether token `k` lies in a predicate that defines a concept other than `own`.
    fn given_away(&self, own: u16, k: usize) -> bool {
        self.swapped
            .iter()
            .any(|s| s.subject != own && (s.first..=s.last).contains(&k))
    }
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
    let mut found: Vec<Mention<'p>> = Vec::new();
    for (phrase, &name) in phrases.chain(terms).filter(|(p, _)| !p.restates_prompt) {
        phrase.find_each(answer, |occurrence| {
            found.push(Mention {
                occurrence,
                phrase,
                name,
            });
        });
    }
    // Every place the answer says a phrase, denied or not: a dump of the rubric's phrases is a
    // dump even where a phrase holds a "not".
    said.extend(
        found
            .iter()
            .map(|m| (m.occurrence.first, m.occurrence.last)),
    );
    found.sort_by_key(|m| m.occurrence.first);
    found
}

/// Where the answer denies a concept by name ("Isolation isn't provided", "durability doesn't
/// guarantee ..."): from the denied name to the end of its sentence, or to the first contrast
/// ("but", "instead", "rather") or reason ("because", "since"), which may turn to what the
/// concept is or why it does not apply ("Kafka transactions wouldn't help, since they only
/// cover Kafka").
fn denial_scopes(found: &[Mention<'_>], answer: &Analysed<'_>) -> Vec<(usize, usize)> {
    let tokens = answer.tokens;
    found
        .iter()
        .filter(|m| m.name && (m.occurrence.first..=m.occurrence.last).any(|k| answer.denied(k)))
        .map(|m| {
            let from = m.occurrence.last + 1;
            let sentence = tokens[m.occurrence.first].sentence;
            let to = (from..tokens.len())
                .take_while(|&k| {
                    tokens[k].sentence == sentence
                        && !tokens[k].is(words::CONTRAST)
                        && !matches!(tokens[k].norm(), "rather" | "because" | "since")
                })
                .last()
                .unwrap_or(m.occurrence.last);
            (from, to)
        })
        .collect()
}

/// Judges one concept (`own` is 1 + its index): hit, wrong definition, partial, named, negated
/// or missed. Where the answer states one of its phrases, the first token goes to `stated`.
pub(super) fn judge_concept(
    compiled: &CompiledConcept,
    own: u16,
    answer: &Analysed<'_>,
    text: &str,
    said: &mut Vec<(usize, usize)>,
    stated: &mut Vec<(u16, usize)>,
    context: &Context<'_>,
) -> ConceptResult {
    let concept = &compiled.concept;
    let tokens = answer.tokens;
    let mut found = mentions(compiled, answer, said);
    stated.extend(
        found
            .iter()
            .filter(|m| !m.name && !m.occurrence.negated)
            .map(|m| (own, m.occurrence.first)),
    );
    // Words another concept's definition borrowed say nothing about this one; the first such
    // mention is shown as a definition that did not match when nothing else credits it.
    let given_away = found
        .iter()
        .find(|m| !m.name && context.given_away(own, m.occurrence.first))
        .map(|m| (m.occurrence.clone(), m.phrase));
    found.retain(|m| m.name || !context.given_away(own, m.occurrence.first));
    // After a denial of the concept's name ("Isolation isn't provided, ..."), the rest of the
    // sentence up to a contrast elaborates the denial: its phrases are denied too.
    let denials = denial_scopes(&found, answer);
    let in_denial = |k: usize| denials.iter().any(|&(a, b)| (a..=b).contains(&k));
    if !denials.is_empty() {
        for m in &mut found {
            if !m.name && in_denial(m.occurrence.first) {
                m.occurrence.negated = true;
            }
        }
    }
    // A clause that states the opposite of one of the concept's phrases ("evicts the most
    // recently used") states nothing for it, unless it also states the phrase itself.
    let mut reversed = None;
    let mut reversed_clauses: Vec<(u32, u32)> = Vec::new();
    for Flip {
        phrase,
        opposite,
        word,
        term,
    } in &compiled.flips
    {
        for flip in opposite.find_all(answer) {
            let holds_word = tokens[flip.first..=flip.last]
                .iter()
                .any(|t| t.norm() == *word);
            if flip.negated || !holds_word {
                continue;
            }
            let clause = |k: usize| (tokens[k].sentence, tokens[k].clause);
            let at = clause(flip.first);
            // A term turned around is a reversal only in a clause that names the concept:
            // "LRU evicts the most recently used", not "this gives at-least-once delivery".
            let about_it = || {
                (0..tokens.len()).any(|k| {
                    clause(k) == at
                        && !(flip.first..=flip.last).contains(&k)
                        && context.names[k] == own
                })
            };
            if *term && !about_it() {
                continue;
            }
            let upheld = phrase
                .find_all(answer)
                .iter()
                .any(|o| clause(o.first) == at && (o.last < flip.first || o.first > flip.last));
            if !upheld {
                found.retain(|m| clause(m.occurrence.first) != at);
                reversed_clauses.push(at);
                reversed.get_or_insert((flip, opposite));
            }
        }
    }
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
        // One word in the clause that states a misconception is no sign of knowing.
        if o.first == o.last && context.wrong_clauses.contains(&tokens[o.first].clause) {
            continue;
        }
        if !mention.name {
            hit.get_or_insert(mention);
            continue;
        }
        // A name defined in words that state none of the concept's phrases earns nothing.
        if let Some((start, end)) = definition(tokens, context.names, o.first, o.last) {
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
        let explained = !terms_only && !coordinated(tokens, context.names, o.first, o.last);
        if explained {
            hit.get_or_insert(mention);
        } else {
            named.get_or_insert(mention);
        }
    }
    let (status, credit, shown) = if let Some(m) = hit {
        (Status::Hit, 1.0, Some((m.occurrence.clone(), m.phrase)))
    } else if let Some((flip, opposite)) = reversed {
        (Status::WrongDefinition, 0.0, Some((flip, opposite)))
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
            .filter_map(|phrase| {
                phrase
                    .partial(answer, |k| {
                        context.given_away(own, k)
                            || in_denial(k)
                            || reversed_clauses.contains(&(tokens[k].sentence, tokens[k].clause))
                    })
                    .map(|partial| (partial, phrase))
            })
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
            (None, None, None) => match given_away {
                Some(shown) => (Status::WrongDefinition, 0.0, Some(shown)),
                None => (Status::Missed, 0.0, None),
            },
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

/// The definitions in the answer that give their subject another concept's meaning: the subject's
/// own phrases are not stated in the predicate, and a phrase of a concept the answer defines
/// elsewhere is ("401 is when you lack permission, and 403 is when you sent no credentials").
/// A predicate that merely uses another concept's words ("the payload is only encoded") is not
/// swapped: that concept is not being defined. `stated` holds, for each phrase the answer states,
/// 1 + its concept's index and its first token.
pub(super) fn swapped_definitions(
    tokens: &[Token],
    names: &[u16],
    stated: &[(u16, usize)],
) -> Vec<Swapped> {
    let mut definitions = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let subject = names[k];
        if subject == 0 {
            k += 1;
            continue;
        }
        let end = (k..tokens.len())
            .take_while(|&j| names[j] == subject)
            .last()
            .unwrap_or(k);
        if let Some((first, last)) = definition(tokens, names, k, end) {
            definitions.push(Swapped {
                subject,
                first,
                last,
            });
        }
        k = end + 1;
    }
    let defined = |c: u16| definitions.iter().any(|d| d.subject == c);
    definitions
        .iter()
        .filter(|d| {
            let within = |&&(_, at): &&(u16, usize)| (d.first..=d.last).contains(&at);
            let own = stated.iter().filter(within).any(|&(c, _)| c == d.subject);
            let other = stated
                .iter()
                .filter(within)
                .any(|&(c, _)| c != d.subject && defined(c));
            other && !own
        })
        .copied()
        .collect()
}

/// Clauses that give two concepts each other's properties by name: "if the readiness probe
/// fails, Kubernetes restarts the container, while a failing liveness probe removes the pod from
/// the load balancer". A clause is about the first concept it names (`names` should hold the
/// rubric's names and terms only, as [`term_map`] gives them); a clause about B that
/// states another concept A's phrases and none of B's is swapped when a clause about A states
/// B's phrases and none of A's, in the same or the next sentence. Both directions are required,
/// so a clause that merely relates two concepts is left alone. `stated` is as for
/// [`swapped_definitions`].
pub(super) fn swapped_clauses(
    tokens: &[Token],
    names: &[u16],
    stated: &[(u16, usize)],
) -> Vec<Swapped> {
    // A swap needs two concepts' phrases.
    if stated.iter().all(|&(c, _)| c == stated[0].0) {
        return Vec::new();
    }
    let clauses: Vec<(u16, std::ops::Range<usize>, Vec<u16>)> =
        super::text::runs_by(tokens, |t| t.clause)
            .filter_map(|range| {
                let at = range.clone().find(|&k| names[k] != 0)?;
                let subject = names[at];
                // No other concept is named before the subject, and what the clause says
                // comes after it.
                if range
                    .clone()
                    .any(|k| names[k] != 0 && names[k] != subject && k < at)
                {
                    return None;
                }
                let said: Vec<u16> = stated
                    .iter()
                    .filter(|&&(_, k)| range.contains(&k) && k > at)
                    .map(|&(c, _)| c)
                    .collect();
                let own = stated
                    .iter()
                    .any(|&(c, k)| c == subject && range.contains(&k));
                (!said.is_empty() && !own).then_some((subject, range, said))
            })
            .collect();
    let near = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
        tokens[a.start].sentence.abs_diff(tokens[b.start].sentence) <= 1
    };
    clauses
        .iter()
        .filter(|(subject, range, said)| {
            said.iter().any(|other| {
                clauses.iter().any(|(s, back_range, back)| {
                    s == other && back.contains(subject) && near(range, back_range)
                })
            })
        })
        .map(|(subject, range, _)| Swapped {
            subject: *subject,
            first: range.start,
            last: range.end - 1,
        })
        .collect()
}

/// For each token, 1 + the index of the concept whose id word, name or term covers it, or 0:
/// the word of a concept's id first, else what [`term_map`] found.
pub(super) fn name_map(answer: &Analysed<'_>, terms: &[u16]) -> Vec<u16> {
    answer
        .recognised
        .iter()
        .zip(terms)
        .map(|(r, &term)| if r.id_name != 0 { r.id_name } else { term })
        .collect()
}

/// For each token, 1 + the index of the first concept whose name phrase or term covers it, or
/// 0: only what the rubric gives as names ("liveness probe", not the "restart" of
/// `liveness-restart`).
pub(super) fn term_map(concepts: &[CompiledConcept], answer: &Analysed<'_>) -> Vec<u16> {
    let mut names = vec![0; answer.tokens.len()];
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
            phrase.find_each(answer, |o| {
                for slot in &mut names[o.first..=o.last] {
                    if *slot == 0 {
                        *slot = number(index);
                    }
                }
            });
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

/// The first mention of a misconception that the answer states: not negated, not merely
/// rejected ("use keys rather than assuming POST is idempotent"), and not judged false right
/// after ("... is a myth", "... is a bad idea").
pub(super) fn first_statement(phrases: &[Phrase], answer: &Analysed<'_>) -> Option<Occurrence> {
    phrases
        .iter()
        .flat_map(|phrase| phrase.find_all(answer))
        .filter(|o| !o.negated && !answer.disavowed(o.first) && !answer.rejected_after(o.last))
        .min_by_key(|o| o.first)
}
