#!/usr/bin/env bash
# The scorer's speed and memory targets:
#   - scoring throughput on one core, typical answers, 5-concept rubrics: >= 50,000 answers/s
#     (criterion, benches/scoring.rs);
#   - `grill grade` over the 1,074 development answers: < 100 ms wall including start-up, and
#     its peak memory < 30 MB;
#   - `grill grade` over 1,000,000 generated answers (bench/gen_answers.py: the development
#     answers, each made unique) on every core: < 3 s wall, peak memory < 50 MB.
# Last measured (2-core VM whose speed moves with its host's load), two runs half an hour
# apart: criterion 51,200 and 51,300 answers/s (51,200-57,600 in five more runs); 1,000,000
# answers mean 2.85 s (2.76-2.93 s, 5.5 s of CPU) and 2.49 s (2.46-2.52 s, 4.8 s), 15.1-15.3 MB. Instructions per answer (valgrind --tool=callgrind, the release
# build, `grill grade` over the first 20,000 generated answers, a 1-line run subtracted): 48,250
# three rounds ago, 42,285 two rounds ago, 40,420 a round ago, 37,690 after it, 37,695 with the
# scorer rules added since (criterion 53,450 answers/s, 1,000,000 answers 2.52 s mean). See README.md, "Speed
# and memory". bench/alternate.sh compares a round with the code before it in alternating runs.
# Usage: bench/speed.sh [DATA_DIR] [LINES]   (defaults: ../shared/calibration, 1000000). Needs
# hyperfine and GNU time (`apt-get install -y hyperfine time`) and python3. The machine should
# be quiet: wall times on a shared machine vary a lot.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/calibration}"
lines="${2:-1000000}"
answers="$data/unt-cs-dev.jsonl"
[[ -f "$answers" ]] || { echo "no $answers: pass the calibration folder as the first argument" >&2; exit 2; }

cargo build --release --quiet
grill=target/release/grill
bank=bench/calibration/unt-cs
# Output goes to stdout (`--output -`) redirected to /dev/null, never to a path.
grade="$grill grade --no-default-bank --bank $bank --output -"

echo "== scoring throughput (criterion, one thread)"
cargo bench --quiet --bench scoring -- --warm-up-time 2 --measurement-time 5 "score/" 2>&1 |
    grep -E "^score|time:|thrpt:"

echo "== grill grade over $(wc -l <"$answers") answers, wall time including start-up"
hyperfine --warmup 3 --runs 30 --style basic --output null "$grade --input $answers"

echo "== peak memory of the same run"
/usr/bin/time -f "%M KB peak resident" $grade --input "$answers" >/dev/null

big="$(mktemp --suffix=.jsonl)"
trap 'rm -f "$big"' EXIT
python3 bench/gen_answers.py "$answers" "$lines" >"$big"
echo "== grill grade over $lines generated answers on $(nproc) cores: wall time"
hyperfine --warmup 1 --runs 5 --style basic --output null "$grade --input $big"

echo "== wall, CPU and peak memory of one such run"
/usr/bin/time -f "%e s wall, %U s user, %S s system, %M KB peak resident" \
    $grade --input "$big" >/dev/null
