# Reliability under faults, stalls and bad input (patched kernel only).
# Prints a KTAP document: one result per phase, with the phase's
# properties beneath it, then "totals" with the run's figures.
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
#   stress_phases=  the phases to run, by name, comma-separated (all but
#                 lockorder, which disables kmemleak and needs a boot of its own):
#                 each is a file in /stress (guest/stress/N-NAME.sh),
#                 sourced in order; they share this file's helpers
. /workloads/lib.sh
P=/sys/module/kmemleak/parameters
W=/extra/kmemleak/kmemleak_write
SECS=$(arg stress_secs); SECS=${SECS:-60}
SOAK=$(arg soak_secs); SOAK=${SOAK:-60}
SEED=$(arg stress_seed); SEED=${SEED:-1}
# RCU's stall timeout: every grace period held on purpose ends before it
ST=$(cat /sys/module/rcupdate/parameters/rcu_cpu_stall_timeout 2>/dev/null || echo 21)
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
		echo "# insmod test_kmemleak_rcu.ko failed"
	echo "$ht0" >$ht
fi
phases=$(sed -n 's/.*stress_phases=\([a-z,]*\).*/\1/p' /proc/cmdline)
# every phase but lockorder, which disables kmemleak: a boot of its own
if [ -z "$phases" ]; then
	for f in /stress/[0-9]*-*.sh; do
		name=${f##*/}; name=${name#*-}; name=${name%.sh}
		[ "$name" = lockorder ] || phases="$phases,$name"
	done
	phases=${phases#,}
fi
n=0
for f in /stress/[0-9]*-*.sh; do
	name=${f##*/}; name=${name#*-}; name=${name%.sh}
	# a soak of no seconds prints no line (below): not in the plan
	[ "$name" = soak ] && [ "$SOAK" -le 0 ] && continue
	case ",${phases:-$name}," in *",$name,"*) n=$((n + 1)) ;; esac
done
# each phase's properties are results one level down (ok, bad)
# totals: over the phases that plant leaks and churn; a boot of the
# lockorder phase alone does neither, and prints no totals
tot=1
[ "$phases" = lockorder ] && tot=0
ktap_begin $((n + tot))
insmod /extra/kmemleak_churn.ko || ktap_diag "insmod kmemleak_churn.ko failed"
ok() { ktap_result 0 "$*"; }
bad() { ktap_result 1 "$*"; }
[ -x $W ] || ktap_diag "helper $W missing (the host could not build it)"
ctl() { echo "$*" >$D/ctl || { ktap_diag "ctl '$*' failed"; ctl_failed=1; }; }
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
scans=0 churned=0 faults=0 fuzzed=0 fps=0 found=0 late=0 planted=0 worst=0 pworst=0
note_scan() { # note_scan MS: count a scan, keep the longest (pworst: per phase)
	scans=$((scans + 1))
	[ "$1" -gt $worst ] && worst=$1
	[ "$1" -gt $pworst ] && pworst=$1
}

# One cycle of held callbacks: N objects older than the minimum age are
# queued behind a stalled grace period (with tracked kfree()s between
# them, so that metadata enters the chain), scanned, then released.
# Reports of anything but the planted leaks count as false positives;
# the planted leaks, the forgotten one and the child of the first object
# (a leak once that object's callback has freed it) included, must all
# be found.
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
	# should a scan hang or crawl (a manual scan waits for the scan
	# thread's), release the grace period before RCU's stall warning
	t0=$(now_ms)
	(sleep $((ST - 3)); echo "stall off" >$D/ctl) 2>/dev/null & dog=$!
	ctl queue 1
	churned=$((churned + $1))
	if [ "${3:-}" = hotplug ]; then
		echo 0 >/sys/devices/system/cpu/cpu1/online & hp=$!
		sleep 1
	fi
	ms=$(scan_ms); note_scan "$ms"
	reported >/tmp/r1
	cat $D/objects >/tmp/objs
	# the first scan's reports may be the plain leaks only, unless the
	# grace period ended while it ran: then the callbacks made the
	# children and the forgotten objects leaks before it reported
	first=leak
	if kill $dog 2>/dev/null; then
		wait $dog 2>/dev/null
		ctl stall off
	else
		echo "# cycle $1 $2: the grace period was released after $(($(now_ms) - t0)) ms, before the scan ended"
		first='leak|child|forgot'
	fi
	if [ "${3:-}" = hotplug ]; then
		wait $hp
		echo 1 >/sys/devices/system/cpu/cpu1/online
	fi
	ctl barrier
	# a leak that stopped changing is reported by the second scan
	ms=$(scan_ms); note_scan "$ms"
	ms=$(scan_ms); note_scan "$ms"
	reported >/tmp/r2
	objects "$first" >/tmp/leaks
	objects 'leak|child|forgot' >/tmp/all_leaks
	fp=$(($(count_out /tmp/r1 /tmp/leaks) + $(count_out /tmp/r2 /tmp/all_leaks)))
	fps=$((fps + fp))
	f=$(count_in /tmp/all_leaks /tmp/r2)
	if [ "$f" -lt $(($2 + 2)) ]; then
		# kmemleak misses a leak while a stale copy of its address
		# lives on (a callback thread's stack, freed memory handed
		# out uninitialised): one more round of callbacks and scans.
		# One still missed then is dumped to the kernel log.
		only_first /tmp/all_leaks /tmp/r2 >/tmp/missed
		ctl bench 2000; ctl barrier
		ms=$(scan_ms); note_scan "$ms"
		ms=$(scan_ms); note_scan "$ms"
		reported >/tmp/r3
		while read -r a; do
			k=$(grep -w "$a" /tmp/objs | cut -d' ' -f1)
			if grep -qx "$a" /tmp/r3; then
				echo "# cycle $1 $2: $k $a missed by the cycle's scans, reported after one more round"
				late=$((late + 1)); f=$((f + 1))
			else
				echo "# cycle $1 $2: $k $a missed, also after one more round"
				echo "dump=$a" >$KM
			fi
		done </tmp/missed
	fi
	found=$((found + f)); planted=$((planted + $2 + 2))
	if [ "$fp" = 0 ] && [ "$f" = $(($2 + 2)) ]; then
		ctl free
		return 0
	fi
	echo "# cycle $1 $2: $fp false positives, $f of $(($2 + 2)) leaks found"
	{ only_first /tmp/r1 /tmp/leaks; only_first /tmp/r2 /tmp/all_leaks; } |
		sort -u | head -n 3 | while read -r a; do
		echo "# reported: $a ($(grep -w "$a" /tmp/objs | cut -d' ' -f1))"
		echo "dump=$a" >$KM
	done
	ctl free
	return 1
}

# The phases run with the optional wait for rcu_barrier() at 1000 ms
# (default 0), so that its bound is exercised; boot_ms is the default
# the boot left (phase "badparams" checks it)
boot_ms=$(cat $P/rcu_barrier_ms)
echo 1000 >$P/rcu_barrier_ms

# the baseline every phase measures against
meta0=$(meta)
echo scan >$KM; echo clear >$KM		# boot-time reports are not ours
idle=$(scan_ms); note_scan "$idle"
# a scan takes at most the barrier bound plus the scan itself: twice the
# idle scan when quiet, four times under the churn loops
limit=$(($(cat $P/rcu_barrier_ms) + 2 * idle + 1000))
loaded=$(($(cat $P/rcu_barrier_ms) + 4 * idle + 3000))

ctl_failed=0 unknown=""
for want in $(echo "$phases" | tr ',' ' '); do
	ls /stress/[0-9]*-"$want".sh >/dev/null 2>&1 || unknown="$unknown $want"
done
for f in /stress/[0-9]*-*.sh; do
	name=${f##*/}; name=${name#*-}; name=${name%.sh}
	# a soak of no seconds does no work: no line rather than a pass
	if [ "$name" = soak ] && [ "$SOAK" -le 0 ]; then
		ktap_diag "soak: not run (soak_secs=$SOAK)"
		continue
	fi
	case ",${phases:-$name}," in
	*",$name,"*) ktap_sub "$name"; pworst=0; . "$f"; ktap_end_sub ;;
	esac
done
if [ $tot = 1 ]; then
	ktap_diag "scans=$scans callbacks_churned=$churned bad_inputs=$fuzzed faults=$faults" \
		"false_positives=$fps leaks_found=$found found_late=$late planted=$planted longest_scan_ms=$worst"
	[ -n "$unknown" ] && ktap_diag "stress_phases: no phase:$unknown"
	# no scan, no claim; phases that plant no leak claim no leak found
	what="every planted leak ($planted) found"
	[ $planted -gt 0 ] || what="no leak planted"
	[ $scans -gt 0 ] && [ $fps = 0 ] && [ "$found" = "$planted" ] &&
		[ $ctl_failed = 0 ] && [ -z "$unknown" ]
	ktap_result $? "totals: $scans scans in all phases, no false positive, $what, every control write taken"
fi
# the document carries the verdict; the status says the workload ran
# to its end (a failing result fails its own line, not this one too)
exit 0
