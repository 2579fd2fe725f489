//! The review schedule saved beside the journals (`review-cache.json` in the data folder), so a
//! run whose journals and bank have not changed skips replaying every review. It is only an
//! optimisation: it carries a fingerprint of what it was built from, is rebuilt whenever that
//! differs or the file cannot be read, and `grill stats --rebuild` ignores it. Written whole
//! (a temporary file renamed into place), readable by the owner only.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::session::store::Summary;

use super::Schedule;

/// The cache file's name in the data folder.
pub const FILE: &str = "review-cache.json";
/// Bumped whenever the schedule's derivation changes, so an old cache is never trusted.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Cached {
    version: u32,
    fingerprint: String,
    schedule: Schedule,
}

/// FNV-1a, enough to notice a change (not a security measure).
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for byte in bytes {
        *hash ^= u64::from(*byte);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

/// What the schedule is built from: every journal's name, size and modification time, and the
/// bank's questions and concepts with their terms.
pub fn fingerprint(sessions: &[Summary], bank: &Bank) -> String {
    let mut journals = 0xcbf2_9ce4_8422_2325_u64;
    for session in sessions {
        fnv(&mut journals, session.path.as_os_str().as_encoded_bytes());
        if let Ok(meta) = fs::metadata(&session.path) {
            fnv(&mut journals, &meta.len().to_le_bytes());
            let modified = meta
                .modified()
                .ok()
                .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            fnv(&mut journals, &modified.to_le_bytes());
        }
        fnv(&mut journals, &[0]);
    }
    let mut questions = 0xcbf2_9ce4_8422_2325_u64;
    for item in bank.items() {
        fnv(&mut questions, item.question.id.as_bytes());
        fnv(&mut questions, item.question.topic.as_bytes());
        for concept in &item.rubric.concepts {
            fnv(&mut questions, concept.id.as_bytes());
            for term in &concept.terms {
                fnv(&mut questions, term.as_bytes());
            }
        }
        fnv(&mut questions, &[0]);
    }
    format!(
        "v{VERSION}-{}-{journals:016x}-{questions:016x}",
        sessions.len()
    )
}

/// The cached schedule when it was built from exactly these journals and bank (and `rebuild`
/// is not asked), else a fresh one from `build`, saved for next time. A cache that cannot be
/// written costs only speed.
pub fn load_or_build(
    data_dir: &Path,
    sessions: &[Summary],
    bank: &Bank,
    rebuild: bool,
    build: impl FnOnce() -> Schedule,
) -> Schedule {
    let path = data_dir.join(FILE);
    let print = fingerprint(sessions, bank);
    if !rebuild
        && let Some(cached) = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cached>(&bytes).ok())
        && cached.version == VERSION
        && cached.fingerprint == print
    {
        return cached.schedule;
    }
    let schedule = build();
    if data_dir.is_dir() {
        let cached = Cached {
            version: VERSION,
            fingerprint: print,
            schedule,
        };
        if let Ok(bytes) = serde_json::to_vec(&cached) {
            let _ = crate::output::write_atomic(&path, &bytes);
        }
        return cached.schedule;
    }
    schedule
}
