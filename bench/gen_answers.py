#!/usr/bin/env python3
"""Writes N graded-answer lines for `grill grade` speed runs: real development answers of the
calibration set, each made unique (its sentences rotated, a numbered remark added) so that no
cache could serve a repeat.

  gen_answers.py ANSWERS.jsonl N > out.jsonl
"""
import json
import re
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
n = int(sys.argv[2])
out = sys.stdout
for i in range(n):
    row = rows[i % len(rows)]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", row["answer"]) if s]
    k = (i // len(rows)) % max(1, len(sentences))
    answer = " ".join(sentences[k:] + sentences[:k]) + f" Remark {i}."
    out.write(json.dumps({"id": f"gen/{i}", "question": row["question"], "answer": answer}) + "\n")
