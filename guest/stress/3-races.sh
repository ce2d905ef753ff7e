# Stress phase "races" (sourced by guest/workloads/stress.sh): manual
# scans against the scan thread, clear, scan=off, the switch and churn.
mkdir -p /tmp/churn; mount -t tmpfs none /tmp/churn
(n=0; while :; do echo "bench 2000" >$D/ctl; n=$((n + 2000)); echo $n >/tmp/churned2; done) & p1=$!
(i=0; while :; do : >/tmp/churn/f$((i % 500)); rm -f /tmp/churn/f$(((i + 250) % 500)); i=$((i + 1)); done) & p2=$!
(while :; do echo off >$P/rcu; echo on >$P/rcu; echo 50 >$P/rcu_barrier_ms
	echo clear >$KM; echo scan=off >$KM; echo scan=1 >$KM
	echo 1000 >$P/rcu_barrier_ms; done) 2>/dev/null & p3=$!
echo scan=1 >$KM
end=$(($(now_ms) + SECS * 500)); n=0
while [ "$(now_ms)" -lt $end ]; do
	ms=$(scan_ms); note_scan "$ms"; n=$((n + 1))
done
kill $p1 $p2 $p3; wait $p1 $p2 $p3 2>/dev/null
echo scan=off >$KM; echo on >$P/rcu; echo 1000 >$P/rcu_barrier_ms
umount /tmp/churn
churned=$((churned + $(cat /tmp/churned2 2>/dev/null || echo 0)))
[ $n -gt 0 ] && [ "$(state)" = "on 1000 off" ] &&
	ok "races: $n manual scans against the scan thread, clear, scan=off/on, kmemleak.rcu=off/on, churn" ||
	bad "races: $n scans, state $(state)"
