#!/bin/sh
# kunit-verdict.sh SERIAL_LOG [OUT] : run the kernel's kunit.py parse on a
# serial log and pass only if it ran at least one test, none failed and
# none was skipped.  Prints kunit.py's summary line.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
log=$(realpath "$1") out=${2:-/dev/null}
python3 "$top/build/linux/tools/testing/kunit/kunit.py" parse "$log" >"$out.tmp" 2>&1
rc=$?
summary=$(grep -E "Testing complete|Ran [0-9]+ tests" "$out.tmp" | tail -n 1)
[ "$out" = /dev/null ] || cp "$out.tmp" "$out"
echo "kunit.py:$(echo "$summary" | sed 's/.*Testing complete\.//')"
ran=$(echo "$summary" | sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p')
skipped=$(echo "$summary" | sed -n 's/.*skipped: \([0-9]*\).*/\1/p')
if [ $rc != 0 ] || [ -z "$ran" ] || [ "$ran" = 0 ] || [ "${skipped:-0}" != 0 ]; then
	grep -E "\[(FAILED|SKIPPED|CRASHED)\]|Expected|# SKIP" "$out.tmp" | head -n 30
	rm -f "$out.tmp"
	exit 1
fi
rm -f "$out.tmp"
exit 0
