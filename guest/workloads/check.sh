# make check, in the guest: the KUnit modules run first (each prints
# its own KTAP document), then this workload's document: kmemleak is
# there and scans, the kmemleak kselftest (nested) if the initramfs
# carries it, the ordinary-object (sysobj) runs on a kernel with the
# series, and "scan=off" races the scan thread (last: on a kernel
# without the scan=off fix it deadlocks, and nothing after it could run;
# the plan then shows the result missing).
. /workloads/lib.sh

# Leaks of objects allocated through slab sheaves (fixed by the fixes
# series: a sheaf's stale slots hid them), planted first, before any
# churn leaves stale copies of freed addresses about.  They stay planted
# through the KUnit suite and the kselftest: a test run beside others
# must leave their reports in place (no "clear").
# With check=rcu on the command line (make check's rcu_nocbs=all boot)
# only what depends on how RCU runs callbacks runs: the KUnit suite and
# the ordinary-object runs.
rcu_only=0
grep -q 'check=rcu' /proc/cmdline && rcu_only=1
churn=0
[ $rcu_only = 0 ] && insmod /extra/kmemleak_churn.ko 2>/dev/null && churn=1
[ $churn = 1 ] && sheaf_leaks sheaf-leaks 8 keep >/tmp/sheaf
# each scan, a manual one too, logs "N new suspected memory leaks" when
# it found any: count those logged while the suite and the kselftest run
nsusp() { dmesg | grep -c 'suspected memory leaks'; }
s0=$(nsusp)

# the series' suite comes as an external module (/extra); a kernel
# configured with it has it in /ko.  They run before this workload's
# own document: each module prints a KTAP document of its own.
kunit=/extra/test_kmemleak_rcu.ko
[ -f $kunit ] || kunit=/ko/test_kmemleak_rcu.ko
# The suite plants leaks for its own scans only: a scan beside it (the
# scan thread's, a user's; here one every 7 s) must neither log nor list
# one.  With kmemleak.verbose each logged report carries its backtrace.
V=/sys/module/kmemleak/parameters/verbose
verbose=$(cat $V 2>/dev/null)
echo 1 >$V
n0=$(dmesg | wc -l)
(while sleep 7; do echo scan >$KM; done) 2>/dev/null &
scanner=$!
mods=""
for m in /ko/list-test.ko $kunit; do
	[ -f "$m" ] || continue
	insmod "$m" || mods="$mods $m"
done
kill $scanner
wait $scanner 2>/dev/null
[ -n "$verbose" ] && echo "$verbose" >$V
suite_lines=$(($(nsusp) - s0))
# reports logged since, whose backtrace names the suite or its kthreads
suite_logged=$(dmesg | tail -n +$((n0 + 1)) | sed -n 's/.*kmemleak: //p' |
	their_reports)

kst=0 sys=0 up=0 own=2 ku=0
[ -f $kunit ] && ku=1
[ -x /extra/run_kselftest.sh ] && kst=1
[ -e $RS ] && sys=2
[ -f /extra/kmemleak-test.ko ] && up=$(ls /extra/upstream/mm/ksft_kmemleak_*.sh | wc -l)
neg=0
[ $ku = 1 ] && [ -e /sys/module/test_kmemleak_rcu/parameters/negative ] && [ $churn = 1 ] && neg=1
[ $rcu_only = 1 ] && kst=0 up=0 own=0 neg=0
ktap_begin $((4 + ku + own + kst + kst + neg + sys + up))
ktap_result "$([ -z "$mods" ]; echo $?)" "KUnit modules load"
[ -z "$mods" ] || ktap_diag "insmod failed:$mods"
# without the suite (the fixes series alone) there is nothing to judge
if [ $ku = 1 ]; then
	ktap_diag "scans beside the suite: log_lines=$suite_lines of its objects=$suite_logged"
	[ "$suite_logged" = 0 ]
	ktap_result $? "scans beside the KUnit suite log none of its objects"
fi
[ -e $KM ]; ktap_result $? "kmemleak debugfs file"
echo scan >$KM; ktap_result $? "echo scan"
cat $KM >/tmp/leaks; r=$?
ktap_diag "boot_reports=$(grep -c '^unreferenced object' /tmp/leaks)"
ktap_result $r "read reports"
[ -e $RS ] && sed 's/^/# /' $RS

# the value of KEY= in a result line
field() { echo "$2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

# the sheaf leaks planted before the suite
if [ $rcu_only = 1 ]; then
	:
elif [ $churn = 1 ]; then
	l=$(cat /tmp/sheaf)
	ktap_diag "$l"
	# Every leak from the driver's own cache (24, the mempool's reserve
	# included: its objects had no earlier life), at least half of the
	# 16 kmalloc() ones and half of the 8 skb heads (stock 7.3: 2 of 48
	# seen).  A kmalloc() object or skb head whose address something
	# still holds from its previous life stays hidden, on any kernel;
	# how many that hides varies from boot to boot (1 to 6 of 16 seen).
	k=$(field kmalloc "$l") b=$(field busy "$l") n=$(field napi "$l")
	[ "$(field cache "$l")" = 8/8 ] && [ "$(field bulk "$l")" = 8/8 ] &&
		[ "$(field mempool "$l")" = 8/8 ] &&
		[ -n "$k" ] && [ -n "$b" ] && [ $((${k%/*} + ${b%/*})) -ge 8 ] &&
		[ -n "$n" ] && [ "${n%/*}" -ge 4 ]
	ktap_result $? "sheaf leaks: planted through slab sheaves and scanned caches, all 24 of an own cache and half the kmalloc() and skb ones reported"
else
	ktap_diag "kmemleak_churn.ko does not load"
	ktap_result 1 "sheaf leaks: planted through slab sheaves and scanned caches, all 24 of an own cache and half the kmalloc() and skb ones reported"
fi

# kselftest's runner prints a TAP document: nested, one level down
if [ $kst = 1 ]; then
	s0=$(nsusp)
	(cd /extra && ./run_kselftest.sh -c kmemleak) >/tmp/kst 2>&1; r=$?
	suite_lines=$((suite_lines + $(nsusp) - s0))
	sed 's/^/    /' /tmp/kst
	t=$(grep -Eo 'Totals: pass:[0-9]+ fail:[0-9]+ xfail:.*' /tmp/kst | tail -n 1)
	ktap_diag "kselftest: ${t:-no KTAP totals}"
	[ $r = 0 ] && echo "$t" | grep -Eq 'pass:[1-9][0-9]* fail:0 xfail:0 xpass:0 skip:0 error:0'
	ktap_result $? "kmemleak kselftest, no skips"
	# the suite and the kselftest harm no other test: the leaks planted
	# before them are still reported (nothing cleared them), and no
	# report is of an object they allocated (KUnit's kthreads, the
	# module, the kselftest's processes).  The "suspected memory leaks"
	# lines logged while they ran are counted, not judged: their scans
	# also find leaks that are not theirs (a planted one whose stale
	# reference went away meanwhile).
	reported >/tmp/after
	n=$(wc -l </tmp/kept) k=$(in_both /tmp/kept /tmp/after | wc -l)
	theirs=$(their_reports <$KM)
	# and the kselftest's churn, whose files a child shell made
	kpid=$(sed -n 's/.* files of pid \([0-9]*\) removed.*/\1/p' /tmp/kst | head -n 1)
	[ -n "$kpid" ] && theirs=$((theirs + $(grep -c "^  comm \".*\", pid $kpid, " $KM)))
	ktap_diag "planted_reported_before=$n after=$k theirs=$theirs log_lines=$suite_lines"
	[ "$n" -gt 0 ] && [ "$k" = "$n" ] && [ "$theirs" = 0 ]
	ktap_result $? "after the KUnit suite and the kselftest, every leak reported before is still reported, none of theirs"
fi

# The suite once more, each case without what it tests (negative=1):
# every case fails, the flavour cases at an assertion midway (grace
# period held, objects queued), and the cases' KUnit actions must still
# free what they allocated and restore what they changed.  Its
# KTAP document, which must fail, goes to the kernel log only (console
# loglevel 1 meanwhile); anything else logged meanwhile is copied to the
# console, where the host's splat check reads it.  Then its objects
# must not be reported, and the leaks planted before still are.
if [ $neg = 1 ]; then
	rcu0=$(cat /sys/module/kmemleak/parameters/rcu 2>/dev/null)
	rmmod test_kmemleak_rcu
	n0=$(dmesg | wc -l) lvl=$(cut -f1 /proc/sys/kernel/printk)
	echo 1 >/proc/sys/kernel/printk
	insmod $kunit negative=1; r=$?
	echo "$lvl" >/proc/sys/kernel/printk
	dmesg | tail -n +$((n0 + 1)) | sed -E 's/^\[ *[0-9.]+\] ?//' >/tmp/neg
	grep -vE 'ok [0-9]+ |# |KTAP|1\.\.[0-9]|Expected|EXPECTATION|kmemleak_rcu: |^ *$' /tmp/neg |
		sed 's/^/# negative run logged: /'
	# every result line (cases, parameters, the suite) not ok, none skipped
	total=$(grep -cE '^ *(not )?ok [0-9]+ ' /tmp/neg)
	failed=$(grep -cE '^ *not ok [0-9]+ ' /tmp/neg)
	skipped=$(grep -E '^ *(not )?ok [0-9]+ ' /tmp/neg | grep -c '# SKIP')
	asserts=$(grep -c 'ASSERTION FAILED' /tmp/neg)
	sleep 6
	echo scan >$KM; echo scan >$KM
	reported >/tmp/after
	n=$(wc -l </tmp/kept) k=$(in_both /tmp/kept /tmp/after | wc -l)
	theirs=$(their_reports <$KM) rcu1=$(cat /sys/module/kmemleak/parameters/rcu 2>/dev/null)
	ktap_diag "insmod_rc=$r results=$total not_ok=$failed skipped=$skipped asserts_failed=$asserts theirs=$theirs planted_reported=$k/$n rcu=$rcu0:$rcu1"
	grep -qE 'not ok [0-9]+ kmemleak_rcu' /tmp/neg && [ "$failed" -gt 1 ] &&
		[ "$failed" = "$total" ] && [ "$skipped" = 0 ] && [ "$asserts" -gt 0 ] &&
		[ "$theirs" = 0 ] && [ "$n" -gt 0 ] && [ "$k" = "$n" ] && [ "$rcu0" = "$rcu1" ]
	ktap_result $? "the suite with every case failing (negative=1), some at an assertion: none of its objects reported after, the leaks planted before still are"
fi
[ $churn = 1 ] && { echo unplant >$D/ctl; rmmod kmemleak_churn; }

# Ordinary kernel objects the kernel frees through RCU by itself
# (sockets, routes and their dst entries, tasks, tmpfs files), every
# report counted whoever allocated the object: no report may be gone
# once the callbacks ran.  The stalled run must also have had reports
# held back for a pending callback, or it showed nothing.
if [ $sys = 2 ]; then
	if insmod /extra/kmemleak_churn.ko && sysobj_setup; then
		l=$(sysobj_stalled sysobj-stalled 50)
		ktap_diag "$l"
		[ "$(field transient "$l")" = 0 ] && [ "$(field rc "$l")" = 0 ] &&
			[ "$(field held "$l")" -gt 0 ] && [ "$(field slots "$l")" = 50 ]
		ktap_result $? "sysobj: 50 slots freed under a held grace period, no transient report"
		l=$(sysobj_running sysobj-running 15 6000 1 tuxf)
		ktap_diag "$l"
		[ "$(field transient "$l")" = 0 ] && [ "$(field rc "$l")" = 0 ] &&
			[ "$(field slots "$l")" -gt 0 ]
		ktap_result $? "sysobj: 15 s of socket and file churn with scans running, no transient report"
		rmmod kmemleak_churn
	else
		ktap_diag "kmemleak_churn.ko does not load or dummy0 is not set up"
		ktap_result 1 "sysobj: 50 slots freed under a held grace period, no transient report"
		ktap_result 1 "sysobj: 15 s of socket and file churn with scans running, no transient report"
	fi
fi

# the kernel's own kmemleak tests, beside the series' kselftest: they
# write "clear" and start the scan thread, so they come last but for
# the scan=off race, which starts the thread itself
if [ $up -gt 0 ]; then
	upstream_tests
	echo scan=off >$KM
fi

# The scan=off deadlock (fixed by the first patch of the fixes series):
# "scan=off" waits for scan_mutex behind a manual scan while the scan
# thread sleeps between two scans; the thread wakes and queues behind
# it; the writer gets the mutex and waits in kthread_stop() for a thread
# that waits for the mutex.  Each round starts the thread (it scans at
# once), queues a manual scan behind it, and times "scan=off" to land
# in the thread's 1 s sleep, 200 ms later each round.
if [ $rcu_only = 0 ]; then
	switch_race 120
	ktap_result $? "switch: 5 rounds of scan=off in the scan thread's sleep behind a manual scan, no deadlock"
fi
# the document carries the verdict; the status says the workload ran
# to its end (a failing result fails its own line, not this one too)
exit 0
