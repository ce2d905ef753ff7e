#!/bin/bash
# bisect-build.sh : every patch of the series builds on its own.  Checks
# out each commit of base..HEAD of build/linux in the worktree
# build/bisect/linux and builds it (vmlinux and modules) in
# build/bisect/obj-patched with the harness's one config (scripts/lib.sh
# CONFIGS).  The layout mirrors build/linux and build/obj-patched, so
# that ccache (paths relative to the object directory) serves each step
# with what it shares with the patched build: every step after the one
# that changes include/linux/kmemleak.h is mostly cache hits.  The KUnit
# suite is left to the full build of `make check`: lib/tests/test_kmemleak_rcu.c
# and what it uses do not change after the patch that adds it.
# Remembers the series, config fragments and compiler it last proved,
# so a warm run with none of them changed does nothing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
kt=build/linux src=build/bisect/linux obj=build/bisect/obj-patched
stamp=$obj/.bisect-ok
want="$(series_hash) $(cat $CONFIGS scripts/kbuild.sh | sha1sum | cut -d' ' -f1) $(gcc -dumpfullversion)"
if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
	echo "bisect: series unchanged since the last successful run"
	exit 0
fi
if [ ! -d "$src" ]; then
	git -C "$kt" worktree prune
	git -C "$kt" worktree add -q --detach "$top/$src" base
fi
mkdir -p "$obj"
for c in $(git -C "$kt" rev-list --reverse base..HEAD); do
	git -C "$src" checkout -q --detach "$c"
	echo "bisect: $(git -C "$src" log -1 --format='%h %s')"
	# the usual flags (no -Werror, which would defeat ccache): any
	# compiler warning or error fails the step
	if ! scripts/kbuild.sh "$src" "$obj" $CONFIGS \
		>"$obj/build.log" 2>&1 || grep -Ei "warning:|error:" "$obj/build.log"; then
		tail -n 20 "$obj/build.log"
		echo "bisect: $(git -C "$src" log -1 --format='%h %s') does not build cleanly"
		exit 1
	fi
done
echo "$want" >"$stamp"
echo "bisect: all $(series_count) patches build on their own"
