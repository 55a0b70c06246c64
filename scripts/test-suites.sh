#!/usr/bin/env bash
# The integration suite on PGlite (and on PostgreSQL when TEST_DATABASE_URL names a server) and the e2e suite, at
# most two runs at a time (2 cores): the e2e run takes the slot of whichever integration run ends first, instead
# of waiting for both. They share nothing: in-memory PGlite, a database per file or server, ports chosen free.
# Each report is printed whole when its run ends, so they never interleave; the exit status is the worst one.
# Expects the client built (`npm run build`): the e2e servers serve dist/.
set -uo pipefail
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

names=(integration-pglite)
commands=('env -u TEST_DATABASE_URL npx vitest run --project integration')
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  names+=(integration-postgres)
  commands+=('npx vitest run --project integration')
fi
names+=(e2e)
commands+=('npx vitest run --project e2e')
slots=${TEST_SLOTS:-2}

declare -A running=() # pid -> index
started=$(date +%s)
next=0
status=0
while [ "$next" -lt "${#names[@]}" ] || [ "${#running[@]}" -gt 0 ]; do
  while [ "$next" -lt "${#names[@]}" ] && [ "${#running[@]}" -lt "$slots" ]; do
    echo "== ${names[$next]}: started at $(( $(date +%s) - started )) s =="
    bash -c "${commands[$next]}" >"$logs/$next" 2>&1 &
    running[$!]=$next
    next=$((next + 1))
  done
  ended=''
  wait -n -p ended "${!running[@]}"
  code=$?
  [ -n "$ended" ] || continue
  i=${running[$ended]}
  unset "running[$ended]"
  [ "$code" -eq 0 ] || status=1
  echo "== ${names[$i]}: ended at $(( $(date +%s) - started )) s, exit $code =="
  cat "$logs/$i"
done
exit "$status"
