//! Resolving a screen's `[[pick]]` rules into one frozen list of questions. The same seed and the
//! same banks give the same list on every machine: candidates are sorted by id (never by load
//! order) and shuffled with SplitMix64 (`session::rng`), a generator defined entirely by its
//! few lines of arithmetic, so no library update can change a screen.

use crate::bank::Bank;
use crate::session::rng::Rng;

use super::file::{Pick, Problems};

/// The ids the rules pick, rule by rule, never the same question twice. A rule the banks cannot
/// fill is a problem located at the rule.
pub(crate) fn resolve(
    bank: &Bank,
    picks: &[Pick],
    seed: u64,
    problems: &mut Problems<'_>,
) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut chosen: Vec<String> = Vec::new();
    for pick in picks {
        let mut pool: Vec<&str> = bank
            .items()
            .iter()
            .map(|item| &item.question)
            .filter(|q| q.topic == pick.topic && pick.tier.is_none_or(|tier| q.tier == tier))
            .map(|q| q.id.as_str())
            .filter(|id| !chosen.iter().any(|c| c == id))
            .collect();
        pool.sort_unstable();
        if pool.len() < pick.count {
            let tier = pick
                .tier
                .map(|t| format!(" {}", t.as_str()))
                .unwrap_or_default();
            let known = bank.topics().contains(&pick.topic.as_str());
            let why = if known {
                format!(
                    "the banks have {} {}question{} left for this rule",
                    pool.len(),
                    if tier.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", tier.trim())
                    },
                    if pool.len() == 1 { "" } else { "s" }
                )
            } else {
                "no such topic; `grill bank topics` lists them".to_owned()
            };
            problems.at(
                &pick.span,
                format!(
                    "`[[pick]]` asks for {} question{} of topic `{}`{tier}: {why}",
                    pick.count,
                    if pick.count == 1 { "" } else { "s" },
                    pick.topic
                ),
            );
            continue;
        }
        // Fisher-Yates, stopped after `count` draws.
        for i in 0..pick.count {
            let j = i + rng.below(pool.len() - i);
            pool.swap(i, j);
            chosen.push(pool[i].to_owned());
        }
    }
    chosen
}
