#!/usr/bin/env bash
# The blind adversarial set (bench/adversarial/answers.jsonl): per category, the share of answers
# grill scores inside the band a fair interviewer fixed before any scoring, beside the plain
# keyword matcher on the same rubrics. Needs python3 3.11+.
#
# Usage: bench/adversarial.sh [--misses]   (--misses also lists grill's answers outside their band)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -c '
import json, sys
for line in open("bench/adversarial/answers.jsonl"):
    a = json.loads(line)
    print(json.dumps({"id": a["id"], "question": a["question"], "answer": a["answer"]}))
' > "$work/in.jsonl"
target/release/grill grade --bank bench/calibration/unt-cs --input "$work/in.jsonl" --output "$work/graded.jsonl"
python3 bench/adversarial/compare.py bench/adversarial/answers.jsonl "$work/graded.jsonl" . bench/calibration/unt-cs
if [[ "${1:-}" == "--misses" ]]; then
  python3 - "$work/graded.jsonl" <<'PY'
import json, sys
graded = {g["id"]: g for g in map(json.loads, open(sys.argv[1]))}
for line in open("bench/adversarial/answers.jsonl"):
    a = json.loads(line)
    g = graded[a["id"]]
    lo, hi = a["band"]
    if not lo <= g["score"] <= hi:
        print(f'{a["id"]} {a["category"]:17} {a["question"]:28} band {lo}-{hi} grill {g["score"]}')
PY
fi
