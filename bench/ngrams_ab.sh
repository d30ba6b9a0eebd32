#!/bin/bash
# Before/after timing of the n-gram jobs: runs two colloc_bench binaries alternately, one run per process
# (so load drifts hit both alike), pinned to CPUs 0-1, and prints p50/p95 wall time, mean CPU time
# (user+sys) and the largest peak RSS of each.
#
#   bench/ngrams_ab.sh BEFORE/colloc_bench AFTER/colloc_bench INDEX_DIR ngrams|ngrams10m [RUNS=20]
set -euo pipefail
before=$1 after=$2 index=$3 job=$4 runs=${5:-20}
out=$(mktemp -d)
for ((run = 0; run <= runs; ++run)); do
    for side in before after; do
        binary=$before; [[ $side == after ]] && binary=$after
        # colloc_bench prints: job, runs, p50 ms, p95 ms, peak RSS MB, detail; time adds user and sys seconds
        line=$( { /usr/bin/time -f '%U %S' taskset -c 0,1 "$binary" "$index" "$job" 1 2>&3; } 3>&1 )
        [[ $run == 0 ]] && continue  # the first run of each warms the page cache
        echo "$line" | tr '\n' '\t' >> "$out/$side"
        echo >> "$out/$side"
    done
done
for side in before after; do
    sort -t$'\t' -k3,3n "$out/$side" | awk -F'\t' -v side=$side '
        { ms[NR] = $3; rss = ($5 > rss ? $5 : rss); split($7, t, " "); cpu += t[1] + t[2]; detail = $6 }
        END { p50 = ms[int(0.5 * (NR - 1) + 1.5)]; p95 = ms[int(0.95 * (NR - 1) + 1.5)];
              printf "%-6s runs %d  p50 %.0f ms  p95 %.0f ms  CPU %.2f s/run  peak RSS %d MB  (%s)\n", side, NR, p50, p95, cpu / NR, rss, detail }'
done
rm -r "$out"
