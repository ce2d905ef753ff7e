# The kernel's own kmemleak tests alone (make check boots the stock
# kernel with them; the check workload runs them on the patched one).
# Then, for the record and not as a result, the check workload's
# scan=off race: on a kernel without the fixes series' 1/4 the writer
# deadlocks (the boot then powers off with it blocked, before the
# hung task detector's 60 s).
. /workloads/lib.sh
ktap_begin "$(ls /extra/upstream/mm/ksft_kmemleak_*.sh | wc -l)"
upstream_tests
if switch_race 30; then
	ktap_diag "scan=off race: all five rounds finished"
else
	ktap_diag "scan=off race: the writer deadlocked (blocked for 30 s; 8 s is usual)"
fi
exit 0
