#!/usr/bin/env bash
# The integration suite on PGlite and (when TEST_DATABASE_URL names a server) on PostgreSQL, then the e2e suite, at
# most two runs at a time (TEST_SLOTS, default 2): the e2e run takes the slot of whichever integration run ends
# first. Session 24 tried the e2e run first, beside the PostgreSQL run: on a quiet 2-core machine that took 1,670 s
# (the PostgreSQL run 1,012 s beside e2e instead of 425 s beside PGlite, then PGlite 581 s alone), and in each of
# two runs one e2e test ran out its 20 s poll at load ≈ 14 (first-day's crews, errors-and-language's switch); this
# order ran green in 1,593 s (session 23). TEST_SLOTS=3 runs all three at once: on a machine loaded to 11–30 two
# tests then failed (one on its 90 s timeout). The runs share nothing: in-memory PGlite, a database per file or
# server, ports the kernel picks. Each report is printed whole when its run ends, so they never interleave; the
# exit status is the worst one.
# `--no-e2e` leaves the e2e run out (npm run test:integration); other arguments go to every run (file filters:
# `npm run test:integration -- tokens`). The e2e run expects the client built (`npm run build`).
set -uo pipefail
suites=(pglite)
[ -n "${TEST_DATABASE_URL:-}" ] && suites+=(postgres)
if [ "${1:-}" = --no-e2e ]; then
  shift
else
  suites+=(e2e)
fi
args=("$@")
slots=${TEST_SLOTS:-2}

run() {
  case "$1" in
    pglite) env -u TEST_DATABASE_URL npx vitest run --project integration "${args[@]}" ;;
    postgres) npx vitest run --project integration "${args[@]}" ;;
    e2e) npx vitest run --project e2e "${args[@]}" ;;
  esac
}

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
declare -A running=() # pid -> suite
started=$(date +%s)
next=0
status=0
while [ "$next" -lt "${#suites[@]}" ] || [ "${#running[@]}" -gt 0 ]; do
  while [ "$next" -lt "${#suites[@]}" ] && [ "${#running[@]}" -lt "$slots" ]; do
    name=${suites[$next]}
    echo "== ${name}: started at $(($(date +%s) - started)) s =="
    # `times` in the run's own subshell: the CPU of the processes its tree reaped — not PostgreSQL's backends, nor
    # an e2e worker's Chromium, which outlives the worker (helpers/browser.ts) and is reaped by init.
    (
      run "$name"
      code=$?
      times >"$logs/$name.cpu"
      exit "$code"
    ) >"$logs/$name" 2>&1 &
    running[$!]=$name
    next=$((next + 1))
  done
  ended=''
  wait -n -p ended "${!running[@]}"
  code=$?
  [ -n "$ended" ] || continue
  name=${running[$ended]}
  unset "running[$ended]"
  [ "$code" -eq 0 ] || status=1
  echo "== ${name}: ended at $(($(date +%s) - started)) s, exit ${code}, CPU (user sys) $(tail -n 1 "$logs/$name.cpu" 2>/dev/null) =="
  cat "$logs/$name"
done
exit "$status"
