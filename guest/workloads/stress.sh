# Reliability under faults, stalls and bad input (patched kernel only).
# Prints "STRESS: ok|not ok <what>" per property and "STRESS: figures ...".
# Kernel command line:
#   stress_secs=  race phases, split between hotplug and switch races (60)
#   soak_secs=    mixed churn with periodic scans (60)
#   stress_seed=  fuzz seed (1)
#   stress_frees= tracked frees during a stall (1000000)
#   stress_end=   off: turn kmemleak off under churn (default)
#                 faults: failslab on kmemleak's metadata, until kmemleak
#                 disables itself (needs CONFIG_FAILSLAB)
#   stress_kunit=1  load the KUnit suite first (the KASAN boot)
#   kunit_hold_ms=  the suite's hold_max_ms (its default, 15 s, otherwise)
#   stress_badparams=1  the boot line carries bad kmemleak.* values
. /workloads/lib.sh
P=/sys/module/kmemleak/parameters
W=/extra/kmemleak/kmemleak_write
arg() { sed -n "s/.*$1=\\([0-9a-z]*\\).*/\\1/p" /proc/cmdline; }
SECS=$(arg stress_secs); SECS=${SECS:-60}
SOAK=$(arg soak_secs); SOAK=${SOAK:-60}
SEED=$(arg stress_seed); SEED=${SEED:-1}
END=$(arg stress_end); END=${END:-off}

if [ "$(arg stress_kunit)" = 1 ]; then
	# a slow (KASAN) kernel with a raised stall timeout may hold longer
	h=$(arg kunit_hold_ms)
	# insmod waits for each case, which takes 80-150 s under KASAN:
	# more than the hung-task timeout (60 s) while the suite runs
	ht=/proc/sys/kernel/hung_task_timeout_secs
	ht0=$(cat $ht)
	echo 600 >$ht
	insmod /extra/test_kmemleak_rcu.ko ${h:+hold_max_ms=$h} ||
		echo "STRESS: not ok insmod test_kmemleak_rcu.ko"
	echo "$ht0" >$ht
fi
echo "STRESS: begins"
insmod /extra/kmemleak_churn.ko || exit 1
rc=0
ok() { echo "STRESS: ok $*"; }
bad() { echo "STRESS: not ok $*"; rc=1; }
[ -x $W ] || bad "helper $W present (the host could not build it)"
ctl() { echo "$*" >$D/ctl || { echo "STRESS: ctl '$*' failed"; rc=1; }; }
thread() { grep -qx kmemleak /proc/[0-9]*/comm 2>/dev/null && echo on || echo off; }
state() { echo "$(cat $P/rcu) $(cat $P/rcu_barrier_ms) $(thread)"; }
meta() { # kmemleak_object in use; shrinking empties KASAN's quarantine first
	echo 1 >/sys/kernel/slab/kmemleak_object/shrink 2>/dev/null
	awk '$1 == "kmemleak_object" { print $2 }' /proc/slabinfo 2>/dev/null
}
objects() { awk -v k="$1" '$1 ~ "^(" k ")$" { print $2 }' /tmp/objs; }
# count_in A B, count_out A B: how many lines of A are (not) in B
count_in() { in_both "$1" "$2" | wc -l; }
count_out() { only_first "$1" "$2" | wc -l; }
scans=0 churned=0 faults=0 fuzzed=0 fps=0 found=0 planted=0 worst=0 pworst=0
note_scan() { # note_scan MS: count a scan, keep the longest (pworst: per phase)
	scans=$((scans + 1))
	[ "$1" -gt $worst ] && worst=$1
	[ "$1" -gt $pworst ] && pworst=$1
}

# One cycle of held callbacks: N objects older than the minimum age are
# queued behind a stalled grace period (with tracked kfree()s between
# them, so that metadata enters the chain), scanned, then released.
# Reports of anything but the planted leaks count as false positives;
# the planted leaks, the forgotten one included, must all be found.
# With "hotplug", a CPU offline holds the hotplug lock while it waits
# for the stalled grace period (a hotplug operation just before keeps
# the lock's rcu_sync on its slow path): the scan must not wait for it.
# cycle N LEAKS [hotplug]
cycle() {
	ctl alloc "$1" "$2"
	sleep 6
	if [ "${3:-}" = hotplug ]; then
		echo 0 >/sys/devices/system/cpu/cpu1/online
		echo 1 >/sys/devices/system/cpu/cpu1/online
	fi
	ctl stall on
	# should a scan hang, release the grace period so that it shows
	(sleep 60; echo "stall off" >$D/ctl) 2>/dev/null & dog=$!
	ctl queue 1
	churned=$((churned + $1))
	if [ "${3:-}" = hotplug ]; then
		echo 0 >/sys/devices/system/cpu/cpu1/online & hp=$!
		sleep 1
	fi
	ms=$(scan_ms); note_scan "$ms"
	reported >/tmp/r1
	cat $D/objects >/tmp/objs
	kill $dog; wait $dog 2>/dev/null
	ctl stall off
	if [ "${3:-}" = hotplug ]; then
		wait $hp
		echo 1 >/sys/devices/system/cpu/cpu1/online
	fi
	ctl barrier
	# a leak that stopped changing is reported by the second scan
	ms=$(scan_ms); note_scan "$ms"
	ms=$(scan_ms); note_scan "$ms"
	reported >/tmp/r2
	objects leak >/tmp/leaks
	objects 'leak|forgot' >/tmp/all_leaks
	fp=$(($(count_out /tmp/r1 /tmp/leaks) + $(count_out /tmp/r2 /tmp/all_leaks)))
	fps=$((fps + fp))
	f=$(count_in /tmp/all_leaks /tmp/r2)
	found=$((found + f)); planted=$((planted + $2 + 1))
	if [ "$fp" = 0 ] && [ "$f" = $(($2 + 1)) ]; then
		ctl free
		return 0
	fi
	echo "# cycle $1 $2: $fp false positives, $f of $(($2 + 1)) leaks found"
	{ awk 'NR == FNR { s[$1] = 1; next } !($1 in s)' /tmp/leaks /tmp/r1
	  awk 'NR == FNR { s[$1] = 1; next } !($1 in s)' /tmp/all_leaks /tmp/r2; } |
		sort -u | head -n 3 | while read -r a; do
		echo "# reported: $a ($(grep -w "$a" /tmp/objs | cut -d' ' -f1))"
		echo "dump=$a" >$KM
	done
	ctl free
	return 1
}

# --- 0. bad boot parameters: a clear error, defaults kept ---
if [ "$(arg stress_badparams)" = 1 ]; then
	fuzzed=$((fuzzed + 2))
	if [ "$(cat $P/rcu) $(cat $P/rcu_barrier_ms)" = "on 1000" ] &&
	   dmesg | grep -q 'kmemleak.rcu=maybe: expected on or off' &&
	   dmesg | grep -q 'kmemleak.rcu_barrier_ms=60001: expected 0 to 60000'; then
		ok "bad boot parameters rejected with an error, defaults kept"
	else
		bad "bad boot parameters: rcu=$(cat $P/rcu) rcu_barrier_ms=$(cat $P/rcu_barrier_ms)"
	fi
fi

# --- 1. seeded fuzz of bad input: EINVAL and nothing changes ---
awk -v seed="$SEED" 'BEGIN {
	srand(seed); cs = "abcdefghijklmnopqrstuvwxyz0123456789#%:.-+"
	split("kmemleak kmemleak kmemleak kmemleak rcu ms", file, " ")
	split("rcu= scan= dump= # rcu=o rcu=of", pre, " ")
	for (i = 0; i < 300; i++) {
		v = "#"
		for (j = int(rand() * 12); j > 0; j--) v = v substr(cs, int(rand() * length(cs)) + 1, 1)
		f = file[int(rand() * 6) + 1]
		if (f == "kmemleak") v = pre[int(rand() * 6) + 1] v
		if (f == "ms" && rand() < 0.3) v = 60001 + int(rand() * 1000000)
		print f, v
	}
}' >/tmp/fuzz
before=$(state)
fuzz_bad=0
while read -r f v; do
	case $f in
	kmemleak) path=$KM ;;
	rcu) path=$P/rcu ;;
	ms) path=$P/rcu_barrier_ms ;;
	esac
	e=$($W "$path" "$v")
	fuzzed=$((fuzzed + 1))
	now=$(state)
	if [ "$e" != EINVAL ] || [ "$now" != "$before" ]; then
		echo "# fuzz: '$v' to $path: $e, state $before -> $now"
		fuzz_bad=$((fuzz_bad + 1))
	fi
done </tmp/fuzz
[ $fuzz_bad = 0 ] && ok "fuzz: 300 bad writes (seed $SEED) got EINVAL, state unchanged" ||
	bad "fuzz: $fuzz_bad of 300 bad writes misbehaved"

meta0=$(meta)
echo scan >$KM; echo clear >$KM		# boot-time reports are not ours
idle=$(scan_ms); note_scan "$idle"
# a scan takes at most the barrier bound plus the scan itself: twice the
# idle scan when quiet, four times under the churn loops
limit=$(($(cat $P/rcu_barrier_ms) + 2 * idle + 1000))
loaded=$(($(cat $P/rcu_barrier_ms) + 4 * idle + 3000))

# --- 2a. CPU hotplug while callbacks are pending and scans run: CPU 1
#         goes on- and offline in the background, and in each cycle an
#         offline waits for the stalled grace period while the scan runs;
#         the scans must not wait for it, and must report nothing but
#         the planted leaks ---
# call_rcu() churn, paced: a stalled grace period holds every callback
(n=0; while :; do echo "bench 2000" >$D/ctl; n=$((n + 2000)); echo $n >/tmp/churned1; sleep 1; done) & p1=$!
(while :; do echo 0 >/sys/devices/system/cpu/cpu1/online; sleep 1
	echo 1 >/sys/devices/system/cpu/cpu1/online; sleep 1; done) 2>/dev/null & p4=$!
end=$(($(now_ms) + SECS * 500)); hp_bad=0 hp_cycles=0 pworst=0
while [ "$(now_ms)" -lt $end ]; do
	kill $p4 2>/dev/null; wait $p4 2>/dev/null
	echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
	cycle 1000 1 hotplug || hp_bad=$((hp_bad + 1))
	hp_cycles=$((hp_cycles + 1))
	(while :; do echo 0 >/sys/devices/system/cpu/cpu1/online; sleep 1
		echo 1 >/sys/devices/system/cpu/cpu1/online; sleep 1; done) 2>/dev/null & p4=$!
	sleep 3
done
kill $p1 $p4; wait $p1 $p4 2>/dev/null
echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
churned=$((churned + $(cat /tmp/churned1 2>/dev/null || echo 0)))
if [ $hp_bad = 0 ] && [ $pworst -lt $loaded ] && [ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ]; then
	ok "hotplug with pending callbacks: $hp_cycles cycles, longest scan $pworst ms (bound $loaded under load), no false positive, every leak found"
else
	bad "hotplug with pending callbacks: $hp_bad of $hp_cycles cycles wrong, longest scan $pworst ms (bound $loaded)"
fi

# --- 2b. races: manual scans against the scan thread, clear, scan=off,
#         the switch and churn ---
mkdir -p /tmp/churn; mount -t tmpfs none /tmp/churn
(n=0; while :; do echo "bench 2000" >$D/ctl; n=$((n + 2000)); echo $n >/tmp/churned2; done) & p1=$!
(i=0; while :; do : >/tmp/churn/f$((i % 500)); rm -f /tmp/churn/f$(((i + 250) % 500)); i=$((i + 1)); done) & p2=$!
(while :; do echo rcu=off >$KM; echo rcu=on >$KM; echo 50 >$P/rcu_barrier_ms
	echo clear >$KM; echo scan=off >$KM; echo scan=1 >$KM
	echo 1000 >$P/rcu_barrier_ms; done) 2>/dev/null & p3=$!
echo scan=1 >$KM
end=$(($(now_ms) + SECS * 500)); n=0
while [ "$(now_ms)" -lt $end ]; do
	ms=$(scan_ms); note_scan "$ms"; n=$((n + 1))
done
kill $p1 $p2 $p3; wait $p1 $p2 $p3 2>/dev/null
echo scan=off >$KM; echo on >$P/rcu; echo 1000 >$P/rcu_barrier_ms
umount /tmp/churn
churned=$((churned + $(cat /tmp/churned2 2>/dev/null || echo 0)))
[ $n -gt 0 ] && [ "$(state)" = "on 1000 off" ] &&
	ok "races: $n manual scans against the scan thread, clear, scan=off/on, rcu=on/off, churn" ||
	bad "races: $n scans, state $(state)"

# --- 3. a grace period stalled past the barrier bound and the scan
#        thread's period, with the hung-task timeout below the stall:
#        scans return within the bound and nothing is blamed on kmemleak ---
echo clear >$KM
ht=/proc/sys/kernel/hung_task_timeout_secs
ht0=$(cat $ht)
echo 2 >$ht
dmesg -c >/dev/null
ctl alloc 1000 2
sleep 6
ctl stall on
t0=$(now_ms)
ctl queue 1
churned=$((churned + 1000))
ms1=$(scan_ms); ms2=$(scan_ms); note_scan "$ms1"; note_scan "$ms2"
reported >/tmp/r1
cat $D/objects >/tmp/objs
echo scan=2 >$KM
sleep 7					# the thread scans during the stall too
reported >>/tmp/r1
stalled=$(($(now_ms) - t0))
ctl stall off
echo scan=off >$KM
echo "$ht0" >$ht
ctl barrier
objects pending >/tmp/pending
own=$(sort -u /tmp/r1 | count_in - /tmp/pending)
fps=$((fps + own))
warn=$(dmesg | grep -cE 'blocked for more than|detected stall|self-detected stall')
if [ "$own" = 0 ] && [ "$ms1" -lt $limit ] && [ "$ms2" -lt $limit ] && [ "$warn" = 0 ]; then
	ok "GP stalled ${stalled} ms (bound $(cat $P/rcu_barrier_ms) ms, scan period 2 s, hung-task timeout 2 s): scans ${ms1} and ${ms2} ms, no hung-task or stall warning, 0 of 1000 pending reported"
else
	bad "stalled GP: scans $ms1/$ms2 ms (limit $limit), $warn warnings, $own of 1000 pending reported"
fi
ctl free

# --- 3b. a million tracked kfree()s during a stall just under RCU's
#         stall timeout: their metadata waits for the grace period, then
#         is freed in bounded steps; the soft-lockup watchdog at 4 s
#         catches anything that runs that long without rescheduling ---
FREES=$(arg stress_frees); FREES=${FREES:-1000000}
st=$(cat /sys/module/rcupdate/parameters/rcu_cpu_stall_timeout 2>/dev/null || echo 21)
hold=$((st - 2)); [ $hold -gt 20 ] && hold=20
wt=/proc/sys/kernel/watchdog_thresh
wt0=$(cat $wt)
ctl barrier; sleep 1
m0=$(meta)
ctl alloc "$FREES" 0
dmesg -c >/dev/null
echo 2 >$wt
ctl stall on
t0=$(now_ms)
ctl free
tf=$(($(now_ms) - t0))
m1=$(meta)
while [ $(($(now_ms) - t0)) -lt $((hold * 1000)) ]; do sleep 1; done
stalled=$(($(now_ms) - t0))
ctl stall off
t1=$(now_ms)
ctl barrier
m2=$(meta)
while [ "$m2" -gt $((m0 + m0 / 10 + 1000)) ] && [ $(($(now_ms) - t1)) -lt 60000 ]; do
	sleep 1; m2=$(meta)
done
tr=$(($(now_ms) - t1))
sleep 5
echo "$wt0" >$wt
warn=$(dmesg | grep -cE 'soft lockup|detected stall|self-detected stall|blocked for more than')
if [ "$warn" = 0 ] && [ "$((m1 - m0))" -ge $((FREES * 9 / 10)) ] &&
   [ "$m2" -le $((m0 + m0 / 10 + 1000)) ]; then
	ok "$FREES tracked frees in $tf ms during a ${stalled} ms stall: $((m1 - m0)) kmemleak_objects held, back to $m2 (from $m0) $tr ms after the release, no soft-lockup (4 s) or stall warning"
else
	bad "$FREES frees during a ${stalled} ms stall: held $((m1 - m0)), $m2 left after $tr ms (baseline $m0), $warn warnings"
	dmesg | grep -E -A 8 'soft lockup|detected stall' | head -n 30
fi

# --- 4. soak: mixed churn (call_rcu + tracked kfree, tmpfs files,
#        fork/exit) with the scan thread on and cycles of held callbacks;
#        no false positive over the whole soak ---
echo clear >$KM
mkdir -p /tmp/churn; mount -t tmpfs none /tmp/churn
(n=0; while :; do echo "bench 1000" >$D/ctl; n=$((n + 1000)); echo $n >/tmp/churned3; sleep 1; done) & p1=$!
(i=0; while :; do : >/tmp/churn/f$((i % 200)); rm -f /tmp/churn/f$(((i + 100) % 200))
	i=$((i + 1)); [ $((i % 100)) = 0 ] && sleep 1; done) & p2=$!
(i=0; while :; do sh -c 'cat /proc/self/stat >/dev/null'
	i=$((i + 1)); [ $((i % 10)) = 0 ] && sleep 1; done) & p3=$!
echo scan=5 >$KM
end=$(($(now_ms) + SOAK * 1000)); soak_bad=0 soak_cycles=0 f0=$fps
while [ "$(now_ms)" -lt $end ]; do
	cycle 500 1 || soak_bad=$((soak_bad + 1))
	soak_cycles=$((soak_cycles + 1))
done
kill $p1 $p2 $p3; wait $p1 $p2 $p3 2>/dev/null
echo scan=off >$KM
umount /tmp/churn
churned=$((churned + $(cat /tmp/churned3 2>/dev/null || echo 0)))
ctl barrier; sleep 11; ctl barrier	# lazy callbacks too
ms=$(scan_ms); note_scan "$ms"
late=$(reported | wc -l)
fps=$((fps + late))
[ $soak_bad = 0 ] && [ "$late" = 0 ] &&
	ok "soak ${SOAK}s: $soak_cycles cycles with the scan thread and mixed churn, $((fps - f0)) false positives" ||
	bad "soak: $soak_bad of $soak_cycles cycles wrong, $late reports after the churn stopped"

# --- 5. metadata returns to its baseline ---
ctl barrier; sleep 2; ctl barrier
meta1=$(meta)
if [ -z "$meta0" ]; then
	bad "no /proc/slabinfo: cannot measure kmemleak metadata"
elif [ "$meta1" -le $((meta0 + meta0 / 10 + 500)) ]; then
	ok "kmemleak_object count back to baseline: $meta0 before, $meta1 after"
else
	bad "kmemleak_object count $meta0 before, $meta1 after: metadata leaked"
fi

# --- 6. kmemleak stops mid-run: turned off, or its metadata allocations
#        fail until it disables itself ---
disabled() { dmesg | grep -q 'Kernel memory leak detector disabled'; }
after_stop() { # churn on, scans refused (sets e), clear frees the metadata
	ctl alloc 1000 0; ctl stall on; ctl queue 1; ctl bench 2000
	e=$($W $KM scan)
	cat /sys/kernel/debug/kmemleak_rcu >/dev/null || e="no stats"
	ctl stall off; ctl barrier; ctl free
	echo clear >$KM; ctl barrier; sleep 1; ctl barrier
	churned=$((churned + 3000))
	meta2=$(meta)
}
freed() { [ -n "$meta2" ] && [ "$meta2" -lt $((meta0 / 4)) ]; }
if [ "$END" = faults ]; then
	FS=/sys/kernel/debug/failslab
	echo 1 >/sys/kernel/slab/kmemleak_object/failslab
	echo Y >$FS/cache-filter; echo N >$FS/ignore-gfp-wait; echo 0 >$FS/verbose
	echo 1 >$FS/interval; echo 100000 >$FS/times; echo 25 >$FS/probability
	# a quarter fail: the emergency pool absorbs them, kmemleak stays
	cycle 1000 2; c=$?
	n1=$((100000 - $(cat $FS/times)))
	if [ $c = 0 ] && [ $n1 -gt 0 ] && ! disabled; then
		ok "failslab: $n1 of kmemleak's metadata allocations failed, the pool took over: no false positive, every leak found"
	else
		bad "failslab at 25%: cycle $c, $n1 failures injected, disabled: $(disabled && echo yes || echo no)"
	fi
	# all fail: the pool runs dry and kmemleak disables itself
	echo 100 >$FS/probability
	ctl alloc 20000 0
	i=0; while ! disabled && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
	ctl free
	after_stop
	echo 0 >$FS/probability
	faults=$((100000 - $(cat $FS/times)))
	if disabled && [ "$e" = EPERM ] && freed; then
		ok "failslab: $faults failures in all, kmemleak disabled itself; churn with callbacks pending runs on, scan refused (EPERM), clear freed the metadata ($meta2 left)"
	else
		bad "failslab: disabled: $(disabled && echo yes || echo no), scan gave $e, $meta2 metadata objects left"
	fi
else
	(while :; do echo "bench 2000" >$D/ctl; done) & p1=$!
	sleep 2
	echo off >$KM
	sleep 3
	kill $p1; wait $p1 2>/dev/null
	churned=$((churned + 2000))
	after_stop
	faults=$((faults + 1))
	if [ "$e" = EPERM ] && freed; then
		ok "kmemleak off under churn: churn with callbacks pending runs on, scan refused (EPERM), clear freed the metadata ($meta2 left)"
	else
		bad "kmemleak off: scan gave $e, $meta2 metadata objects left"
	fi
fi
echo "STRESS: figures scans=$scans callbacks_churned=$churned bad_inputs=$fuzzed faults=$faults false_positives=$fps leaks_found=$found/$planted longest_scan_ms=$worst"
exit $rc
