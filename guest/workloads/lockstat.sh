# make bench's lock-statistics boots, in the guest (a kernel with
# CONFIG_LOCK_STAT): what kmemleak_lock costs per RCU-freed object.
# For each workload, /proc/lock_stat is cleared, the workload runs and
# its callbacks are waited for, and kmemleak_lock's line is read:
#   churn  N x (kzalloc, call_rcu, tracked kfree) (the churn driver's
#          "bench"), N = 20000
#   kfree  rcuscale's kfree_rcu_test, one thread per CPU, 20 x 8000
#          kzalloc()+kfree_rcu() each
# Printed per workload, per object: acquisitions, contentions, and the
# hold and wait times in ns ("# lockstat_WORKLOAD_METRIC=value"), and
# the objects' count.  One result per workload: it ran, lock debugging
# stayed on (a lockdep report turns the statistics off) and the line was
# there; a workload that failed prints no figures.
. /workloads/lib.sh
cpus=$(grep -c ^processor /proc/cpuinfo)
ktap_begin 2
ktap_diag "cpus=$cpus"
dmesg -n 1
insmod /extra/kmemleak_churn.ko || ktap_diag "kmemleak_churn.ko does not load"
insmod /ko/torture.ko || ktap_diag "torture.ko does not load"

# splats: what the console would have shown but for dmesg -n 1
splats() {
	dmesg | grep -E 'WARNING:|BUG:|circular locking|possible recursive|ODEBUG|INFO: task|stall|Oops' || true
}
# stats NAME OBJECTS: kmemleak_lock's line of /proc/lock_stat, per object
# (its times are in microseconds)
stats() {
	if grep -q 'lock debugging disabled' /proc/lock_stat; then
		ktap_diag "lock debugging disabled: no statistics"
		return 1
	fi
	awk -v w="$1" -v n="$2" '$1 == "kmemleak_lock:" {
		printf "# lockstat_%s_objects=%d\n", w, n
		printf "# lockstat_%s_acquisitions=%.3f\n", w, $9 / n
		printf "# lockstat_%s_contentions=%.5f\n", w, $3 / n
		printf "# lockstat_%s_hold_ns=%.1f\n", w, $12 * 1000 / n
		printf "# lockstat_%s_wait_ns=%.2f\n", w, $6 * 1000 / n
		printf "# lockstat_%s_hold_avg_ns=%.1f\n", w, $13 * 1000
		found = 1 }
		END { exit !found }' /proc/lock_stat
}
start() {
	echo 0 >/proc/lock_stat
	echo 1 >/proc/sys/kernel/lock_stat
}
stop() { # after every callback of the workload has run
	echo barrier >$D/ctl
	echo 0 >/proc/sys/kernel/lock_stat
}

n=20000
start
rc=0
echo "bench $n" >$D/ctl || rc=1
stop
[ $rc = 0 ] && { stats churn $n || rc=1; }
ktap_result $rc "lock statistics: churn"

loops=20 num=8000
splats
dmesg -c >/dev/null
start
rc=0
if insmod /ko/rcuscale.ko scale_type=rcu kfree_rcu_test=1 kfree_loops=$loops \
		kfree_alloc_num=$num holdoff=1 verbose=0; then
	t=0
	until dmesg | grep -q "Total time taken by all kfree'ers" || [ $t -ge 600 ]; do
		sleep 1
		t=$((t + 1))
	done
	[ $t -lt 600 ] || rc=1
	rmmod rcuscale || rc=1
else
	rc=1
fi
stop
[ $rc = 0 ] && { stats kfree $((cpus * loops * num)) || rc=1; }
ktap_result $rc "lock statistics: kfree_rcu_test"
splats
rmmod torture || ktap_diag "torture.ko does not unload"
exit 0
