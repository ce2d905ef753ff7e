#!/bin/bash
# Two series in patches/: make export cuts base..HEAD at the tag that
# ends the first one, make tree applies both and tags where each ends,
# and SERIES=NAME applies the first alone.  Runs on a tiny fake tree.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KMEMLEAK_TOP=$tmp
mkdir -p "$tmp/patches" "$tmp/build/linux" "$tmp/scripts"
cp "$here/scripts/lib.sh" "$tmp/scripts/"
printf 'fixes\nmain\n' >"$tmp/patches/series"
kt=$tmp/build/linux
g() { git -C "$kt" -c user.name=t -c user.email=t@t "$@"; }
git -C "$kt" init -q
echo 0 >"$kt/file"
g add file
g commit -qm base
g tag base
dpkg-query -W -f='${Version}' linux-source-6.12 >"$kt/.git/kmemleak-debver" 2>/dev/null ||
	echo unknown >"$kt/.git/kmemleak-debver"
for i in 1 2 3; do
	echo $i >"$kt/file"
	g commit -qam "change $i"
	[ $i = 1 ] && g tag series/fixes
done

fail() { echo "FAIL: $*"; exit 1; }
count() { grep -vc '^0000-' "$tmp/patches/$1/series" || true; }

"$here/scripts/export.sh" >/dev/null || fail "export failed"
[ "$(count fixes)" = 1 ] && [ "$(count main)" = 2 ] ||
	fail "export split $(count fixes)/$(count main), expected 1/2"
grep -q "change 1" "$tmp"/patches/fixes/0001-*.patch || fail "wrong patch in fixes"

SERIES=fixes "$here/scripts/tree.sh" >/dev/null 2>&1 || fail "SERIES=fixes make tree failed"
[ "$(cat "$kt/file")" = 1 ] || fail "SERIES=fixes applied more than the fixes"
"$here/scripts/tree.sh" >/dev/null 2>&1 || fail "make tree failed"
[ "$(cat "$kt/file")" = 3 ] || fail "make tree did not apply both series"
[ "$(git -C "$kt" rev-parse series/fixes)" = "$(git -C "$kt" rev-parse HEAD~2)" ] ||
	fail "series/fixes does not end the first series"
SERIES=nosuch "$here/scripts/tree.sh" >/dev/null 2>&1 && fail "SERIES=nosuch accepted"

# a rebase rewrites the commits: the tag follows its commit's subject
g rebase -q --exec 'git commit -q --amend --no-edit --date=now' base 2>/dev/null ||
	fail "test rebase failed"
git -C "$kt" merge-base --is-ancestor series/fixes HEAD && fail "test rebase kept the commits"
"$here/scripts/export.sh" >/dev/null || fail "export after a rebase failed"
[ "$(count fixes)" = 1 ] && [ "$(count main)" = 2 ] ||
	fail "export after a rebase split $(count fixes)/$(count main), expected 1/2"

# a tag that is not an ancestor of HEAD: export refuses and writes nothing
g tag -f series/fixes "$(g commit-tree -p base -m stray "$(git -C "$kt" rev-parse HEAD^{tree})")" >/dev/null
before=$(cd "$tmp/patches" && ls -R | sha1sum)
"$here/scripts/export.sh" >/dev/null 2>&1 && fail "export accepted a stray tag"
[ "$(cd "$tmp/patches" && ls -R | sha1sum)" = "$before" ] || fail "refused export wrote files"
echo "two series export, apply and apply alone as documented"
