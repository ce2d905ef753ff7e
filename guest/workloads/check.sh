# make check, in the guest: kmemleak is there and scans, then the KUnit
# modules run (their KTAP goes to the console for kunit.py parse), then
# the kmemleak kselftest if the initramfs carries it, then "scan=off"
# races the scan thread (last: on a kernel without the scan=off fix it
# deadlocks, and nothing after it could run).
. /workloads/lib.sh
rc=0
ok() { echo "CHECK: ok $*"; }
bad() { echo "CHECK: not ok $*"; rc=1; }

if [ -e /sys/kernel/debug/kmemleak ]; then ok "kmemleak debugfs file"; else bad "kmemleak debugfs file"; fi
if echo scan >/sys/kernel/debug/kmemleak; then ok "echo scan"; else bad "echo scan"; fi
if cat /sys/kernel/debug/kmemleak >/tmp/leaks; then ok "read reports"; else bad "read reports"; fi
echo "CHECK: info boot-time reports: $(grep -c '^unreferenced object' /tmp/leaks)"
[ -e /sys/kernel/debug/kmemleak_rcu ] && cat /sys/kernel/debug/kmemleak_rcu

# the series' suite comes as an external module (/extra); a kernel
# configured with it has it in /ko
kunit=/extra/test_kmemleak_rcu.ko
[ -f $kunit ] || kunit=/ko/test_kmemleak_rcu.ko
for m in /ko/list-test.ko $kunit; do
	[ -f "$m" ] || continue
	insmod "$m" || bad "insmod $m"
done

if [ -x /extra/run_kselftest.sh ]; then
	echo "CHECK: kselftest begins"
	cd /extra && ./run_kselftest.sh -c kmemleak
	cd /
fi
[ -e /sys/kernel/debug/kmemleak_rcu ] && cat /sys/kernel/debug/kmemleak_rcu

# Ordinary kernel objects the kernel frees through RCU by itself
# (sockets, routes and their dst entries, tasks, tmpfs files), every
# report counted whoever allocated the object: no report may be gone
# once the callbacks ran.  The stalled run must also have had reports
# held back for a pending callback, or it showed nothing.
field() { echo "$2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
if [ ! -e $RS ]; then
	echo "CHECK: info sysobj: not run (a kernel without the RCU awareness)"
elif insmod /extra/kmemleak_churn.ko && sysobj_setup; then
	l=$(sysobj_stalled sysobj-stalled 50)
	echo "CHECK: info $l"
	if [ "$(field transient "$l")" = 0 ] && [ "$(field rc "$l")" = 0 ] &&
	   [ "$(field held "$l")" -gt 0 ] && [ "$(field slots "$l")" = 50 ]; then
		ok "sysobj: 50 slots freed under a held grace period, no transient report"
	else
		bad "sysobj: 50 slots freed under a held grace period: $l"
	fi
	l=$(sysobj_running sysobj-running 15 6000 1 tuxf)
	echo "CHECK: info $l"
	if [ "$(field transient "$l")" = 0 ] && [ "$(field rc "$l")" = 0 ] &&
	   [ "$(field slots "$l")" -gt 0 ]; then
		ok "sysobj: 15 s of socket and file churn with scans running, no transient report"
	else
		bad "sysobj: 15 s of socket and file churn with scans running: $l"
	fi
	rmmod kmemleak_churn
else
	bad "sysobj: kmemleak_churn.ko loads and dummy0 is set up"
fi

# The scan=off deadlock (fixed by the first patch of the fixes series):
# "scan=off" waits for scan_mutex behind a manual scan while the scan
# thread sleeps between two scans; the thread wakes and queues behind
# it; the writer gets the mutex and waits in kthread_stop() for a thread
# that waits for the mutex.  Each round starts the thread (it scans at
# once), queues a manual scan behind it, and times "scan=off" to land
# in the thread's 1 s sleep, 200 ms later each round.
t0=$(now_ms)
echo scan >$KM
ts=$(($(now_ms) - t0))
rm -f /tmp/switched
(r=0; while [ $r -lt 5 ]; do
	echo scan=1 >$KM
	sleep 0.3
	echo scan >$KM &
	d=$((ts - 200 + r * 200)); [ $d -lt 0 ] && d=0
	sleep "$((d / 1000)).$(printf %03d $((d % 1000)))"
	echo scan=off >$KM
	wait
	r=$((r + 1))
done; : >/tmp/switched) &
t=0
while [ ! -e /tmp/switched ] && [ $t -lt 120 ]; do sleep 1; t=$((t + 1)); done
if [ -e /tmp/switched ]; then
	wait
	ok "switch: 5 rounds of scan=off during the scan thread's sleep, behind a manual scan (scan ${ts} ms, ${t} s)"
else
	bad "switch: scan=off behind a manual scan not done after 120 s (deadlock; scan ${ts} ms)"
fi
exit $rc
