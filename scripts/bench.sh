#!/bin/bash
# make bench: what the RCU awareness costs, stock vs patched and
# kmemleak.rcu=on vs off, measured in one run on this machine.  Boots
# each kernel (same config) with guest/workloads/bench.sh: 2 vCPUs with
# everything, 1 and 4 vCPUs with the idle and 10^4-pending scans, and
# kmemleak=off (three boots) for churn throughput.  Each figure is the median of
# BENCH_RUNS (default 5) samples with min and max; ratios are of medians
# from this run.  Also builds both trees with CONFIG_DEBUG_KMEMLEAK=n
# for scripts/bloat-o-meter, with and without the debug fragment
# (BLOAT=0 skips it).  Writes build/bench/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
runs=${BENCH_RUNS:-5}
case $runs in ""|*[!0-9]*|0) echo "BENCH_RUNS: samples per figure, 1 or more" >&2; exit 2 ;; esac
# the sweep's largest count of callbacks held behind one grace period;
# 10^6 holds it past RCU's stall timeout, which goes to 120 s here
maxp=${BENCH_MAX_PENDING:-100000}
case $maxp in ''|*[!0-9]*) echo "BENCH_MAX_PENDING: a number" >&2; exit 2 ;; esac
target_start build/bench

# the stock kernel where make check builds it (base_kernel), so that
# ccache serves it; build/bisect/linux stays at the base below
base_kernel
scripts/kbuild.sh build/linux build/obj-patched $CONFIGS
objdir() { # objdir KERNEL [SUFFIX]: where KERNEL is built
	if [ "$1" = stock ]; then echo "build/bisect/obj-base${2:+-$2}"; else echo "build/obj-patched${2:+-$2}"; fi
}

# BENCH_BOOT=0 redoes the table, plot and size builds from the samples
# of the last run without booting again
[ "${BENCH_BOOT:-1}" = 0 ] || : >"$out/samples.txt"
for k in stock patched; do
	[ "${BENCH_BOOT:-1}" = 0 ] && break
	offboot=0
	obj=$(objdir $k)
	ko=$(ext_module "$obj" modules/kmemleak_churn/Kbuild modules/kmemleak_churn/kmemleak_churn.c)
	scripts/initramfs.sh "$obj" "build/bench-$k.cpio" "$ko"
	for run in full:2 quick:1 quick:4 off:2 off:2 off:2; do
		mode=${run%:*} smp=${run#*:}
		append="workload=bench bench_mode=$mode bench_runs=$runs bench_max_pending=$maxp"
		append="$append rcupdate.rcu_cpu_stall_timeout=120"
		[ "$mode" = off ] && append="$append kmemleak=off"
		log=build/logs/bench-$k-$mode-$smp.serial
		[ "$mode" = off ] && log=build/logs/bench-$k-off-$smp-$((++offboot)).serial
		echo "bench: $k, $mode, $smp vCPUs"
		SMP=$smp MEM=4096 TIMEOUT=2400 scripts/boot.sh "$obj/arch/x86/boot/bzImage" \
			"build/bench-$k.cpio" "$log" "$append"
		scripts/splat.sh "$log" >/dev/null || echo "bench: kernel warnings in $log"
		ktap_verdict "$log" "$k $mode $smp" /dev/null "bench $mode" | grep -v '^#'
		# the samples: the document's "# metric=value" lines
		sed -n "s/^# \([a-z0-9_]*\)=\([0-9.]*\)\$/$k $mode $smp \1 \2/p" "$log" >>"$out/samples.txt"
	done
done

# median min max of a metric: stat KERNEL MODE SMP METRIC
stat() {
	awk -v k="$1" -v m="$2" -v s="$3" -v x="$4" '$1 == k && $2 == m && $3 == s && $4 == x { print $5 }' \
		"$out/samples.txt" | sort -n | awk '{ v[NR] = $1 } END {
			if (!NR) { print "- - -"; exit }
			med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%g %g %g\n", med, v[1], v[NR] }'
}
med() { stat "$@" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f\n", a / b }'; }
row() { # row LABEL RATIO TARGET
	printf '%-58s %6s   %s\n' "$1" "$2" "$3"
}

{
	echo "kmemleak-rcu benchmark: $(date -u +%F), QEMU TCG, base+debug config (lockdep on), $runs runs"
	echo
	printf '%-8s %-5s %-4s %-24s %10s %10s %10s\n' kernel boot cpus metric median min max
	for k in stock patched; do
		for run in full:2 quick:1 quick:4 off:2; do
			mode=${run%:*} smp=${run#*:}
			for x in $(awk -v k=$k -v m=$mode -v s=$smp '$1 == k && $2 == m && $3 == s { print $4 }' \
					"$out/samples.txt" | awk '!seen[$0]++'); do
				printf '%-8s %-5s %-4s %-24s %10s %10s %10s\n' $k $mode $smp $x $(stat $k $mode $smp $x)
			done
		done
	done
	echo
	echo "ratios (medians of this run)                                ratio   target"
	row "scan, idle: patched/stock" "$(ratio "$(med patched full 2 scan_idle_ms)" "$(med stock full 2 scan_idle_ms)")" "<= 1.05"
	row "scan, idle: patched rcu=on / rcu=off (alternating)" "$(ratio "$(med patched full 2 scan_idle_on_ms)" "$(med patched full 2 scan_idle_off_ms)")" "<= 1.10"
	row "scan after 10^4 churn: patched/stock" "$(ratio "$(med patched full 2 scan_after_churn_ms)" "$(med stock full 2 scan_after_churn_ms)")" "-"
	row "one scan (patched) / scan+sleep 5+scan (stock), ms" "$(med patched full 2 trust_ms)/$(med stock full 2 trust_ms)" "-"
	row "churn throughput, kmemleak on: patched/stock" "$(ratio "$(med stock full 2 churn_ns)" "$(med patched full 2 churn_ns)")" ">= 0.95"
	row "churn throughput, patched rcu=on / rcu=off (alternating)" "$(ratio "$(med patched full 2 churn_off_ns)" "$(med patched full 2 churn_on_ns)")" "-"
	row "churn throughput, kmemleak=off, 3 boots each: patched/stock" "$(ratio "$(med stock off 2 churn_ns)" "$(med patched off 2 churn_ns)")" "1.00"
	row "call_rcu() alone, tracked object, ns: stock -> patched" \
		"$(med stock full 2 callrcu_ns)->$(med patched full 2 callrcu_ns)" "-"
	row "call_rcu() alone, kmemleak=off: patched/stock" "$(ratio "$(med patched off 2 callrcu_ns)" "$(med stock off 2 callrcu_ns)")" "1.00"
	row "scan, GP stalled, 1000 pending: patched ms" "$(med patched full 2 scan_stalled_ms)" \
		"<= $(med patched full 2 barrier_ms) + idle $(med patched full 2 scan_idle_ms)"
	row "struct kmemleak_object bytes: stock -> patched" \
		"$(med stock full 2 object_size)->$(med patched full 2 object_size)" "<= +8"
	row "scan, GP known stalled, 10^4 pending: patched/stock" "$(ratio "$(med patched full 2 scan_stalled_known_10000_ms)" "$(med stock full 2 scan_stalled_known_10000_ms)")" "<= 1.10"
	row "scan, 10^4 pending, rcu_barrier_ms=0: patched/stock" "$(ratio "$(med patched full 2 scan_pending_10000_nobarrier_ms)" "$(med stock full 2 scan_pending_10000_ms)")" "-"
	for smp in 1 2 4; do
		mode=quick; [ $smp = 2 ] && mode=full
		row "first scan of a stall, 10^4 pending, $smp vCPUs: patched/stock" \
			"$(ratio "$(med patched $mode $smp scan_pending_10000_ms)" "$(med stock $mode $smp scan_pending_10000_ms)")" "-"
	done
} >"$out/table.txt"

# scan time against pending callbacks, with the slope of each line
{
	echo "# pending stock_ms patched_ms"
	n=1000
	while [ $n -le "$maxp" ]; do
		echo "$n $(med stock full 2 sweep_pending_${n}_ms) $(med patched full 2 sweep_pending_${n}_ms)"
		n=$((n * 10))
	done
} >"$out/pending.dat"
awk 'NR > 1 { n[NR] = $1; s[NR] = $2; p[NR] = $3 } END {
	printf "\nslope, scan ms per 1000 pending callbacks (first to last point): stock %.2f, patched %.2f\n",
		(s[NR] - s[2]) / (n[NR] - n[2]) * 1000, (p[NR] - p[2]) / (n[NR] - n[2]) * 1000 }' \
	"$out/pending.dat" >>"$out/table.txt"

# the series' size with kmemleak not built: without debug-objects (a
# production kernel: target +0) and with DEBUG_OBJECTS_RCU_HEAD (where
# Tasks RCU now reports its callbacks to debug-objects too)
if [ "${BLOAT:-1}" = 1 ]; then
	for v in nodebug debug; do
		frags="configs/base.config configs/nokmemleak.config"
		[ $v = debug ] && frags="$CONFIGS configs/nokmemleak.config"
		for k in stock patched; do
			# stock next to build/bisect/linux as patched is next to
			# build/linux: ccache serves one from the other
			src=build/linux; [ $k = stock ] && src=build/bisect/linux
			o=$(objdir $k nokmemleak-$v)
			KBUILD_LOOSE=1 scripts/kbuild.sh $src $o $frags
			if grep -q '^CONFIG_DEBUG_KMEMLEAK=y' $o/.config; then
				echo "bench: $o has kmemleak" >&2
				exit 1
			fi
		done
		{
			echo
			echo "CONFIG_DEBUG_KMEMLEAK=n ($frags), scripts/bloat-o-meter stock patched:"
			build/linux/scripts/bloat-o-meter "$(objdir stock nokmemleak-$v)/vmlinux" \
				"$(objdir patched nokmemleak-$v)/vmlinux"
		} >>"$out/table.txt"
	done
fi

plot_stock_patched "$out/pending.dat" "$out/pending.png" \
	"kmemleak scan time with callbacks pending (GP held), 2 vCPUs" \
	"call_rcu() callbacks pending" "scan ms"
cat "$out/table.txt"
publish "$out/table.txt" bench-table.txt "BENCH_RUNS=$runs make bench"
publish "$out/pending.dat" bench-pending.dat "BENCH_RUNS=$runs make bench"
cp "$out/pending.png" docs/bench-pending.png
echo "bench: wrote $out/table.txt, $out/samples.txt and $out/pending.png"
