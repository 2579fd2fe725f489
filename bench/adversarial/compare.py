#!/usr/bin/env python3
"""Per category of the blind adversarial set: the share of answers scored within the band a fair
interviewer fixed before any scoring, for grill and for the plain keyword matcher.

  compare.py ANSWERS.jsonl GRILL.jsonl BANK_DIR...
"""
import json
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from plain_matcher import score as plain_score  # noqa: E402


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def main():
    answers = read_jsonl(sys.argv[1])
    grill = {g["id"]: g for g in read_jsonl(sys.argv[2])}
    rubrics = {}
    for bank in sys.argv[3:]:
        for path in sorted((Path(bank) / "rubrics").glob("*.toml")):
            for rubric in tomllib.loads(path.read_text())["rubric"]:
                rubrics[rubric["question"]] = rubric
    rows = {}
    for a in answers:
        lo, hi = a["band"]
        g = grill.get(a["id"])
        ours = g["score"] if g else None
        plain = plain_score(rubrics[a["question"]], a["answer"])
        r = rows.setdefault(a["category"], [0, 0, 0])
        r[0] += 1
        r[1] += lo <= plain <= hi
        r[2] += ours is not None and lo <= ours <= hi
    print(f"{'category':18} {'answers':>7} {'plain in band':>14} {'grill in band':>14}")
    tot = [0, 0, 0]
    for cat, (n, p, o) in rows.items():
        tot = [tot[0] + n, tot[1] + p, tot[2] + o]
        print(f"{cat:18} {n:>7} {100*p/n:>13.0f}% {100*o/n:>13.0f}%")
    n, p, o = tot
    print(f"{'all':18} {n:>7} {100*p/n:>13.0f}% {100*o/n:>13.0f}%")
    if "--worst" in sys.argv:
        pass


if __name__ == "__main__":
    main()
