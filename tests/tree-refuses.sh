#!/bin/bash
# make tree must refuse to throw away kernel work that patches/ does not
# hold (an unexported commit, an uncommitted edit), accept it once it is
# exported, and discard it with FORCE=1.  Runs on a tiny fake tree.
set -eu
. "$(dirname "$0")/lib/fake-tree.sh" one

# an unexported commit
echo two >"$kt/file"
g commit -qam "local work"
out=$("$here/scripts/tree.sh" 2>&1) && fail "tree.sh accepted an unexported commit"
echo "$out" | grep -q "local work" || fail "refusal does not name the commit: $out"

# exported: no longer refused (the series is then applied on base)
git -C "$kt" format-patch -q -o "$tmp/patches" base..HEAD
(cd "$tmp/patches" && ls 0*.patch) >"$tmp/patches/series.one"
echo one >"$tmp/patches/series"
"$here/scripts/tree.sh" >/dev/null 2>&1 || fail "tree.sh refused exported work"
[ "$(cat "$kt/file")" = two ] || fail "series not applied"

# an uncommitted edit
echo three >"$kt/file"
: >"$tmp/patches/series"
out=$("$here/scripts/tree.sh" 2>&1) && fail "tree.sh accepted an uncommitted edit"
echo "$out" | grep -q "edit" || fail "refusal does not name the edit: $out"

# FORCE=1 discards it
FORCE=1 "$here/scripts/tree.sh" >/dev/null 2>&1 || fail "FORCE=1 did not proceed"
[ "$(cat "$kt/file")" = one ] || fail "FORCE=1 did not reset to base"
echo "tree refuses and forces as documented"
