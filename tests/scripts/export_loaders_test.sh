#!/usr/bin/env bash
# The CSV/TSV exports (docs/export.md) load in pandas and in R as the users of those tools load them, with one
# row per turn, exchange or hit, and every text intact: the shipped sample indexed, exported, read back by
# pandas.read_csv and R's read.csv/read.delim, and compared with presser's own counts and with the hit texts.
#   export_loaders_test.sh PRESSER SAMPLES
set -euo pipefail
presser=${1:?usage: export_loaders_test.sh PRESSER SAMPLES}
samples=${2:?usage: export_loaders_test.sh PRESSER SAMPLES}
# Debian's interpreter: pandas comes from the python3-pandas package (scripts/install-deps), whatever python3
# the environment puts first on the PATH.
python=/usr/bin/python3
scratch=$(mktemp -d /tmp/presser-export-loaders.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

"$presser" index build --index "$scratch/idx" "$samples" >/dev/null
info=$("$presser" index info --index "$scratch/idx" --json)
turns=$("$python" -c 'import json,sys; print(json.load(sys.stdin)["regions"]["turn"])' <<<"$info")
exchanges=$("$python" -c 'import json,sys; print(json.load(sys.stdin)["regions"]["exchange"])' <<<"$info")
hits=$("$presser" query --index "$scratch/idx" '[lower="the"]' --count | grep -Eo '^[0-9]+' | head -1)
[ "$turns" -gt 0 ] && [ "$exchanges" -gt 0 ] && [ "$hits" -gt 0 ] || { echo "empty sample index: $info"; exit 1; }

"$presser" export --index "$scratch/idx" --format csv-turns --out "$scratch/turns.csv"
"$presser" export --index "$scratch/idx" --format tsv-turns --out "$scratch/turns.tsv"
"$presser" export --index "$scratch/idx" --format csv-exchanges --out "$scratch/exchanges.csv"
"$presser" export --index "$scratch/idx" --format csv-hits --cql '[lower="the"]' --context 3 --out "$scratch/hits.csv"

"$python" - "$scratch" "$turns" "$exchanges" "$hits" <<'PY'
import sys
import pandas as pd
folder, turns, exchanges, hits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t = pd.read_csv(f"{folder}/turns.csv", keep_default_na=False)
tsv = pd.read_csv(f"{folder}/turns.tsv", sep="\t", keep_default_na=False)
x = pd.read_csv(f"{folder}/exchanges.csv", keep_default_na=False)
h = pd.read_csv(f"{folder}/hits.csv", keep_default_na=False)
assert len(t) == turns, (len(t), turns)
assert len(tsv) == turns, (len(tsv), turns)
assert len(x) == exchanges, (len(x), exchanges)
assert len(h) == hits, (len(h), hits)
assert list(t.columns) == list(tsv.columns), (list(t.columns), list(tsv.columns))
assert (t["text"] == tsv["text"]).all(), "CSV and TSV texts differ"
assert (t["tokens"].astype(int) > 0).sum() > 0
assert set(h["match"].str.lower()) == {"the"}, set(h["match"])
multi = t[t["text"].str.contains("\n\n")]
assert len(multi) > 0, "no turn of several paragraphs came back whole"
print(f"pandas {pd.__version__}: {len(t)} turns (CSV and TSV), {len(x)} exchanges, {len(h)} hits")
PY

Rscript --vanilla - "$scratch" "$turns" "$exchanges" "$hits" <<'R'
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]; turns <- as.integer(args[2]); exchanges <- as.integer(args[3]); hits <- as.integer(args[4])
read <- function(name, ...) read.csv(file.path(folder, name), encoding = "UTF-8", stringsAsFactors = FALSE, check.names = FALSE, ...)
t <- read("turns.csv")
tsv <- read.delim(file.path(folder, "turns.tsv"), encoding = "UTF-8", stringsAsFactors = FALSE, quote = "\"", check.names = FALSE)
x <- read("exchanges.csv")
h <- read("hits.csv")
stopifnot(nrow(t) == turns, nrow(tsv) == turns, nrow(x) == exchanges, nrow(h) == hits)
stopifnot(identical(t$text, tsv$text), all(tolower(h$match) == "the"), any(grepl("\n\n", t$text, fixed = TRUE)))
cat(sprintf("%s: %d turns (CSV and TSV), %d exchanges, %d hits\n", R.version.string, nrow(t), nrow(x), nrow(h)))
R
