#!/bin/bash
# make torture: RCU's own torture test with kmemleak on.  Builds the
# patched kernel with the debug fragment (lockdep, PROVE_RCU,
# DEBUG_OBJECTS_RCU_HEAD) and configs/torture.config (rcutorture and
# rcuscale as modules, every Tasks flavour), and boots it per cell with
# guest/workloads/torture.sh, which runs rcutorture for each flavour for
# TORTURE_SECS (120) while kmemleak scans, CPU hotplug on where there
# are two CPUs:
#   smp  2 vCPUs: Tree RCU, Tree SRCU
#   up   SMP=n (configs/up.config): Tiny RCU, Tiny SRCU
# Pass: rcutorture's "End of test: SUCCESS" for every flavour, none of
# its objects reported while it ran, no new report after the runs, no
# splat.  TORTURE_CELLS (smp,up), TORTURE_TYPES (all six) narrow it;
# make stress runs a short form.  A full default run writes
# docs/torture-results.txt.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
all_types=rcu,srcu,srcud,tasks,tasks-rude,tasks-tracing
secs=${TORTURE_SECS:-120} cells=${TORTURE_CELLS:-smp,up} types=${TORTURE_TYPES:-$all_types}
case $secs in ''|*[!0-9]*) echo "TORTURE_SECS: seconds per flavour, 10 or more" >&2; exit 2 ;; esac
[ "$secs" -ge 10 ] || { echo "TORTURE_SECS: seconds per flavour, 10 or more" >&2; exit 2; }
for c in ${cells//,/ }; do
	case $c in smp|up) ;; *) echo "TORTURE_CELLS: smp and/or up, comma-separated" >&2; exit 2 ;; esac
done
for t in ${types//,/ }; do
	case ,$all_types, in *,$t,*) ;; *) echo "TORTURE_TYPES: some of $all_types" >&2; exit 2 ;; esac
done
target_start build/torture
# the loop below runs in a pipe's subshell: the verdict is counted
# from its output
result() { # result STATUS NAME
	if [ "$1" = 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fi
}

for c in ${cells//,/ }; do
	obj=build/obj-torture-$c frags="$CONFIGS configs/torture.config" smp=2 loose=0
	# SMP=n leaves requests of the base fragment unmet (NR_CPUS, the
	# NOCB options): the .config is checked below instead
	[ $c = up ] && frags="$frags configs/up.config" smp=1 loose=1
	log=build/logs/torture-$c
	if ! KBUILD_LOOSE=$loose scripts/kbuild.sh build/linux $obj $frags >$log.build 2>&1; then
		tail -n 20 $log.build | sed 's/^/# /'
		result 1 "torture $c: kernel builds"
		continue
	fi
	result 0 "torture $c: kernel builds"
	if [ $c = up ]; then
		grep -qx CONFIG_TINY_RCU=y $obj/.config && grep -qx CONFIG_TINY_SRCU=y $obj/.config
		result $? "torture up: Tiny RCU and Tiny SRCU in the .config"
	fi
	scripts/initramfs.sh $obj build/torture-$c.cpio
	n=$(echo "${types//,/ }" | wc -w)
	SMP=$smp TIMEOUT=$((600 + n * (secs + 180))) scripts/boot.sh $obj/arch/x86/boot/bzImage \
		build/torture-$c.cpio $log.serial \
		"workload=torture torture_secs=$secs torture_types=$types log_buf_len=1M" >$log.boot 2>&1
	result $? "torture $c: guest ran to the end"
	sed 's/^/# /' $log.boot | tail -n 20
	expect=$(for t in ${types//,/ }; do printf 'rcutorture %s:|' $t; done)
	ktap_verdict $log.serial "torture $c" build/torture/ktap-$c.txt "${expect}after the runs"
	scripts/splat.sh $log.serial | head -n 20 | sed 's/^/# /'
	result "${PIPESTATUS[0]}" "torture $c: no lockdep/RCU/debugobjects splat, no hung task"
done 2>&1 | tee build/torture/results.txt
fail=$(grep -c '^not ok' build/torture/results.txt)
echo "torture: $(grep -c '^ok' build/torture/results.txt) passed, $fail failed"
if [ "$secs,$cells,$types" = "120,smp,up,$all_types" ]; then
	publish build/torture/results.txt torture-results.txt "make torture"
fi
[ "$fail" = 0 ]
