# make demo, in the guest: the same workloads on whichever kernel booted.
# A KTAP document: each workload's figures as a diagnostic line
# "# workload=NAME key=value ..." (the host turns them into the table),
# then its result: it ran, every control write taken.
#   reports    objects reported by the scan pair made during the workload
#   own        of those, the churn's own RCU-pending objects
#   transient  reports gone after the grace period ended and callbacks ran
#   found      planted leaks reported once callbacks ran / planted leaks
#   scan_ms    the second scan of the pair, wall time
. /workloads/lib.sh
ktap_begin 9
if ! insmod /extra/kmemleak_churn.ko || ! sysobj_setup; then
	echo "Bail out! kmemleak_churn.ko does not load or dummy0 is not set up"
	exit 1
fi

# run NAME N LEAKS STALL INTERLEAVE [tmpfs]
run() {
	echo clear >$KM
	if [ "${6:-}" = tmpfs ]; then
		echo "alloc 0 $3" >$D/ctl || return 1
	else
		echo "alloc $2 $3" >$D/ctl || return 1
	fi
	if [ "${6:-}" = tmpfs ]; then
		mkdir -p /tmp/churn
		mount -t tmpfs none /tmp/churn
		i=0
		while [ $i -lt "$2" ]; do : >/tmp/churn/f$i; i=$((i + 1)); done
	fi
	sleep 6				# older than kmemleak's minimum age
	[ "$4" = 1 ] && echo "stall on" >$D/ctl
	if [ "${6:-}" = tmpfs ]; then
		rm -f /tmp/churn/f*
		umount /tmp/churn
	else
		echo "queue $5" >$D/ctl
	fi
	scan_ms >/dev/null
	ms=$(scan_ms)
	reported >/tmp/r1
	cat $D/objects >/tmp/objs
	[ "$4" = 1 ] && echo "stall off" >$D/ctl
	echo barrier >$D/ctl
	[ "${6:-}" = tmpfs ] && sleep 11	# lazy callbacks: up to 10 s
	scan_ms >/dev/null
	scan_ms >/dev/null
	reported >/tmp/r2
	grep '^pending' /tmp/objs | awk '{ print $2 }' >/tmp/pending
	grep -E '^(leak|forgot)' /tmp/objs | awk '{ print $2 }' >/tmp/leaks
	[ "${6:-}" = tmpfs ] && : >/tmp/pending
	reports=$(wc -l </tmp/r1)
	own=$(in_both /tmp/pending /tmp/r1 | wc -l)
	transient=$(only_first /tmp/r1 /tmp/r2 | wc -l)
	found=$(in_both /tmp/leaks /tmp/r2 | wc -l)
	total=$(wc -l </tmp/leaks)
	echo free >$D/ctl
	echo clear >$KM
	ktap_diag "workload=$1 n=$2 reports=$reports own=$own transient=$transient found=$found/$total scan_ms=$ms"
}
# row NAME ARGS...: one workload (run, or a sysobj_ helper), one result
row() {
	local name=$1 l
	shift
	if [ "$1" = run ]; then
		"$@"
	else
		l=$("$@") && ktap_diag "$l"
	fi
	ktap_result $? "$name"
}

row churn-normal run churn-normal 1000 3 0 0
row churn-stalled run churn-stalled 1000 3 1 0
row metadata-stalled run metadata-stalled 1000 3 1 1
row tmpfs-files run tmpfs-files 2000 3 0 0 tmpfs
# ordinary kernel objects, all reports counted: sockets, routes, tasks
# and tmpfs files freed under a held grace period; sockets and tmpfs
# files churned at full speed (256 alive, each 6 s old when freed) with
# scans running and lazy callbacks (rcu_nocbs=all).  (With the task and
# route kinds in the mix the stock kernel reported nothing either: the
# callbacks ran before an object had held still through a whole scan.)
row sysobj-stalled sysobj_stalled sysobj-stalled 100
row sysobj-running sysobj_running sysobj-running 30 6000 1 tuxf
for n in 100 300 3000; do
	row "size-$n" run "size-$n" $n 1 1 1
done
exit $KT_FAILED
