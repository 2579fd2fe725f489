//! One test per rule of issue 10 (names, claims, lists), with the issue's own examples.

use super::tests::{question, rubric};
use super::*;
use crate::bank::Concept;

fn concept(id: &str, label: &str, weight: u32, any: &[&str]) -> Concept {
    Concept {
        id: id.into(),
        label: label.into(),
        weight: weight.into(),
        required: false,
        any: any.iter().map(|s| (*s).to_owned()).collect(),
        terms: vec![],
        follow_up: format!("What about {id}?"),
    }
}

/// The embedded bank's db-acid rubric, as it reads today (no `terms`).
fn acid() -> CompiledRubric {
    let q = question("Explain the ACID properties of a database transaction.");
    let r = rubric(vec![
        concept(
            "atomicity",
            "Atomicity: all-or-nothing",
            3,
            &[
                "atomic",
                "all or nothing",
                "rolled back",
                "rollback",
                "none of it",
                "halfway",
            ],
        ),
        concept(
            "consistency",
            "Consistency: constraints/invariants hold; valid state to valid state",
            2,
            &[
                "constraints",
                "invariants",
                "valid state",
                "integrity",
                "foreign key",
            ],
        ),
        concept(
            "isolation",
            "Isolation: concurrent transactions do not see each other's intermediate state",
            3,
            &[
                "isolated",
                "isolation",
                "concurrent transactions",
                "intermediate state",
                "interfere",
            ],
        ),
        concept(
            "durability",
            "Durability: committed data survives crashes (WAL, fsync)",
            3,
            &[
                "durable",
                "durability",
                "survives a crash",
                "write ahead log",
                "wal",
                "on disk",
            ],
        ),
    ]);
    CompiledRubric::new(&q, &r)
}

/// A misconception of the rubric under test.
fn misconception(label: &str, phrases: &[&str], penalty: u32) -> crate::bank::Misconception {
    crate::bank::Misconception {
        label: label.into(),
        any: phrases.iter().map(|p| (*p).to_owned()).collect(),
        penalty,
    }
}

fn statuses(card: &ScoreCard) -> Vec<Status> {
    card.concepts.iter().map(|c| c.status).collect()
}

#[test]
fn negation_after_the_term_denies_it() {
    let card = acid()
        .score("Atomicity doesn't mean all or nothing. Isolation isn't provided. Committed data isn't durable.")
        .unwrap();
    assert_eq!(card.score, 0, "{card:?}");
    assert!(!card.pass);
    let webhook = CompiledRubric::new(
        &question("How would you deliver webhooks reliably?"),
        &rubric(vec![
            concept("queue", "Durable queue", 1, &["queue"]),
            concept(
                "retries",
                "Retries with backoff",
                1,
                &["retries", "retry", "backoff"],
            ),
        ]),
    );
    let card = webhook
        .score(
            "Put each event on a queue, and since the queue is durable, retries are never needed.",
        )
        .unwrap();
    assert_eq!(card.concepts[1].status, Status::Negated, "{card:?}");
    for answer in [
        "Isolation is not required here.",
        "Isolation has nothing to do with it.",
        "There is no difference between isolation and durability.",
    ] {
        let card = acid().score(answer).unwrap();
        assert_eq!(card.score, 0, "{answer}: {card:?}");
    }
    // A denial may say what the subject fails to do for the system: make, prevent, improve...
    for answer in [
        "Isolation doesn't make concurrent transactions safe.",
        "Atomicity does not prevent a half-applied transfer.",
    ] {
        let card = acid().score(answer).unwrap();
        assert_eq!(card.score, 0, "{answer}: {card:?}");
    }
    // A predicate that describes the subject, or "without" after it, is not a denial.
    let card = acid()
        .score("Concurrent transactions do not interfere with each other.")
        .unwrap();
    assert_eq!(statuses(&card)[2], Status::Hit, "{card:?}");
}

#[test]
fn a_list_is_known_by_its_shape_not_its_words() {
    let ratio = CompiledRubric::new(
        &question("How would you measure and improve a cache's hit ratio?"),
        &rubric(vec![
            concept(
                "definition",
                "Hits over lookups",
                3,
                &["hits plus misses", "divided by", "hits"],
            ),
            concept(
                "metrics",
                "Measured from metrics",
                2,
                &["metrics", "counters"],
            ),
            concept("ttl", "TTL too short", 2, &["ttl", "evictions"]),
            concept("keys", "Key design", 2, &["key design", "cardinality"]),
        ]),
    );
    let card = ratio
        .score("hits / (hits + misses), metrics, TTL, key design, cache warming, eviction policy")
        .unwrap();
    assert!(card.is_keyword_list(), "{card:?}");
    assert!(!card.pass);
    assert!(card.score <= 25, "{card:?}");
    let Some(Flag::KeywordList { reason, evidence }) = card.flags.first() else {
        panic!("{card:?}");
    };
    assert!(reason.contains("without a verb"), "{reason}");
    assert!(!evidence.is_empty());

    let levels = CompiledRubric::new(
        &question(
            "Walk me through the standard SQL isolation levels and the anomalies each allows.",
        ),
        &rubric(vec![
            concept(
                "rc",
                "Read committed",
                3,
                &["dirty read", "read uncommitted"],
            ),
            concept(
                "rr",
                "Repeatable read",
                3,
                &["repeatable read", "non repeatable"],
            ),
            concept("ser", "Serializable", 2, &["serializable", "phantom"]),
        ]),
    );
    let card = levels
        .score("Read uncommitted allows dirty reads and serializable prevents phantoms.")
        .unwrap();
    assert!(!card.is_keyword_list(), "{card:?}");

    let dump = "ACID, atomicity, consistency, isolation, durability, transactions, commit, \
        rollback, MVCC, two-phase locking, WAL, write-ahead log, fsync, snapshot isolation, \
        serializable, read committed, repeatable read, phantom reads, dirty reads, deadlock, \
        Postgres, MySQL, InnoDB, Oracle, SQL Server, Kafka, Redis, MongoDB, Cassandra, CAP \
        theorem, BASE, eventual consistency, sharding, replication, partitioning, indexes, \
        B-tree, LSM tree, foreign keys, constraints, triggers, stored procedures, ORM, JDBC, \
        connection pooling, microservices, REST, GraphQL, Docker, Kubernetes";
    let card = acid().score(dump).unwrap();
    assert!(card.is_keyword_list(), "{card:?}");
    assert!(!card.pass && card.score <= 25, "{card:?}");
}

#[test]
fn an_answer_of_fragments_alone_is_a_list_however_few_phrases_it_says() {
    let recursion = CompiledRubric::new(
        &question("When defining a recursive function, what can cause infinite recursion?"),
        &rubric(vec![
            concept("base", "A missing base case", 3, &["base case"]),
            concept(
                "progress",
                "Calls that never reach the base case",
                3,
                &["never reaches", "same argument", "does not progress"],
            ),
        ]),
    );
    let card = recursion
        .score("Base case, recursive case, stack overflow.")
        .unwrap();
    assert!(card.is_keyword_list(), "{card:?}");
    assert!(!card.pass && card.score <= 25, "{card:?}");
    // The same words in a sentence are prose.
    let card = recursion
        .score("If the base case is missing, or every call passes the same argument, it recurses until the stack overflows.")
        .unwrap();
    assert!(!card.is_keyword_list() && card.score >= 75, "{card:?}");
    // Two fragments are a short answer, not yet a list.
    let card = recursion.score("No base case; same argument.").unwrap();
    assert!(!card.is_keyword_list(), "{card:?}");
}

#[test]
fn a_negative_predicate_after_the_term_denies_it() {
    let rubric = acid();
    // "X is unnecessary" says "X is not necessary".
    let card = rubric
        .score("Writing to the write ahead log is unnecessary, and being rolled back is pointless.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::Negated, "{card:?}");
    assert_eq!(card.concepts[3].status, Status::Negated, "{card:?}");
    // It denies its own subject only.
    let card = rubric
        .score("A failed transaction is rolled back, and any extra cleanup is unnecessary.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::Hit, "{card:?}");
}

#[test]
fn a_statement_judged_untrue_earns_nothing() {
    let rubric = acid();
    for answer in [
        "It is false that a failed transaction is rolled back.",
        "It's a myth that the write ahead log survives a crash.",
        "It would be wrong to say that a failed transaction is rolled back.",
        "A failed transaction is rolled back - that's not true.",
        "People say a failed transaction is rolled back, but that is false.",
        "That a failed transaction is rolled back is a common myth.",
    ] {
        let card = rubric.score(answer).unwrap();
        assert!(
            card.concepts.iter().all(|c| c.status != Status::Hit),
            "{answer}: {card:?}"
        );
    }
    // The verdict reaches its own statement only: what the answer affirms elsewhere counts,
    // and a practice called wrong is a pitfall known, not a claim denied.
    for answer in [
        "It's a myth that transactions are slow, and a failed transaction is rolled back.",
        "A failed transaction is rolled back. The idea that locks are free is a myth.",
        "If it is false that the commit finished, a failed transaction is rolled back.",
    ] {
        let card = rubric.score(answer).unwrap();
        assert_eq!(card.concepts[0].status, Status::Hit, "{answer}: {card:?}");
    }
}

#[test]
fn a_denied_claim_denies_its_object() {
    let loops = CompiledRubric::new(
        &question("What is the main difference between a while and a do...while statement?"),
        &rubric(vec![
            concept("once", "The body runs at least once", 3, &["once"]),
            concept("check", "Where the condition is checked", 2, &["condition"]),
        ]),
    );
    let card = loops
        .score("A do...while doesn't guarantee the body runs even once.")
        .unwrap();
    assert_eq!(statuses(&card)[0], Status::Negated, "{card:?}");
    // The denial ends with its clause: what follows a "but" is affirmed.
    let card = loops
        .score("A while loop doesn't guarantee anything, but a do...while runs its body once.")
        .unwrap();
    assert_eq!(statuses(&card)[0], Status::Hit, "{card:?}");
    // Every form of a claim verb: "involve", "involves"; "isn't affected".
    let outbox = CompiledRubric::new(
        &question("What problem does the transactional outbox pattern solve?"),
        &rubric(vec![concept(
            "table",
            "Events written to a table in the same transaction",
            3,
            &["same transaction"],
        )]),
    );
    let card = outbox
        .score(
            "The outbox pattern doesn't involve writing events to a table in the same transaction.",
        )
        .unwrap();
    assert_eq!(statuses(&card)[0], Status::Negated, "{card:?}");
}

#[test]
fn a_negator_inside_a_hyphenated_compound_negates_nothing() {
    let apps = CompiledRubric::new(
        &question("What does the twelve-factor methodology ask of processes?"),
        &rubric(vec![concept(
            "stateless",
            "Stateless processes",
            1,
            &["stateless processes"],
        )]),
    );
    let card = apps
        .score("Run stateless share-nothing processes that keep state in a database.")
        .unwrap();
    assert_eq!(statuses(&card)[0], Status::Hit, "{card:?}");
    let card = apps
        .score("Processes share nothing, so they are stateless processes.")
        .unwrap();
    assert_eq!(statuses(&card)[0], Status::Hit, "{card:?}");
    let card = apps
        .score("There are no stateless processes here.")
        .unwrap();
    assert_eq!(statuses(&card)[0], Status::Negated, "{card:?}");
}

#[test]
fn a_prose_sentence_beside_fragments_does_not_make_them_a_list() {
    let rubric = acid();
    let fragments =
        "Disks, backups, replicas, the WAL, fsync, RAID, snapshots, tapes, mirrors, checksums.";
    let before = rubric.score(fragments).unwrap();
    // The sentence states two more phrases; they are prose ("constraints still hold" has its
    // verb), so they neither count as listed phrases nor turn the fragments into a list.
    let after = rubric
        .score(&format!(
            "{fragments} The foreign key constraints still hold after each transaction."
        ))
        .unwrap();
    assert!(!after.is_keyword_list(), "{after:?}");
    assert!(after.score > before.score, "{before:?} {after:?}");
}

#[test]
fn naming_questions_accept_short_lists() {
    let stack = CompiledRubric::new(
        &question("What are the two main operations of a stack?"),
        &rubric(vec![
            concept("push", "Push", 1, &["push"]),
            concept("pop", "Pop", 1, &["pop"]),
        ]),
    );
    let card = stack.score("push and pop").unwrap();
    assert_eq!(card.score, 100);
    assert!(card.pass && !card.is_keyword_list());
}

#[test]
fn asked_what_a_thing_is_bare_names_are_a_list_but_a_verbless_definition_is_not() {
    let pointer = CompiledRubric::new(
        &question("What is a pointer?"),
        &rubric(vec![
            concept(
                "address",
                "Holds a memory address",
                2,
                &["memory address", "address"],
            ),
            concept("variable", "A variable", 1, &["variable"]),
        ]),
    );
    let card = pointer
        .score("Memory address, dereference, asterisk.")
        .unwrap();
    assert!(card.is_keyword_list() && !card.pass, "{card:?}");
    // A definition is often a phrase without a verb: it keeps its credit.
    let card = pointer
        .score("A variable holding the memory address of another object, such as an int, a struct, a function.")
        .unwrap();
    assert!(!card.is_keyword_list() && card.pass, "{card:?}");
    // "What is included in X?" asks for names: the same bare list is the answer there.
    let class = CompiledRubric::new(
        &question("What is typically included in a class definition?"),
        &rubric(vec![
            concept("members", "Data members", 1, &["data members"]),
            concept("functions", "Member functions", 1, &["member functions"]),
        ]),
    );
    let card = class
        .score("Data members, member functions, constructors.")
        .unwrap();
    assert!(!card.is_keyword_list() && card.pass, "{card:?}");
}

#[test]
fn a_definition_that_matches_nothing_earns_nothing() {
    let card = acid()
        .score("Atomicity means each query runs on a single thread. Isolation means each table is stored in a separate file. Durability means it is backed up every night.")
        .unwrap();
    assert_eq!(card.score, 0, "{card:?}");
    for i in [0, 2, 3] {
        assert_eq!(card.concepts[i].status, Status::WrongDefinition, "{card:?}");
        let evidence = card.concepts[i].evidence.as_ref().unwrap();
        assert!(evidence.text.contains(" means "), "{evidence:?}");
    }
    // A definition that states one of the concept's phrases is a hit.
    let card = acid()
        .score("Atomicity means all or nothing: a failed transaction is rolled back.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::Hit, "{card:?}");
}

#[test]
fn names_in_a_list_are_named_not_explained() {
    let card = acid()
        .score("ACID stands for atomicity, consistency, isolation and durability.")
        .unwrap();
    assert!(!card.pass, "{card:?}");
    assert!(card.score < 60, "{card:?}");
    assert!(
        card.concepts.iter().any(|c| c.status == Status::Named),
        "{card:?}"
    );
    let named = card
        .concepts
        .iter()
        .find(|c| c.status == Status::Named)
        .unwrap();
    assert!((named.credit - Rubric::DEFAULT_NAMED_SHARE).abs() < 1e-9);
    assert!(named.evidence.is_some());
}

#[test]
fn names_bound_by_a_preposition_are_a_phrase_not_a_list() {
    let sizeof = CompiledRubric::new(
        &question("What does the sizeof operator return?"),
        &rubric(vec![
            concept("size", "Its size", 1, &["size"]),
            concept("operand", "Of its operand", 1, &["operand"]),
            concept("bytes", "Counted in bytes", 1, &["bytes"]),
        ]),
    );
    let card = sizeof
        .score("It returns the size of its operand in bytes.")
        .unwrap();
    assert!(
        card.concepts.iter().all(|c| c.status == Status::Hit),
        "{card:?}"
    );
    // Listed, the same names are named.
    let card = sizeof.score("It returns size, operand, bytes.").unwrap();
    assert!(
        card.concepts.iter().all(|c| c.status == Status::Named),
        "{card:?}"
    );
}

#[test]
fn a_negator_in_a_condition_denies_nothing() {
    let cache = CompiledRubric::new(
        &question("How do you keep cached entries from going stale?"),
        &rubric(vec![concept("expiry", "Entries expire", 1, &["set a ttl"])]),
    );
    let status = |answer: &str| cache.score(answer).unwrap().concepts[0].status;
    assert_eq!(
        status("If you don't set a TTL, stale entries stay in the cache forever."),
        Status::Hit
    );
    assert_eq!(
        status("When you do not set a TTL on a key, it never expires."),
        Status::Hit
    );
    // Outside a condition the same words deny it.
    assert_eq!(
        status("You don't set a TTL, entries are refreshed by hand."),
        Status::Negated
    );
}

#[test]
fn passing_mentions_that_outnumber_what_is_stated_earn_nothing() {
    let stampede = CompiledRubric::new(
        &question("What is a cache stampede and how do you prevent it?"),
        &rubric(vec![
            concept(
                "expiry",
                "Many keys expire together",
                1,
                &["expire together"],
            ),
            concept(
                "rebuild",
                "One request rebuilds the value",
                1,
                &["single rebuild"],
            ),
            concept("jitter", "Random jitter on TTLs", 1, &["random jitter"]),
            concept("stale", "Serve stale while refreshing", 1, &["serve stale"]),
        ]),
    );
    // Reversed advice that only brushes past the phrases, one word each.
    let card = stampede
        .score("Make every TTL identical so keys expire on a schedule; let each request rebuild the value, and never serve anything that is not fresh, because random bugs appear otherwise.")
        .unwrap();
    assert!(card.concepts.iter().all(|c| c.credit == 0.0), "{card:?}");
    assert!(
        card.flags.iter().any(|f| matches!(f, Flag::Vague { .. })),
        "{card:?}"
    );
    // Beside concepts stated outright, a passing mention keeps its benefit of the doubt.
    let card = stampede
        .score("When many keys expire together the database is flooded, so allow a single rebuild per key and add random jitter; a value can be served while refreshing.")
        .unwrap();
    assert!(card.flags.is_empty(), "{card:?}");
    assert_eq!(card.concepts[3].status, Status::Partial, "{card:?}");
    assert!(card.concepts[3].credit > 0.0, "{card:?}");
}

#[test]
fn a_light_verb_alone_is_no_partial_mention() {
    let jwt = CompiledRubric::new(
        &question("What are the pitfalls of JWTs?"),
        &rubric(vec![
            concept(
                "signature",
                "Verify the signature",
                1,
                &["verify the signature"],
            ),
            concept(
                "exposure",
                "The payload is readable",
                1,
                &["use jwe", "readable by anyone"],
            ),
        ]),
    );
    // "using" shares only the light verb of "use JWE": it says nothing about the payload.
    let card = jwt
        .score("Always verify the signature before using any claim.")
        .unwrap();
    assert_eq!(card.concepts[1].status, Status::Missed, "{card:?}");
    // The phrase's own noun is a partial mention.
    let card = jwt
        .score("Always verify the signature; JWE is an option for secrets.")
        .unwrap();
    assert_eq!(card.concepts[1].status, Status::Partial, "{card:?}");
}

#[test]
fn terms_name_a_concept_and_earn_the_named_share() {
    let q = question("Explain the ACID properties of a database transaction.");
    let mut c = concept(
        "atomicity",
        "All or nothing",
        1,
        &["all or nothing", "rolled back"],
    );
    c.terms = vec!["atomicity".into()];
    let mut r = rubric(vec![c]);
    r.named_share = 0.4;
    let compiled = CompiledRubric::new(&q, &r);
    let card = compiled
        .score("Atomicity is a property that matters a great deal in practice.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::WrongDefinition, "{card:?}");
    let card = compiled.score("We rely on atomicity everywhere.").unwrap();
    assert_eq!(card.concepts[0].status, Status::Named, "{card:?}");
    assert_eq!(card.score, 40);
    let card = compiled
        .score("Atomicity: a failed transaction is rolled back.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::Hit, "{card:?}");
}

#[test]
fn a_denied_name_denies_what_its_sentence_goes_on_to_say() {
    let card = acid()
        .score("Isolation isn't provided, so concurrent transactions can see each other's intermediate state.")
        .unwrap();
    assert!(!card.concepts[2].hit(), "{card:?}");
    assert_eq!(card.concepts[2].credit, 0.0, "{card:?}");
    // A contrast turns to what the concept is, and earns it.
    let card = acid()
        .score("Isolation doesn't mean transactions run one at a time, but concurrent transactions never see each other's intermediate state.")
        .unwrap();
    assert!(card.concepts[2].hit(), "{card:?}");
    // So does a reason.
    let card = acid()
        .score("Isolation is not provided for free, because concurrent transactions must be kept from seeing each other's intermediate state.")
        .unwrap();
    assert!(card.concepts[2].hit(), "{card:?}");
}

#[test]
fn stating_the_opposite_of_a_phrase_states_nothing() {
    let q = question("Compare cache eviction policies.");
    let mut lru = concept(
        "lru",
        "LRU evicts what was used longest ago",
        1,
        &["recently used items", "longest since last access"],
    );
    lru.terms = vec!["lru".into(), "least recently used".into()];
    let compiled = CompiledRubric::new(&q, &rubric(vec![lru]));
    let card = compiled
        .score("LRU evicts the most recently used item, since it was just served.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::WrongDefinition, "{card:?}");
    assert_eq!(card.score, 0, "{card:?}");
    let evidence = card.concepts[0].evidence.as_ref().unwrap();
    assert!(evidence.text.contains("most recently used"), "{evidence:?}");
    // A term turned around is another name unless the clause is about the concept.
    let card = compiled
        .score("Browsers keep the most recently used pages in memory.")
        .unwrap();
    assert_ne!(card.concepts[0].status, Status::WrongDefinition, "{card:?}");
    // Saying both, the right way round, is an explanation.
    let card = compiled
        .score("LRU evicts the least recently used item and keeps the most recently used items in memory.")
        .unwrap();
    assert!(card.concepts[0].hit(), "{card:?}");
    let card = compiled
        .score("It evicts whichever of the recently used items has gone longest since last access.")
        .unwrap();
    assert!(card.concepts[0].hit(), "{card:?}");
    // The opposite a sibling concept names is that concept, not a reversal.
    let q = question("When would you pick LRU and when MRU eviction?");
    let mut lru = concept("lru", "LRU", 1, &["scan of a large table"]);
    lru.terms = vec!["least recently used".into()];
    let mut mru = concept("mru", "MRU", 1, &["cyclic access"]);
    mru.terms = vec!["most recently used".into()];
    let compiled = CompiledRubric::new(&q, &rubric(vec![lru, mru]));
    let card = compiled
        .score("MRU evicts the most recently used item, which suits cyclic access.")
        .unwrap();
    assert_ne!(card.concepts[0].status, Status::WrongDefinition, "{card:?}");
}

/// An HTTP status rubric with two sibling concepts, each named by its code.
fn status_codes() -> CompiledRubric {
    let q = question("When do you return 401 and when 403?");
    let mut unauthenticated = concept(
        "unauthenticated-401",
        "401: not authenticated",
        1,
        &["no valid credentials", "not authenticated", "missing token"],
    );
    unauthenticated.terms = vec!["401".into(), "unauthorized".into()];
    let mut forbidden = concept(
        "forbidden-403",
        "403: authenticated but not allowed",
        1,
        &["lacks permission", "no permission", "not allowed"],
    );
    forbidden.terms = vec!["403".into(), "forbidden".into()];
    CompiledRubric::new(&q, &rubric(vec![unauthenticated, forbidden]))
}

#[test]
fn a_definition_in_a_siblings_words_credits_neither() {
    let rubric = status_codes();
    // Swapped: each code is defined with the other's meaning.
    let card = rubric
        .score("401 Unauthorized is when the caller is logged in but has no permission, and 403 Forbidden is when they are not authenticated at all.")
        .unwrap();
    assert_eq!(card.score, 0, "{card:?}");
    assert!(card.concepts.iter().all(|c| !c.hit()), "{card:?}");
    // The same words, each given to its own code, earn everything.
    let card = rubric
        .score("401 Unauthorized is when they are not authenticated at all, and 403 Forbidden is when the caller is logged in but has no permission.")
        .unwrap();
    assert_eq!(card.score, 100, "{card:?}");
    // A predicate that uses another concept's words while that concept is not itself defined
    // anywhere is not a swap: "403 means not allowed, unlike a missing token" keeps its credit.
    let card = rubric
        .score("403 means the caller is not allowed, which differs from a missing token.")
        .unwrap();
    assert_eq!(card.concepts[1].status, Status::Hit, "{card:?}");
    assert_eq!(card.concepts[0].status, Status::Hit, "{card:?}");
}

/// A health-check rubric whose two probes are named by their terms.
fn probes() -> CompiledRubric {
    let q = question("What do liveness and readiness probes do?");
    let mut liveness = concept(
        "liveness-restart",
        "A failing liveness probe restarts the container",
        1,
        &["restarts the container", "kills the container"],
    );
    liveness.terms = vec!["liveness".into(), "liveness probe".into()];
    let mut readiness = concept(
        "readiness-traffic",
        "A failing readiness probe takes the pod out of rotation",
        1,
        &["removes the pod from the load balancer", "out of rotation"],
    );
    readiness.terms = vec!["readiness".into(), "readiness probe".into()];
    CompiledRubric::new(&q, &rubric(vec![liveness, readiness]))
}

#[test]
fn two_concepts_given_each_others_properties_credit_neither() {
    let rubric = probes();
    let swapped = "If the readiness probe fails Kubernetes restarts the container, while a failing liveness probe only removes the pod from the load balancer.";
    let card = rubric.score(swapped).unwrap();
    assert_eq!(card.score, 0, "{card:?}");
    assert_eq!(
        statuses(&card),
        [Status::WrongDefinition, Status::WrongDefinition],
        "{card:?}"
    );
    // The card shows the words that were given to the other concept.
    let shown = card.concepts[0].evidence.as_ref().unwrap();
    assert_eq!(shown.text, "restarts the container");
    // The same clauses, each about its own probe, earn everything.
    let card = rubric
        .score("If the liveness probe fails Kubernetes restarts the container, while a failing readiness probe only removes the pod from the load balancer.")
        .unwrap();
    assert_eq!(card.score, 100, "{card:?}");
    // One way only is not a swap: a clause can relate two concepts in passing.
    let card = rubric
        .score("When the readiness probe keeps failing, a restart is pointless because the liveness probe is what restarts the container.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::Hit, "{card:?}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Sentences that each state one of [`acid`]'s phrases in prose.
    const EXPLAINING: [&str; 4] = [
        "A failed transaction is rolled back so nothing half-done remains.",
        "The foreign key constraints still hold after each transaction.",
        "Concurrent transactions do not see each other's intermediate state.",
        "Committed data is written to the write ahead log on disk.",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn scores_are_bounded_and_deterministic(answer in "\\PC{0,300}") {
            let compiled = acid();
            let a = compiled.score(&answer).unwrap();
            let b = compiled.score(&answer).unwrap();
            prop_assert!(a.score <= 100);
            prop_assert_eq!(a.score, b.score);
            prop_assert_eq!(statuses(&a), statuses(&b));
        }

        /// Appending a prose sentence that states one of the rubric's phrases never lowers
        /// the score.
        #[test]
        fn an_explaining_sentence_never_lowers_the_score(
            answer in "[a-z ,.]{0,200}",
            pick in 0usize..4,
        ) {
            let compiled = acid();
            let before = compiled.score(&answer).unwrap();
            let after = compiled.score(&format!("{answer}. {}", EXPLAINING[pick])).unwrap();
            prop_assert!(after.score >= before.score, "{} -> {}", before.score, after.score);
        }

        /// Turning the explaining sentences into a comma list of their words never raises
        /// the score.
        #[test]
        fn a_comma_list_never_scores_above_its_sentences(
            picks in proptest::collection::vec(0usize..4, 1..4),
        ) {
            let compiled = acid();
            let prose: Vec<&str> = picks.iter().map(|&i| EXPLAINING[i]).collect();
            let sentences = compiled.score(&prose.join(" ")).unwrap();
            let words: Vec<&str> = prose
                .iter()
                .flat_map(|s| s.split_whitespace())
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .collect();
            let list = compiled.score(&words.join(", ")).unwrap();
            prop_assert!(list.score <= sentences.score, "{} > {}", list.score, sentences.score);
        }
    }
}

#[test]
fn a_stated_misconception_withdraws_partial_credit() {
    let mut r = rubric(vec![
        concept("hash", "A slow password hash", 1, &["slow password hash"]),
        concept(
            "salt",
            "A unique salt per user",
            1,
            &["unique salt per user"],
        ),
    ]);
    r.misconceptions.push(misconception(
        "Encrypts passwords instead of hashing them",
        &["encrypt passwords"],
        10,
    ));
    let compiled = CompiledRubric::new(&question("How should passwords be stored?"), &r);
    // A vague mention of the salt is partly credited...
    let vague = compiled
        .score("Use a slow password hash, and each user gets a salt.")
        .unwrap();
    assert_eq!(vague.concepts[1].status, Status::Partial, "{vague:?}");
    assert!(vague.concepts[1].credit > 0.0, "{vague:?}");
    assert!(vague.flags.is_empty(), "{vague:?}");
    // ...unless the answer also states a misconception: the doubt is no longer given.
    let wrong = compiled
        .score("Use a slow password hash, and each user gets a salt. Or just encrypt passwords with AES.")
        .unwrap();
    assert_eq!(wrong.concepts[0].status, Status::Hit, "{wrong:?}");
    assert_eq!(wrong.concepts[1].status, Status::Partial, "{wrong:?}");
    assert_eq!(wrong.concepts[1].credit, 0.0, "{wrong:?}");
    assert_eq!(
        wrong.flags,
        vec![Flag::Contradicted {
            concepts: vec!["salt".into()]
        }]
    );
    assert_eq!(wrong.score, 40, "{wrong:?}");
}

/// A one-misconception rubric (and one concept, so that there is something to score).
fn misconception_rubric(prompt: &str, phrases: &[&str]) -> CompiledRubric {
    let mut r = rubric(vec![concept("c", "A concept", 1, &["unrelated words"])]);
    r.misconceptions
        .push(misconception("A misconception", phrases, 10));
    CompiledRubric::new(&question(prompt), &r)
}

#[test]
fn a_claim_is_not_stated_by_a_compound_of_its_words() {
    let compiled = misconception_rubric(
        "What is a deadlock?",
        &["deadlock is a timeout", "bigger is not better"],
    );
    let states = |answer: &str| !compiled.score(answer).unwrap().misconceptions.is_empty();
    // "X is Y" claims Y of X; "X Y" names one thing (a setting, a compound noun).
    assert!(!states(
        "PostgreSQL looks for cycles after deadlock_timeout."
    ));
    assert!(!states(
        "Raise the deadlock timeout if checks run too often."
    ));
    assert!(states("A deadlock is a timeout."));
    assert!(states("A deadlock is really a kind of timeout."));
    // A negator after the copula keeps its place: "isn't" holds the copula itself.
    assert!(states("Bigger isn't better for a pool."));
    // A concept's phrase is no claim to check: a telegraphic answer keeps its credit.
    let r = rubric(vec![concept("put", "PUT", 1, &["put is idempotent"])]);
    let compiled = CompiledRubric::new(&question("PUT or PATCH?"), &r);
    let card = compiled
        .score("Replaces the whole resource, PUT idempotent.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::Hit, "{card:?}");
}

#[test]
fn examples_share_the_scope_of_what_they_exemplify() {
    let compiled = misconception_rubric(
        "Design a REST API for a library.",
        &["/borrowbook", "spring"],
    );
    let states = |answer: &str| !compiled.score(answer).unwrap().misconceptions.is_empty();
    // The examples of a disavowed noun are disavowed with it, however many examples follow and
    // wherever the reach of "instead of" or "avoid" ends.
    assert!(!states(
        "Make loans a resource instead of verb endpoints like /borrowBook."
    ));
    assert!(!states(
        "Make loans a resource instead of verb endpoints such as /createLoan or /borrowBook."
    ));
    assert!(!states(
        "Make loans a resource instead of verb endpoints such as /createLoan and /borrowBook."
    ));
    assert!(!states(
        "Make loans a resource instead of verb endpoints, such as /borrowBook."
    ));
    assert!(!states("Avoid frameworks like Guice or Spring."));
    // An example of a noun phrase that is affirmed is affirmed.
    assert!(states("Add verb endpoints like /borrowBook."));
    assert!(states(
        "Make loans a resource instead of verbs, and add endpoints like /borrowBook."
    ));
    // The examples end where a new subject, verb or function word begins...
    assert!(states("Avoid frameworks like Guice in Spring projects."));
    assert!(states(
        "Instead of nouns like /loans we expose verb endpoints like /borrowBook."
    ));
    // ...and "like" before a verb compares rather than gives examples.
    assert!(states("Avoid a heavy library like Spring does."));
    // A negation does not pass to examples: they may be what the answer knows.
    let r = rubric(vec![concept(
        "allowlist",
        "Identifiers need an allowlist",
        1,
        &["table names"],
    )]);
    let compiled = CompiledRubric::new(&question("How do you prevent SQL injection?"), &r);
    let card = compiled
        .score("You can't parameterize identifiers like table names, so check them against a list.")
        .unwrap();
    assert_eq!(card.concepts[0].status, Status::Hit, "{card:?}");
}

#[test]
fn a_practice_condemned_in_its_own_clause_is_not_stated() {
    let compiled = misconception_rubric("How should passwords be stored?", &["hash with md5"]);
    let states = |answer: &str| !compiled.score(answer).unwrap().misconceptions.is_empty();
    assert!(!states(
        "Fast hashes such as MD5 or SHA-256 are unsuitable, since GPUs compute billions a second."
    ));
    assert!(!states("Hashing with MD5 is insecure."));
    assert!(!states("Hashing with MD5 has been deprecated for years."));
    assert!(!states("A hash with MD5 is ignored here."));
    assert!(!states("Hashing with MD5 and SHA-1 is deprecated."));
    // A condemnation of something else, after a break or another subject, leaves the
    // statement standing, and so does a condemning word that is no predicate of it.
    assert!(states("Hash with MD5 because bcrypt is insecure."));
    assert!(states("Hash with MD5; bcrypt is deprecated."));
    assert!(states("Hash with MD5 or the database is unsafe."));
    assert!(states("Hash with MD5 as plaintext is insecure."));
    assert!(states("Hash with MD5 unsafe as it looks."));
    assert!(states("Hash with MD5."));
}

#[test]
fn a_before_a_unit_of_time_is_a_rate() {
    let r = rubric(vec![concept(
        "growth",
        "Storage growth",
        1,
        &["pb per year"],
    )]);
    let compiled = CompiledRubric::new(&question("Estimate the storage."), &r);
    let status = |answer: &str| compiled.score(answer).unwrap().concepts[0].status;
    assert_eq!(status("That is roughly 7 PB a year."), Status::Hit);
    assert_eq!(status("That is roughly 7 PB per year."), Status::Hit);
    assert_eq!(status("That is 7 million PB a year."), Status::Hit);
    // A span of time is no rate, nor is an ordinal or a moment.
    assert_ne!(status("We would fill 7 PB in a year."), Status::Hit);
    assert_ne!(status("We store 7 PB, a year of photos."), Status::Hit);
    assert_ne!(status("The PB a year later is what counts."), Status::Hit);
}

#[test]
fn a_stated_misconception_withdraws_single_words_in_its_own_clause() {
    let mut r = rubric(vec![concept(
        "signature",
        "Told apart by their parameter lists",
        1,
        &["parameter list", "order"],
    )]);
    r.misconceptions.push(misconception(
        "Thinks the return type tells overloads apart",
        &["return type"],
        10,
    ));
    let compiled = CompiledRubric::new(&question("How are overloaded functions told apart?"), &r);
    // One generic word beside the wrong claim, in its clause, earns nothing...
    let wrong = compiled
        .score("They are told apart by their return type and by the order they are defined in.")
        .unwrap();
    // Shown as a mention that earned nothing: no hit, so a gap with its follow-up.
    assert_eq!(wrong.concepts[0].status, Status::Partial, "{wrong:?}");
    assert_eq!(wrong.concepts[0].credit, 0.0, "{wrong:?}");
    assert_eq!(wrong.gaps.len(), 1, "{wrong:?}");
    assert_eq!(
        wrong.flags,
        vec![Flag::Contradicted {
            concepts: vec!["signature".into()]
        }]
    );
    assert_eq!(wrong.score, 0, "{wrong:?}");
    // ...but a phrase stated outright in that clause keeps its credit, and so does the word
    // in a clause of its own.
    for kept in [
        "They are told apart by their return type and by their parameter list.",
        "They are told apart by their return type. The order of parameters matters too.",
        // A later sentence that states the concept outright credits it.
        "They are told apart by their return type and their order. Really by the parameter list.",
    ] {
        let card = compiled.score(kept).unwrap();
        assert_eq!(card.concepts[0].credit, 1.0, "{card:?}");
        assert_eq!(card.score, 90, "{card:?}");
    }
    // A misconception matched across a clause break ("only be stated (first") is weaker
    // evidence: it costs its penalty, and withdraws nothing.
    let mut r = rubric(vec![concept("size", "The first size", 1, &["size"])]);
    r.misconceptions.push(misconception(
        "Thinks only the first dimension is needed",
        &["only the first"],
        20,
    ));
    let compiled = CompiledRubric::new(&question("How are 2-D arrays declared as parameters?"), &r);
    let card = compiled
        .score("The first needs a size and the rest need only be stated (first like this).")
        .unwrap();
    assert_eq!(card.misconceptions.len(), 1, "{card:?}");
    assert_eq!(card.concepts[0].credit, 1.0, "{card:?}");
    assert_eq!(card.score, 80, "{card:?}");
}
