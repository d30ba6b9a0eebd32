#!/usr/bin/env python3
"""Validate the answer-label gold files against presser's parse of the sources (README.md: "Validation").

For every row: the source exists; `question_start` is the start of the first paragraph of an exchange's
first question turn in `presser parse --jsonl SOURCE`; `answer_start` (when not empty) is the start of an
answer paragraph of that exchange; `label` and `split` take their documented values; `phrase` is set exactly
for deflected/refused rows and is a substring of the text of one of that exchange's answer paragraphs.
Also: the header, no duplicate rows, and that the split matches assign_split.py's seeded assignment.

    tests/gold/answers/check.py --presser build/debug/presser [--corpora ../shared/corpora] [--counts] [DIR]

Exits 1 and names file, line and the problem for every row that fails; 0 when all pass.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import assign_split  # noqa: E402

LABELS = ("answered", "partly", "deflected", "refused")
SPLITS = ("dev", "test")


def parse(presser, *paths):
    result = subprocess.run([presser, "parse", "--jsonl", *paths], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"presser parse failed ({result.returncode}): {result.stderr.strip()[:300]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def exchanges_by_question_start(events):
    """{first question paragraph start: [answer paragraphs]} over all events of a source."""
    index = {}
    for event in events:
        turns = {t["id"]: t for t in event["turns"]}
        for x in event["exchanges"]:
            first = turns[x["questions"][0]]["paragraphs"]
            if not first:
                continue
            index[first[0]["start"]] = [p for a in x["answers"] for p in turns[a]["paragraphs"]]
    return index


def parse_all(folder, presser, corpora):
    """{source: exchange index, or the error text} for every source named in the gold files, parsed in parallel."""
    sources = set()
    for family in assign_split.FAMILIES:
        with open(os.path.join(folder, family + ".tsv"), encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) == len(assign_split.COLUMNS) and fields[0] != "source" and not line.startswith("#"):
                    sources.add(fields[0])

    def one(source):
        path = os.path.join(corpora, source)
        if not os.path.isfile(path):
            return f"source file not found: {path}"
        try:
            return exchanges_by_question_start(parse(presser, path))
        except RuntimeError as e:
            return str(e)

    def batch(chunk):
        """One presser process for many sources (its start-up costs more than a transcript's parse); a
        failing batch is parsed again file by file, so that each error names its own source."""
        paths = {os.path.join(corpora, source): source for source in chunk}
        if not all(os.path.isfile(path) for path in paths):
            return {source: one(source) for source in chunk}
        try:
            events = parse(presser, *paths)
        except RuntimeError:
            return {source: one(source) for source in chunk}
        by_source = {source: [] for source in chunk}
        for event in events:
            by_source[paths[event["source"]]].append(event)
        return {source: exchanges_by_question_start(evs) for source, evs in by_source.items()}

    ordered = sorted(sources)
    workers = os.cpu_count() or 2
    chunks = [ordered[i::workers * 4] for i in range(workers * 4)]
    result = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(batch, [c for c in chunks if c]):
            result.update(part)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--presser", required=True)
    ap.add_argument("--corpora", help="default: ../shared/corpora from the project root")
    ap.add_argument("--counts", action="store_true", help="print rows per family x label x split")
    args = ap.parse_args()
    corpora = args.corpora or os.path.normpath(
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "corpora"))
    if not os.path.isdir(corpora):
        print(f"corpora folder not found: {corpora} (give --corpora)")
        return 2

    errors = []
    counts = collections.Counter()
    parsed = parse_all(args.dir, args.presser, corpora)
    for family in assign_split.FAMILIES:
        path = os.path.join(args.dir, family + ".tsv")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        header_seen = False
        rows = []
        seen = set()
        for lineno, line in enumerate(lines, 1):
            if not line or (line.startswith("#") and not header_seen):
                continue
            fields = line.split("\t")
            if not header_seen:
                if fields != assign_split.COLUMNS:
                    errors.append(f"{path}:{lineno}: header {fields}, expected {assign_split.COLUMNS}")
                    break
                header_seen = True
                continue
            where = f"{path}:{lineno}"
            if len(fields) != len(assign_split.COLUMNS):
                errors.append(f"{where}: {len(fields)} fields, expected {len(assign_split.COLUMNS)}")
                continue
            row = dict(zip(assign_split.COLUMNS, fields))
            rows.append(row)
            problems = []
            if not row["source"].startswith(family + "/"):
                problems.append(f"source {row['source']!r} is not in {family}/")
            if row["label"] not in LABELS:
                problems.append(f"label {row['label']!r}, expected one of {LABELS}")
            if row["split"] not in SPLITS:
                problems.append(f"split {row['split']!r}, expected one of {SPLITS}")
            if not row["question_start"].isdigit() or (row["answer_start"] and not row["answer_start"].isdigit()):
                problems.append("question_start/answer_start must be byte offsets (digits; answer_start may be empty)")
            wants_phrase = row["label"] in ("deflected", "refused")
            if wants_phrase != bool(row["phrase"]):
                problems.append("phrase must be set for deflected/refused rows and empty otherwise")
            key = (row["source"], row["question_start"])
            if key in seen:
                problems.append("duplicate row for this source and question_start")
            seen.add(key)
            if problems:
                errors.extend(f"{where}: {p}" for p in problems)
                continue
            index = parsed[row["source"]]
            if isinstance(index, str):
                errors.append(f"{where}: {index}")
                continue
            answers = index.get(int(row["question_start"]))
            if answers is None:
                errors.append(f"{where}: no exchange's first question paragraph starts at byte {row['question_start']}")
                continue
            if row["answer_start"]:
                if int(row["answer_start"]) not in {p["start"] for p in answers}:
                    errors.append(f"{where}: answer_start {row['answer_start']} is not an answer paragraph of the exchange")
                    continue
            elif answers:
                errors.append(f"{where}: answer_start is empty but the exchange has answer paragraphs")
                continue
            if wants_phrase and not any(row["phrase"] in p["text"] for p in answers):
                errors.append(f"{where}: phrase {row['phrase']!r} is not in the text of any answer paragraph")
                continue
            counts[(family, row["label"], row["split"])] += 1
        if header_seen:
            split = assign_split.assign(rows, family)
            wrong = sum(1 for r in rows if split[(r["source"], int(r["question_start"]))] != r["split"])
            if wrong:
                errors.append(f"{path}: {wrong} rows differ from the seeded split (run assign_split.py)")
        else:
            errors.append(f"{path}: no header row")

    if args.counts:
        print("family\tlabel\tdev\ttest")
        for family in assign_split.FAMILIES:
            for label in LABELS:
                print(f"{family}\t{label}\t{counts[(family, label, 'dev')]}\t{counts[(family, label, 'test')]}")
    for e in errors:
        print(e)
    print(f"{sum(counts.values())} rows valid, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
