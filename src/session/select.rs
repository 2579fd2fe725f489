//! Which question comes next: by tier mode and topics, never one already asked, preferring topics
//! not yet covered, with the adaptive tier moving after strong and weak answers.

use std::collections::HashSet;

use crate::bank::{Item, Tier};

use super::SessionError;
use super::record::{Plan, TierMode};
use super::rng::Rng;
use super::state::Turn;

/// A score at or above this moves the adaptive tier up.
pub const STRONG: u32 = 80;
/// A score below this moves the adaptive tier down.
pub const WEAK: u32 = 50;

/// The questions the plan allows: its fixed list in order, or those matching its tier mode and
/// topics in bank order. A fixed list naming a question the bank lacks is an error.
pub fn pool<'b>(items: &'b [Item], plan: &Plan) -> Result<Vec<&'b Item>, SessionError> {
    if !plan.questions.is_empty() {
        return plan
            .questions
            .iter()
            .map(|id| {
                items
                    .iter()
                    .find(|item| item.question.id == *id)
                    .ok_or_else(|| SessionError::UnknownQuestion(id.clone()))
            })
            .collect();
    }
    Ok(items
        .iter()
        .filter(|item| plan.topics.is_empty() || plan.topics.contains(&item.question.topic))
        .filter(|item| {
            plan.tier
                .fixed()
                .is_none_or(|tier| item.question.tier == tier)
        })
        .collect())
}

/// The tier the adaptive mode asks next, after these turns.
pub fn adaptive_tier(turns: &[Turn]) -> Tier {
    let Some(last) = turns.last() else {
        return Tier::Medium;
    };
    let score = if last.skipped { 0 } else { last.score() };
    if score >= STRONG {
        last.tier.harder()
    } else if score < WEAK {
        last.tier.easier()
    } else {
        last.tier
    }
}

/// Tiers to try, nearest to `want` first (easier before harder on a tie).
fn tiers_near(want: Tier) -> Vec<Tier> {
    let mut tiers = Tier::ALL.to_vec();
    let distance = |tier: &Tier| (*tier as i32 - want as i32).abs();
    tiers.sort_by_key(|tier| (distance(tier), *tier));
    tiers
}

/// Chooses the next question, or `None` when none is left: the next of a fixed list in order,
/// or a choice by the plan's rule.
pub fn next<'b>(pool: &[&'b Item], turns: &[Turn], plan: &Plan, rng: &mut Rng) -> Option<&'b Item> {
    let asked: HashSet<&str> = turns.iter().map(|t| t.question.as_str()).collect();
    if !plan.questions.is_empty() {
        return pool
            .iter()
            .copied()
            .find(|item| !asked.contains(item.question.id.as_str()));
    }
    let mode = plan.tier;
    let covered: HashSet<&str> = turns.iter().map(|t| t.topic.as_str()).collect();
    let left: Vec<&Item> = pool
        .iter()
        .copied()
        .filter(|item| !asked.contains(item.question.id.as_str()))
        .collect();
    if left.is_empty() {
        return None;
    }
    let tiers: Vec<Tier> = match mode {
        TierMode::Adaptive => tiers_near(adaptive_tier(turns)),
        TierMode::Mixed => {
            let mut present: Vec<Tier> = Tier::ALL
                .into_iter()
                .filter(|tier| left.iter().any(|item| item.question.tier == *tier))
                .collect();
            let first = present.remove(rng.below(present.len()));
            vec![first]
        }
        fixed => fixed.fixed().into_iter().collect(),
    };
    let at_tier: Vec<&Item> = tiers
        .iter()
        .map(|tier| {
            left.iter()
                .copied()
                .filter(|item| item.question.tier == *tier)
                .collect::<Vec<_>>()
        })
        .find(|items| !items.is_empty())?;
    let fresh: Vec<&Item> = at_tier
        .iter()
        .copied()
        .filter(|item| !covered.contains(item.question.topic.as_str()))
        .collect();
    let choices = if fresh.is_empty() { at_tier } else { fresh };
    Some(choices[rng.below(choices.len())])
}
