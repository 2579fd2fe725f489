//! Every size limit a bank must respect, in one place: a bank is text from anywhere, and these
//! bounds keep one careless or hostile file from eating memory or flooding a screen. Each is far
//! above what the embedded bank uses (its largest prompt is under 300 bytes, its longest phrase
//! under 70 characters) and is documented in `docs/FORMAT.md`.
//!
//! Long texts are measured in bytes of UTF-8, short ones (ids, labels, phrases) in characters.

/// The largest bank file read, in bytes (2 MiB). Larger files are refused before being read.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// The longest question id, topic or concept id, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// The longest `prompt`, in bytes (4 KiB).
pub const MAX_PROMPT_BYTES: usize = 4 * 1024;

/// The most `hints` one question may have.
pub const MAX_HINTS: usize = 10;

/// The longest hint, in bytes (1 KiB).
pub const MAX_HINT_BYTES: usize = 1024;

/// The most `tags` one question may have.
pub const MAX_TAGS: usize = 20;

/// The longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 50;

/// The longest `model_answer`, in bytes (16 KiB).
pub const MAX_MODEL_ANSWER_BYTES: usize = 16 * 1024;

/// The most `[[rubric.concepts]]` one rubric may have.
pub const MAX_CONCEPTS: usize = 30;

/// The most `[[rubric.misconceptions]]` one rubric may have.
pub const MAX_MISCONCEPTIONS: usize = 30;

/// The most `[[rubric.examples]]` one rubric may have.
pub const MAX_EXAMPLES: usize = 20;

/// The longest concept or misconception `label`, in characters.
pub const MAX_LABEL_CHARS: usize = 200;

/// The most phrases in one `any` list (of a concept or a misconception).
pub const MAX_PHRASES: usize = 100;

/// The longest phrase, in characters.
pub const MAX_PHRASE_CHARS: usize = 200;

/// The longest concept `follow_up`, in bytes (4 KiB, as a prompt).
pub const MAX_FOLLOW_UP_BYTES: usize = 4 * 1024;

/// The longest example `answer`, in bytes (16 KiB).
pub const MAX_EXAMPLE_ANSWER_BYTES: usize = 16 * 1024;

/// The most TOML syntax errors reported for one file; the rest are counted in one more line.
pub const MAX_SYNTAX_ERRORS: usize = 10;
