#!/usr/bin/env bash
# What `npm test` runs before the suites: the typecheck alongside lint, unit+solver tests and the client build.
# tsc is one thread for about a minute and the rest is another, so side by side they take the longer of the two
# instead of the sum. The typecheck's report is printed whole when both are done; the exit status is the worst.
set -uo pipefail
started=$(date +%s)
typecheck_log=$(mktemp)
trap 'rm -f "$typecheck_log"' EXIT
npm run typecheck >"$typecheck_log" 2>&1 &
typecheck=$!
npm run lint && npm run test:unit && npm run build
rest=$?
wait "$typecheck"
typecheck_status=$?
cat "$typecheck_log"
echo "== checks: typecheck exit ${typecheck_status}, lint+unit+build exit ${rest}, $(($(date +%s) - started)) s =="
[ "$typecheck_status" -eq 0 ] && [ "$rest" -eq 0 ]
