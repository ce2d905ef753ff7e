#!/bin/bash
# bisect-build.sh : every patch of the series builds on its own.  Checks
# out each commit of base..HEAD of build/linux in the worktree
# build/bisect/linux and builds it (vmlinux and modules, the check config)
# in build/bisect/obj.  The layout mirrors build/linux and
# build/obj-patched, so that ccache (paths relative to the object
# directory) serves the steps that match the final tree.  Remembers the
# series it last proved, so a warm run with an unchanged series does
# nothing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
kt=build/linux src=build/bisect/linux obj=build/bisect/obj
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
# one config for all steps, from the final tree; olddefconfig drops
# what an earlier step does not know yet
scripts/kbuild.sh "$kt" build/obj-patched configs/base.config configs/debug.config \
	configs/tests.config >/dev/null
mkdir -p "$obj" "$(dirname "$src")"
export CCACHE_BASEDIR="$top" CCACHE_NOHASHDIR=true
for c in $(git -C "$kt" rev-list --reverse base..HEAD); do
	git -C "$src" checkout -q --detach "$c"
	cp build/obj-patched/.config "$obj/.config"
	echo "bisect: $(git -C "$src" log -1 --format='%h %s')"
	make -s -C "$src" O="$top/$obj" olddefconfig >/dev/null
	if ! make -s -C "$src" O="$top/$obj" CC="ccache gcc" -j"$(nproc)" \
		KCFLAGS=-Werror vmlinux modules; then
		echo "bisect: $(git -C "$src" log -1 --format='%h %s') does not build"
		exit 1
	fi
done
echo "$want" >"$stamp"
echo "bisect: all $(series_count) patches build on their own"
