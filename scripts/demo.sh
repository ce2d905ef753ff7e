#!/bin/bash
# make demo: build the stock kernel (Debian's tree, no patches) and the
# patched one with the same config, build the out-of-tree churn driver
# against each, boot both under QEMU with the same workloads
# (guest/workloads/demo.sh, rcu_nocbs=all so that RCU_LAZY is active),
# and print the before/after table.  Writes build/demo/table.txt and
# build/demo/fp.png.  A kernel's results are reused while its bzImage,
# initramfs and workload are unchanged (FRESH=1 reruns them).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
target_start build/demo
if [ -z "$(git -C build/linux log --oneline base..HEAD -- mm/kmemleak-rcu.c)" ]; then
	echo "demo: no RCU changes in the series yet; the patched kernel is the stock one"
fi
echo "demo: building the stock kernel (build/obj-stock)"
scripts/kbuild.sh build/stock-src build/obj-stock $CONFIGS
echo "demo: building the patched kernel (build/obj-patched)"
scripts/kbuild.sh build/linux build/obj-patched $CONFIGS

for k in stock patched; do
	obj=build/obj-$k
	churn_initramfs "$obj" "build/demo-$k.cpio"
	res=$out/results-$k.txt
	if results_fresh "$res" demo "$obj"; then
		echo "demo: $k: reusing $res (FRESH=1 to rerun)"
		continue
	fi
	echo "demo: booting the $k kernel (about 3 minutes under TCG)"
	scripts/boot.sh "$obj/arch/x86/boot/bzImage" "build/demo-$k.cpio" \
		"build/logs/demo-$k.serial" "workload=demo rcu_nocbs=all"
	ktap_verdict "build/logs/demo-$k.serial" "demo $k" /dev/null "size-3000" | grep -v '^#'
	# the figures: the document's "# workload=..." lines
	grep '^# workload=' "build/logs/demo-$k.serial" >"$res.tmp"
	scripts/splat.sh "build/logs/demo-$k.serial" >"$out/splats-$k.txt" ||
		echo "demo: $k: kernel warnings, see $out/splats-$k.txt"
	mv "$res.tmp" "$res"
done

label() {
	case $1 in
	churn-normal) echo "call_rcu churn, lazy GP" ;;
	churn-stalled) echo "call_rcu churn, stalled GP" ;;
	metadata-stalled) echo "+ metadata interleaved" ;;
	tmpfs-files) echo "userspace tmpfs churn" ;;
	sysobj-stalled) echo "net+tasks+tmpfs, stalled GP" ;;
	sysobj-running) echo "sockets+tmpfs, running" ;;
	*) echo "$1" ;;
	esac
}
{
	printf '%-8s %-28s %7s %5s %9s %6s %8s\n' kernel workload reports own transient found scan_ms
	for w in churn-normal churn-stalled metadata-stalled tmpfs-files sysobj-stalled sysobj-running; do
		for k in stock patched; do
			l=$(grep " workload=$w " "$out/results-$k.txt")
			printf '%-8s %-28s %7s %5s %9s %6s %8s\n' "$k" "$(label $w)" \
				"$(echo "$l" | field reports)" "$(echo "$l" | field own)" \
				"$(echo "$l" | field transient)" "$(echo "$l" | field found)" \
				"$(echo "$l" | field scan_ms)"
		done
	done
	echo
	echo "reports: objects reported by a scan pair during the workload; own: of those,"
	echo "the churn's RCU-pending objects; transient: reports gone once callbacks ran;"
	echo "found: planted leaks reported / planted.  Last two rows: ordinary kernel"
	echo "objects (guest/sysobj-churn.c), every report counted whoever allocated it;"
	echo "stalled: 100 slots of TCP/UDP/unix sockets, routes, processes and tmpfs"
	echo "files freed under a held grace period; running: sockets and tmpfs files"
	echo "for 30 s at full speed (256 alive, each freed 6 s after it was made),"
	echo "scans without pause.  Guest: 2 vCPUs, TCG, rcu_nocbs=all."
} | tee "$out/table.txt"

# The verdict: the patched kernel makes no transient report and finds
# every planted leak; on the ordinary-object rows the stock kernel must
# make transient reports, or the workload is too weak to show anything.
bad=0
for w in churn-normal churn-stalled metadata-stalled tmpfs-files sysobj-stalled sysobj-running; do
	s=$(grep " workload=$w " "$out/results-stock.txt")
	p=$(grep " workload=$w " "$out/results-patched.txt")
	t=$(echo "$p" | field transient) rc=$(echo "$p" | field rc)
	if [ "$t" != 0 ] || { [ "$rc" != - ] && [ "$rc" != 0 ]; }; then
		echo "demo: FAIL: patched, $w: $p"; bad=1
	fi
	f=$(echo "$p" | field found)
	if [ "$f" != - ] && [ "${f%/*}" != "${f#*/}" ]; then
		echo "demo: FAIL: patched, $w: planted leaks not all found ($f)"; bad=1
	fi
	case $w in sysobj-*)
		t=$(echo "$s" | field transient)
		if [ "$t" = - ] || [ "$t" = 0 ] || [ "$(echo "$s" | field rc)" != 0 ]; then
			echo "demo: FAIL: stock, $w makes no transient report: the workload is too weak ($s)"
			bad=1
		fi
	esac
done
[ $bad = 0 ] && echo "demo: patched: 0 transient reports in every row, every planted leak found"
publish "$out/table.txt" demo-table.txt "make demo"

# false positives (own pending objects reported) against churn size
{
	echo "# n stock patched"
	for n in 100 300 1000 3000; do
		w=size-$n
		[ $n = 1000 ] && w=metadata-stalled
		s=$(grep " workload=$w " "$out/results-stock.txt" | field own)
		p=$(grep " workload=$w " "$out/results-patched.txt" | field own)
		echo "$n $s $p"
	done
} >"$out/fp.dat"
if command -v gnuplot >/dev/null; then
	plot_stock_patched "$out/fp.dat" "$out/fp.png" \
		"kmemleak false positives, stalled GP, metadata interleaved" \
		"call_rcu() objects pending" "pending objects reported"
	echo "demo: wrote $out/table.txt, $out/fp.dat and $out/fp.png"
fi
publish "$out/fp.dat" demo-fp.dat "make demo"
exit $bad
