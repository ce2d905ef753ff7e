# make check on the stock kernel (no patch of either series): the
# kernel's own kmemleak tests, which must pass there as with the series,
# and the sheaf leak reproducer of the check workload, which must fail
# there (fewer than half of its 48 leaks reported; the fixes series
# makes the check workload find all 24 of the driver's own cache).
# Then, for the record and not as a result, the check workload's
# scan=off race: on a kernel without the fixes series' 1/4 the writer
# deadlocks (the boot then powers off with it blocked, before the
# hung task detector's 60 s).
. /workloads/lib.sh
field() { echo "$2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
ktap_begin $(($(ls /extra/upstream/mm/ksft_kmemleak_*.sh | wc -l) + 1))
if insmod /extra/kmemleak_churn.ko; then
	l=$(sheaf_leaks sheaf-leaks 8)
	ktap_diag "$l"
	f=$(field found "$l")
	[ -n "$f" ] && [ "${f%/*}" -lt $((${f#*/} / 2)) ]
	ktap_result $? "sheaf leaks without the fix: fewer than half reported (the reproducer fails)"
	rmmod kmemleak_churn
else
	ktap_result 1 "sheaf leaks without the fix: kmemleak_churn.ko does not load"
fi
upstream_tests
if switch_race 30; then
	ktap_diag "scan=off race: all five rounds finished"
else
	ktap_diag "scan=off race: the writer deadlocked (blocked for 30 s; 8 s is usual)"
fi
exit 0
