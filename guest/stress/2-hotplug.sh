# Stress phase "hotplug" (sourced by guest/workloads/stress.sh): CPU
# hotplug while callbacks are pending and scans run.  CPU 1 goes on- and
# offline in the background, and in each cycle an offline waits for the
# stalled grace period while the scan runs; the scans must not wait for
# it, and must report nothing but the planted leaks.
# call_rcu() churn, paced: a stalled grace period holds every callback
(n=0; while :; do echo "bench 2000" >$D/ctl; n=$((n + 2000)); echo $n >/tmp/churned1; sleep 1; done) & p1=$!
(while :; do echo 0 >/sys/devices/system/cpu/cpu1/online; sleep 1
	echo 1 >/sys/devices/system/cpu/cpu1/online; sleep 1; done) 2>/dev/null & p4=$!
end=$(($(now_ms) + SECS * 500)); hp_bad=0 hp_cycles=0 pworst=0
while [ "$(now_ms)" -lt $end ]; do
	kill $p4 2>/dev/null; wait $p4 2>/dev/null
	echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
	cycle 1000 1 hotplug || hp_bad=$((hp_bad + 1))
	hp_cycles=$((hp_cycles + 1))
	(while :; do echo 0 >/sys/devices/system/cpu/cpu1/online; sleep 1
		echo 1 >/sys/devices/system/cpu/cpu1/online; sleep 1; done) 2>/dev/null & p4=$!
	sleep 3
done
kill $p1 $p4; wait $p1 $p4 2>/dev/null
echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
churned=$((churned + $(cat /tmp/churned1 2>/dev/null || echo 0)))
if [ $hp_cycles -gt 0 ] && [ $hp_bad = 0 ] && [ $pworst -lt $loaded ] && [ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ]; then
	ok "hotplug with pending callbacks: $hp_cycles cycles, longest scan $pworst ms (bound $loaded under load), no false positive, every leak found"
else
	bad "hotplug with pending callbacks: $hp_bad of $hp_cycles cycles wrong, longest scan $pworst ms (bound $loaded)"
fi
