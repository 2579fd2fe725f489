#!/usr/bin/env bash
# Time from `grill` starting to its first question on the embedded bank (target: under 50 ms).
#
# A piped run with empty stdin loads the bank, opens a journal, prints the first question and
# then, at end of input, the report: the whole run is an upper bound on time to first question.
# Needs hyperfine (`apt-get install -y hyperfine`). Usage: bench/startup.sh [path/to/grill]
set -euo pipefail
cd "$(dirname "$0")/.."
grill="${1:-target/release/grill}"
if [[ ! -x "$grill" ]]; then
    cargo build --release --quiet
fi
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export GRILL_HOME="$home" NO_COLOR=1
# Check the run really reaches the first question.
"$grill" --seed 1 </dev/null | grep -q "Question 1/5"
hyperfine --warmup 5 --runs 50 \
    "$grill --seed 1 </dev/null >/dev/null" \
    "$grill bank topics >/dev/null"
