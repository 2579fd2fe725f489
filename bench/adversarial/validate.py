#!/usr/bin/env python3
"""Checks the blind adversarial set: format, categories, bands and coverage."""
import json, collections, sys
from pathlib import Path
HERE = Path(__file__).resolve().parent
P = {}
for l in open(HERE / 'prompts.jsonl'):
    d = json.loads(l); P[d['question']] = d
CATS = ["natural-strong","wrong-definitions","name-only","reversed","stuffed","partial","negated","terse-correct","injection","restated"]
errs = []; rows = []
for n, l in enumerate(open(HERE / 'answers.jsonl'), 1):
    try: r = json.loads(l)
    except Exception as e: errs.append(f"line {n}: bad json {e}"); continue
    rows.append(r)
    if set(r) != {"id","question","category","answer","band"}: errs.append(f"line {n}: keys {sorted(r)}")
    if r.get("id") != f"adv-{n:03d}": errs.append(f"line {n}: id {r.get('id')}")
    if r.get("question") not in P: errs.append(f"line {n}: unknown question {r.get('question')}")
    if r.get("category") not in CATS: errs.append(f"line {n}: bad category {r.get('category')}")
    b = r.get("band")
    if not (isinstance(b, list) and len(b) == 2 and all(isinstance(x, int) for x in b) and 0 <= b[0] <= b[1] <= 100):
        errs.append(f"line {n}: bad band {b}")
    elif b[1] - b[0] < 25 or b == [0, 100]: errs.append(f"line {n}: band width {b}")
    if not r.get("answer", "").strip(): errs.append(f"line {n}: empty answer")
cc = collections.Counter(r["category"] for r in rows)
qs = {r["question"] for r in rows}
cal = {q for q in qs if P.get(q, {}).get("bank") == "calibration"}
emb = {q for q in qs if P.get(q, {}).get("bank") == "embedded"}
topics = {P[q]["topic"] for q in emb}; tiers = {P[q]["tier"] for q in emb}
percat = collections.defaultdict(set)
for r in rows: percat[r["question"]].add(r["category"])
for q, s in percat.items():
    if not 3 <= len(s) <= 7: errs.append(f"{q}: {len(s)} categories")
for c in CATS:
    if cc[c] < 22: errs.append(f"category {c}: only {cc[c]}")
if len(rows) < 240: errs.append(f"only {len(rows)} answers")
if len(qs) < 48: errs.append(f"only {len(qs)} questions")
if len(cal) < 8: errs.append(f"only {len(cal)} calibration questions")
if len(topics) < 11 or len(tiers) < 3: errs.append(f"embedded coverage topics={len(topics)} tiers={tiers}")
print("answers:", len(rows))
for c in CATS: print(f"  {c:18s} {cc[c]}")
print("distinct questions:", len(qs), f"(embedded {len(emb)} over {len(topics)} topics, tiers {sorted(tiers)}; calibration {len(cal)})")
print("errors:", len(errs)); [print("  ", e) for e in errs]
sys.exit(1 if errs else 0)
