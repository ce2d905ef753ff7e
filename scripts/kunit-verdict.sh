#!/bin/bash
# kunit-verdict.sh SERIAL_LOG [OUT] : judge the KUnit results in a serial
# log with the kernel's kunit.py parse.  Each module load prints its own
# KTAP document, and kunit.py parses one document per call, so the log is
# cut at every top-level "KTAP version" line (the empty "1..0" document of
# the boot-time run is dropped) and each piece is parsed.  Passes only if
# at least one test ran and none failed, crashed or was skipped.  OUT gets
# kunit.py's output.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
log=$(realpath "$1") out=${2:-/dev/null}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
	/^(\[[ 0-9.]+\] )?KTAP version/ { n++; f = sprintf("%s/doc%03d", dir, n) }
	f { print > f }' "$log"
: >"$tmp/all"
ran=0 bad=0 docs=0
for d in "$tmp"/doc*; do
	[ -f "$d" ] || continue
	sed -n 2p "$d" | grep -q '1\.\.0$' && continue
	docs=$((docs + 1))
	python3 "$top/build/linux/tools/testing/kunit/kunit.py" parse "$d" >"$d.out" 2>&1 || bad=1
	cat "$d.out" >>"$tmp/all"
	summary=$(grep "Testing complete" "$d.out" | tail -n 1)
	n=$(echo "$summary" | sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p')
	ran=$((ran + ${n:-0}))
	echo "$summary" | grep -Eq "failed|crashed|skipped|errors" && bad=1
done
[ "$out" = /dev/null ] || cp "$tmp/all" "$out"
echo "kunit.py: $docs KTAP documents, $ran tests$([ $bad = 0 ] && echo ", all passed")"
if [ $bad != 0 ] || [ $ran = 0 ]; then
	grep -E "\[(FAILED|SKIPPED|CRASHED|ERROR)\]|Expected|Testing complete" "$tmp/all" | head -n 30
	exit 1
fi
exit 0
