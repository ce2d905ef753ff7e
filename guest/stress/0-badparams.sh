# Stress phase "badparams" (sourced by guest/workloads/stress.sh): with
# stress_badparams=1 the boot line carries bad kmemleak.* values; each
# gets a clear error and the defaults are kept.  Without it, the
# defaults are in place and no kmemleak.* value was refused.
if [ "$(arg stress_badparams)" = 1 ]; then
	fuzzed=$((fuzzed + 2))
	if [ "$(cat $P/rcu) $boot_ms" = "on 0" ] &&
	   dmesg | grep -q 'kmemleak.rcu=maybe: expected on or off' &&
	   dmesg | grep -q 'kmemleak.rcu_barrier_ms=60001: expected 0 to 60000'; then
		ok "bad boot parameters rejected with an error, defaults kept"
	else
		bad "bad boot parameters: rcu=$(cat $P/rcu) rcu_barrier_ms=$boot_ms"
	fi
elif [ "$(cat $P/rcu) $boot_ms" = "on 0" ] &&
     ! dmesg | grep -q 'kmemleak\.rcu.*: expected'; then
	ok "no bad boot parameter: defaults in place, nothing refused"
else
	bad "no bad boot parameter: rcu=$(cat $P/rcu) rcu_barrier_ms=$boot_ms"
fi
