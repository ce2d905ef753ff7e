#!/bin/bash
# make export: write base..HEAD of build/linux into patches/ (git
# format-patch), keeping the hand-written cover letter, and rewrite
# patches/series.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
kt=$top/build/linux
. "$top/scripts/lib.sh"
[ -d "$kt/.git" ] || { echo "export: no build/linux (run make tree)" >&2; exit 1; }
if [ -n "$(git -C "$kt" status --porcelain --untracked-files=no)" ]; then
	echo "export: build/linux has uncommitted edits; commit them first" >&2
	exit 1
fi
find "$top/patches" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -delete
git -C "$kt" format-patch -q --zero-commit --no-signature -o "$top/patches" base..HEAD
# the cover letter's text is kept by hand; its patch count, shortlog and
# diffstat come from format-patch --cover-letter
cover=$top/patches/0000-cover-letter.patch
if [ -f "$cover" ]; then
	tmp=$(mktemp -d)
	git -C "$kt" format-patch -q --zero-commit --no-signature --cover-letter -o "$tmp" base..HEAD
	n=$(git -C "$kt" rev-list --count base..HEAD)
	{
		sed -e "s|^Subject: \[PATCH 0/[0-9]*\]|Subject: [PATCH 0/$n]|" \
			-e '/^[^ ].* ([0-9]*):$/,$d' "$cover"
		sed '1,/^\*\*\* BLURB HERE \*\*\*$/d' "$tmp/0000-cover-letter.patch" | sed '1{/^$/d}'
	} >"$cover.new"
	mv "$cover.new" "$cover"
	rm -rf "$tmp"
fi
{
	[ -f "$top/patches/0000-cover-letter.patch" ] && echo 0000-cover-letter.patch
	cd "$top/patches" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-'
} >"$top/patches/series"
git -C "$kt" rev-parse HEAD >"$kt/.git/kmemleak-head"
echo "$(series_hash)" >"$kt/.git/kmemleak-series"
echo "export: $(series_count) patches in patches/"
