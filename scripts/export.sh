#!/bin/bash
# make export: write base..HEAD of build/linux back into patches/ (git
# format-patch, renumbered per series as scripts/lib.sh says).  Each
# series ends at the tag series/NAME that make tree set (the last one at
# HEAD); after a rebase the tag follows its commit's subject.  To move a
# patch from one series to the other, move the tag: git tag -f
# series/fixes COMMIT.  Hand-written cover letters are kept; their patch
# count, shortlog and diffstat are regenerated.
set -eu
top=${KMEMLEAK_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
kt=$top/build/linux
. "$top/scripts/lib.sh"
[ -d "$kt/.git" ] || { echo "export: no build/linux (run make tree)" >&2; exit 1; }
if [ -n "$(git -C "$kt" status --porcelain --untracked-files=no)" ]; then
	echo "export: build/linux has uncommitted edits; commit them first" >&2
	exit 1
fi
dirs=$(series_names)
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

i=0
for r in $ranges; do
	IFS=: read -r d a b <<<"$r"
	list=$top/patches/series.$d
	cover=$top/$(cover_letter "$i")
	# the old patches of this series go; its cover letter stays
	if [ -f "$list" ]; then
		for f in $(series_files "$d"); do rm -f "$top/patches/$f"; done
	fi
	tmp=$(mktemp -d)
	# abbreviated blob ids of a fixed length: git's default grows with
	# the number of objects in the repository, and would rewrite every
	# index line of every patch when a tree is extracted afresh
	git -C "$kt" -c core.abbrev=9 format-patch -q --zero-commit --no-signature --cover-letter \
		-o "$tmp" "$a..$b"
	n=$(git -C "$kt" rev-list --count "$a..$b")
	if [ "$n" -gt 99 ]; then
		echo "export: $d has $n patches, more than a series number holds" >&2
		exit 1
	fi
	# renumber NNNN- to 100*i+NNNN-
	for f in "$tmp"/[0-9][0-9][0-9][0-9]-*.patch; do
		f=$(basename "$f")
		case $f in 0000-cover-letter.patch) continue ;; esac
		mv "$tmp/$f" "$top/patches/$(printf %04d $((i * 100 + 10#${f%%-*})))-${f#*-}"
	done
	if [ -f "$cover" ]; then
		{
			sed -e "s|^Subject: \[PATCH 0/[0-9]*\]|Subject: [PATCH 0/$n]|" \
				-e '/^[^ ].* ([0-9]*):$/,$d' "$cover"
			sed '1,/^\*\*\* BLURB HERE \*\*\*$/d' "$tmp/0000-cover-letter.patch" |
				sed '1{/^$/d}'
		} >"$cover.new"
		mv "$cover.new" "$cover"
	fi
	rm -rf "$tmp"
	(
		cd "$top/patches"
		[ -f "$cover" ] && basename "$cover"
		for k in $(seq 1 "$n"); do ls "$(printf %04d $((i * 100 + k)))"-*.patch; done
	) >"$list"
	git -C "$kt" tag -f "series/$d" "$b" >/dev/null
	echo "export: $d: $n patches in patches/ ($(printf %04d $((i * 100 + 1)))-)"
	i=$((i + 1))
done
git -C "$kt" rev-parse HEAD >"$kt/.git/kmemleak-head"
series_hash >"$kt/.git/kmemleak-series"
