//! The offline grader: the keyword rubric scorer of `score`, with the one cache of compiled
//! rubrics that every caller shares.

use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap as HashMap;

use crate::bank::Item;
use crate::score::{CompiledRubric, ConceptResult, ScoreCard};

use super::{GradeError, Grader, Refusal};

/// Grades with the rubric scorer, compiling each question's rubric the first time it is needed.
#[derive(Default)]
pub struct RubricGrader {
    compiled: RwLock<HashMap<String, Arc<CompiledRubric>>>,
}

impl RubricGrader {
    /// A grader with an empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The compiled rubric of an item, from the cache or compiled now.
    pub fn compiled(&self, item: &Item) -> Arc<CompiledRubric> {
        let id = item.question.id.as_str();
        if let Some(found) = self
            .compiled
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
        {
            return Arc::clone(found);
        }
        let compiled = Arc::new(CompiledRubric::new(&item.question, &item.rubric));
        let mut cache = self.compiled.write().unwrap_or_else(|e| e.into_inner());
        Arc::clone(cache.entry(id.to_owned()).or_insert(compiled))
    }
}

impl Grader for RubricGrader {
    fn name(&self) -> &str {
        "rubric"
    }

    fn grade(&self, item: &Item, answer: &str) -> Result<ScoreCard, GradeError> {
        if answer.trim().is_empty() {
            return Err(Refusal::Empty.into());
        }
        self.compiled(item)
            .score(answer)
            .map_err(|error| GradeError::from_score(self.name(), error))
    }

    fn judge(
        &self,
        item: &Item,
        answer: &str,
        concepts: &[&str],
    ) -> Result<Vec<ConceptResult>, GradeError> {
        if answer.trim().is_empty() {
            return Err(Refusal::Empty.into());
        }
        let compiled = self.compiled(item);
        concepts
            .iter()
            .map(|concept| {
                compiled
                    .judge(answer, concept)
                    .map_err(|error| GradeError::from_score(self.name(), error))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Bank, BankSpec};

    fn bank() -> Bank {
        Bank::load(&BankSpec {
            embedded: true,
            folders: Vec::new(),
        })
        .expect("the embedded bank loads")
    }

    #[test]
    fn refuses_empty_and_overlong_answers_without_failing() {
        let bank = bank();
        let item = bank.get("db-acid").expect("db-acid is in the bank");
        let grader = RubricGrader::new();
        assert_eq!(
            grader.grade(item, "  \n ").unwrap_err(),
            GradeError::Refused(Refusal::Empty)
        );
        let long = "atomic ".repeat(20_000);
        assert!(matches!(
            grader.grade(item, &long),
            Err(GradeError::Refused(Refusal::TooLong { .. }))
        ));
    }

    #[test]
    fn an_unknown_concept_is_the_graders_failure_not_the_answers() {
        let bank = bank();
        let item = bank.get("db-acid").expect("db-acid is in the bank");
        let error = RubricGrader::new()
            .judge(item, "It is all or nothing.", &["no-such-concept"])
            .unwrap_err();
        assert!(matches!(error, GradeError::Failed { .. }), "{error:?}");
    }

    #[test]
    fn compiles_each_rubric_once_and_shares_it() {
        let bank = bank();
        let item = bank.get("db-acid").expect("db-acid is in the bank");
        let grader = RubricGrader::new();
        let first = grader.compiled(item);
        let second = grader.compiled(item);
        assert!(Arc::ptr_eq(&first, &second));
        let card = grader
            .grade(
                item,
                "A transaction is all or nothing: on failure it is rolled back.",
            )
            .expect("graded");
        assert!(card.concept("atomicity").is_some_and(|c| c.hit()));
    }
}
