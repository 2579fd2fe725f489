#!/usr/bin/env bash
# Compares the speed of `grill grade` at an earlier revision with the working tree's, in
# alternating runs, so that both see the same load: on a shared machine wall times drift by
# tens of percent between minutes, and only runs taken turn about compare fairly.
#
# Two workloads:
#   - dev:  LINES generated answers (bench/gen_answers.py over the calibration development
#           answers: short answers, calibration rubrics), like bench/speed.sh's 1M run;
#   - bank: the embedded bank's examples and model answers for its five-concept rubrics (long
#           answers, as in the criterion benchmark), repeated up to LINES lines.
# Prints each run's wall and user CPU seconds, then the mean of each side. Checks first that both
# builds write byte-identical output on the workload, and says so when they do not.
#
# Usage: bench/alternate.sh REV [dev|bank] [LINES] [RUNS] [DATA_DIR]
#   (defaults: dev, 1000000, 5, ../shared/calibration). Needs GNU time and python3 3.11+.
#   Builds REV in a temporary git worktree (a first release build takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:?usage: bench/alternate.sh REV [dev|bank] [LINES] [RUNS] [DATA_DIR]}"
kind="${2:-dev}"
lines="${3:-1000000}"
runs="${4:-5}"
data="${5:-../shared/calibration}"
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || {
    echo "bench/alternate.sh: $rev is not a revision of this repository" >&2
    exit 2
}
work="$(mktemp -d)"
cleanup() {
    git worktree remove --force "$work/base" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

case "$kind" in
dev)
    answers="$data/unt-cs-dev.jsonl"
    [[ -f "$answers" ]] || { echo "bench/alternate.sh: no $answers: pass the calibration folder as DATA_DIR" >&2; exit 2; }
    python3 bench/gen_answers.py "$answers" "$lines" >"$work/in.jsonl"
    args=(--no-default-bank --bank bench/calibration/unt-cs)
    ;;
bank)
    python3 - "$lines" >"$work/in.jsonl" <<'PY'
import glob, json, sys, tomllib
want = int(sys.argv[1])
answers = []
for path in sorted(glob.glob("rubrics/*.toml")):
    with open(path, "rb") as f:
        for rubric in tomllib.load(f)["rubric"]:
            if len(rubric["concepts"]) != 5:
                continue
            texts = [e["answer"] for e in rubric.get("examples", [])]
            if rubric.get("model_answer"):
                texts.append(rubric["model_answer"])
            answers += [(rubric["question"], t) for t in texts]
for i in range(want):
    question, answer = answers[i % len(answers)]
    print(json.dumps({"id": f"bank/{i}", "question": question, "answer": answer}))
PY
    args=()
    ;;
*)
    echo "bench/alternate.sh: workload is dev or bank, not $kind" >&2
    exit 2
    ;;
esac

cargo build --release --quiet
git worktree add --quiet --detach "$work/base" "$rev"
(cd "$work/base" && CARGO_TARGET_DIR="$work/target" cargo build --release --quiet --bin grill)
base="$work/target/release/grill"
head=target/release/grill

grade() { "$1" grade "${args[@]}" --input "$work/in.jsonl" --output -; }
if cmp -s <(grade "$base") <(grade "$head"); then
    echo "== output byte-identical on $(wc -l <"$work/in.jsonl") $kind answers"
else
    echo "== output DIFFERS between $rev and the working tree on the $kind workload"
fi

echo "== $runs alternating runs each, $kind workload ($lines lines): wall s, user CPU s"
for ((i = 1; i <= runs; i++)); do
    for side in base head; do
        bin="$base"
        [[ "$side" == head ]] && bin="$head"
        /usr/bin/time -f "$side %e %U" -o "$work/time" "$bin" grade "${args[@]}" \
            --input "$work/in.jsonl" --output - >/dev/null
        tee -a "$work/times" <"$work/time"
    done
done
awk '{wall[$1] += $2; cpu[$1] += $3; n[$1]++}
     END {for (s in n) printf "%s mean: %.2f s wall, %.2f s user CPU\n", s, wall[s] / n[s], cpu[s] / n[s]}' \
    "$work/times" | sort
