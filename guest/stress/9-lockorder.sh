# Stress phase "lockorder" (sourced by guest/workloads/stress.sh; only
# when asked for by name: it disables kmemleak).  First the RCU hooks run
# under the pi lock: a task pinned to CPU 1 loses it to an offline, and
# set_cpus_allowed_force() frees its user mask with kfree_rcu() under
# p->pi_lock.  Then kmemleak fails while linking an object (the churn
# driver registers a block kmemleak already tracks), which disables it
# from __link_object() with kmemleak_lock held.  Lockdep is on: with the
# disable work queued under kmemleak_lock, it reports a circular
# dependency (kmemleak_lock -> pool lock -> pi lock -> kmemleak_lock).
dmesg -c >/dev/null
taskset -c 1 sh -c 'while :; do :; done' & pin=$!
sleep 1
echo 0 >/sys/devices/system/cpu/cpu1/online
echo 1 >/sys/devices/system/cpu/cpu1/online
kill $pin; wait $pin 2>/dev/null
ctl overlap
sleep 2
off=$(dmesg | grep -c 'Kernel memory leak detector disabled')
moved=$(dmesg | grep -c 'no longer affine to cpu1')
splat=$(dmesg | grep -cE 'circular locking dependency|possible recursive locking|inconsistent lock state|BUG: sleeping function')
if [ "$off" = 1 ] && [ "$splat" = 0 ] && [ "$moved" -ge 1 ]; then
	ok "pinned task moved off an offline CPU ($moved notice), then kmemleak failed linking an object and disabled itself: no lockdep report"
else
	bad "lockorder: $moved pinned tasks moved, kmemleak disabled $off times, $splat lockdep reports"
fi
