#!/bin/bash
# make stress: the patched kernel under faults, stalls and bad input
# (guest/workloads/stress.sh), booted five times:
#   debug  base+debug config (lockdep, PROVE_RCU, DEBUG_OBJECTS_RCU_HEAD),
#          bad kmemleak.* values on the boot line, ends with `off`
#   lockorder  kmemleak fails while linking an object after the RCU
#          hooks ran under the pi and runqueue locks
#   lockorder-rt  the same on a PREEMPT_RT kernel (configs/rt.config)
#   kasan  debug's config plus KASAN and failslab; runs the KUnit suite first,
#          ends with kmemleak's metadata allocations failing until it
#          disables itself
#   torture  make torture's short form (rcutorture, every flavour)
# Prints "ok - ..." or "not ok - ..." per phase (the guest's KTAP judged
# by scripts/ktap-verdict.py; make check counts them), the properties
# of each beneath it, and exits 1 if any failed.
# STRESS_SECS: race phases (60),
# SOAK_SECS: soak (3600, an hour), STRESS_SEED: fuzz seed (1),
# STRESS_BOOTS: which boots ("debug lockorder lockorder-rt kasan torture"; torture
# is make torture's short form: TORTURE_SECS=30 on 2 vCPUs),
# A run of every boot and phase writes its output to
# docs/stress-results.txt, under the command with its settings.
# STRESS_KASAN_SOAK: the KASAN boot's soak (SOAK_SECS), STRESS_PHASES:
# the phases to run (comma-separated names of guest/stress/N-NAME.sh;
# all by default), e.g. STRESS_PHASES=hotplug,stall make stress;
# STRESS_KASAN_KUNIT=0: the KASAN boot does not run the KUnit suite
# first; STRESS_TORTURE_SECS: seconds per rcutorture flavour (30).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=${STRESS_SECS:-60} soak=${SOAK_SECS:-3600} seed=${STRESS_SEED:-1}
boots=${STRESS_BOOTS:-debug lockorder lockorder-rt kasan torture}
for b in $boots; do
	case $b in debug|lockorder|lockorder-rt|kasan|torture) ;;
	*) echo "STRESS_BOOTS: some of debug lockorder lockorder-rt kasan torture" >&2; exit 2 ;;
	esac
done
case ${STRESS_PHASES:-} in *[!a-z,]*)
	echo "STRESS_PHASES: phase names (guest/stress/N-NAME.sh), comma-separated" >&2
	exit 2 ;;
esac
phases=${STRESS_PHASES:+stress_phases=$STRESS_PHASES}
kt=build/linux logs=build/logs
. scripts/lib.sh
mkdir -p "$logs"
rev=$(harness_rev)
{
fail=0
result() { # result STATUS NAME
	if [ "$1" = 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fail=1; fi
}
step() { # step NAME CMD... : output to build/logs/stress-NAME.log
	local name=$1 log="$logs/stress-$(echo "$1" | tr ' /' '__').log"
	shift
	"$@" >"$log" 2>&1
	local rc=$?
	[ $rc = 0 ] || tail -n 25 "$log" | sed 's/^/# /'
	[ $rc = 0 ] || result $rc "stress: $name"
	return $rc
}

# boot_stress NAME OBJ APPEND...: one boot, one result line per property
boot_stress() {
	local name=$1 obj=$2 log=$logs/stress-$1.serial mod
	mod=build/mod/$(basename "$2")
	shift 2
	step "$name: churn driver builds" ext_module "$obj" \
		modules/kmemleak_churn/Kbuild modules/kmemleak_churn/kmemleak_churn.c &&
	step "$name: KUnit suite builds" ext_module "$obj" \
		modules/kmemleak_rcu_kunit/Kbuild "$kt/lib/tests/test_kmemleak_rcu.c" &&
	step "$name: initramfs" scripts/initramfs.sh "$obj" "build/stress-$name.cpio" $helper \
		"$mod-kmemleak_churn/kmemleak_churn.ko" "$mod-test_kmemleak_rcu/test_kmemleak_rcu.ko" ||
		return
	TIMEOUT=$((1800 + 4 * secs + 3 * soak)) scripts/boot.sh "$obj/arch/x86/boot/bzImage" \
		"build/stress-$name.cpio" "$log" \
		"workload=stress stress_secs=$secs soak_secs=$soak stress_seed=$seed $phases $*" >"$log.boot" 2>&1
	result $? "stress $name: guest ran to the end"
	sed 's/^/# /' "$log.boot" | tail -n 30
	# one line per phase (each property beneath it), "totals", and the
	# KUnit suite where the boot ran it first
	local expect a s=$soak
	local ph=${STRESS_PHASES:-$(ls guest/stress | sed 's/^[0-9]*-//; s/\.sh$//' | grep -vx lockorder)}
	# the boot's own soak_secs= wins; a soak of 0 s prints no line
	for a in "$@"; do case $a in soak_secs=*) s=${a#soak_secs=} ;; esac; done
	[ "$s" -gt 0 ] || ph=$(echo "$ph" | tr ',' '\n' | grep -vx soak)
	expect=$(echo "$ph" | tr ',\n' '||')totals
	# the lockorder boot plants and churns nothing: no totals line
	case " $* " in *" stress_phases=lockorder "*) expect=lockorder ;; esac
	case " $* " in *" stress_kunit=1 "*) expect="$expect|kmemleak_rcu" ;; esac
	ktap_verdict "$log" "stress $name" "$logs/ktap-stress-$name.txt" "$expect" --nested ||
		fail=1
	local allow=""
	case $name in lockorder*) allow=--allow-kmemleak-stop ;; esac
	scripts/splat.sh "$log" $allow | head -n 20 | sed 's/^/# /'
	result "${PIPESTATUS[0]}" "stress $name: no lockdep/RCU/debugobjects/KASAN splat, no hung task"
}

scripts/deps.sh >/dev/null && scripts/tree.sh >/dev/null || { result 1 "stress: tree"; exit 1; }
step "patched kernel builds" scripts/kbuild.sh "$kt" build/obj-patched $CONFIGS || exit 1
# Without the helper (kmemleak_write) the guest reports each property
# that needs it as not ok: the run goes on and the count of results
# does not shrink.
# (make check has just built it: built again only when missing or older
# than its source)
helper=build/kselftest
if [ ! -x $helper/kmemleak/kmemleak_write ] ||
   [ "$kt/tools/testing/selftests/kmemleak/kmemleak_write.c" -nt $helper/kmemleak/kmemleak_write ]; then
	rm -rf $helper
	step "kselftest helper builds" make -C "$kt/tools/testing/selftests" TARGETS=kmemleak \
		LDFLAGS=-static O="$top/build/obj-patched" INSTALL_PATH="$top/$helper" install ||
		helper=""
fi

case " $boots " in *" debug "*)
	boot_stress debug build/obj-patched stress_badparams=1 stress_end=off \
		kmemleak.rcu=maybe kmemleak.rcu_barrier_ms=60001 ;;
esac
# kmemleak fails while linking an object after RCU hooks ran under the
# pi and runqueue locks: no circular locking report (lockdep is on)
case " $boots " in *" lockorder "*)
	boot_stress lockorder build/obj-patched stress_phases=lockorder ;;
esac
# the same on PREEMPT_RT (configs/rt.config), where more of the kernel
# calls call_rcu() under raw runqueue and pi locks
case " $boots " in *" lockorder-rt "*)
	if step "PREEMPT_RT kernel builds" scripts/kbuild.sh "$kt" build/obj-rt $CONFIGS configs/rt.config; then
		boot_stress lockorder-rt build/obj-rt stress_phases=lockorder
	fi ;;
esac

if [ "${boots#*kasan}" != "$boots" ]; then
	if step "KASAN kernel builds" scripts/kbuild.sh "$kt" build/obj-kasan $CONFIGS configs/kasan.config; then
		# KASAN triples scan times, and the workload holds grace
		# periods across scans on purpose: RCU's stall warning waits
		# 60 s rather than 21 s on this boot, and the KUnit suite may
		# hold a grace period for up to 50 s
		kunit=""
		[ "${STRESS_KASAN_KUNIT:-1}" = 1 ] && kunit="stress_kunit=1 kunit_hold_ms=50000"
		boot_stress kasan build/obj-kasan $kunit stress_end=faults \
			rcupdate.rcu_cpu_stall_timeout=60 soak_secs=${STRESS_KASAN_SOAK:-$soak}
	fi
fi
# rcutorture, every flavour, 30 s each, kmemleak scanning (make torture)
case " $boots " in *" torture "*)
	TORTURE_SECS=${STRESS_TORTURE_SECS:-30} TORTURE_CELLS=smp scripts/torture.sh >$logs/stress-torture.out
	r=$?
	grep -v '^torture: ' $logs/stress-torture.out
	[ $r = 0 ] || fail=1 ;;
esac
exit $fail
} | tee "$logs/stress.out"
rc=${PIPESTATUS[0]}
if [ "$boots" = "debug lockorder lockorder-rt kasan torture" ] && [ -z "${STRESS_PHASES:-}" ]; then
	publish "$logs/stress.out" stress-results.txt "${STRESS_KASAN_KUNIT:+STRESS_KASAN_KUNIT=$STRESS_KASAN_KUNIT }STRESS_SECS=$secs SOAK_SECS=$soak STRESS_KASAN_SOAK=${STRESS_KASAN_SOAK:-$soak} STRESS_SEED=$seed STRESS_TORTURE_SECS=${STRESS_TORTURE_SECS:-30} make stress"
fi
exit "$rc"
