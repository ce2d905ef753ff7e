#!/bin/bash
# bisect-build.sh : every patch of the series builds on its own.  Checks
# out each commit of base..HEAD of build/linux in the worktree
# build/bisect/stock-src and builds it (vmlinux and modules) in
# build/bisect/obj-stock with the stock config (base + debug).  The
# layout mirrors build/stock-src and build/obj-stock, so that ccache
# (paths relative to the object directory) serves what a step shares
# with the stock tree.  The KUnit module is left to the full build of
# `make check`: lib/test_kmemleak_rcu.c and what it uses do not change
# after the patch that adds it.  Remembers the series it last proved, so
# a warm run with an unchanged series does nothing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
kt=build/linux src=build/bisect/stock-src obj=build/bisect/obj-stock
stamp=$obj/.bisect-ok
want=$(series_hash)
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
	# the stock flags (no -Werror, which would defeat ccache): any
	# compiler warning or error fails the step
	if ! scripts/kbuild.sh "$src" "$obj" configs/base.config configs/debug.config \
		>"$obj/build.log" 2>&1 || grep -Ei "warning:|error:" "$obj/build.log"; then
		tail -n 20 "$obj/build.log"
		echo "bisect: $(git -C "$src" log -1 --format='%h %s') does not build cleanly"
		exit 1
	fi
done
echo "$want" >"$stamp"
echo "bisect: all $(series_count) patches build on their own"
