# make demo, in the guest: every workload (row) measured with every
# scan procedure (column) that this boot's kernel is measured with
# (demo_cols= on the command line, scripts/demo.sh).  A KTAP document:
# each cell's figures as a diagnostic line "# workload=ROW col=COL
# key=value ..." (the host turns them into the table), then its result:
# it ran, every control write taken.
#   reports    objects the column's procedure reported while the
#              workload's objects waited for their callbacks, whoever
#              allocated them
#   transient  of those, reports gone once the grace periods ended and
#              the callbacks ran
#   own        of those, the churn rows' own objects (the ones queued)
#   found      planted leaks reported once the callbacks ran / planted
#   ms         wall time of the procedure, until its report was read
# Each procedure follows one untimed scan made while the objects already
# wait (prime_scan, guest/workloads/lib.sh).
# Columns (PROC, guest/workloads/lib.sh): once (one "echo scan": stock
# 7.3 as shipped, and the series), unref2 (kmemleak.min_unref_scans=2,
# two scans), ritual (syzkaller's executor), barrier (one scan with
# kmemleak.rcu_barrier_ms=1000; the series' default is 0, no wait).
. /workloads/lib.sh
P=/sys/module/kmemleak/parameters
cols=$(sed -n 's/.*demo_cols=\([^ ]*\).*/\1/p' /proc/cmdline | tr ',' ' ')
rows="rcu-held rcu-lazy kfree_rcu-held srcu-held tasks-held sysobj-held sysobj-running sheaf-leaks"
ktap_begin $(($(echo $cols | wc -w) * $(echo $rows | wc -w)))
if ! insmod /extra/kmemleak_churn.ko || ! sysobj_setup; then
	echo "Bail out! kmemleak_churn.ko does not load or dummy0 is not set up"
	exit 1
fi
ctl() { echo "$*" >$D/ctl; }

# churn NAME N STALL QUEUE: N zeroed objects, 3 plain leaks, the child of
# the first object and one its callback forgets, aged past kmemleak's
# minimum age; the grace period of STALL (on, srcu, tasks or none) held;
# queued with QUEUE (kmemleak_churn's "queue" modes); the column's
# procedure; then released, the callbacks waited for, two more scans
churn() {
	local ms s=""
	echo clear >$KM
	ctl alloc "$2" 3 || return 1
	sleep 6				# older than kmemleak's minimum age
	case $3 in
	on) s="stall" ;;
	srcu) s="stall-srcu" ;;
	tasks) s="stall-tasks" ;;
	esac
	[ -n "$s" ] && { ctl "$s on" || return 1; }
	ctl "queue $4" || return 1
	prime_scan
	ms=$(proc_scan)
	reported >/tmp/r1
	cat $D/objects >/tmp/objs
	[ -n "$s" ] && { ctl "$s off" || return 1; }
	ctl barrier || return 1
	[ "$3" = none ] && sleep 11	# lazy callbacks: up to 10 s
	scan_ms >/dev/null
	scan_ms >/dev/null
	reported >/tmp/r2
	grep -E '^(leak|child|forgot) ' /tmp/objs | awk '{ print $2 }' >/tmp/leaks
	awk '$1 == "pending" { print $2 }' /tmp/objs >/tmp/own
	only_first /tmp/r1 /tmp/r2 >/tmp/transient
	echo "workload=$1 col=$COL reports=$(wc -l </tmp/r1)" \
		"transient=$(wc -l </tmp/transient)" \
		"own=$(in_both /tmp/transient /tmp/own | wc -l)" \
		"found=$(in_both /tmp/leaks /tmp/r2 | wc -l)/$(wc -l </tmp/leaks) ms=$ms rc=0"
	ctl free
	echo clear >$KM
}

# sheaf leaks: with the column's procedure instead of two scans
sheaf_row() {
	local p ms line=""
	echo clear >$KM
	ctl "plant 8" || return 1
	grep '^sheaf-' $D/objects | awk '{ print $2 }' >/tmp/planted
	sleep 6
	prime_scan
	ms=$(proc_scan)
	reported >/tmp/r1
	echo "workload=$1 col=$COL reports=$(wc -l </tmp/r1) transient=0" \
		"found=$(in_both /tmp/planted /tmp/r1 | wc -l)/$(wc -l </tmp/planted) ms=$ms rc=0"
	ctl unplant
	echo clear >$KM
}

row() { # ROW: one cell, one result
	local l
	case $1 in
	rcu-held) l=$(churn "$1" 1000 on 1) ;;
	rcu-lazy) l=$(churn "$1" 1000 none 0) ;;
	kfree_rcu-held) l=$(churn "$1" 1000 on 2) ;;
	srcu-held) l=$(churn "$1" 1000 srcu 3) ;;
	tasks-held) l=$(churn "$1" 1000 tasks 4) ;;
	sysobj-held) l=$(sysobj_stalled "$1" 100) && l="$l col=$COL" ;;
	sysobj-running) l=$(sysobj_running "$1" 30 6000 1 tuxf) && l="$l col=$COL" ;;
	sheaf-leaks) l=$(sheaf_row "$1") ;;
	esac
	local rc=$?
	[ -n "$l" ] && ktap_diag "$l"
	ktap_result $rc "$1, $COL"
}

unref0=$(cat $P/min_unref_scans)
bar0=$(cat $P/rcu_barrier_ms 2>/dev/null || echo -)
for COL in $cols; do
	PROC=$COL
	case $COL in
	unref*) echo "${PROC#unref}" >$P/min_unref_scans ;;
	barrier) echo 1000 >$P/rcu_barrier_ms; PROC=once ;;
	esac
	for r in $rows; do
		row "$r"
	done
	echo "$unref0" >$P/min_unref_scans
	[ "$bar0" != - ] && echo "$bar0" >$P/rcu_barrier_ms
done
exit 0
