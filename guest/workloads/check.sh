# make check, in the guest: kmemleak is there and scans, then the KUnit
# modules run (their KTAP goes to the console for kunit.py parse), then
# the kmemleak kselftest if the initramfs carries it.
rc=0
ok() { echo "CHECK: ok $*"; }
bad() { echo "CHECK: not ok $*"; rc=1; }

if [ -e /sys/kernel/debug/kmemleak ]; then ok "kmemleak debugfs file"; else bad "kmemleak debugfs file"; fi
if echo scan >/sys/kernel/debug/kmemleak; then ok "echo scan"; else bad "echo scan"; fi
if cat /sys/kernel/debug/kmemleak >/tmp/leaks; then ok "read reports"; else bad "read reports"; fi
echo "CHECK: info boot-time reports: $(grep -c '^unreferenced object' /tmp/leaks)"
[ -e /sys/kernel/debug/kmemleak_rcu ] && cat /sys/kernel/debug/kmemleak_rcu

for m in /ko/list-test.ko /ko/test_kmemleak_rcu.ko; do
	[ -f "$m" ] || continue
	insmod "$m" || bad "insmod $m"
done

if [ -x /extra/run_kselftest.sh ]; then
	echo "CHECK: kselftest begins"
	cd /extra && ./run_kselftest.sh -c kmemleak
	cd /
fi
[ -e /sys/kernel/debug/kmemleak_rcu ] && cat /sys/kernel/debug/kmemleak_rcu
exit $rc
