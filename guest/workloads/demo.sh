# make demo, in the guest: the same workloads on whichever kernel booted.
# Each prints one "DEMO ..." line that the host turns into the table.
#   reports    objects reported by the scan pair made during the workload
#   own        of those, the churn's own RCU-pending objects
#   transient  reports gone after the grace period ended and callbacks ran
#   found      planted leaks reported once callbacks ran / planted leaks
#   scan_ms    the second scan of the pair, wall time
. /workloads/lib.sh
insmod /extra/kmemleak_churn.ko || exit 1
sysobj_setup || exit 1

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
	echo "DEMO workload=$1 n=$2 reports=$reports own=$own transient=$transient found=$found/$total scan_ms=$ms"
}

run churn-normal 1000 3 0 0
run churn-stalled 1000 3 1 0
run metadata-stalled 1000 3 1 1
run tmpfs-files 2000 3 0 0 tmpfs
# ordinary kernel objects, all reports counted: sockets, routes, tasks
# and tmpfs files freed under a held grace period; sockets and tmpfs
# files churned at full speed (256 alive, each 6 s old when freed) with
# scans running and lazy callbacks (rcu_nocbs=all).  (With the task and
# route kinds in the mix the stock kernel reported nothing either: the
# callbacks ran before an object had held still through a whole scan.)
echo "DEMO $(sysobj_stalled sysobj-stalled 100)"
echo "DEMO $(sysobj_running sysobj-running 30 6000 1 tuxf)"
for n in 100 300 3000; do
	run "size-$n" $n 1 1 1
done
exit 0
