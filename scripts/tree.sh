#!/bin/bash
# make tree: build/linux = Debian's linux-source-$BASE_VERSION (scripts/lib.sh,
# fetched by scripts/fetch-base.sh) at tag "base" plus
# the series in patches/ applied in order with git am (SERIES=NAME: up
# to that series only); tag series/NAME marks where each one ends.
# build/stock-src is a worktree of "base" for the stock kernel.  Refuses
# to throw away kernel work that patches/ does not hold, unless FORCE=1.
set -eu
top=${KMEMLEAK_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
kt=$top/build/linux
. "$top/scripts/lib.sh"

read -r debver tarball < <("$top/scripts/fetch-base.sh") || exit 1
[ -n "${tarball:-}" ] || exit 1
series_names >/dev/null || exit 1
want=$(series_hash)

if [ -d "$kt/.git" ]; then
	if [ "$(cat "$kt/.git/kmemleak-series" 2>/dev/null)" = "$want" ] &&
	   [ "$(cat "$kt/.git/kmemleak-debver" 2>/dev/null)" = "$debver" ] &&
	   [ "$(git -C "$kt" rev-parse HEAD)" = "$(cat "$kt/.git/kmemleak-head" 2>/dev/null)" ] &&
	   [ -z "$(git -C "$kt" status --porcelain --untracked-files=no)" ]; then
		echo "tree: build/linux is up to date (base $debver + $(series_count) patches)"
		exit 0
	fi
	lost=$(unexported_work "$kt")
	if [ -n "$lost" ] && [ "${FORCE:-0}" != 1 ]; then
		echo "tree: build/linux holds work that patches/ does not:" >&2
		echo "$lost" >&2
		echo "tree: run 'make export' first, or FORCE=1 make tree to discard it" >&2
		exit 1
	fi
fi

if [ ! -d "$kt/.git" ] || [ "$(cat "$kt/.git/kmemleak-debver" 2>/dev/null)" != "$debver" ]; then
	echo "tree: extracting $tarball ($debver)"
	rm -rf "$kt" "$top/build/stock-src" "$top/build/linux-source-$BASE_VERSION"
	mkdir -p "$top/build"
	tar -C "$top/build" -xJf "$tarball"
	mv "$top/build/linux-source-$BASE_VERSION" "$kt"
	# Debian's .gitignore ignores every top-level entry; drop that line
	# so that new files (mm/kmemleak-rcu.c) can be committed.
	sed -i '\#^/\*$#d' "$kt/.gitignore"
	git -C "$kt" init -q
	git -C "$kt" add -A
	git -C "$kt" -c user.name=base -c user.email=base@localhost \
		commit -q -m "base: Debian linux-source-$BASE_VERSION $debver"
	git -C "$kt" tag -f base >/dev/null
	echo "$debver" >"$kt/.git/kmemleak-debver"
fi

git -C "$kt" am --abort >/dev/null 2>&1 || true
git -C "$kt" checkout -q -f -B work base
n=0
for d in $(series_names); do
	for p in $(series_files "$d"); do
		git -C "$kt" am -q --committer-date-is-author-date "$top/patches/$p" ||
			{ echo "tree: git am failed on $p" >&2; git -C "$kt" am --abort; exit 1; }
		n=$((n + 1))
	done
	# where the series ends: make export cuts base..HEAD at these tags
	git -C "$kt" tag -f "series/$d" >/dev/null
done
git -C "$kt" rev-parse HEAD >"$kt/.git/kmemleak-head"
echo "$want" >"$kt/.git/kmemleak-series"
if [ ! -d "$top/build/stock-src" ]; then
	git -C "$kt" worktree prune
	git -C "$kt" worktree add -q --detach "$top/build/stock-src" base
fi
echo "tree: build/linux = base ($debver) + $n patches"
