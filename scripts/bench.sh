#!/bin/bash
# make bench: what the RCU awareness costs, stock vs patched and
# kmemleak.rcu=on vs off, measured in one run on this machine.  Boots
# each kernel (same config) with guest/workloads/bench.sh: 2 vCPUs with
# everything, 1 and 4 vCPUs with the idle and 10^4-pending scans, and
# kmemleak=off (three boots) for churn throughput.  Each figure is the median of
# BENCH_RUNS (default 5) samples with min and max; ratios are of medians
# from this run.  Then RCU's own benchmark, rcuscale (kfree_rcu_test
# and a call_rcu() run), on stock, the fixes series and the patched
# kernel, kmemleak on and off (BENCH_SCALE=0 skips it), and kmemleak_lock's
# statistics per RCU-freed object on kernels with CONFIG_LOCK_STAT
# (BENCH_LOCKSTAT=0 skips them; BENCH_MAIN=0 runs these two alone and
# keeps the other samples of the last run).  Also builds the
# three with CONFIG_DEBUG_KMEMLEAK=n for scripts/bloat-o-meter, with and
# without the debug fragment (BLOAT=0 skips it).  Writes build/bench/.
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
for v in BENCH_BOOT BENCH_MAIN BENCH_SCALE BENCH_LOCKSTAT BLOAT; do
	case ${!v:-1} in 0|1) ;; *) echo "$v: 0 or 1" >&2; exit 2 ;; esac
done
# BLOAT_VARIANTS: the size builds, nodebug (a production config) and
# debug (with DEBUG_OBJECTS_RCU_HEAD), both by default
bloat_variants=${BLOAT_VARIANTS:-nodebug debug}
for v in $bloat_variants; do
	case $v in nodebug|debug) ;; *) echo "BLOAT_VARIANTS: nodebug, debug or both" >&2; exit 2 ;; esac
done
[ -n "${bloat_variants// /}" ] || { echo "BLOAT_VARIANTS: nodebug, debug or both" >&2; exit 2; }
target_start build/bench

# the stock kernel where make check builds it (base_kernel), so that
# ccache serves it; build/bisect/linux stays at the base below
base_kernel
scripts/kbuild.sh build/linux build/obj-patched $CONFIGS
objdir() { # objdir KERNEL [SUFFIX]: where KERNEL is built
	if [ "$1" = stock ]; then echo "build/bisect/obj-base${2:+-$2}"; else echo "build/obj-patched${2:+-$2}"; fi
}

# BENCH_BOOT=0 redoes the table, plot and size builds from the samples
# of the last run without booting again; BENCH_MAIN=0 skips the boots
# below and keeps their samples from the last run, so that rcuscale or
# the lock statistics can be rerun alone (with more samples, say)
if [ "${BENCH_BOOT:-1}" = 1 ] && [ "${BENCH_MAIN:-1}" = 0 ]; then
	drop=x
	[ "${BENCH_SCALE:-1}" = 0 ] || drop="$drop|scale|scaleoff"
	[ "${BENCH_LOCKSTAT:-1}" = 0 ] || drop="$drop|lockstat"
	touch "$out/samples.txt"
	grep -Ev "^[a-z]+ ($drop) " "$out/samples.txt" >"$out/samples.kept" || true
	mv "$out/samples.kept" "$out/samples.txt"
elif [ "${BENCH_BOOT:-1}" = 1 ]; then
	: >"$out/samples.txt"
fi
for k in stock patched; do
	[ "${BENCH_BOOT:-1}" = 0 ] || [ "${BENCH_MAIN:-1}" = 0 ] && break
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
			"build/bench-$k.cpio" "$log" "$append" ||
			echo "bench: the boot failed ($log)"
		scripts/splat.sh "$log" >/dev/null || echo "bench: kernel warnings in $log"
		ktap_verdict "$log" "$k $mode $smp" /dev/null "bench $mode" | grep -v '^#'
		# the samples: the document's "# metric=value" lines
		sed -n "s/^# \([a-z0-9_]*\)=\([0-9.]*\)\$/$k $mode $smp \1 \2/p" "$log" >>"$out/samples.txt"
	done
done

# rcuscale (guest/workloads/scale.sh), RCU's own benchmark: its
# kfree_rcu() test and a call_rcu() run, on the three kernels built with
# configs/torture.config as well (make torture's patched kernel; stock
# and the fixes series where the bisect build builds), kmemleak on and
# booted off, one boot each, the kernels alternating.  BENCH_SCALE=0
# skips it.
scale_obj() {
	case $1 in
	stock) echo build/bisect/obj-base-torture ;;
	fixes) echo build/bisect/obj-fixes-torture ;;
	patched) echo build/obj-torture-smp ;;
	esac
}
if [ "${BENCH_SCALE:-1}" = 1 ] && [ "${BENCH_BOOT:-1}" != 0 ]; then
	for k in stock fixes patched; do
		src=build/bisect/linux
		case $k in
		stock) base_tree ;;
		fixes) git -C $src checkout -q --detach series/fixes ;;
		patched) src=build/linux ;;
		esac
		echo "bench: building the $k kernel with configs/torture.config ($(scale_obj $k))"
		scripts/kbuild.sh $src "$(scale_obj $k)" $CONFIGS configs/torture.config
		scripts/initramfs.sh "$(scale_obj $k)" "build/bench-scale-$k.cpio"
	done
	base_tree
	for mode in scale scaleoff; do
		for k in stock fixes patched; do
			append="workload=scale scale_runs=$runs log_buf_len=4M"
			[ $mode = scaleoff ] && append="$append kmemleak=off"
			log=build/logs/bench-$k-$mode-2.serial
			echo "bench: $k, rcuscale, kmemleak $([ $mode = scale ] && echo on || echo off)"
			SMP=2 MEM=4096 TIMEOUT=2400 scripts/boot.sh "$(scale_obj $k)/arch/x86/boot/bzImage" \
				"build/bench-scale-$k.cpio" "$log" "$append" ||
				echo "bench: the boot failed ($log)"
			scripts/splat.sh "$log" >/dev/null || echo "bench: kernel warnings in $log"
			ktap_verdict "$log" "$k $mode 2" /dev/null "rcuscale" | grep -v '^#'
			sed -n "s/^# \([a-z0-9_]*\)=\([0-9.]*\)\$/$k $mode 2 \1 \2/p" "$log" >>"$out/samples.txt"
		done
	done
fi

# kmemleak_lock per RCU-freed object (guest/workloads/lockstat.sh): stock
# and patched built with configs/lockstat.config as well, booted at 1
# and 2 vCPUs.  BENCH_LOCKSTAT=0 skips it.
lockstat_obj() {
	if [ "$1" = stock ]; then echo build/bisect/obj-base-lockstat; else echo build/obj-lockstat; fi
}
if [ "${BENCH_LOCKSTAT:-1}" = 1 ] && [ "${BENCH_BOOT:-1}" != 0 ]; then
	base_tree
	for k in stock patched; do
		src=build/linux; [ $k = stock ] && src=build/bisect/linux
		o=$(lockstat_obj $k)
		echo "bench: building the $k kernel with configs/lockstat.config ($o)"
		scripts/kbuild.sh $src $o $CONFIGS configs/torture.config configs/lockstat.config
		ko=$(ext_module "$o" modules/kmemleak_churn/Kbuild modules/kmemleak_churn/kmemleak_churn.c)
		scripts/initramfs.sh "$o" "build/bench-lockstat-$k.cpio" "$ko"
	done
	for smp in 1 2; do
		for k in stock patched; do
			log=build/logs/bench-$k-lockstat-$smp.serial
			echo "bench: $k, lock statistics, $smp vCPUs"
			SMP=$smp MEM=4096 TIMEOUT=1800 scripts/boot.sh "$(lockstat_obj $k)/arch/x86/boot/bzImage" \
				"build/bench-lockstat-$k.cpio" "$log" "workload=lockstat" ||
				echo "bench: the boot failed ($log)"
			scripts/splat.sh "$log" >/dev/null || echo "bench: kernel warnings in $log"
			ktap_verdict "$log" "$k lockstat $smp" /dev/null "lock statistics" | grep -v '^#'
			sed -n "s/^# \([a-z0-9_]*\)=\([0-9.]*\)\$/$k lockstat $smp \1 \2/p" "$log" >>"$out/samples.txt"
		done
	done
fi

# median min max of a metric: stat KERNEL MODE SMP METRIC
stat() {
	awk -v k="$1" -v m="$2" -v s="$3" -v x="$4" '$1 == k && $2 == m && $3 == s && $4 == x { print $5 }' \
		"$out/samples.txt" | sort -n | awk '{ v[NR] = $1 } END {
			if (!NR) { print "- - -"; exit }
			med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%g %g %g\n", med, v[1], v[NR] }'
}
med() { stat "$@" | cut -d' ' -f1; }
# count KERNEL MODE METRIC: how many samples a figure has (2 vCPUs)
count() { awk -v k="$1" -v m="$2" -v x="$3" '$1 == k && $2 == m && $3 == 2 && $4 == x' "$out/samples.txt" | wc -l; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f\n", a / b }'; }
# spread K1 K2 MODE METRIC: the ratio of K1's METRIC to K2's, medians,
# and the range it can take between the samples' extremes
spread() {
	local a b
	a=$(stat "$1" "$3" 2 "$4") b=$(stat "$2" "$3" 2 "$4")
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ")
		if (x[1] == "-" || y[1] == "-" || y[2] == 0 || y[3] == 0) { print "-"; exit }
		printf "%.2f [%.2f-%.2f]\n", x[1] / y[1], x[2] / y[3], x[3] / y[2] }'
}
row() { # row LABEL RATIO TARGET
	printf '%-58s %6s   %s\n' "$1" "$2" "$3"
}

# the main boots' samples, if this table has them (BENCH_MAIN=0 on a
# fresh machine has none: their rows are left out, not printed empty)
mains=$(count stock full scan_idle_ms)
{
	echo "kmemleak-rcu benchmark: $(date -u +%F), QEMU TCG, base+debug config (lockdep on)," \
		"$([ "$mains" -gt 0 ] && echo "$mains samples per figure" || echo "no main boots")"
	echo
	printf '%-8s %-5s %-4s %-24s %10s %10s %10s\n' kernel boot cpus metric median min max
	for k in stock fixes patched; do
		for run in full:2 quick:1 quick:4 off:2 scale:2 scaleoff:2 lockstat:1 lockstat:2; do
			mode=${run%:*} smp=${run#*:}
			for x in $(awk -v k=$k -v m=$mode -v s=$smp '$1 == k && $2 == m && $3 == s { print $4 }' \
					"$out/samples.txt" | awk '!seen[$0]++'); do
				printf '%-8s %-5s %-4s %-24s %10s %10s %10s\n' $k $mode $smp $x $(stat $k $mode $smp $x)
			done
		done
	done
	[ "$mains" -gt 0 ] && {
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
	}
	echo
	echo "rcuscale, 2 vCPUs, time per operation, $(count stock scale kfree_rcu_ns) samples per kernel" \
		"and mode: ratio of medians [range between the samples' extremes]"
	for m in scale:on scaleoff:off; do
		mode=${m%:*} on=${m#*:} target="<= 1.10"
		[ $on = off ] && target="1.00"
		row "kfree_rcu_test, kmemleak $on: patched/stock" "$(spread patched stock $mode kfree_rcu_ns)" "$target"
		row "kfree_rcu_test, kmemleak $on: fixes/stock" "$(spread fixes stock $mode kfree_rcu_ns)" \
			"$([ $on = off ] && echo 1.00 || echo -)"
		row "call_rcu() (gp_async), kmemleak $on: patched/stock" "$(spread patched stock $mode call_rcu_ns)" "$target"
	done
	echo
	echo "kmemleak_lock per RCU-freed object (CONFIG_LOCK_STAT, lockdep on): stock -> patched"
	printf '%-8s %-4s %22s %22s %22s %22s\n' workload cpus acquisitions contentions "hold ns" "wait ns"
	for w in churn kfree; do
		for smp in 1 2; do
			printf '%-8s %-4s' $w $smp
			for x in acquisitions contentions hold_ns wait_ns; do
				printf ' %22s' "$(med stock lockstat $smp lockstat_${w}_$x)->$(med patched lockstat $smp lockstat_${w}_$x)"
			done
			echo
		done
	done
	# the lock saturates when it is held all the time: at 1 s / (hold
	# time per object) RCU-freed objects per second, all CPUs together
	for w in churn kfree; do
		awk -v w=$w -v s="$(med stock lockstat 2 lockstat_${w}_hold_ns)" \
			-v p="$(med patched lockstat 2 lockstat_${w}_hold_ns)" \
			-v as="$(med stock lockstat 2 lockstat_${w}_acquisitions)" \
			-v ap="$(med patched lockstat 2 lockstat_${w}_acquisitions)" 'BEGIN {
			if (s == "-" || p == "-" || s == 0 || p == 0 || ap == 0) exit
			printf "%s, 2 vCPUs: kmemleak_lock held all the time at %.0f objects/s stock, %.0f patched; the hooks take %.0f%% of its acquisitions\n",
				w, 1e9 / s, 1e9 / p, (ap - as) / ap * 100 }'
	done
	[ "$mains" -gt 0 ] && echo
	for smp in 1 2 4; do
		[ "$mains" -gt 0 ] || break
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
[ "$mains" = 0 ] || awk 'NR > 1 { n[NR] = $1; s[NR] = $2; p[NR] = $3 } END {
	printf "\nslope, scan ms per 1000 pending callbacks (first to last point): stock %.2f, patched %.2f\n",
		(s[NR] - s[2]) / (n[NR] - n[2]) * 1000, (p[NR] - p[2]) / (n[NR] - n[2]) * 1000 }' \
	"$out/pending.dat" >>"$out/table.txt"

# the series' size with kmemleak not built: without debug-objects (a
# production kernel: target +0) and with DEBUG_OBJECTS_RCU_HEAD (where
# Tasks RCU now reports its callbacks to debug-objects too)
if [ "${BLOAT:-1}" = 1 ]; then
	: >"$out/size.txt"
	for v in $bloat_variants; do
		frags="configs/base.config configs/nokmemleak.config"
		[ $v = debug ] && frags="$CONFIGS configs/nokmemleak.config"
		for k in stock fixes patched; do
			# stock and the fixes series next to build/bisect/linux
			# as patched is next to build/linux: ccache serves one
			# from the other
			src=build/bisect/linux o=$(objdir $k nokmemleak-$v)
			case $k in
			stock) base_tree ;;
			fixes) git -C $src checkout -q --detach series/fixes
				o=build/bisect/obj-fixes-nokmemleak-$v ;;
			patched) src=build/linux ;;
			esac
			KBUILD_LOOSE=1 scripts/kbuild.sh $src $o $frags
			if grep -q '^CONFIG_DEBUG_KMEMLEAK=y' $o/.config; then
				echo "bench: $o has kmemleak" >&2
				exit 1
			fi
		done
		base_tree
		{
			echo
			echo "CONFIG_DEBUG_KMEMLEAK=n ($frags), scripts/bloat-o-meter stock patched:"
			build/linux/scripts/bloat-o-meter "$(objdir stock nokmemleak-$v)/vmlinux" \
				"$(objdir patched nokmemleak-$v)/vmlinux"
			echo
			echo "the same, stock and the fixes series alone (0001-0007):"
			build/linux/scripts/bloat-o-meter "$(objdir stock nokmemleak-$v)/vmlinux" \
				"build/bisect/obj-fixes-nokmemleak-$v/vmlinux"
		} >>"$out/size.txt"
	done
	cat "$out/size.txt" >>"$out/table.txt"
fi

cat "$out/table.txt"
# the command that wrote them, with the settings that shape the table
cmd="BENCH_RUNS=$runs"
for v in BENCH_MAX_PENDING BENCH_BOOT BENCH_MAIN BENCH_SCALE BENCH_LOCKSTAT BLOAT BLOAT_VARIANTS; do
	[ -z "${!v:-}" ] || cmd="$cmd $v=${!v}"
done
# BENCH_MAIN=0 on a machine that kept no samples of the main boots (a
# fresh one) has only a part of the table: it goes to a file of its own
# rather than over the whole table
# the size builds alone (BENCH_BOOT=0 BLOAT=1) have a file of their
# own too, so that they need no samples to be published
[ "${BLOAT:-1}" = 0 ] || publish "$out/size.txt" bench-size.txt "$cmd make bench"
if [ ! -s "$out/samples.txt" ]; then
	echo "bench: no samples in $out/samples.txt: no table published"
elif [ "${BENCH_MAIN:-1}" = 0 ] && ! grep -q '^[a-z]* full ' "$out/samples.txt"; then
	publish "$out/table.txt" bench-table-partial.txt "$cmd make bench"
else
	plot_stock_patched "$out/pending.dat" "$out/pending.png" \
		"kmemleak scan time with callbacks pending (GP held), 2 vCPUs" \
		"call_rcu() callbacks pending" "scan ms"
	publish "$out/table.txt" bench-table.txt "$cmd make bench"
	publish "$out/pending.dat" bench-pending.dat "$cmd make bench"
	cp "$out/pending.png" docs/bench-pending.png
fi
echo "bench: wrote $out/table.txt and $out/samples.txt"
