//! Mutated bank files, loaded through the library: whatever the damage (flipped bytes, cut files,
//! repeated or lost lines, invalid UTF-8, huge strings, deep nesting), loading never panics and
//! every problem it reports points at a real line and column of a file it was given.

use std::path::PathBuf;

use grill::bank::limits::MAX_FILE_BYTES;
use grill::bank::{Bank, BankError, FileKind, SourceFile};
use proptest::prelude::*;
use proptest::sample::Index;

/// One question file and its rubric file from the embedded bank, as bytes.
fn pair(topic: &str) -> [(String, FileKind, Vec<u8>); 2] {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        ("question_bank", FileKind::Questions),
        ("rubrics", FileKind::Rubrics),
    ]
    .map(|(folder, kind)| {
        let path = format!("{folder}/{topic}.toml");
        let bytes = std::fs::read(root.join(&path)).expect("embedded bank file");
        (path, kind, bytes)
    })
}

const TOPICS: &[&str] = &["api-design", "caching", "messaging", "security"];

/// A way to damage a file.
#[derive(Debug, Clone)]
enum Mutation {
    FlipByte(Index, u8),
    Truncate(Index),
    DuplicateLine(Index),
    DeleteLine(Index),
    SwapLines(Index, Index),
    Insert(Index, Vec<u8>),
    /// Grows the file past the size limit.
    Pad,
}

fn insertion() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        // Invalid UTF-8: a stray continuation byte, a cut sequence, a surrogate, an overlong form.
        Just(vec![0xFF]),
        Just(vec![0x80]),
        Just(vec![0xC3]),
        Just(vec![0xE2, 0x82]),
        Just(vec![0xED, 0xA0, 0x80]),
        Just(vec![0xC0, 0xAF]),
        // TOML that breaks structure or types.
        Just(b"\n[[rubric]]\n".to_vec()),
        Just(b"\n[[question]]\nid = \"x\"\n".to_vec()),
        Just(b"\n[[rubric.concepts]]\n".to_vec()),
        Just(b"\"\"\"".to_vec()),
        Just(b" = ".to_vec()),
        Just(b"\nany = [".to_vec()),
        Just(b"\nweight = -1\n".to_vec()),
        Just(b"\x1b]0;title\x07\x1b[2J".to_vec()),
        // Huge strings and deep nesting.
        (1usize..50_000).prop_map(|n| {
            let mut s = b"\nprompt = \"".to_vec();
            s.resize(s.len() + n, b'a');
            s.extend_from_slice(b"\"\n");
            s
        }),
        (1usize..1_000)
            .prop_map(|n| [b"\nany = [\"".as_slice(), &b"p\", \"".repeat(n), b"q\"]\n"].concat()),
        (1usize..20_000).prop_map(|n| [b"x = ".as_slice(), &b"[".repeat(n)].concat()),
        proptest::collection::vec(any::<u8>(), 1..64),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), 1u8..).prop_map(|(at, mask)| Mutation::FlipByte(at, mask)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        2 => any::<Index>().prop_map(Mutation::DeleteLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        4 => (any::<Index>(), insertion()).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        1 => Just(Mutation::Pad),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let lines = |bytes: &Vec<u8>| -> Vec<Vec<u8>> {
        bytes
            .split_inclusive(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect()
    };
    match mutation {
        Mutation::FlipByte(at, mask) if !bytes.is_empty() => {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
        Mutation::DuplicateLine(at) | Mutation::DeleteLine(at) => {
            let mut all = lines(bytes);
            if all.is_empty() {
                return;
            }
            let i = at.index(all.len());
            if matches!(mutation, Mutation::DeleteLine(_)) {
                all.remove(i);
            } else {
                all.insert(i, all[i].clone());
            }
            *bytes = all.concat();
        }
        Mutation::SwapLines(a, b) => {
            let mut all = lines(bytes);
            if all.is_empty() {
                return;
            }
            let (a, b) = (a.index(all.len()), b.index(all.len()));
            all.swap(a, b);
            *bytes = all.concat();
        }
        Mutation::Insert(at, extra) => {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, extra.iter().copied());
        }
        Mutation::Pad => bytes.resize(MAX_FILE_BYTES as usize + 1, b' '),
        Mutation::FlipByte(..) => {}
    }
}

/// Lines of a file as it will be located: invalid bytes count as one character each.
fn line_lengths(bytes: &[u8]) -> Vec<usize> {
    String::from_utf8_lossy(bytes)
        .split('\n')
        .map(|line| line.chars().count())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_banks_never_panic_and_every_problem_is_located(
        topic in proptest::sample::select(TOPICS),
        target in 0usize..3,
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        let mut files = pair(topic);
        for (n, (_, _, bytes)) in files.iter_mut().enumerate() {
            // target 2 damages both files.
            if target == n || target == 2 {
                for mutation in &mutations {
                    apply(bytes, mutation);
                }
            }
        }
        let sources: Vec<SourceFile> = files
            .iter()
            .map(|(path, kind, bytes)| SourceFile::from_bytes(path.as_str(), *kind, bytes.clone()))
            .collect();
        let diagnostics = match Bank::from_files(&sources) {
            // Some damage is harmless (in a comment), or leaves nothing (both files emptied).
            Ok(_) => return Ok(()),
            Err(BankError::Invalid(diagnostics)) => diagnostics,
            Err(other) => return Err(TestCaseError::fail(format!("unlocated error: {other}"))),
        };
        prop_assert!(!diagnostics.is_empty());
        for diagnostic in &diagnostics {
            let location = &diagnostic.location;
            let Some((_, _, bytes)) = files.iter().find(|(path, ..)| **path == *location.file) else {
                return Err(TestCaseError::fail(format!("{diagnostic}: not one of the files")));
            };
            prop_assert!(!diagnostic.message.trim().is_empty(), "{}", diagnostic);
            let lengths = line_lengths(bytes);
            prop_assert!(
                location.line >= 1 && location.line as usize <= lengths.len(),
                "{} is past the last line ({})", diagnostic, lengths.len()
            );
            let width = lengths[location.line as usize - 1];
            prop_assert!(
                location.column >= 1 && location.column as usize <= width + 1,
                "{} is past the end of its line ({} characters)", diagnostic, width
            );
            let shown = diagnostic.to_string();
            let prefix = format!("{}:{}:{}: ", location.file, location.line, location.column);
            prop_assert!(shown.starts_with(&prefix), "{}", shown);
        }
    }
}

#[test]
fn an_undamaged_pair_loads() {
    for topic in TOPICS {
        let sources: Vec<SourceFile> = pair(topic)
            .into_iter()
            .map(|(path, kind, bytes)| SourceFile::from_bytes(path, kind, bytes))
            .collect();
        let bank = Bank::from_files(&sources).expect("the embedded bank is valid");
        assert_eq!(bank.len(), 16, "{topic}");
    }
}
