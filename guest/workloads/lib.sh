# Guest helpers shared by the workloads (". /workloads/lib.sh").
KM=/sys/kernel/debug/kmemleak
D=/sys/kernel/debug/kmemleak_churn
RS=/sys/kernel/debug/kmemleak_rcu
SC=/extra/sysobj-churn

# KTAP (Documentation/dev-tools/ktap.rst): each workload prints one
# document, judged on the host by the kernel's KTAP parser
# (scripts/ktap-verdict.py).  ktap_begin PLAN opens it; ktap_result
# STATUS NAME prints a result (STATUS 0: ok); ktap_sub NAME opens a
# result with results of its own, one level down, up to ktap_end_sub (it
# passes if at least one was printed and none failed); ktap_diag TEXT
# is a diagnostic line, and figures go there as "key=value ..." before
# the result they belong to.  Names carry no '#'.
ktap_begin() {
	echo "KTAP version 1"
	echo "1..$1"
	KT_N=0 KT_FAILED=0 KT_IN=""
}
ktap_result() {
	KT_N=$((KT_N + 1))
	if [ "$1" = 0 ]; then
		echo "${KT_IN}ok $KT_N $2"
	else
		echo "${KT_IN}not ok $KT_N $2"
		KT_FAILED=1
	fi
}
ktap_diag() { echo "${KT_IN}# $*"; }
ktap_sub() {
	KT_SUB=$1 KT_UP_N=$KT_N KT_UP_FAILED=$KT_FAILED
	KT_N=0 KT_FAILED=0 KT_IN="    "
	echo "    # Subtest: $1"
}
ktap_end_sub() {
	local n=$KT_N failed=$KT_FAILED
	KT_N=$KT_UP_N KT_FAILED=$KT_UP_FAILED KT_IN=""
	[ "$n" -gt 0 ] && [ "$failed" = 0 ]
	ktap_result $? "$KT_SUB"
}

# arg NAME: the value of NAME= on the kernel command line
arg() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" /proc/cmdline; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
scan_ms() { # one manual scan; prints its wall time
	t0=$(now_ms)
	echo scan >$KM
	echo $(($(now_ms) - t0))
}
# check: the scans a workload makes while its objects wait, as make check
# has always made them (two "echo scan", the second timed).  make demo
# sets PROC to the procedure of the column it measures (demo.sh).
PROC=${PROC:-twice}
# prime: the scan before the procedure, made while the objects already
# wait (as the scan thread or an earlier scan would have): 7.3 grays an
# object whose contents changed since the previous scan, so a scan right
# after call_rcu() wrote its rcu_head never reports it.  Not timed, not
# counted; make check's "twice" needs none.
prime_scan() {
	[ "$PROC" = twice ] || echo scan >$KM
}
proc_scan() { # prints the wall time, in ms, until the report was read
	local t0 n
	t0=$(now_ms)
	case $PROC in
	twice) echo scan >$KM; t0=$(now_ms); echo scan >$KM ;;
	# stock 7.3 as shipped, and the series: one "echo scan" (a full
	# pass and its confirmation pass)
	once) echo scan >$KM ;;
	# kmemleak.min_unref_scans=N (set by the caller): N scans
	unref*) n=${PROC#unref}; while [ "$n" -gt 0 ]; do echo scan >$KM; n=$((n - 1)); done ;;
	# syzkaller's executor: scan, sleep 5, scan, read; if anything was
	# reported: sleep 1, scan, read again
	ritual)
		echo scan >$KM; sleep 5; echo scan >$KM
		if grep -q '^unreferenced object' $KM; then sleep 1; echo scan >$KM; fi ;;
	esac
	echo $(($(now_ms) - t0))
}
# addresses of the objects kmemleak reports now
reported() { sed -n 's/^unreferenced object \(0x[0-9a-f]*\).*/\1/p' $KM | sort -u; }
# Reports on stdin (the debugfs file, or kmemleak's log lines without
# their prefix) whose comm or backtrace names the KUnit suite, its
# kthreads or the kselftest's writer.  A report ends at the next line
# that is not indented (a warning's object dump is not a report); hex
# dump lines are skipped: a leaked string may spell a name.
their_reports() {
	awk '/^unreferenced object/ { if (m) c++; r = 1; m = 0; next }
		/^[^ ]/ { if (m) c++; r = 0; m = 0; next }
		/^    [0-9a-f][0-9a-f] [0-9a-f][0-9a-f] / { next }
		r && /kunit_try_catch|test_kmemleak_rcu|kmemleak_debugf|kmemleak_write/ { m = 1 }
		END { if (m) c++; print c + 0 }'
}
# in_both A B: lines of file A also in file B; only_first A B: lines of
# file A not in file B.  B is told apart by name, not by NR == FNR,
# which also holds for A's lines when B is empty.
in_both() { awk 'FILENAME == ARGV[1] { s[$1] = 1; next } ($NF in s)' "$2" "$1"; }
only_first() { awk 'FILENAME == ARGV[1] { s[$1] = 1; next } !($1 in s)' "$2" "$1"; }
# the series' "held" counter: reports held back for a pending callback
# (0 on a kernel without the series)
held() {
	if [ -e $RS ]; then awk '$1 == "held:" { print $2 }' $RS; else echo 0; fi
}

# sysobj_setup: loopback up, dummy0 (built in, it exists already) with an IPv4 and an IPv6 address
# (no duplicate address detection), for sysobj-churn's routes
sysobj_setup() {
	echo 0 >/proc/sys/net/ipv6/conf/all/accept_dad
	echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad
	ip link set lo up &&
	{ [ -e /sys/class/net/dummy0 ] || ip link add dummy0 type dummy; } &&
	ip link set dummy0 up &&
	ip addr add 10.63.0.1/16 dev dummy0 &&
	ip -6 addr add 2001:db8:78::1/64 dev dummy0
}

# The result of a sysobj run, system-wide: reports made while the
# objects waited for their callbacks (/tmp/r1), against reports left
# once the grace periods ended and the callbacks ran (/tmp/r2).
#   reports    objects reported while the workload's objects were pending
#   transient  of those, reports gone after the callbacks ran: false
#              positives, whoever allocated the object
#   held       reports the series held back for a pending callback
#   slots      slots the workload made (sysobj-churn.c); rc its status
sysobj_result() { # NAME RC H0 H1 SCAN_MS
	echo "workload=$1 reports=$(wc -l </tmp/r1)" \
		"transient=$(only_first /tmp/r1 /tmp/r2 | wc -l)" \
		"held=$(($4 - $3)) slots=$(sed -n 's/^# sysobj-churn slots=//p' /tmp/sc.out)" \
		"rc=$2 scan_ms=$5"
}

# sysobj_after: end the grace periods (rcu_barrier() waits for lazy
# callbacks too), then the reports that remain, in /tmp/r2
sysobj_after() {
	echo barrier >$D/ctl
	scan_ms >/dev/null
	scan_ms >/dev/null
	reported >/tmp/r2
}

# sysobj_stalled NAME N: make N slots, let them age past kmemleak's
# minimum age, hold the grace period with a reader (kmemleak_churn),
# free them all and scan twice; then release and scan again.  The free
# is given 20 s; a free still running then (it would be waiting for the
# held grace period) is released and reported as rc=124.
sysobj_stalled() {
	local pid t h0 h1 rc ms
	echo clear >$KM
	rm -f /tmp/go /tmp/sc.out
	mkfifo /tmp/go
	$SC hold "$2" </tmp/go >/tmp/sc.out 2>&1 &
	pid=$!
	exec 3>/tmp/go
	t=0
	while ! grep -q '^ready' /tmp/sc.out && kill -0 $pid 2>/dev/null && [ $t -lt 1200 ]; do
		sleep 0.1
		t=$((t + 1))
	done
	sleep 6				# older than kmemleak's minimum age
	h0=$(held)
	echo "stall on" >$D/ctl
	exec 3>&-			# end of file: sysobj-churn frees its slots
	t=0
	while kill -0 $pid 2>/dev/null && [ $t -lt 200 ]; do sleep 0.1; t=$((t + 1)); done
	rc=124
	kill -0 $pid 2>/dev/null || { wait $pid; rc=$?; }
	if [ $rc = 0 ]; then
		prime_scan
		ms=$(proc_scan)
	fi
	reported >/tmp/r1
	h1=$(held)
	echo "stall off" >$D/ctl
	wait $pid
	sysobj_after
	sysobj_result "$1" $rc "$h0" "$h1" "${ms:-0}"
	rm -rf /tmp/go /tmp/sysobj-churn
}

# sysobj_running NAME SECS MS [JOBS [KINDS]]: JOBS sysobj-churn
# instances (1), making slots of KINDS (SYSOBJ_KINDS, all by default)
# at full speed for SECS seconds (at most 256 alive each),
# free each MS ms after it was made, and kmemleak scans without pause
# while they run (every report of every scan counts); then wait for the
# callbacks and scan again.
sysobj_running() {
	local pids="" p h0 h1 rc=0 ms=0 j=0
	echo clear >$KM
	rm -f /tmp/sc.out*
	: >/tmp/r1.all
	h0=$(held)
	while [ $j -lt "${4:-1}" ]; do
		SYSOBJ_KINDS=${5:-tuxrpf} SYSOBJ_INSTANCE=$j $SC run "$2" "$3" >/tmp/sc.out.$j 2>&1 &
		pids="$pids $!"
		j=$((j + 1))
	done
	while kill -0 $pids 2>/dev/null; do
		if [ $PROC = twice ]; then ms=$(scan_ms); else ms=$(proc_scan); fi
		reported >>/tmp/r1.all
	done
	for p in $pids; do
		wait $p || rc=$?
	done
	cat /tmp/sc.out.* | awk '/^# sysobj-churn slots=/ { n += substr($3, 7) }
		END { print "# sysobj-churn slots=" n + 0 }' >/tmp/sc.out
	grep -hv '^# sysobj-churn' /tmp/sc.out.* >&2
	sort -u /tmp/r1.all >/tmp/r1
	h1=$(held)
	sysobj_after
	sysobj_result "$1" $rc "$h0" "$h1" "$ms"
	rm -rf /tmp/sysobj-churn
}

# sheaf_leaks NAME K: K zeroed plain leaks per pattern allocated through
# slab sheaves (kmemleak_churn's "plant": kmalloc of five sizes, a cache
# of its own, bulk allocation, one CPU allocating while another churns)
# and through two other caches that keep pointers in a scanned array (a
# mempool's reserve, the NAPI skb cache),
# aged past kmemleak's minimum age, then up to three scan pairs; prints
# how many of each pattern kmemleak reported: found=F/P in all,
# PATTERN=F/K each, pairs=the scan pairs it took.  With a third argument
# "keep", the leaks stay (the driver's "unplant" frees them) and those
# reported are listed in /tmp/kept.
sheaf_leaks() {
	local p line=""
	echo "plant $2" >$D/ctl || { echo "workload=$1 rc=1"; return 1; }
	grep '^sheaf-' $D/objects >/tmp/planted
	awk '{ print $2 }' /tmp/planted >/tmp/planted.all
	sleep 6				# older than kmemleak's minimum age
	# A stale copy of a leak's address on some task's stack (one that
	# freed the object before it was handed out again) hides it until
	# overwritten, as it would on any kernel: up to three scan pairs.
	n=0
	while [ $n -lt 3 ]; do
		scan_ms >/dev/null
		scan_ms >/dev/null
		reported >/tmp/r2
		n=$((n + 1))
		[ "$(in_both /tmp/planted.all /tmp/r2 | wc -l)" = "$(wc -l </tmp/planted.all)" ] && break
		sleep 1
	done
	for p in kmalloc cache bulk busy mempool napi; do
		awk -v p="sheaf-$p" '$1 == p { print $2 }' /tmp/planted >/tmp/planted.one
		line="$line $p=$(in_both /tmp/planted.one /tmp/r2 | wc -l)/$(wc -l </tmp/planted.one)"
	done
	echo "workload=$1 found=$(in_both /tmp/planted.all /tmp/r2 | wc -l)/$(wc -l </tmp/planted.all)$line pairs=$n rc=0"
	in_both /tmp/planted.all /tmp/r2 >/tmp/kept
	[ "${3:-}" = keep ] || echo unplant >$D/ctl
}

# The kernel's own kmemleak tests (selftests/mm/ksft_kmemleak_*.sh, with
# samples/kmemleak's module installed where modprobe finds it), run by
# bash with guest/upstream/ first on PATH (busybox's own shell would run
# its applets, whatever PATH says), one result each; a skip is not a
# pass.  They write "clear", "scan=off" and "scan=on" and leave leaks
# behind: run them last.
upstream_tests() {
	local m t r
	m=/lib/modules/$(uname -r)
	mkdir -p "$m/kernel/samples" && cp /extra/kmemleak-test.ko "$m/kernel/samples/" && depmod
	for t in /extra/upstream/mm/ksft_kmemleak_*.sh; do
		PATH=/extra/upstream/bin:$PATH /extra/upstream/bin/bash "$t" >/tmp/upstream 2>&1; r=$?
		sed 's/^/# /' /tmp/upstream
		ktap_diag "rc=$r"
		ktap_result $r "upstream $(basename "$t")"
	done
}

# switch_race SECS: the scan=off race of the check workload (see there),
# given SECS to finish; prints scan_ms= and switch_s= as a diagnostic
# and returns 0 if all five rounds finished.  A writer that deadlocked
# stays blocked: the boot can only power off.
switch_race() {
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
	while [ ! -e /tmp/switched ] && [ $t -lt $1 ]; do sleep 1; t=$((t + 1)); done
	[ -e /tmp/switched ] && wait
	ktap_diag "scan_ms=$ts switch_s=$t"
	[ -e /tmp/switched ]
}
