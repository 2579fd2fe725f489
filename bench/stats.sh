#!/usr/bin/env bash
# How long `grill stats` takes over a long practice history: SESSIONS journals of 5 answers each
# (5 real practice sessions on the embedded bank, copied with start times 12 hours apart), with
# the review cache warm and with --rebuild (every journal read, every review replayed).
# Usage: bench/stats.sh [SESSIONS]   (default 500). Needs hyperfine and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
sessions="${1:-500}"
cargo build --release --quiet
grill="$PWD/target/release/grill"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export GRILL_HOME="$home" NO_COLOR=1
answers='A cache keeps data in memory so reads are faster; entries expire after a TTL and we delete the key on write.
.
/skip
An index finds rows without a full scan but slows writes.
.
/skip
I am not sure.
.
/skip
It depends on the isolation level and locks.
.
/skip
Use a queue with retries and idempotency keys.
.
/skip'
for seed in 1 2 3 4 5; do
    printf '%s\n' "$answers" | "$grill" practice --count 5 --seed "$seed" >/dev/null
    sleep 1 # one session id per second
done
python3 - "$home/sessions" "$sessions" <<'PY'
import glob, json, os, sys, time
folder, wanted = sys.argv[1], int(sys.argv[2])
sources = sorted(glob.glob(os.path.join(folder, "*.jsonl")))
texts = [open(p).read().splitlines() for p in sources]
for p in sources:
    os.remove(p)
base = int(time.time()) - wanted * 43200
for n in range(wanted):
    lines = list(texts[n % len(texts)])
    start = json.loads(lines[0])
    start["started"] = base + n * 43200
    start["id"] = time.strftime("%Y%m%d-%H%M%S", time.gmtime(start["started"])) + f"-{n}"
    lines[0] = json.dumps(start)
    path = os.path.join(folder, start["id"] + ".jsonl")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
PY
echo "== grill stats over $sessions sessions ($(du -sh "$home/sessions" | cut -f1) of journals)"
hyperfine --warmup 2 --runs 10 --style basic \
    "$grill stats --output - >/dev/null" \
    "$grill stats --rebuild --output - >/dev/null"
