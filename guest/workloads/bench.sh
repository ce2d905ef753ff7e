# make bench, in the guest.  Prints a KTAP document whose diagnostic
# lines "# <metric>=<value>" are the samples (the host takes medians and
# ratios), and one result: every control write was taken.  bench_mode=
# on the command line:
#   full   everything (the 2-vCPU boots)
#   quick  idle scan and scan with 10^4 pending (the 1- and 4-vCPU boots)
#   off    churn throughput only (kmemleak=off boots)
. /workloads/lib.sh
P=/sys/module/kmemleak/parameters
R=$(sed -n 's/.*bench_runs=\([0-9]*\).*/\1/p' /proc/cmdline); R=${R:-5}
MAXP=$(sed -n 's/.*bench_max_pending=\([0-9]*\).*/\1/p' /proc/cmdline); MAXP=${MAXP:-100000}
mode=$(sed -n 's/.*bench_mode=\([a-z]*\).*/\1/p' /proc/cmdline)
ktap_begin 1
insmod /extra/kmemleak_churn.ko || : >/tmp/bench-error

# a failed write poisons the run: no figure from a workload that did not run
ctl() { echo "$*" >$D/ctl || { ktap_diag "'$*' failed" >&2; : >/tmp/bench-error; }; }
# the end of the document: the run's one result
finish() {
	[ ! -e /tmp/bench-error ]
	ktap_result $? "bench $mode: every workload ran"
	exit $KT_FAILED
}
scan_ms() { # as lib.sh's, and a failed scan poisons the run
	t0=$(now_ms)
	echo scan >$KM || : >/tmp/bench-error
	echo $(($(now_ms) - t0))
}
churn() { # churn N: ns per kzalloc+call_rcu+kfree
	ctl bench $1
	echo $(($(cat $D/bench_ns) / $1))
}
callrcu() { # callrcu N: ns per call_rcu() on a tracked object, alone
	ctl callrcu $1
	echo $(($(cat $D/bench_ns) / $1))
	ctl barrier
}
rep() { # rep METRIC CMD...: R samples
	i=0
	while [ $i -lt "$R" ]; do
		echo "# $1=$(shift; "$@")"
		i=$((i + 1))
	done
}
pending_scan() { # pending_scan N: scan ms with N callbacks pending (GP held)
	ctl alloc $1 0
	ctl stall on
	ctl queue 0
	ms=$(scan_ms)
	ctl stall off
	ctl barrier
	ctl free
	echo "$ms"
}
stalled_scan() { # stalled_scan N: the second scan of a GP held with N pending
	ctl alloc $1 0
	ctl stall on
	ctl queue 0
	echo scan >$KM || : >/tmp/bench-error
	ms=$(scan_ms)
	ctl stall off
	ctl barrier
	ctl free
	echo "$ms"
}
trust_ms() { # time to a report users trust
	ctl bench 10000
	t0=$(now_ms)
	if [ -e $P/rcu ]; then
		echo scan >$KM
	else
		echo scan >$KM; sleep 5; echo scan >$KM
	fi
	echo $(($(now_ms) - t0))
}

[ -e /sys/kernel/slab/kmemleak_object/object_size ] &&
	echo "# object_size=$(cat /sys/kernel/slab/kmemleak_object/object_size)"
echo "# cpus=$(grep -c ^processor /proc/cpuinfo)"

if [ "$mode" = off ]; then
	churn 20000 >/dev/null
	rep churn_ns churn 20000
	rep callrcu_ns callrcu 20000
	finish
fi

echo scan >$KM
rep scan_idle_ms scan_ms
rep scan_pending_10000_ms pending_scan 10000
rep scan_stalled_known_10000_ms stalled_scan 10000
[ "$mode" = quick ] && finish

# the switch: on and off samples alternate, so that both see the same
# system; the first idle and churn samples above and below stay as well
if [ -e $P/rcu ]; then
	i=0
	while [ $i -lt "$R" ]; do
		echo "# scan_idle_on_ms=$(scan_ms)"
		echo off >$P/rcu
		echo "# scan_idle_off_ms=$(scan_ms)"
		echo on >$P/rcu
		echo "# churn_on_ns=$(churn 20000)"
		echo off >$P/rcu
		echo "# churn_off_ns=$(churn 20000)"
		echo on >$P/rcu
		i=$((i + 1))
	done
	# what the scan costs with callbacks pending, without the barrier's wait
	ms0=$(cat $P/rcu_barrier_ms)
	echo 0 >$P/rcu_barrier_ms
	rep scan_pending_10000_nobarrier_ms pending_scan 10000
	echo "$ms0" >$P/rcu_barrier_ms
fi
churn 20000 >/dev/null
rep churn_ns churn 20000
rep callrcu_ns callrcu 20000
after_churn() { ctl bench 10000; scan_ms; }
rep scan_after_churn_ms after_churn
rep trust_ms trust_ms
rep scan_stalled_ms pending_scan 1000
n=1000
while [ $n -le "$MAXP" ]; do
	echo "# sweep_pending_${n}_ms=$(pending_scan $n)"
	n=$((n * 10))
done
[ -e $P/rcu_barrier_ms ] && echo "# barrier_ms=$(cat $P/rcu_barrier_ms)"
finish
