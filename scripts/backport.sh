#!/bin/bash
# backport.sh TARGET...: run a make target of the 6.12 backport
# (`BASE=6.12 make check`).  The backport is the series in
# backport/6.12/patches, on Debian's linux-source-6.12, checked with the
# harness as it stood when 6.12 was the base (commit $harness below):
# that harness runs in a worktree of its own, build/backport-6.12, with
# the backport's patches copied over its patches/, and keeps its kernel
# trees, builds and logs there.  Figures in docs/ are the 7.3 series';
# the backport's tables stay in that worktree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# the last commit whose harness targets Debian's 6.12
harness=e93682f
wt=$top/build/backport-6.12
[ "${BASE:-6.12}" = 6.12 ] || { echo "backport: no backport for BASE=$BASE (6.12 only)" >&2; exit 1; }
if [ ! -e "$wt/.git" ]; then
	git -C "$top" worktree prune
	git -C "$top" worktree add -q --detach "$wt" "$harness"
fi
# the harness as it was, whatever an earlier run left in the worktree
git -C "$wt" checkout -q -f --detach "$harness"
rm -rf "$wt/patches"
cp -a "$top/backport/6.12/patches" "$wt/patches"
# the worktree's docs/ take the tables its targets publish, not ours
cd "$wt"
exec make "$@"
