#!/bin/bash
# scripts/kunit-verdict.sh (kunit.py parse) passes a log whose suites all
# passed, and fails one with a failure, one with a skip, and one with no
# KUnit output at all.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
d=$here/tests/data
v=$here/scripts/kunit-verdict.sh
"$v" "$d/kunit-pass.log" >/dev/null || { echo "FAIL: passing log rejected"; exit 1; }
for f in kunit-fail.log kunit-skip.log kunit-none.log; do
	if "$v" "$d/$f" >/dev/null; then
		echo "FAIL: $f accepted"
		exit 1
	fi
done
echo "kunit verdicts as expected"
