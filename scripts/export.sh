#!/bin/bash
# make export: write base..HEAD of build/linux back into patches/ (git
# format-patch), one directory per series: each series ends at the tag
# series/NAME that make tree set (the last one at HEAD); after a rebase
# the tag follows its commit's subject.  To move a patch from one series
# to the other, move the tag: git tag -f series/fixes COMMIT.  Hand-written cover letters are
# kept; their patch count, shortlog and diffstat are regenerated.
set -eu
top=${KMEMLEAK_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
kt=$top/build/linux
. "$top/scripts/lib.sh"
[ -d "$kt/.git" ] || { echo "export: no build/linux (run make tree)" >&2; exit 1; }
if [ -n "$(git -C "$kt" status --porcelain --untracked-files=no)" ]; then
	echo "export: build/linux has uncommitted edits; commit them first" >&2
	exit 1
fi
dirs=$(series_dirs)
last=$(echo "$dirs" | tail -n 1)

# the ranges first: nothing is written unless every tag is in place
from=base ranges=""
for d in $dirs; do
	to=series/$d
	[ "$d" = "$last" ] && to=HEAD
	# after a rebase the tag names the old commit: follow its subject
	if [ "$to" != HEAD ] && ! git -C "$kt" merge-base --is-ancestor "$to" HEAD 2>/dev/null; then
		subj=$(git -C "$kt" log -1 --format=%s "$to" 2>/dev/null || true)
		c=$(git -C "$kt" log --format='%H %s' base..HEAD | awk -v s="$subj" \
			'substr($0, 42) == s { print $1 }')
		if [ -n "$subj" ] && [ "$(echo "$c" | grep -c .)" = 1 ]; then
			echo "export: series/$d moved to the rebased \"$subj\""
			to=$c
		fi
	fi
	if ! git -C "$kt" merge-base --is-ancestor "$from" "$to" 2>/dev/null ||
	   ! git -C "$kt" merge-base --is-ancestor "$to" HEAD 2>/dev/null; then
		echo "export: $to is not between $from and HEAD; move it with" >&2
		echo "        git -C build/linux tag -f series/$d COMMIT" >&2
		exit 1
	fi
	ranges="$ranges $d:$(git -C "$kt" rev-parse "$from"):$(git -C "$kt" rev-parse "$to")"
	from=$to
done

for r in $ranges; do
	IFS=: read -r d a b <<<"$r"
	dir=$top/patches/$d
	mkdir -p "$dir"
	find "$dir" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -delete
	git -C "$kt" format-patch -q --zero-commit --no-signature -o "$dir" "$a..$b"
	cover=$dir/0000-cover-letter.patch
	if [ -f "$cover" ]; then
		tmp=$(mktemp -d)
		git -C "$kt" format-patch -q --zero-commit --no-signature --cover-letter \
			-o "$tmp" "$a..$b"
		n=$(git -C "$kt" rev-list --count "$a..$b")
		{
			sed -e "s|^Subject: \[PATCH 0/[0-9]*\]|Subject: [PATCH 0/$n]|" \
				-e '/^[^ ].* ([0-9]*):$/,$d' "$cover"
			sed '1,/^\*\*\* BLURB HERE \*\*\*$/d' "$tmp/0000-cover-letter.patch" |
				sed '1{/^$/d}'
		} >"$cover.new"
		mv "$cover.new" "$cover"
		rm -rf "$tmp"
	fi
	(
		[ -f "$cover" ] && echo 0000-cover-letter.patch
		cd "$dir" && ls | grep '^[0-9][0-9][0-9][0-9]-.*\.patch$' | grep -v '^0000-' || true
	) >"$dir/series"
	git -C "$kt" tag -f "series/$d" "$b" >/dev/null
	echo "export: $d: $(series_files "$d" | grep -c .) patches in patches/$d/"
done
git -C "$kt" rev-parse HEAD >"$kt/.git/kmemleak-head"
series_hash >"$kt/.git/kmemleak-series"
