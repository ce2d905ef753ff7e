#!/bin/bash
# scripts/ktap-verdict.py (the kernel's KTAP parser) passes a log whose
# documents all passed; fails a KUnit suite with a failure or a skip,
# a log with no KTAP at all, a workload document that stops short of
# its plan; and a failing stress phase fails that phase's line alone,
# even when the phase's own result line says ok.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
d=$top/tests/data
. "$top/scripts/lib.sh"
v() { ktap_verdict "$d/$1" t /dev/null "$2" --nested; }
fail() { echo "FAIL: $*"; exit 1; }
v kunit-pass.log kmemleak_rcu >/dev/null || fail "passing KUnit log rejected"
v ktap-check-pass.log "kmemleak_rcu|read reports|sysobj: 50" >/dev/null ||
	fail "passing workload document rejected"
for f in kunit-fail.log kunit-skip.log kunit-none.log; do
	! v $f kmemleak_rcu >/dev/null || fail "$f accepted"
done
out=$(v kunit-skip.log kmemleak_rcu) || true
echo "$out" | grep -q '^#   not ok [0-9]* .* (SKIPPED)$' || fail "a skipped case not named as skipped: $out"
out=$(v ktap-check-short.log "sysobj: 50") && fail "a document short of its plan accepted"
echo "$out" | grep -q '^not ok - t: sysobj: 50 (no result)$' || fail "no line for the missing result"
out=$(v ktap-stress-phase.log "fuzz|stall|metadata|totals") && fail "a failing phase accepted"
[ "$(echo "$out" | grep -c '^not ok')" = 1 ] && echo "$out" | grep -q '^not ok - t: stall$' ||
	fail "a failing phase did not fail its line alone: $out"
echo "ktap verdicts as expected"
