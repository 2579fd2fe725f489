#!/usr/bin/env bash
# grill's rubric scorer against real human grades, beside a plain keyword matcher on the same
# rubrics and answers (the UNT CS short-answer data set, development split; README.md says how
# to get it and lay it out).
# Then the same gaming attacks against both, on the same rubrics.
#
# Usage: bench/calibrate.sh DATA_DIR   (the folder holding unt-cs-dev.jsonl)
# Needs python3 (3.11+, for tomllib); the data set is never copied into this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:?usage: bench/calibrate.sh DATA_DIR (the folder holding unt-cs-dev.jsonl)}"
bank=bench/calibration/unt-cs
answers="$data/unt-cs-dev.jsonl"
[[ -f "$answers" ]] || { echo "no $answers: pass the calibration folder as the first argument" >&2; exit 2; }

cargo build --release --quiet
grill=target/release/grill
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$grill" grade --no-default-bank --bank "$bank" --input "$answers" --output "$work/graded.jsonl"
echo "Pearson r with the average of two human graders (1.0 is perfect agreement):"
python3 bench/plain_matcher.py "$bank" "$answers" "$work/graded.jsonl"
echo
"$grill" calibrate --no-default-bank --bank "$bank" --input "$answers" | sed -n 1,6p
echo
python3 bench/attacks.py "$bank" > "$work/attacks.jsonl"
"$grill" grade --no-default-bank --bank "$bank" --input "$work/attacks.jsonl" --output "$work/attacked.jsonl"
python3 bench/plain_matcher.py "$bank" --attacks "$work/attacks.jsonl" "$work/attacked.jsonl"
