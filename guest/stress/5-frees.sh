# Stress phase "frees" (sourced by guest/workloads/stress.sh): up to a
# million tracked kfree()s during a stall just under RCU's stall timeout:
# their metadata waits for the grace period, then is freed in bounded
# steps; the soft-lockup watchdog at 4 s catches anything that runs that
# long without rescheduling.  The frees must end well within the stall
# (a slow kernel, KASAN, frees more slowly): as many as 20000 frees
# timed here say fit in a third of the stall timeout.
FREES=$(arg stress_frees); FREES=${FREES:-1000000}
st=$ST
hold=$((st - 2)); [ $hold -gt 20 ] && hold=20
wt=/proc/sys/kernel/watchdog_thresh
wt0=$(cat $wt)
ctl alloc 20000 0
t0=$(now_ms); ctl free; tc=$(($(now_ms) - t0 + 1))
fit=$((20000 * (st * 1000 / 3) / tc))
[ $fit -lt "$FREES" ] && FREES=$fit
ctl barrier; sleep 1
m0=$(meta)
ctl alloc "$FREES" 0
dmesg -c >/dev/null
echo 2 >$wt
ctl stall on
t0=$(now_ms)
ctl free
tf=$(($(now_ms) - t0))
m1=$(meta)
while [ $(($(now_ms) - t0)) -lt $((hold * 1000)) ]; do sleep 1; done
stalled=$(($(now_ms) - t0))
ctl stall off
t1=$(now_ms)
ctl barrier
m2=$(meta)
while [ "$m2" -gt $((m0 + m0 / 10 + 1000)) ] && [ $(($(now_ms) - t1)) -lt 60000 ]; do
	sleep 1; m2=$(meta)
done
tr=$(($(now_ms) - t1))
sleep 5
echo "$wt0" >$wt
warn=$(dmesg | grep -cE 'soft lockup|detected stall|self-detected stall|blocked for more than')
if [ "$warn" = 0 ] && [ "$((m1 - m0))" -ge $((FREES * 9 / 10)) ] &&
   [ "$m2" -le $((m0 + m0 / 10 + 1000)) ]; then
	ok "$FREES tracked frees in $tf ms during a ${stalled} ms stall: $((m1 - m0)) kmemleak_objects held, back to $m2 (from $m0) $tr ms after the release, no soft-lockup (4 s) or stall warning"
else
	bad "$FREES frees during a ${stalled} ms stall: held $((m1 - m0)), $m2 left after $tr ms (baseline $m0), $warn warnings"
	dmesg | grep -E -A 8 'soft lockup|detected stall' | head -n 30
fi
