#!/bin/bash
# boot.sh BZIMAGE INITRAMFS LOG [APPEND] : boot under QEMU (2 vCPUs,
# serial console, panic=-1 -no-reboot) with a hard timeout ($TIMEOUT s,
# default 900) and save the serial log.  Exit 0 only when the guest's
# init printed "GUEST-RC=0" and powered off; a timeout or panic prints the
# log tail and fails.  KVM is used only if a cached probe proved it boots
# (KVM=auto|0|1); otherwise TCG with multi-threading.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
kernel=$1 initrd=$2 log=$3 append=${4:-}
timeout=${TIMEOUT:-900}
mkdir -p "$(dirname "$log")"

accel="-accel tcg,thread=multi"
kvm=${KVM:-auto}
probe=$top/build/kvm-probe
if [ "$kvm" = auto ] && [ -w /dev/kvm ] && [ ! -f "$probe" ] && [ "${KVM_PROBING:-0}" = 0 ]; then
	# A guest that hangs under KVM here never reaches init; give it 30 s.
	if KVM_PROBING=1 KVM=1 TIMEOUT=30 "$0" "$kernel" "$initrd" "$top/build/logs/kvm-probe.log" \
		"kmemleak=off workload=probe" >/dev/null 2>&1; then
		echo yes >"$probe"
	else
		echo no >"$probe"
	fi
fi
if [ "$kvm" = 1 ] || { [ "$kvm" = auto ] && [ "$(cat "$probe" 2>/dev/null)" = yes ]; }; then
	accel="-accel kvm -cpu host"
fi

timeout --foreground -k 10 "$timeout" qemu-system-x86_64 $accel \
	-smp "${SMP:-2}" -m "${MEM:-2048}" -nographic -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=7 $append" \
	</dev/null >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "boot: TIMEOUT after ${timeout}s ($log); last lines:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
if grep -q "Kernel panic" "$log"; then
	echo "boot: kernel panic ($log); last lines:" >&2
	grep -B 20 -A 5 "Kernel panic" "$log" | tail -n 40 >&2
	exit 1
fi
if ! grep -q "^GUEST-RC=0" "$log"; then
	echo "boot: guest workload failed ($log); last lines:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
exit 0
