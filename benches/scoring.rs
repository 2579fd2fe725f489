//! Scoring throughput: typical answers (the bank's own examples, 1-6 sentences) against the
//! embedded rubrics with five concepts. Target: >= 50,000 answers/s on one core.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use grill::bank::{Bank, BankSpec};
use grill::score::CompiledRubric;

/// The binary's allocator (`src/main.rs`), so that the scorer is measured as `grill` runs it:
/// with the system allocator it runs about a tenth slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn five_concept_workload() -> Vec<(CompiledRubric, Vec<String>)> {
    let bank = Bank::load(&BankSpec {
        embedded: true,
        folders: Vec::new(),
    })
    .expect("embedded bank loads");
    bank.items()
        .iter()
        .filter(|item| item.rubric.concepts.len() == 5)
        .map(|item| {
            let answers = item
                .rubric
                .examples
                .iter()
                .map(|e| e.answer.clone())
                .collect();
            (CompiledRubric::new(&item.question, &item.rubric), answers)
        })
        .collect()
}

fn scoring(c: &mut Criterion) {
    let workload = five_concept_workload();
    let answers: usize = workload.iter().map(|(_, a)| a.len()).sum();
    let mut group = c.benchmark_group("score");
    group.throughput(Throughput::Elements(answers as u64));
    group.bench_function(format!("{answers} answers, 5-concept rubrics"), |b| {
        b.iter(|| {
            let mut total = 0u32;
            for (rubric, answers) in &workload {
                for answer in answers {
                    total += rubric.score(answer).expect("scores").score;
                }
            }
            total
        })
    });
    group.finish();

    let bank = Bank::load(&BankSpec {
        embedded: true,
        folders: Vec::new(),
    })
    .expect("embedded bank loads");
    c.bench_function("compile every embedded rubric", |b| {
        b.iter(|| {
            bank.items()
                .iter()
                .map(|item| CompiledRubric::new(&item.question, &item.rubric))
                .collect::<Vec<_>>()
        })
    });
}

criterion_group!(benches, scoring);
criterion_main!(benches);
