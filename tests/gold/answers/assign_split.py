#!/usr/bin/env python3
"""Set the `split` column of the answer-label gold files (README.md: "Split").

Stratified: per family, sample (random, or enriched: note starting with "enriched") and label, the rows
are put in (source, question_start) order, shuffled with random.Random(f"{SEED}:{family}:{sample}:{label}")
and the first third (rounded) is `dev`, the rest `test`. Idempotent: rewrites only the split column.

    tests/gold/answers/assign_split.py [--check] [DIR]
"""
import argparse
import os
import random
import sys

SEED = 2312073
FAMILIES = ("whitehouse-en", "mfa-zh", "fomc-en", "amlo-es")
COLUMNS = ["source", "question_start", "answer_start", "label", "phrase", "split", "note"]


def assign(rows, family):
    split = {}
    groups = {}
    for r in rows:
        sample = "enriched" if r["note"].startswith("enriched") else "random"
        groups.setdefault((sample, r["label"]), []).append((r["source"], int(r["question_start"])))
    for (sample, label), keys in sorted(groups.items()):
        keys.sort()
        random.Random(f"{SEED}:{family}:{sample}:{label}").shuffle(keys)
        n_dev = round(len(keys) / 3)
        for i, key in enumerate(keys):
            split[key] = "dev" if i < n_dev else "test"
    return split


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--check", action="store_true", help="only report rows whose split differs")
    args = ap.parse_args()
    differing = 0
    for family in FAMILIES:
        path = os.path.join(args.dir, family + ".tsv")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        comments = [line for line in lines if line.startswith("#")]
        body = [line for line in lines if line and not line.startswith("#")]
        if body[0].split("\t") != COLUMNS:
            sys.exit(f"{path}: header is {body[0]!r}, expected {chr(9).join(COLUMNS)!r}")
        rows = [dict(zip(COLUMNS, line.split("\t"))) for line in body[1:]]
        split = assign(rows, family)
        for r in rows:
            want = split[(r["source"], int(r["question_start"]))]
            if r["split"] != want:
                differing += 1
                r["split"] = want
        if not args.check:
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(comments + [body[0]] + ["\t".join(r[c] for c in COLUMNS) for r in rows]) + "\n")
    if args.check and differing:
        print(f"{differing} rows have a split other than the seeded assignment")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
