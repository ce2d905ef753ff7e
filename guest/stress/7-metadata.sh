# Stress phase "metadata" (sourced by guest/workloads/stress.sh): the
# kmemleak_object count returns to its baseline.
ctl barrier; sleep 2; ctl barrier
meta1=$(meta)
if [ -z "$meta0" ]; then
	bad "no /proc/slabinfo: cannot measure kmemleak metadata"
elif [ "$meta1" -le $((meta0 + meta0 / 10 + 500)) ]; then
	ok "kmemleak_object count back to baseline: $meta0 before, $meta1 after"
else
	bad "kmemleak_object count $meta0 before, $meta1 after: metadata leaked"
fi
