#!/usr/bin/env python3
"""The baseline for bench/calibrate.sh: a plain keyword matcher on the same rubrics.

Lowercase words, common suffixes stripped, a phrase's words in order with up to two words
between; no typo tolerance, no negation, no defences.

  plain_matcher.py BANK HUMAN.jsonl [GRILL.jsonl]   Pearson r with the human grades, for the
                                                     plain matcher and for grill's graded lines
  plain_matcher.py BANK --attacks ATTACKS.jsonl GRILL.jsonl
                                                     how many gaming attacks pass under each
"""
import json
import re
import sys
import tomllib
from pathlib import Path
from statistics import correlation

SUFFIXES = ("ing", "es", "ed", "ly", "s")


def words(text):
    out = []
    for w in re.findall(r"[a-z0-9]+", text.lower()):
        for suffix in SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
        out.append(w)
    return out


def contains(answer, phrase):
    """The phrase's words in order, at most two other words between consecutive ones."""
    if not phrase:
        return False

    def match_from(i, j):
        if j == len(phrase):
            return True
        for k in range(i, min(len(answer), i + 3)):
            if answer[k] == phrase[j] and match_from(k + 1, j + 1):
                return True
        return False

    return any(answer[s] == phrase[0] and match_from(s + 1, 1) for s in range(len(answer)))


def score(rubric, answer_text):
    answer = words(answer_text)
    total = sum(c.get("weight", 1) for c in rubric["concepts"])
    credited = sum(
        c.get("weight", 1)
        for c in rubric["concepts"]
        if any(contains(answer, words(p)) for p in c["any"])
    )
    penalty = sum(
        m["penalty"]
        for m in rubric.get("misconceptions", [])
        if any(contains(answer, words(p)) for p in m["any"])
    )
    return max(0, min(100, round(100 * credited / total) - penalty))


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def attacks(rubrics, attack_file, grill_file):
    rows = read_jsonl(attack_file)
    grill = {g["id"]: g["pass"] for g in read_jsonl(grill_file)}
    kinds = {}
    for row in rows:
        kind = row["id"].split("/", 1)[1]
        rubric = rubrics[row["question"]]
        plain_pass = score(rubric, row["answer"]) >= rubric.get("pass_mark", 60)
        counts = kinds.setdefault(kind, [0, 0, 0])
        counts[0] += 1
        counts[1] += plain_pass
        counts[2] += grill[row["id"]]
    print(f"{'gaming attack':28} {'answers':>7} {'plain passes':>13} {'grill passes':>13}")
    for kind, (n, plain, ours) in kinds.items():
        print(f"{kind:28} {n:>7} {plain:>13} {ours:>13}")


def main():
    bank = Path(sys.argv[1])
    rubrics = {}
    for path in sorted((bank / "rubrics").glob("*.toml")):
        for rubric in tomllib.loads(path.read_text())["rubric"]:
            rubrics[rubric["question"]] = rubric
    if sys.argv[2] == "--attacks":
        attacks(rubrics, sys.argv[3], sys.argv[4])
        return
    data = Path(sys.argv[2])
    rows = [json.loads(line) for line in data.read_text().splitlines() if line.strip()]
    human = [row["human"] for row in rows]
    plain = [score(rubrics[row["question"]], row["answer"]) for row in rows]
    print(f"plain keyword matcher  r = {correlation(plain, human):.3f}  (n = {len(rows)})")
    if len(sys.argv) > 3:
        graded = [json.loads(line) for line in Path(sys.argv[3]).read_text().splitlines() if line.strip()]
        by_id = {g["id"]: g["score"] for g in graded}
        grill = [by_id[row["id"]] for row in rows]
        print(f"grill rubric scorer    r = {correlation(grill, human):.3f}  (n = {len(rows)})")


if __name__ == "__main__":
    main()
