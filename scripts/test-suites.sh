#!/usr/bin/env bash
# The e2e suite, the integration suite on PGlite and (when TEST_DATABASE_URL names a server) on PostgreSQL, all
# three side by side (TEST_SLOTS, default 3, caps how many run at once). The e2e run is the longest and mostly
# waits on its pages and servers (two workers used under one core between them), and each integration run takes
# one file at a time (about one core), so on the 2-core CI machine the three fill both cores instead of the e2e
# run starting only when an integration run ends and then leaving a core idle (session 23: e2e from 425 s to
# 1,464 s, the last 518 s alone). The runs share nothing: in-memory PGlite, a database per file or server, ports
# the kernel picks. Each report is printed whole when its run ends, so they never interleave; the exit status is
# the worst one.
# `--no-e2e` leaves the e2e run out (npm run test:integration); other arguments go to every run (file filters:
# `npm run test:integration -- tokens`). The e2e run expects the client built (`npm run build`).
set -uo pipefail
suites=()
if [ "${1:-}" = --no-e2e ]; then
  shift
else
  suites+=(e2e)
fi
suites+=(pglite)
[ -n "${TEST_DATABASE_URL:-}" ] && suites+=(postgres)
args=("$@")
slots=${TEST_SLOTS:-3}

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
    # `times` in the run's own subshell: the CPU of its process tree (PostgreSQL's backends are not in it).
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
