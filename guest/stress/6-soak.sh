# Stress phase "soak" (sourced by guest/workloads/stress.sh): mixed churn
# (call_rcu + tracked kfree, tmpfs files, fork/exit) with the scan thread
# on and cycles of held callbacks; no false positive over the whole soak.
echo clear >$KM
mkdir -p /tmp/churn; mount -t tmpfs none /tmp/churn
(n=0; while :; do echo "bench 1000" >$D/ctl; n=$((n + 1000)); echo $n >/tmp/churned3; sleep 1; done) & p1=$!
(i=0; while :; do : >/tmp/churn/f$((i % 200)); rm -f /tmp/churn/f$(((i + 100) % 200))
	i=$((i + 1)); [ $((i % 100)) = 0 ] && sleep 1; done) & p2=$!
(i=0; while :; do sh -c 'cat /proc/self/stat >/dev/null'
	i=$((i + 1)); [ $((i % 10)) = 0 ] && sleep 1; done) & p3=$!
echo scan=5 >$KM
end=$(($(now_ms) + SOAK * 1000)); soak_bad=0 soak_cycles=0 f0=$fps
while [ "$(now_ms)" -lt $end ]; do
	cycle 500 1 || soak_bad=$((soak_bad + 1))
	soak_cycles=$((soak_cycles + 1))
done
kill $p1 $p2 $p3; wait $p1 $p2 $p3 2>/dev/null
echo scan=off >$KM
umount /tmp/churn
churned=$((churned + $(cat /tmp/churned3 2>/dev/null || echo 0)))
ctl barrier; sleep 11; ctl barrier	# lazy callbacks too
ms=$(scan_ms); note_scan "$ms"
late=$(reported | wc -l)
fps=$((fps + late))
[ $soak_bad = 0 ] && [ "$late" = 0 ] &&
	ok "soak ${SOAK}s: $soak_cycles cycles with the scan thread and mixed churn, $((fps - f0)) false positives" ||
	bad "soak: $soak_bad of $soak_cycles cycles wrong, $late reports after the churn stopped"
