#!/usr/bin/env bash
# The README's main command (scripts/demo) starts, serves the UI at /, answers a search, and stops cleanly
# on SIGTERM. It reuses the preset this test was built with and indexes the shipped sample, so that it
# costs seconds, not a release build and a 17M-token ingest.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
preset=${1:?usage: demo_command_test.sh PRESET}
scratch=$(mktemp -d /tmp/presser-demo-test.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

PRESSER_DEMO_PRESET=$preset PRESSER_DEMO_INDEX=$scratch/index PRESSER_DEMO_CORPUS=$root/samples \
  PRESSER_DEMO_PORT=$port "$root/scripts/demo" >"$scratch/out" 2>&1 &
pid=$!

for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$port/api/info" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "demo exited before serving:"; cat "$scratch/out"; exit 1; }
  sleep 0.5
done

page=$(curl -fsS "http://127.0.0.1:$port/")
grep -qi '<html' <<<"$page" || { echo "/ did not serve the UI: $page"; exit 1; }
answer=$(curl -fsS "http://127.0.0.1:$port/api/search?q=harbour&limit=3")
total=$(python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["total"] > 0 and len(r["hits"]) > 0, r; print(r["total"])' <<<"$answer")
echo "demo served / and a search with $total hits"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || { echo "demo did not stop cleanly (exit $status):"; tail -20 "$scratch/out"; exit 1; }
echo "demo stopped cleanly"
