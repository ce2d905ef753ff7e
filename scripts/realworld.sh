#!/bin/bash
# make realworld: a distro-sized kernel, stock and patched.  Builds both
# trees from x86_64_defconfig + kvm_guest.config + configs/realworld.config
# (with ccache; the trees' paths differ, so the second build gains
# little from the first), boots each under
# QEMU with guest/workloads/realworld.sh and prints the table: reports
# right after boot, transient reports under the sysobj workloads, the
# syzkaller executor's check against one `echo scan` after mixed load,
# and idle scan times.  Boot-time reports are kept in
# build/realworld/boot-reports-KERNEL.txt.  A kernel's results are
# reused while its bzImage and the workload are unchanged (FRESH=1
# reruns them).  Not part of make check: the two builds take long.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
target_start build/realworld
frags="build/stock-src/arch/x86/configs/x86_64_defconfig
	build/stock-src/kernel/configs/kvm_guest.config configs/realworld.config"
for k in stock patched; do
	src=build/linux
	[ $k = stock ] && src=build/stock-src
	obj=build/obj-rw-$k
	echo "realworld: building the $k kernel ($obj)"
	t0=$(date +%s)
	KBUILD_ALLNO=0 KBUILD_LOOSE=1 scripts/kbuild.sh "$src" "$obj" $frags
	echo "realworld: $k built in $(($(date +%s) - t0)) s"
	churn_initramfs "$obj" "build/rw-$k.cpio"
	res=$out/results-$k.txt
	if results_fresh "$res" realworld "$obj"; then
		echo "realworld: $k: reusing $res (FRESH=1 to rerun)"
		continue
	fi
	log=build/logs/realworld-$k.serial
	echo "realworld: booting the $k kernel (about 10 minutes under TCG)"
	TIMEOUT=2400 MEM=4096 scripts/boot.sh "$obj/arch/x86/boot/bzImage" "build/rw-$k.cpio" \
		"$log" "workload=realworld"
	sed -n '/^# boot reports begin$/,/^# boot reports end$/p' "$log" |
		sed '1d;$d;s/^# //' >"$out/boot-reports-$k.txt"
	scripts/splat.sh "$log" >"$out/splats-$k.txt" ||
		echo "realworld: $k: kernel warnings, see $out/splats-$k.txt"
	ktap_verdict "$log" "realworld $k" /dev/null "single2" | grep -v '^#'
	# the figures: the document's "# workload=..." lines
	grep '^# workload=' "$log" | sed 's/^# //' >"$res.tmp"
	mv "$res.tmp" "$res"
done

get() { grep "^workload=$2 " "$out/results-$1.txt" | sed 's/^/ /' | field "$3"; }
{
	echo "make realworld: x86_64_defconfig + kvm_guest.config + configs/realworld.config,"
	echo "QEMU TCG, 2 vCPUs, 4 GiB; $(date -u +%F)"
	echo
	printf '%-44s %12s %12s\n' "" stock patched
	r() { printf '%-44s %12s %12s\n' "$1" "$(get stock "$2" "$3")" "$(get patched "$2" "$3")"; }
	r "reports right after boot" boot reports
	r "first scan after boot, ms" boot scan_ms
	r "idle scans, ms" idle scan_ms
	r "sysobj, stalled GP: reports" sysobj-stalled reports
	r "sysobj, stalled GP: transient" sysobj-stalled transient
	r "sysobj, running: reports" sysobj-running reports
	r "sysobj, running: transient" sysobj-running transient
	r "syzkaller check after load: reports" ritual reports
	r "syzkaller check after load: transient" ritual transient
	r "syzkaller check after load: ms" ritual ms
	r "one echo scan after load: reports" single1 reports
	r "one echo scan after load: transient" single1 transient
	r "one echo scan after load: ms" single1 ms
	r "again: reports" single2 reports
	r "again: transient" single2 transient
	r "again: ms" single2 ms
	echo
	echo "transient: reports gone once the grace periods ended and the callbacks ran"
	echo "(false positives, whoever allocated the object).  Boot-time reports:"
	echo "build/realworld/boot-reports-{stock,patched}.txt."
} | tee "$out/table.txt"
publish "$out/table.txt" realworld-table.txt "make realworld"
