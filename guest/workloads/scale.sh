# make bench's rcuscale boots, in the guest: RCU's own benchmark
# (kernel/rcu/rcuscale.c, /ko/rcuscale.ko) loaded scale_runs= times for
# each of its two tests, alternating:
#   kfree    kfree_rcu_test=1: every CPU's thread kzalloc()s and
#            kfree_rcu()s kfree_loops x kfree_alloc_num objects (the RCU
#            maintainers' kfree_rcu() benchmark; on 7.3 through sheaves)
#   callrcu  gp_async=1: one writer per CPU queues call_rcu() callbacks
#            (up to gp_async_max in flight, then rcu_barrier()) for
#            scale_secs= seconds, no readers; rcuscale times each
#            call_rcu() (its "writer-duration" lines, up to 10^4 per
#            writer)
# The samples are "# kfree_rcu_ns=" (the wall time of the whole run,
# from "Total time taken by all kfree'ers", divided by the objects of all
# CPUs: ns of the machine per kzalloc() and kfree_rcu()) and
# "# call_rcu_ns=" (the median of the writers' per-call durations), one
# result per sample: the module loaded, printed its figures and
# unloaded; a sample whose run failed prints none.  kmemleak is on or
# off as booted (kmemleak=off); its scan thread is off in every config
# here.  The call_rcu() run starts 10 s after its load (holdoff=), so
# that the kfree_rcu() run's reclaim is over.
. /workloads/lib.sh
runs=$(arg scale_runs)
secs=$(arg scale_secs)
runs=${runs:-5} secs=${secs:-3}
cpus=$(grep -c ^processor /proc/cpuinfo)
loops=20 num=8000
ktap_begin $((2 * runs))
ktap_diag "cpus=$cpus kmemleak=$(grep -q 'kmemleak=off' /proc/cmdline && echo off || echo on)"
# rcuscale prints everything at KERN_ALERT: kept off the console (the
# writers' per-call durations run to thousands of lines), read from the
# log buffer (log_buf_len= on the command line)
dmesg -n 1
insmod /ko/torture.ko || ktap_diag "torture.ko does not load"

# wait_for PATTERN SECS: the log shows PATTERN within SECS seconds
wait_for() {
	local t=0
	while [ $t -lt "$2" ]; do
		dmesg | grep -q "$1" && return 0
		sleep 1
		t=$((t + 1))
	done
	return 1
}
# splats: what the console would have shown but for dmesg -n 1; the
# host's splat check reads these lines
splats() {
	dmesg | grep -E 'WARNING:|BUG:|circular locking|possible recursive|ODEBUG|INFO: task|stall|Oops' || true
}
# one: load rcuscale with ARGS..., wait for DONE, unload; the log of the
# run is then in /tmp/log
one() { # one DONE ARGS...
	local done=$1 rc=0
	shift
	rm -f /tmp/log
	splats
	dmesg -c >/dev/null
	insmod /ko/rcuscale.ko "$@" || return 1
	wait_for "$done" 600 || rc=1
	rmmod rcuscale || rc=1
	dmesg >/tmp/log
	return $rc
}

i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	one "Total time taken by all kfree'ers" scale_type=rcu kfree_rcu_test=1 \
		kfree_loops=$loops kfree_alloc_num=$num holdoff=1 verbose=0
	rc=$?
	ns=$(sed -n "s/.*Total time taken by all kfree'ers: \([0-9]*\) ns.*/\1/p" /tmp/log 2>/dev/null)
	if [ $rc = 0 ] && [ -n "$ns" ]; then
		echo "# kfree_rcu_ns=$(awk -v t="$ns" -v n=$((cpus * loops * num)) 'BEGIN { printf "%.1f\n", t / n }')"
	else
		rc=1
	fi
	ktap_result $rc "rcuscale kfree_rcu_test run $i"

	one "Test complete" scale_type=rcu gp_async=1 nreaders=0 holdoff=10 \
		minruntime="$secs" verbose=0
	rc=$?
	sed -n 's/.* writer-duration: *[0-9]* \([0-9]*\)$/\1/p' /tmp/log 2>/dev/null | sort -n >/tmp/d
	n=$(wc -l </tmp/d)
	if [ $rc = 0 ] && [ "$n" -ge 100 ]; then
		echo "# call_rcu_ns=$(sed -n "$((n / 2 + 1))p" /tmp/d)"
		ktap_diag "call_rcu_calls=$n"
	else
		rc=1
	fi
	ktap_result $rc "rcuscale call_rcu (gp_async) run $i"
done
splats
rmmod torture || ktap_diag "torture.ko does not unload"
exit 0
