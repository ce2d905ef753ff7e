# make check, in the guest: kmemleak is there and scans, then the KUnit
# modules run (their KTAP goes to the console for kunit.py parse), then
# the kmemleak kselftest if the initramfs carries it, then "scan=off"
# races the scan thread (last: on a kernel without the scan=off fix it
# deadlocks, and nothing after it could run).
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

# The scan=off deadlock (fixed by the first patch of the fixes series):
# "scan=off" waits for scan_mutex behind a manual scan while the scan
# thread sleeps between two scans; the thread wakes and queues behind
# it; the writer gets the mutex and waits in kthread_stop() for a thread
# that waits for the mutex.  Each round starts the thread (it scans at
# once), queues a manual scan behind it, and times "scan=off" to land
# in the thread's 1 s sleep, 200 ms later each round.
KM=/sys/kernel/debug/kmemleak
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
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
