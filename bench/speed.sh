#!/usr/bin/env bash
# The scorer's speed and memory targets:
#   - scoring throughput on one core, typical answers, 5-concept rubrics: >= 50,000 answers/s
#     (criterion, benches/scoring.rs);
#   - `grill grade` over the 1,074 development answers: < 100 ms wall including start-up;
#   - its peak memory: < 30 MB.
# Usage: bench/speed.sh [DATA_DIR]   (default: ../shared/calibration). Needs hyperfine
# (`apt-get install -y hyperfine`) and GNU time (/usr/bin/time, package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/calibration}"
answers="$data/unt-cs-dev.jsonl"
[[ -f "$answers" ]] || { echo "no $answers: pass the calibration folder as the first argument" >&2; exit 2; }

cargo build --release --quiet
grill=target/release/grill
bank=bench/calibration/unt-cs

echo "== scoring throughput (criterion, one thread)"
cargo bench --quiet --bench scoring -- --warm-up-time 2 --measurement-time 5 "score/" 2>&1 |
    grep -E "^score|time:|thrpt:"

echo "== grill grade over $(wc -l <"$answers") answers, wall time including start-up"
hyperfine --warmup 3 --runs 30 --style basic \
    "$grill grade --no-default-bank --bank $bank --input $answers --output /dev/null"

echo "== peak memory of the same run"
/usr/bin/time -f "%M KB peak resident" \
    "$grill" grade --no-default-bank --bank "$bank" --input "$answers" --output /dev/null
