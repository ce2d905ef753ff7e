#!/bin/bash
# make matrix: what the kernel test robot and the maintainers would build
# and boot.  The series' KUnit suite with kunit.py (scripts/kunit.sh) on
# x86_64 SMP, arm64 (weakly ordered), i386 (32-bit, highmem), x86_64 UP
# with Tiny RCU and Tiny SRCU, x86_64 PREEMPT_RT with lockdep, and x86_64
# built with clang; then builds: the files the series touches with W=1
# and sparse (C=2), new warnings only (the same files of the base tree
# are the reference), the series with CONFIG_DEBUG_KMEMLEAK=n and with
# CONFIG_DEBUG_OBJECTS_RCU_HEAD=n, and the documentation it touches.
# One line per cell, the table in build/matrix/table.txt and
# docs/matrix-table.txt, and "N passed, N failed".  A cell whose
# toolchain is missing fails.  MATRIX=name,name runs only those cells.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
out=build/matrix rev=$(harness_rev)
mkdir -p $out build/logs
# the W=1/sparse cell alone (as make check runs it) needs no cross tools
if [ "${MATRIX:-}" = w1 ]; then scripts/deps.sh; else scripts/deps.sh matrix; fi || exit 1
scripts/tree.sh || exit 1
kt=build/linux
table=$out/table.txt
: >"$table"
pass=0 fail=0
result() { # result STATUS TEXT (no pipe: the counts live in this shell)
	local line="not ok - $2"
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
		line="ok - $2"
	else
		fail=$((fail + 1))
	fi
	echo "$line"
	echo "$line" >>"$table"
}
want() { [ -z "${MATRIX:-}" ] || [[ ",$MATRIX," == *",$1,"* ]]; }

# kunit_cell NAME WHAT CHECK ARG...: the suite by kunit.py in
# build/matrix/NAME (ARG... passed on); passes when kunit.py does, the
# kernel log has no splat and CHECK DIR prints nothing (it prints why not)
kunit_cell() {
	local name=$1 what=$2 check=$3 dir=$out/$1 log=$out/$1.log why sum note
	shift 3
	want "$name" || return 0
	echo "matrix: $name: $what ($log)"
	why=""
	scripts/kunit.sh "$dir" "$@" >"$log" 2>&1 || why="kunit.py failed"
	sum=$(sed -n 's/.*Testing complete\. \(Ran .*\)/\1/p' "$log" | tail -n 1)
	[ -n "$sum" ] || why="${why:-no results}"
	if [ -f "$dir/test.log" ] && ! scripts/splat.sh "$dir/test.log" >"$dir/splats.txt"; then
		why="${why:+$why, }kernel warnings ($dir/splats.txt)"
	fi
	[ -f "$dir/.config" ] && why="${why:+$why, }$($check "$dir" | paste -sd, -)"
	if [ -n "$sum" ] && declare -F "note_$name" >/dev/null; then
		note=$("note_$name" "$dir")
		sum="$sum${note:+; $note}"
	fi
	why=${why%, }
	[ -n "$why" ] && tail -n 20 "$log" | sed 's/^/# /'
	[ -z "$why" ]
	result $? "kunit $name: $what: ${sum:-no summary}${why:+ ($why)}"
}
has() { grep -q "^$2\$" "$1/.config" || echo "not $2"; }
check_x86() { has "$1" CONFIG_SMP=y; }
check_arm64() { has "$1" CONFIG_ARM64=y; }
check_i386() { has "$1" CONFIG_X86_32=y; has "$1" CONFIG_HIGHMEM=y; }
# the call_srcu case's counts, which the table records beside kunit.py's summary
note_up() { grep -o 'call_srcu: queued=[0-9]* pending=[0-9]*' "$1/test.log" 2>/dev/null | tail -n 1; }
check_up() { # Tiny RCU and Tiny SRCU, and the Tiny SRCU hooks counted
	local l
	has "$1" CONFIG_TINY_RCU=y
	has "$1" CONFIG_TINY_SRCU=y
	l=$(note_up "$1")
	[ -n "$l" ] || { echo "no call_srcu result"; return; }
	echo "$l" | awk '{ split($2, q, "="); split($3, p, "=");
		if (q[2] != p[2]) print "Tiny SRCU: " $0 }'
}
check_rt() { has "$1" CONFIG_PREEMPT_RT=y; has "$1" CONFIG_PROVE_LOCKING=y; }
check_clang() { has "$1" CONFIG_CC_IS_CLANG=y; }

gcc_cc=(--make_options "CC=ccache gcc")
kunit_cell x86_64 "x86_64 SMP, default RCU" check_x86 --arch=x86_64 "${gcc_cc[@]}" \
	--qemu_args="-smp 2"
kunit_cell arm64 "arm64 SMP (virt, -cpu max)" check_arm64 --arch=arm64 \
	--cross_compile=aarch64-linux-gnu- --make_options "CC=ccache aarch64-linux-gnu-gcc" \
	--qemu_args="-smp 2"
kunit_cell i386 "i386 SMP, HIGHMEM4G" check_i386 --arch=i386 "${gcc_cc[@]}" \
	--kconfig_add CONFIG_HIGHMEM4G=y --qemu_args="-smp 2"
# 7.3 offers x86 neither PREEMPT_NONE nor PREEMPT_VOLUNTARY (x86 has
# PREEMPT_LAZY): SMP=n with PREEMPT_LAZY and no PREEMPT_DYNAMIC leaves
# PREEMPT_RCU off, which is what makes RCU and SRCU the Tiny ones
kunit_cell up "x86_64 SMP=n PREEMPT_LAZY: Tiny RCU, Tiny SRCU" check_up --arch=x86_64 "${gcc_cc[@]}" \
	--kconfig_add CONFIG_SMP=n --kconfig_add CONFIG_HOTPLUG_CPU=n \
	--kconfig_add CONFIG_PREEMPT=n --kconfig_add CONFIG_PREEMPT_LAZY=y \
	--kconfig_add CONFIG_PREEMPT_DYNAMIC=n
kunit_cell rt "x86_64 PREEMPT_RT, lockdep, PROVE_RCU, DEBUG_OBJECTS_RCU_HEAD" check_rt \
	--arch=x86_64 "${gcc_cc[@]}" --qemu_args="-smp 2" \
	--kconfig_add CONFIG_EXPERT=y --kconfig_add CONFIG_PREEMPT_RT=y \
	--kconfig_add CONFIG_PROVE_LOCKING=y --kconfig_add CONFIG_PROVE_RCU=y \
	--kconfig_add CONFIG_DEBUG_OBJECTS=y --kconfig_add CONFIG_DEBUG_OBJECTS_RCU_HEAD=y
kunit_cell clang "x86_64 SMP, clang-19 (LLVM=-19)" check_clang --arch=x86_64 \
	--make_options LLVM=-19 --make_options "CC=ccache clang-19" --qemu_args="-smp 2"

# The files the series changes, built with W=1 and checked with sparse
# (C=2) in the patched tree and, where they exist, in the base tree
# (build/bisect/linux, as make check builds it); a warning is new when
# the base does not have it (line numbers left out of the comparison).
# The series' KUnit file is built as the module make check builds.
warnings() { # warnings LOG: the warnings of LOG, normalised (no tree, no line)
	grep -Ei '(warning|error):' "$1" |
		sed -E "s|$top/build/(bisect/)?linux/||g; s/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/" | sort -u
}
if want w1; then
	echo "matrix: w1: W=1 and C=2 on the files the series changes"
	files=$(git -C $kt diff --name-only --diff-filter=AM base..HEAD -- '*.c' | grep -v '^tools/' |
		grep -v '^lib/tests/test_kmemleak_rcu.c$')
	why=""
	# Debian 12's sparse is too old for 7.3, which then checks nothing
	sparse=$(scripts/sparse.sh 2>$out/w1-sparse.log) || { why="no sparse 7.3 accepts ($out/w1-sparse.log)"; sparse=sparse; }
	scripts/kbuild.sh $kt build/obj-patched $CONFIGS >/dev/null 2>&1 || why="${why:+$why, }patched build failed"
	base_kernel >/dev/null 2>&1 || why="${why:+$why, }base build failed"
	# only what this config builds (kernel/rcu/srcutiny.c is !SMP only)
	files=$(for f in $files; do [ -f build/obj-patched/${f%.c}.o ] && echo $f; done)
	objs=$(echo "$files" | sed 's/\.c$/.o/')
	make -C $kt O="$top/build/obj-patched" CC="ccache gcc" W=1 C=2 CHECK="$sparse" $objs \
		>$out/w1-patched.log 2>&1 || why="${why:+$why, }W=1 C=2 build failed"
	base_objs=""
	for f in $files; do
		[ -f build/bisect/linux/$f ] && base_objs="$base_objs ${f%.c}.o"
	done
	make -C build/bisect/linux O="$top/build/bisect/obj-base" CC="ccache gcc" W=1 C=2 CHECK="$sparse" $base_objs \
		>$out/w1-base.log 2>&1 || why="${why:+$why, }base W=1 C=2 build failed"
	rm -rf build/mod/matrix-w1
	mkdir -p build/mod/matrix-w1
	cp modules/kmemleak_rcu_kunit/Kbuild $kt/lib/tests/test_kmemleak_rcu.c build/mod/matrix-w1/
	make -C build/obj-patched M="$top/build/mod/matrix-w1" CC="ccache gcc" W=1 C=2 CHECK="$sparse" modules \
		>>$out/w1-patched.log 2>&1 || why="${why:+$why, }KUnit module W=1 C=2 build failed"
	# C=2 with a checker kbuild rejects is a warning, and no check
	grep -q 'specified, but .* is not available' $out/w1-patched.log $out/w1-base.log &&
		why="${why:+$why, }sparse did not run"
	nsp=$(grep -c '^  CHECK ' $out/w1-patched.log)
	[ "$nsp" -gt 0 ] || why="${why:+$why, }sparse checked no file"
	warnings $out/w1-patched.log >$out/w1-patched.txt
	warnings $out/w1-base.log >$out/w1-base.txt
	comm -23 $out/w1-patched.txt $out/w1-base.txt >$out/w1-new.txt
	n=$(wc -l <$out/w1-new.txt)
	[ "$n" = 0 ] || { why="${why:+$why, }$n new"; sed 's/^/# /' $out/w1-new.txt; }
	[ -z "$why" ]
	result $? "W=1 and sparse (C=2) on the $(echo $files | wc -w) files the series changes and its KUnit file: $n new warnings, $(wc -l <$out/w1-base.txt) in the base's; sparse $(cat "$(dirname "$sparse")/.debian-version" 2>/dev/null || $sparse --version) checked $nsp files${why:+ ($why)}"
	# the next kbuild of these trees rebuilds the objects without W=1
fi

# build_cell NAME WHAT FRAGMENT...: the patched tree builds with these
# fragments (in build/matrix-NAME, next to build/linux) without a warning
build_cell() {
	local name=$1 what=$2 o=build/matrix-$1 why=""
	shift 2
	want "$name" || return 0
	echo "matrix: $name: $what"
	KBUILD_LOOSE=1 scripts/kbuild.sh $kt $o "$@" >$out/$name.log 2>&1 || why="build failed"
	grep -Ei "warning:|error:" $out/$name.log | sed 's/^/# /' | head -n 20
	grep -qEi "warning:|error:" $out/$name.log && why="${why:+$why, }warnings"
	[ -f $o/.config ] && why="${why:+$why, }$(check_build_$name $o | paste -sd, -)"
	why=${why%, }
	[ -z "$why" ]
	result $? "build $name: $what${why:+ ($why)}"
}
check_build_nokmemleak() { grep -q '^CONFIG_DEBUG_KMEMLEAK=y' "$1/.config" && echo "kmemleak still on"; }
check_build_noodebug() {
	has "$1" CONFIG_DEBUG_KMEMLEAK=y
	grep -q '^CONFIG_DEBUG_OBJECTS_RCU_HEAD=y' "$1/.config" && echo "DEBUG_OBJECTS_RCU_HEAD on"
}
build_cell nokmemleak "CONFIG_DEBUG_KMEMLEAK=n (with the debug fragment)" $CONFIGS configs/nokmemleak.config
build_cell noodebug "kmemleak on, CONFIG_DEBUG_OBJECTS_RCU_HEAD=n (base.config alone)" configs/base.config

# The documentation the series touches: Documentation/dev-tools (which
# holds kmemleak.rst) built with Sphinx, patched and base, new warnings
# only.  kernel-parameters.txt is included literally by admin-guide, so
# Sphinx cannot warn about its text; the series' lines there are checked
# by checkpatch.
if want docs; then
	echo "matrix: docs: make SPHINXDIRS=dev-tools htmldocs"
	why=""
	base_tree || why="no base tree"
	for t in patched base; do
		src=$kt
		[ $t = base ] && src=build/bisect/linux
		make -C $src O="$top/$out/docs-$t" SPHINXDIRS=dev-tools htmldocs \
			>$out/docs-$t.log 2>&1 || why="${why:+$why, }$t docs build failed"
		warnings $out/docs-$t.log | sed "s|$top/[^ ]*/Documentation/|Documentation/|" >$out/docs-$t.txt
	done
	comm -23 $out/docs-patched.txt $out/docs-base.txt >$out/docs-new.txt
	n=$(wc -l <$out/docs-new.txt)
	[ "$n" = 0 ] || { why="${why:+$why, }$n new"; sed 's/^/# /' $out/docs-new.txt; }
	[ -z "$why" ]
	result $? "docs: SPHINXDIRS=dev-tools htmldocs (Sphinx $(sphinx-build --version 2>/dev/null | awk '{ print $2 }')): $n new warnings${why:+ ($why)}"
fi

echo "$pass passed, $fail failed" | tee -a "$table"
[ -n "${MATRIX:-}" ] || publish "$table" matrix-table.txt "make matrix"
[ "$fail" = 0 ]
