#!/bin/bash
# kunit-negative.sh BUILD_DIR ARG...: make kunit's second run, the record
# that each case of the suite can fail.  The suite again (scripts/kunit.sh,
# same kernel, same arguments), booted with test_kmemleak_rcu.negative=1:
# every case runs without what it tests (kmemleak.rcu=off; holds with a
# bound no case waits for), and every case that runs must fail.  Writes
# the results and the expectations that failed to docs/kunit-negative.txt.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
rev=$(harness_rev)
mkdir -p build/logs
log=build/logs/kunit-negative.log out=build/logs/kunit-negative.txt
scripts/kunit.sh "$@" --kernel_args test_kmemleak_rcu.negative=1 >$log 2>&1
# kunit.py's lines, less their time stamps: results, failed expectations
# and what each case measured
sed -E 's/^\[[0-9:]+\] //' $log |
	grep -E '^ *\[(PASSED|FAILED|SKIPPED|CRASHED)\]|EXPECTATION FAILED|ASSERTION FAILED|Expected .*|kmemleak_rcu: |Testing complete' |
	grep -v 'Expected the test to' >$out
passed=$(grep -cE '^ *\[PASSED\]' $out)
failed=$(grep -cE '^ *\[FAILED\]' $out)
# a case that skipped or crashed was not shown to fail
other=$(grep -cE '^ *\[(SKIPPED|CRASHED)\]' $out)
cat $out
if [ "$passed" != 0 ] || [ "$other" != 0 ] || [ "$failed" = 0 ]; then
	echo "kunit negative: $passed results passed, $other skipped or crashed, $failed failed: every case must fail ($log)"
	exit 1
fi
publish $out kunit-negative.txt "make kunit"
echo "kunit negative: every case failed without what it tests ($failed results failed; docs/kunit-negative.txt)"
