# make realworld, in the guest: a distro-sized kernel (x86_64_defconfig,
# kvm_guest.config, configs/realworld.config), stock or patched.  Prints
# a KTAP document: per workload, its figures as a diagnostic line
# "# workload=NAME key=value ..." and a result (it ran); the boot-time
# reports as diagnostics between "# boot reports begin" and "# boot
# reports end".
#   boot      reports of the first scans after boot, and how long a scan took
#   idle      three scans of the idle system, wall time of each
#   sysobj-*  as in make demo: every report counted, transient ones are
#             false positives
#   ritual    after a minute of mixed load: the syzkaller executor's
#             check (scan; sleep 5; scan; read; if anything: sleep 1;
#             scan; read): what it reports and how long it takes
#   single1, single2  after another minute of the same load: one
#             `echo scan`, then read (twice)
#   For ritual and single, transient: reports gone once the callbacks ran.
. /workloads/lib.sh
ktap_begin 7
if ! insmod /extra/kmemleak_churn.ko || ! sysobj_setup; then
	echo "Bail out! kmemleak_churn.ko does not load or dummy0 is not set up"
	exit 1
fi
# row NAME CMD...: CMD prints the figures; one result (not ok after
# a mixed load that failed)
row() {
	local name=$1 l
	shift
	[ ! -e /tmp/mixed-failed ] && l=$("$@") && ktap_diag "workload=$name $l"
	ktap_result $? "$name"
}

# boot: objects allocated during boot are older than the minimum age by
# the time init runs; kmemleak may need a second scan to settle (objects
# it saw first in the first scan)
sleep 5
b1=$(scan_ms)
b2=$(scan_ms)
echo "# boot reports begin"
sed 's/^/# /' $KM
echo "# boot reports end"
row boot echo "reports=$(reported | wc -l) scan_ms=$b1 rescan_ms=$b2"
echo clear >$KM

row idle echo "scan_ms=$(scan_ms),$(scan_ms),$(scan_ms)"
l=$(sysobj_stalled sysobj-stalled 100) && ktap_diag "$l"
ktap_result $? sysobj-stalled
l=$(sysobj_running sysobj-running 30 6000) && ktap_diag "$l"
ktap_result $? sysobj-running

# mixed load: sockets, routes, tasks and tmpfs files (each slot freed
# 2 s after it was made), and readers of /proc and /sys
mixed() { # SECS
	$SC run "$1" 2000 >/tmp/mixed.out 2>&1 &
	p=$!
	end=$(($(now_ms) + $1 * 1000))
	while [ "$(now_ms)" -lt $end ]; do
		cat /proc/[0-9]*/status /proc/[0-9]*/maps >/dev/null 2>&1
		ls -R /sys/class /sys/devices/virtual >/dev/null 2>&1
	done
	wait $p || { ktap_diag "mixed load: $(cat /tmp/mixed.out)" >&2; : >/tmp/mixed-failed; }
}
# settled: how many of the reports in /tmp/rr are gone once the
# callbacks ran
settled() {
	cp /tmp/rr /tmp/r1
	sysobj_after
	only_first /tmp/r1 /tmp/r2 | wc -l
}

echo clear >$KM
mixed 60
t0=$(now_ms)
echo scan >$KM
sleep 5
echo scan >$KM
reported >/tmp/rr
if [ -s /tmp/rr ]; then
	sleep 1
	echo scan >$KM
	reported >/tmp/rr
fi
ms=$(($(now_ms) - t0))
row ritual echo "reports=$(wc -l </tmp/rr) transient=$(settled) ms=$ms"

for i in 1 2; do
	echo clear >$KM
	mixed 60
	t0=$(now_ms)
	echo scan >$KM
	reported >/tmp/rr
	ms=$(($(now_ms) - t0))
	row single$i echo "reports=$(wc -l </tmp/rr) transient=$(settled) ms=$ms"
done
exit $KT_FAILED
