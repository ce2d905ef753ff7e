#!/bin/sh
# kbuild.sh SRC OBJ FRAGMENT... : configure OBJ from the fragments (with
# the kernel's merge_config.sh on top of allnoconfig, or of alldefconfig
# with KBUILD_ALLNO=0) and build bzImage and modules there with ccache.
# Reconfigures only when the fragments change; make itself decides what
# to rebuild.
set -eu
src=$1 obj=$2
shift 2
frags=""
for f in "$@"; do frags="$frags $(cd "$(dirname "$f")" && pwd)/$(basename "$f")"; done
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$obj"
obj=$(cd "$obj" && pwd)
stamp="$obj/.fragments"
base=-n
[ "${KBUILD_ALLNO:-1}" = 0 ] && base=""
want=$(cat $frags | sha1sum | cut -d' ' -f1)
[ -z "$base" ] && want="alldefconfig-$want"
if [ ! -f "$obj/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	(cd "$src" && scripts/kconfig/merge_config.sh $base -O "$obj" $frags) >"$obj/merge_config.log" 2>&1 ||
		{ cat "$obj/merge_config.log"; exit 1; }
	# KBUILD_LOOSE=1: a fragment that turns a feature off may leave
	# requests for its sub-options unmet (make bench's size builds)
	if [ "${KBUILD_LOOSE:-0}" = 0 ] && grep -E -A2 '^WARNING: (Value requested|CONFIG_[A-Za-z0-9_]+ differs)' "$obj/merge_config.log"; then
		echo "kbuild: a requested option did not stick (see above)" >&2
		exit 1
	fi
	echo "$want" >"$stamp"
fi
export CCACHE_BASEDIR="$top" CCACHE_NOHASHDIR=true CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export KBUILD_BUILD_TIMESTAMP='2026-01-01' KBUILD_BUILD_USER=kmemleak KBUILD_BUILD_HOST=rcu
make -s -C "$src" O="$obj" CC="ccache gcc" -j"$(nproc)" bzImage modules
