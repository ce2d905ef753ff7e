# make torture (and make stress's torture boot), in the guest: RCU's own
# torture test (kernel/rcu/rcutorture.c, /ko/rcutorture.ko) for each
# flavour in torture_types= (comma-separated), torture_secs= seconds
# each, with CPU hotplug when there is more than one CPU, while kmemleak
# scans as fast as it can.  rcutorture frees through the flavour under
# test (its forward-progress test floods it with kmalloc()ed callbacks
# after fwd_progress_holdoff): a report of an object rcutorture
# allocated, while it runs or after it unloaded, is a false positive.
# One result per flavour: it loaded, rcutorture's own "End of test:
# SUCCESS", and no report of its objects; then one for the reports left
# after every run.
. /workloads/lib.sh
secs=$(arg torture_secs)
types=$(arg torture_types | tr , ' ')
cpus=$(grep -c ^processor /proc/cpuinfo)
set -- $types
ktap_begin $(($# + 1))

# addresses of reported objects that rcutorture allocated (its symbols,
# or its threads' names, in the report)
torture_reports() {
	awk '/^unreferenced object/ { a = $3 } a && /rcu_torture|\[rcutorture\]|\[torture\]/ { print a; a = "" }' \
		$KM | sort -u
}

echo scan >$KM
reported >/tmp/before
hotplug=""
[ "$cpus" -gt 1 ] && hotplug="onoff_interval=750 onoff_holdoff=5"
insmod /ko/torture.ko || echo "torture: torture.ko does not load"
for t in $types; do
	: >/tmp/seen
	dmesg -c >/dev/null	# the console keeps it all; "srcu-torture:" ends in "rcu-torture:"
	t0=$(now_ms) scans=0 rc=0
	if insmod /ko/rcutorture.ko torture_type=$t $hotplug fwd_progress_holdoff=10 stat_interval=30; then
		while [ $(($(now_ms) - t0)) -lt $((secs * 1000)) ]; do
			echo scan >$KM
			scans=$((scans + 1))
			torture_reports >>/tmp/seen
		done
		rmmod rcutorture || rc=1
	else
		rc=1
	fi
	end=$(dmesg | grep -c "$t-torture:--- End of test: SUCCESS")
	[ "$end" = 1 ] || rc=1
	fp=$(sort -u /tmp/seen | wc -l)
	[ "$fp" = 0 ] || rc=1
	# rcutorture's last statistics line: "onoff: onlines/tries:
	# offlines/tries", counted since torture.ko was loaded, that is
	# over this run and the ones before it (absent without hotplug)
	onoff=$(dmesg | grep -o 'onoff: [0-9]*/[0-9]*:[0-9]*/[0-9]*' | tail -n 1 | sed 's/^onoff: //')
	ktap_diag "type=$t secs=$(($(now_ms) / 1000 - t0 / 1000)) scans=$scans" \
		"success=$end torture_objects_reported=$fp${onoff:+ onoff_so_far=$onoff}"
	[ "$fp" = 0 ] || grep -A 12 -F -f /tmp/seen $KM | head -n 40 | sed 's/^/# /'
	ktap_result $rc "rcutorture $t: End of test: SUCCESS, none of its objects reported"
done
rmmod torture

# every callback has run (each run's cleanup waited for its flavour's
# callbacks): whatever is reported now and was not before the runs
echo scan >$KM
echo scan >$KM
reported >/tmp/after
only_first /tmp/after /tmp/before >/tmp/new
ktap_diag "new_reports=$(wc -l </tmp/new)"
[ -s /tmp/new ] && grep -A 12 -F -f /tmp/new $KM | head -n 40 | sed 's/^/# /'
[ ! -s /tmp/new ]
ktap_result $? "after the runs: no report that was not there before them"
