# Stress phase "stall" (sourced by guest/workloads/stress.sh): a grace
# period stalled past the barrier bound and the scan thread's period,
# with the hung-task timeout below the stall: scans return within the
# bound and nothing is blamed on kmemleak.
echo clear >$KM
ht=/proc/sys/kernel/hung_task_timeout_secs
ht0=$(cat $ht)
echo 2 >$ht
dmesg -c >/dev/null
ctl alloc 1000 2
sleep 6
ctl stall on
h0=$(held)
t0=$(now_ms)
ctl queue 1
churned=$((churned + 1000))
ms1=$(scan_ms); ms2=$(scan_ms); note_scan "$ms1"; note_scan "$ms2"
reported >/tmp/r1
cat $D/objects >/tmp/objs
echo scan=2 >$KM
sleep 7					# the thread scans during the stall too
reported >>/tmp/r1
stalled=$(($(now_ms) - t0))
h1=$(held)
ctl stall off
echo scan=off >$KM
echo "$ht0" >$ht
ctl barrier
objects pending >/tmp/pending
own=$(sort -u /tmp/r1 | count_in - /tmp/pending)
np=$(wc -l </tmp/pending)
fps=$((fps + own))
warn=$(dmesg | grep -cE 'blocked for more than|detected stall|self-detected stall')
# the 1000 were pending through the stall, and the scans held them back
if [ "$own" = 0 ] && [ "$np" = 1000 ] && [ $((h1 - h0)) -ge 1000 ] &&
   [ "$ms1" -lt $limit ] && [ "$ms2" -lt $limit ] && [ "$warn" = 0 ]; then
	ok "GP stalled ${stalled} ms (bound $(cat $P/rcu_barrier_ms) ms, scan period 2 s, hung-task timeout 2 s): scans ${ms1} and ${ms2} ms, no hung-task or stall warning, 0 of $np pending reported, $((h1 - h0)) holds"
else
	bad "stalled GP: scans $ms1/$ms2 ms (limit $limit), $warn warnings, $own of $np pending reported, $((h1 - h0)) holds"
fi
ctl free
