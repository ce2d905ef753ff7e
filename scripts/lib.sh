# Shared shell helpers for the harness (sourced).

# Hash of everything in patches/ that decides what build/linux holds.
# The cover letter is left out: editing it changes no kernel.
series_hash() {
	(cd "$top/patches" && l=$(grep -v '^#' series | grep -v '^0000-') &&
		echo "$l" && cat $l) | sha1sum | cut -d' ' -f1
}

series_count() {
	grep -v '^#' "$top/patches/series" | grep -v '^0000-' | grep -c . || true
}

# Commits in base..HEAD of $1 whose patch-id no patch in patches/ has,
# and uncommitted edits to tracked files.
unexported_work() {
	local kt=$1 have c id
	git -C "$kt" status --porcelain --untracked-files=no | sed 's/^/  edit: /'
	have=$(for p in "$top"/patches/0*.patch; do
		[ -f "$p" ] && git patch-id --stable <"$p"
	done | cut -d' ' -f1 | sort -u)
	for c in $(git -C "$kt" rev-list --reverse base..HEAD 2>/dev/null); do
		id=$(git -C "$kt" show "$c" | git patch-id --stable | cut -d' ' -f1)
		[ -z "$id" ] && continue
		grep -qx "$id" <<<"$have" ||
			echo "  commit: $(git -C "$kt" log -1 --format='%h %s' "$c")"
	done
}
