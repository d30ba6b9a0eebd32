#!/usr/bin/env python3
"""Draw the exchanges of the answer-label gold set (tests/gold/answers/README.md).

Two samples per family, both reproducible from the printed seed:
  random    transcripts drawn at random, then at most --per-event exchanges drawn at random in each,
            until --count exchanges (exchanges without an answer turn are not drawn);
  enriched  exchanges whose answer is short (under --short characters) or contains one of the
            non-answer cues below, drawn at random among all such exchanges of the family's
            transcripts (at most one per transcript, none already in the random sample).

Prints, per exchange, a key (family:source:question_start), the byte offsets and the whole text of
every question and answer paragraph, for a person to read and label.

    tests/gold/answers/sample.py --presser build/release/presser --corpora ../shared/corpora \
        --family whitehouse-en --count 105 --seed 2312071 [--enriched 15]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys

FAMILY_FILES = {
    "whitehouse-en": lambda root: sorted(
        os.path.relpath(os.path.join(d, f), root)
        for d, _, fs in os.walk(os.path.join(root, "whitehouse-en")) for f in fs if f.endswith(".md")),
    "mfa-zh": lambda root: sorted(
        "mfa-zh/pages/" + f for f in os.listdir(os.path.join(root, "mfa-zh", "pages"))),
    "fomc-en": lambda root: sorted(
        "fomc-en/" + f for f in os.listdir(os.path.join(root, "fomc-en")) if f.endswith(".txt")),
    "amlo-es": lambda root: sorted(
        "amlo-es/" + f for f in os.listdir(os.path.join(root, "amlo-es")) if f.endswith(".md")),
}

# Cues of a possible non-answer, used only to enrich the sample (the labels come from reading).
CUES = [
    r"refer you to", r"I'd refer you", r"I would refer you", r"get ahead of", r"don't have anything",
    r"no comment", r"not going to comment", r"won't comment", r"not going to speculate",
    r"not going to weigh in", r"I don't have an update", r"don't have any update", r"not in a position to",
    r"不掌握", r"请向", r"询问", r"我没有可以提供", r"不便", r"没有可以发布", r"建议你向",
    r"no tengo", r"no voy a", r"no me corresponde", r"no hablar", r"no quisiera", r"que lo informe",
    r"wouldn't want to", r"not going to give", r"I'm not going to", r"no comentar",
]
CUE_RE = re.compile("|".join(CUES), re.IGNORECASE)


def parse(presser, corpora, source):
    out = subprocess.run([presser, "parse", "--jsonl", os.path.join(corpora, source)],
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def exchanges_of(events):
    """(questions paragraphs, answers paragraphs) of every exchange that has an answer turn."""
    for event in events:
        turns = {t["id"]: t for t in event["turns"]}
        for x in event["exchanges"]:
            if not x["answers"]:
                continue
            q = [(turns[t].get("speaker"), p) for t in x["questions"] for p in turns[t]["paragraphs"]]
            a = [(turns[t].get("speaker"), p) for t in x["answers"] for p in turns[t]["paragraphs"]]
            names = {s["id"]: (s["name"] or s["aliases"][0] if s["aliases"] else s["name"])
                     for s in event["speakers"]}
            yield q, a, names


def show(family, source, q, a, names, tag):
    print(f"=== {family}:{source}:{q[0][1]['start']} answer_start={a[0][1]['start']} {tag}")
    last = None
    for kind, paras in (("Q", q), ("A", a)):
        for speaker, p in paras:
            who = names.get(speaker, "")
            head = f"{kind} [{who}]" if (kind, who) != last else kind
            last = (kind, who)
            print(f"{head} @{p['start']}: {p['text']}")
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--presser", required=True)
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--family", required=True, choices=sorted(FAMILY_FILES))
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--per-event", type=int, default=3)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--enriched", type=int, default=0)
    ap.add_argument("--short", type=int, default=200,
                    help="answers shorter than this many characters are enrichment candidates (0: cues only)")
    ap.add_argument("--exclude", help="file of family:source:question_start keys already drawn (a top-up draw)")
    args = ap.parse_args()
    excluded = set()
    if args.exclude:
        with open(args.exclude, encoding="utf-8") as f:
            excluded = {tuple(line.strip().split(":", 2)[1:]) for line in f if line.strip()}
    print(f"# seed {args.seed} family {args.family} count {args.count} per-event {args.per_event} "
          f"enriched {args.enriched} short {args.short} exclude {args.exclude or '-'}")
    rng = random.Random(args.seed)
    files = FAMILY_FILES[args.family](args.corpora)
    rng.shuffle(files)
    taken = {(source, int(start)) for source, start in excluded}
    n = 0
    parsed = {}
    for source in files:
        if n >= args.count:
            break
        parsed[source] = list(exchanges_of(parse(args.presser, args.corpora, source)))
        xs = [x for x in parsed[source] if (source, x[0][0][1]["start"]) not in taken]
        for q, a, names in rng.sample(xs, min(args.per_event, len(xs), args.count - n)):
            show(args.family, source, q, a, names, "random")
            taken.add((source, q[0][1]["start"]))
            n += 1
    if args.enriched:
        rng2 = random.Random(args.seed + 1)
        rng2.shuffle(files)
        m = 0
        for source in files:
            if m >= args.enriched:
                break
            if source not in parsed:
                parsed[source] = list(exchanges_of(parse(args.presser, args.corpora, source)))
            cands = [(q, a, names) for q, a, names in parsed[source]
                     if (source, q[0][1]["start"]) not in taken
                     and (sum(len(p["text"]) for _, p in a) < args.short
                          or CUE_RE.search(" ".join(p["text"] for _, p in a)))]
            if cands:
                q, a, names = rng2.choice(cands)
                show(args.family, source, q, a, names, "enriched")
                m += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
