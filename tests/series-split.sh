#!/bin/bash
# Two series in patches/: make export cuts base..HEAD at the tag that
# ends the first one, make tree applies both and tags where each ends,
# and SERIES=NAME applies the first alone.  Runs on a tiny fake tree.
set -eu
. "$(dirname "$0")/lib/fake-tree.sh" 0
printf 'fixes\nmain\n' >"$tmp/patches/series"
for i in 1 2 3; do
	echo $i >"$kt/file"
	g commit -qam "change $i"
	[ $i = 1 ] && g tag series/fixes
done

count() { grep -vc -- '-cover-letter.patch$' "$tmp/patches/series.$1" || true; }

"$here/scripts/export.sh" >/dev/null || fail "export failed"
[ "$(count fixes)" = 1 ] && [ "$(count main)" = 2 ] ||
	fail "export split $(count fixes)/$(count main), expected 1/2"
grep -q "change 1" "$tmp"/patches/0001-*.patch || fail "wrong patch in fixes"
grep -q "change 2" "$tmp"/patches/0101-*.patch || fail "the second series is not numbered from 0101"

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
