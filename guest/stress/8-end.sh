# Stress phase "end" (sourced by guest/workloads/stress.sh): kmemleak
# stops mid-run: turned off (stress_end=off), or its metadata
# allocations fail until it disables itself (stress_end=faults).
disabled() { dmesg | grep -q 'Kernel memory leak detector disabled'; }
after_stop() { # churn on, scans refused (sets e), clear frees the metadata
	ctl alloc 1000 0; ctl stall on; ctl queue 1; ctl bench 2000
	e=$($W $KM scan)
	cat /sys/kernel/debug/kmemleak_rcu >/dev/null || e="no stats"
	ctl stall off; ctl barrier; ctl free
	echo clear >$KM; ctl barrier; sleep 1; ctl barrier
	churned=$((churned + 3000))
	meta2=$(meta)
}
freed() { [ -n "$meta2" ] && [ "$meta2" -lt $((meta0 / 4)) ]; }
if [ "$END" = faults ]; then
	FS=/sys/kernel/debug/failslab
	echo 1 >/sys/kernel/slab/kmemleak_object/failslab
	echo Y >$FS/cache-filter; echo N >$FS/ignore-gfp-wait; echo 0 >$FS/verbose
	echo 1 >$FS/interval; echo 100000 >$FS/times; echo 25 >$FS/probability
	# a quarter fail: the emergency pool absorbs them, kmemleak stays
	cycle 1000 2; c=$?
	n1=$((100000 - $(cat $FS/times)))
	if [ $c = 0 ] && [ $n1 -gt 0 ] && ! disabled; then
		ok "failslab: $n1 of kmemleak's metadata allocations failed, the pool took over: no false positive, every leak found"
	else
		bad "failslab at 25%: cycle $c, $n1 failures injected, disabled: $(disabled && echo yes || echo no)"
	fi
	# all fail: the pool runs dry and kmemleak disables itself
	echo 100 >$FS/probability
	ctl alloc 20000 0
	i=0; while ! disabled && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
	ctl free
	after_stop
	echo 0 >$FS/probability
	faults=$((100000 - $(cat $FS/times)))
	if disabled && [ "$e" = EPERM ] && freed; then
		ok "failslab: $faults failures in all, kmemleak disabled itself; churn with callbacks pending runs on, scan refused (EPERM), clear freed the metadata ($meta2 left)"
	else
		bad "failslab: disabled: $(disabled && echo yes || echo no), scan gave $e, $meta2 metadata objects left"
	fi
else
	(while :; do echo "bench 2000" >$D/ctl; done) & p1=$!
	sleep 2
	echo off >$KM
	sleep 3
	kill $p1; wait $p1 2>/dev/null
	churned=$((churned + 2000))
	after_stop
	faults=$((faults + 1))
	if [ "$e" = EPERM ] && freed; then
		ok "kmemleak off under churn: churn with callbacks pending runs on, scan refused (EPERM), clear freed the metadata ($meta2 left)"
	else
		bad "kmemleak off: scan gave $e, $meta2 metadata objects left"
	fi
fi
