#!/bin/bash
# mutant.sh: make stress's lock-order boot must be able to fail.  Builds
# the patched tree with RCU 1/15 undone (kmemleak_disable() queues its
# cleanup work with schedule_work() under kmemleak_lock again) in
# build/mutant (the layout of build/linux and build/obj-patched, so that
# ccache serves what is unchanged), boots it with the lockorder phase,
# and prints "ok" when lockdep reports the inversion there: the phase's
# own result not ok and a circular locking report in the serial log.
# The output goes to docs/mutant-lockorder.txt.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
kt=build/linux src=build/mutant/linux obj=build/mutant/obj-patched
log=build/logs/mutant-lockorder.serial
rev=$(harness_rev)
{
scripts/deps.sh >/dev/null && scripts/tree.sh >/dev/null || { echo "not ok - mutant: tree"; exit 1; }
if [ ! -e "$src/.git" ]; then
	git -C "$kt" worktree prune
	mkdir -p build/mutant
	git -C "$kt" worktree add -q --detach "$top/$src" HEAD
fi
git -C "$src" checkout -q -f --detach "$(git -C "$kt" rev-parse HEAD)"
grep -q 'irq_work_queue(&cleanup_irq_work);' "$src/mm/kmemleak.c" ||
	{ echo "not ok - mutant: no irq_work in kmemleak_disable() to undo"; exit 1; }
sed -i 's/irq_work_queue(&cleanup_irq_work);/schedule_work(\&cleanup_work);/' "$src/mm/kmemleak.c"
scripts/kbuild.sh "$src" "$obj" $CONFIGS >build/logs/mutant-build.log 2>&1 ||
	{ tail -n 20 build/logs/mutant-build.log; echo "not ok - mutant: kernel builds"; exit 1; }
churn=$(ext_module "$obj" modules/kmemleak_churn/Kbuild modules/kmemleak_churn/kmemleak_churn.c) ||
	{ echo "not ok - mutant: churn driver builds"; exit 1; }
scripts/initramfs.sh "$obj" build/mutant.cpio "$churn" >/dev/null ||
	{ echo "not ok - mutant: initramfs"; exit 1; }
TIMEOUT=1800 scripts/boot.sh "$obj/arch/x86/boot/bzImage" build/mutant.cpio "$log" \
	"workload=stress stress_secs=60 soak_secs=60 stress_seed=1 stress_phases=lockorder" \
	>"$log.boot" 2>&1
guest=$(grep -E '^ *(not )?ok [0-9]+ (- )?lockorder' "$log" | head -n 1)
cycle=$(grep -c 'possible circular locking dependency' "$log")
echo "# guest: ${guest:-no lockorder result}; lockdep circular-dependency reports: $cycle"
grep -A 12 'possible circular locking dependency' "$log" | head -n 14 | sed 's/^/#   /'
case $guest in
*"not ok"*) [ "$cycle" -ge 1 ] ;;
*) false ;;
esac
r=$?
if [ $r = 0 ]; then
	echo "ok - mutant: without RCU 1/15 the lock-order boot fails (lockdep reports the inversion)"
else
	echo "not ok - mutant: without RCU 1/15 the lock-order boot did not fail"
fi
exit $r
} | tee build/logs/mutant.out
rc=${PIPESTATUS[0]}
publish build/logs/mutant.out mutant-lockorder.txt "make mutant"
exit "$rc"
