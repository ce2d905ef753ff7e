#!/bin/bash
# recipients.sh: each cover letter's To: and Cc: name every address that
# the kernel's scripts/get_maintainer.pl (--no-git) names for the patches
# of its series.  Prints the missing ones and exits 1 if any.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
kt=build/linux
# one address per line, lower case: "Name <a@b>" and "a@b" alike
addr() { sed -E 's/.*<([^>]*)>.*/\1/; s/^[ \t]*//; s/[ \t]*$//' | grep . |
	tr 'A-Z' 'a-z' | sort -u; }
# the To: and Cc: lines of a mail's header, folded lines joined
header_to_cc() {
	awk '/^$/ { exit } /^[ \t]/ { l = l $0; next } { if (l != "") print l; l = $0 }
		END { if (l != "") print l }' "$1" |
		sed -nE 's/^(To|Cc):[ \t]*//p' | tr ',' '\n'
}
have=$(mktemp) want=$(mktemp)
trap 'rm -f "$have" "$want"' EXIT
fail=0 i=0
for d in $(series_names); do
	cover=$(cover_letter "$i")
	i=$((i + 1))
	[ -f "$cover" ] || { echo "$d: no cover letter $cover"; fail=1; continue; }
	header_to_cc "$cover" | addr >"$have"
	for p in $(series_files "$d"); do
		(cd "$kt" && perl scripts/get_maintainer.pl --no-git \
			--no-git-fallback --no-rolestats "$top/patches/$p" 2>/dev/null)
	done | addr >"$want"
	# get_maintainer.pl's errors are hidden: naming nobody is a failure
	[ -s "$want" ] || { echo "get_maintainer.pl named nobody for series $d"; fail=1; continue; }
	missing=$(comm -23 "$want" "$have")
	if [ -n "$missing" ]; then
		echo "$cover lacks what get_maintainer.pl names for series $d:"
		echo "$missing" | sed 's/^/  /'
		fail=1
	else
		echo "$cover names all $(wc -l <"$want") of series $d's recipients"
	fi
done
exit $fail
