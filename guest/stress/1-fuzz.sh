# Stress phase "fuzz" (sourced by guest/workloads/stress.sh): 300 seeded
# random bad writes to kmemleak's debugfs file and module parameters;
# each gets EINVAL and changes nothing.
awk -v seed="$SEED" 'BEGIN {
	srand(seed); cs = "abcdefghijklmnopqrstuvwxyz0123456789#%:.-+"
	split("kmemleak kmemleak kmemleak kmemleak rcu ms", file, " ")
	split("stack= scan= dump= # stack=o scan=of", pre, " ")
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
[ $fuzz_bad = 0 ] && ok "fuzz: 300 bad writes (seed $SEED) got EINVAL, state unchanged" ||
	bad "fuzz: $fuzz_bad of 300 bad writes misbehaved"
