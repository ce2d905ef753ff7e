#!/bin/sh
# checkpatch.sh PATCH : the kernel's checkpatch.pl --strict on one patch
# of the series; passes only with 0 errors, 0 warnings and 0 checks.
# UNKNOWN_COMMIT_ID is ignored: build/linux is Debian's source tarball
# with no upstream history, so checkpatch cannot look up the commits that
# Fixes: tags name (each is checked against public history instead).
# Debian's python3 first: checkpatch's SPDX check (scripts/spdxcheck.py)
# needs python3-ply, which another python3 on PATH may lack; a check that
# did not run fails the patch.
set -eu
PATH=/usr/bin:/bin:$PATH
top=$(cd "$(dirname "$0")/.." && pwd)
p=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$top/build/linux"
out=$(scripts/checkpatch.pl --strict --ignore UNKNOWN_COMMIT_ID "$p" 2>&1 || true)
echo "$out"
if echo "$out" | grep -q 'Traceback\|ModuleNotFoundError'; then
	echo "checkpatch.sh: a check of checkpatch.pl did not run (see above)" >&2
	exit 1
fi
echo "$out" | grep -q "total: 0 errors, 0 warnings, 0 checks"
