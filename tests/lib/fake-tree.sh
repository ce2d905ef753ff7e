# Sourced by the self-tests of make tree and make export: a tiny fake
# harness in $tmp (removed on exit) whose build/linux is a git tree with
# one file, "file", holding $1, committed and tagged "base" as make tree
# would have left it.  Sets here, tmp, kt, KMEMLEAK_TOP; defines g (git
# in build/linux with an identity) and fail.
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KMEMLEAK_TOP=$tmp
# the fake tree has its own series: SERIES= of the caller does not apply
unset SERIES
mkdir -p "$tmp/patches" "$tmp/build/linux" "$tmp/scripts"
cp "$here/scripts/lib.sh" "$tmp/scripts/"
: >"$tmp/patches/series"
kt=$tmp/build/linux
g() { git -C "$kt" -c user.name=t -c user.email=t@t "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
git -C "$kt" init -q
echo "$1" >"$kt/file"
g add file
g commit -qm base
g tag base
# the base is already extracted: scripts/fetch-base.sh names it, and
# make tree finds it in place
printf '#!/bin/sh\necho "fake-1 %s/none.tar.xz"\n' "$tmp" >"$tmp/scripts/fetch-base.sh"
chmod +x "$tmp/scripts/fetch-base.sh"
echo fake-1 >"$kt/.git/kmemleak-debver"
