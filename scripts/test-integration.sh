#!/usr/bin/env bash
# The integration suite on PGlite, and on PostgreSQL too when TEST_DATABASE_URL names a server. Each run takes one
# file at a time, so it keeps about one core busy: the two runs go side by side instead of one after the other
# (they share nothing: in-memory PGlite on one side, a database per file on the other, ports chosen free).
# Each report is printed whole (PGlite first), so the two never interleave; the exit status is the worse one.
# Arguments go to both runs (file filters: `npm run test:integration -- tokens`).
set -uo pipefail
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

names=(pglite)
env -u TEST_DATABASE_URL npx vitest run --project integration "$@" >"$logs/pglite" 2>&1 &
pids=($!)
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  names+=(postgres)
  npx vitest run --project integration "$@" >"$logs/postgres" 2>&1 &
  pids+=($!)
fi
echo "== integration on ${names[*]} (side by side; the reports follow when the runs end) =="

status=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
  echo "== integration on ${names[$i]} =="
  cat "$logs/${names[$i]}"
done
exit "$status"
