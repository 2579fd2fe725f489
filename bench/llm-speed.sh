#!/usr/bin/env bash
# Batch throughput of the LLM judge: `grill grade --llm --jobs 32` over 1,000 answers against a
# chat-completions server on 127.0.0.1 that answers every request after 200 ms (target: < 10 s,
# that is, the requests really are 32 in flight). The server is bench/llm_stub_server.py, started
# and stopped here; it counts the most requests it saw in flight at once.
# Usage: bench/llm-speed.sh [ANSWERS] [JOBS] [DELAY_MS]   (defaults: 1000, 32, 200).
# GRILL=path/to/grill uses that binary instead of building a release one.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
jobs="${2:-32}"
delay="${3:-200}"
if [[ -z "${GRILL:-}" ]]; then
    cargo build --release --quiet
    GRILL=target/release/grill
fi
work="$(mktemp -d)"
python3 bench/llm_stub_server.py "$delay" "$work/port" "$work/stats" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.1; done
python3 - "$n" >"$work/in.jsonl" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"id": i, "question": "db-acid",
                      "answer": f"A transaction either lands completely or leaves no trace ({i})."}))
PY
export GRILL_HOME="$work/home" GRILL_LLM_BASE_URL="http://127.0.0.1:$(cat "$work/port")/v1" \
       GRILL_LLM_MODEL=stub
echo "== grill grade --llm --jobs $jobs over $n answers, server delay ${delay} ms"
start=$(date +%s.%N)
"$GRILL" grade --llm --jobs "$jobs" --input "$work/in.jsonl" --output - >"$work/out.jsonl"
end=$(date +%s.%N)
python3 - "$work/out.jsonl" "$start" "$end" "$n" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ids = [l["id"] for l in lines]
assert ids == list(range(int(sys.argv[4]))), "results out of input order"
fallbacks = sum("fallback" in l for l in lines)
print(f"{len(lines)} graded in input order, {fallbacks} fallbacks, "
      f"wall {float(sys.argv[3]) - float(sys.argv[2]):.2f} s")
PY
kill -USR1 $server 2>/dev/null || true
sleep 0.3
cat "$work/stats" 2>/dev/null || true
