# Reliability under faults, stalls and bad input (patched kernel only).
# Prints "STRESS: ok|not ok <what>" per property and "STRESS: figures ...".
# Command line: stress_secs= (race phase, default 60), stress_seed= (fuzz).
KM=/sys/kernel/debug/kmemleak
P=/sys/module/kmemleak/parameters
D=/sys/kernel/debug/kmemleak_churn
W=/extra/kmemleak/kmemleak_write
SECS=$(sed -n 's/.*stress_secs=\([0-9]*\).*/\1/p' /proc/cmdline); SECS=${SECS:-60}
SEED=$(sed -n 's/.*stress_seed=\([0-9]*\).*/\1/p' /proc/cmdline); SEED=${SEED:-1}
insmod /extra/kmemleak_churn.ko || exit 1
rc=0
ok() { echo "STRESS: ok $*"; }
bad() { echo "STRESS: not ok $*"; rc=1; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
scan_ms() { t0=$(now_ms); echo scan >$KM; echo $(($(now_ms) - t0)); }
thread() { grep -qx kmemleak /proc/[0-9]*/comm 2>/dev/null && echo on || echo off; }
state() { echo "$(cat $P/rcu) $(cat $P/rcu_barrier_ms) $(thread)"; }
meta() { awk '$1 == "kmemleak_object" { print $2 }' /proc/slabinfo 2>/dev/null; }
reported() { sed -n 's/^unreferenced object \(0x[0-9a-f]*\).*/\1/p' $KM | sort -u; }
scans=0 churned=0 faults=0 fuzzed=0 fps=0

# --- 1. seeded fuzz of bad input: EINVAL and nothing changes ---
awk -v seed="$SEED" 'BEGIN {
	srand(seed); cs = "abcdefghijklmnopqrstuvwxyz0123456789#%:.-+"
	split("kmemleak kmemleak kmemleak kmemleak rcu ms", file, " ")
	split("rcu= scan= dump= # rcu=o rcu=of", pre, " ")
	for (i = 0; i < 300; i++) {
		v = "#"
		for (j = int(rand() * 12); j > 0; j--) v = v substr(cs, int(rand() * length(cs)) + 1, 1)
		f = file[int(rand() * 6) + 1]
		if (f == "kmemleak") v = pre[int(rand() * 6) + 1] v
		if (f == "ms" && rand() < 0.3) v = 60001 + int(rand() * 1000000)
		print f, v
	}
}' >/tmp/fuzz
before=$(state)
fuzz_bad=0
while read -r f v; do
	case $f in
	kmemleak) path=$KM ;;
	rcu) path=$P/rcu ;;
	ms) path=$P/rcu_barrier_ms ;;
	esac
	e=$($W "$path" "$v")
	fuzzed=$((fuzzed + 1))
	now=$(state)
	if [ "$e" != EINVAL ] || [ "$now" != "$before" ]; then
		echo "# fuzz: '$v' to $path: $e, state $before -> $now"
		fuzz_bad=$((fuzz_bad + 1))
	fi
done </tmp/fuzz
[ $fuzz_bad = 0 ] && ok "fuzz: $fuzzed bad writes (seed $SEED) got EINVAL, state unchanged" ||
	bad "fuzz: $fuzz_bad of $fuzzed bad writes misbehaved"

meta0=$(meta)

# --- 2. races: manual scans against the scan thread, clear, the switch,
#        CPU hotplug and churn, for $SECS seconds ---
mkdir -p /tmp/churn; mount -t tmpfs none /tmp/churn
(n=0; while :; do echo "bench 2000" >$D/ctl; n=$((n + 2000)); echo $n >/tmp/churned; done) & p1=$!
(i=0; while :; do : >/tmp/churn/f$((i % 500)); rm -f /tmp/churn/f$(((i + 250) % 500)); i=$((i + 1)); done) & p2=$!
(while :; do echo rcu=off >$KM; echo rcu=on >$KM; echo 50 >$P/rcu_barrier_ms
	echo clear >$KM; echo 1000 >$P/rcu_barrier_ms; done) 2>/dev/null & p3=$!
(while :; do echo 0 >/sys/devices/system/cpu/cpu1/online; sleep 1
	echo 1 >/sys/devices/system/cpu/cpu1/online; sleep 1; done) 2>/dev/null & p4=$!
echo scan=1 >$KM
end=$(($(now_ms) + SECS * 1000)); worst=0
while [ "$(now_ms)" -lt $end ]; do
	ms=$(scan_ms); scans=$((scans + 1))
	[ "$ms" -gt $worst ] && worst=$ms
done
kill $p1 $p2 $p3 $p4 2>/dev/null; wait $p1 $p2 $p3 $p4 2>/dev/null
echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
echo scan=off >$KM; echo on >$P/rcu; echo 1000 >$P/rcu_barrier_ms
umount /tmp/churn
churned=$((churned + $(cat /tmp/churned 2>/dev/null || echo 0)))
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] && [ $scans -gt 0 ] &&
	ok "races for ${SECS}s: $scans manual scans against the scan thread, clear, rcu=on/off, hotplug, churn; longest scan ${worst} ms" ||
	bad "races: cpu1 did not come back or no scan ran"

# --- 3. a grace period stalled for longer than the scan thread's period ---
echo clear >$KM
echo "alloc 1000 2" >$D/ctl
sleep 6
echo scan=2 >$KM
echo "stall on" >$D/ctl
echo "queue 1" >$D/ctl
churned=$((churned + 1000))
ms1=$(scan_ms); ms2=$(scan_ms); scans=$((scans + 2))
reported >/tmp/r1
cat $D/objects >/tmp/objs
sleep 6					# the thread scans during the stall too
echo "stall off" >$D/ctl
echo barrier >$D/ctl
echo scan=off >$KM
awk '$1 == "pending" { print $2 }' /tmp/objs >/tmp/pending
own=$(awk 'NR == FNR { s[$1] = 1; next } ($1 in s)' /tmp/r1 /tmp/pending | wc -l)
fps=$((fps + own))
limit=$(($(cat $P/rcu_barrier_ms) + 10000))
if [ "$own" = 0 ] && [ "$ms1" -lt $limit ] && [ "$ms2" -lt $limit ]; then
	ok "stalled GP beyond the scan period: scans ${ms1} and ${ms2} ms, 0 of 1000 pending reported"
else
	bad "stalled GP: scans $ms1/$ms2 ms (limit $limit), $own of 1000 pending reported"
fi
echo free >$D/ctl

# --- 4. metadata returns to its baseline ---
echo barrier >$D/ctl; sleep 2; echo barrier >$D/ctl
meta1=$(meta)
if [ -z "$meta0" ]; then
	bad "no /proc/slabinfo: cannot measure kmemleak metadata"
elif [ "$meta1" -le $((meta0 + meta0 / 10 + 500)) ]; then
	ok "kmemleak_object count back to baseline: $meta0 before, $meta1 after"
else
	bad "kmemleak_object count $meta0 before, $meta1 after: metadata leaked"
fi

# --- 5. kmemleak turned off mid-run, under churn ---
(while :; do echo "bench 2000" >$D/ctl; done) & p1=$!
sleep 2
churned=$((churned + 2000))
echo off >$KM
sleep 3
kill $p1; wait $p1 2>/dev/null
e=$($W $KM scan)
echo clear >$KM
faults=$((faults + 1))
if [ "$e" = EPERM ] && echo "bench 2000" >$D/ctl && cat /sys/kernel/debug/kmemleak_rcu >/dev/null; then
	ok "kmemleak off under churn: scan refused (EPERM), clear freed metadata, kernel runs on"
else
	bad "kmemleak off: scan gave $e"
fi
echo "STRESS: figures scans=$scans callbacks_churned=$churned bad_inputs=$fuzzed faults=$faults false_positives=$fps"
exit $rc
