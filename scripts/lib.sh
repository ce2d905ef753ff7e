# Shared shell helpers for the harness (sourced by bash, with $top set).

# The config of every kernel the harness builds, stock and patched: one
# config, so that ccache serves the patched tree and each step of the
# bisect build from the same objects.  The series' KUnit suite is not
# selected in it but built as an external module (ext_module).
CONFIGS="configs/base.config configs/debug.config"

# target_start OUT: the first steps of a measuring target (demo, bench,
# realworld): its output directory OUT (in $out), the packages, the tree
target_start() {
	out=$1
	mkdir -p "$out" build/logs
	scripts/deps.sh
	scripts/tree.sh
}

# ext_module OBJ KBUILD SRC: build SRC (one .c file) as an external
# module against the kernel in OBJ, with the Kbuild file KBUILD, in
# build/mod/OBJNAME-NAME; prints the path of the .ko.
ext_module() {
	local obj=$1 kbuild=$2 src=$3 name dir
	name=$(basename "$src" .c)
	dir=build/mod/$(basename "$obj")-$name
	mkdir -p "$top/$dir"
	cp "$kbuild" "$top/$dir/Kbuild"
	cp "$src" "$top/$dir/"
	make -s -C "$top/$obj" M="$top/$dir" CC="ccache gcc" modules >&2 || return 1
	echo "$dir/$name.ko"
}

# guest_prog SRC: SRC (one .c file under guest/) as a static binary for
# the initramfs, in build/guest, rebuilt when SRC changes; prints its path.
guest_prog() {
	local out
	out=build/guest/$(basename "$1" .c)
	mkdir -p "$top/build/guest"
	if [ ! -x "$top/$out" ] || [ "$top/$1" -nt "$top/$out" ]; then
		gcc -static -O2 -Wall -Wextra -Werror -o "$top/$out" "$top/$1" >&2 || return 1
	fi
	echo "$out"
}

# churn_initramfs OBJ OUT WORKLOAD: the initramfs OUT for a workload
# that needs the churn driver (built against OBJ) and sysobj-churn.
churn_initramfs() {
	local ko sc
	ko=$(ext_module "$1" "$top/modules/kmemleak_churn/Kbuild" \
		"$top/modules/kmemleak_churn/kmemleak_churn.c") &&
		sc=$(guest_prog guest/sysobj-churn.c) &&
		"$top/scripts/initramfs.sh" "$1" "$2" "$ko" "$sc"
}

# results_fresh RES WORKLOAD OBJ: RES (a workload's results) can be
# reused: FRESH=1 is not set, and RES is newer than the kernel in OBJ,
# the workload, the guest helpers and the programs churn_initramfs adds
# (paths relative to $top, the scripts' working directory).
results_fresh() {
	local f
	[ "${FRESH:-0}" != 1 ] && [ -s "$1" ] || return 1
	for f in "$3/arch/x86/boot/bzImage" "guest/workloads/$2.sh" guest/workloads/lib.sh \
		guest/sysobj-churn.c modules/kmemleak_churn/kmemleak_churn.c; do
		[ "$1" -nt "$f" ] || return 1
	done
}

# ktap_verdict LOG PREFIX OUT EXPECT [--nested]: one line per result of
# every KTAP document in LOG ("ok - PREFIX: name" or "not ok - ..."),
# judged by the kernel's KTAP parser; EXPECT: |-separated names (or
# their beginnings) that must have a result; OUT gets the parser's
# report; --nested lists the results beneath each as comments
ktap_verdict() {
	local e n args=("${@:5}")
	IFS='|' read -ra e <<<"$4"
	for n in "${e[@]}"; do args+=(--expect "$n"); done
	python3 "$top/scripts/ktap-verdict.py" "$1" "$2" "$3" "${args[@]}"
}

# publish FILE NAME CMD: FILE (a table a target measured) as docs/NAME,
# under a line saying which command wrote it, when, and at which commit
# of the harness and the series (the figures in docs/ are regenerated
# by the targets that measure them, never edited by hand)
publish() {
	{
		echo "# Written by \`$3\` on $(date -u '+%F %H:%M') UTC, at commit" \
			"$(git -C "$top" rev-parse --short HEAD)$(git -C "$top" diff --quiet HEAD -- patches guest scripts modules configs || echo ' (uncommitted changes)')."
		cat "$1"
	} >"$top/docs/$2"
}

# field NAME: the value of NAME= in a result line on stdin, - if none
field() {
	local v
	v=$(sed -n "s/.* $1=\([^ ]*\).*/\1/p")
	echo "${v:--}"
}

# plot_stock_patched DAT PNG TITLE XLABEL YLABEL: columns 2 (stock) and
# 3 (patched) of DAT against column 1 (log scale), with gnuplot
plot_stock_patched() {
	gnuplot <<GP
set terminal png size 640,400
set termoption noenhanced
set output "$2"
set title "$3"
set xlabel "$4"
set ylabel "$5"
set logscale x
set key top left
plot "$1" using 1:2 with linespoints title "stock", \
     "$1" using 1:3 with linespoints title "patched"
GP
}

# patches/ holds one or more series that apply in order: patches/series
# names them (the fixes first); patches/series.NAME lists the files of
# series NAME, cover letter first.  The files sit at the top of patches/
# (git format-patch output, renumbered so that series number i, from 0,
# uses 100*i to 100*i+99), so that `git send-email patches/00*` sends
# the first series.  SERIES=NAME stops at the series of that name, so
# that a series is built and checked without the ones that follow it.

# The series to apply, in order.
series_names() {
	local d
	for d in $(grep -v '^#' "$top/patches/series"); do
		echo "$d"
		[ "$d" = "${SERIES:-}" ] && return 0
	done
	if [ -n "${SERIES:-}" ]; then
		echo "SERIES=$SERIES: no such series in patches/series" >&2
		return 1
	fi
}

# The patches of series $1 (cover letter left out), file names in
# patches/.
series_files() {
	grep -v '^#' "$top/patches/series.$1" | grep -v -- '-cover-letter\.patch$'
}

# Every patch to apply, in order.
series_patches() {
	local d
	for d in $(series_names); do
		series_files "$d"
	done
}

# Hash of everything in patches/ that decides what build/linux holds.
# Cover letters are left out: editing one changes no kernel.
series_hash() {
	(cd "$top/patches" && l=$(series_patches) && echo "$l" && cat $l) |
		sha1sum | cut -d' ' -f1
}

series_count() {
	series_patches | grep -c . || true
}

# Commits in base..HEAD of $1 whose patch-id no patch in patches/ has,
# and uncommitted edits to tracked files.
unexported_work() {
	local kt=$1 have c id
	git -C "$kt" status --porcelain --untracked-files=no | sed 's/^/  edit: /'
	have=$(for p in "$top"/patches/[0-9]*.patch; do
		[ -f "$p" ] && git patch-id --stable <"$p"
	done | cut -d' ' -f1 | sort -u)
	for c in $(git -C "$kt" rev-list --reverse base..HEAD 2>/dev/null); do
		id=$(git -C "$kt" show "$c" | git patch-id --stable | cut -d' ' -f1)
		[ -z "$id" ] && continue
		grep -qx "$id" <<<"$have" ||
			echo "  commit: $(git -C "$kt" log -1 --format='%h %s' "$c")"
	done
}
