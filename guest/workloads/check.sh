# make check, in the guest: kmemleak is there and scans, then the KUnit
# modules run (their KTAP goes to the console for kunit.py parse), then
# the kmemleak kselftest if the initramfs carries it, then the scan
# thread is switched off and on while scans run (last: on a kernel
# without the scan=off fix it deadlocks, and nothing after it could run).
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

# The scan thread wakes every second and waits for scan_mutex behind the
# manual scans; "scan=off" must stop it even when it gets the mutex
# while the thread waits for it.
KM=/sys/kernel/debug/kmemleak
rm -f /tmp/switched
(while [ ! -e /tmp/switched ]; do echo scan >$KM; done) 2>/dev/null &
(i=0; while [ $i -lt 10 ]; do
	echo scan=1 >$KM; sleep 1; echo scan=off >$KM; i=$((i + 1))
done; : >/tmp/switched) &
t=0
while [ ! -e /tmp/switched ] && [ $t -lt 240 ]; do sleep 1; t=$((t + 1)); done
if [ -e /tmp/switched ]; then
	wait
	ok "switch: 10 scan=1/scan=off during manual scans (${t} s)"
else
	bad "switch: scan=1/scan=off during manual scans not done after 240 s (deadlock?)"
fi
exit $rc
