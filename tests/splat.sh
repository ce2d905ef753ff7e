#!/bin/bash
# scripts/splat.sh finds each kind of kernel warning in a serial log and
# passes a clean one.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '[    1.0] kmemleak: Kernel memory leak detector initialized\nGUEST-RC=0\n' >"$tmp/clean"
"$here/scripts/splat.sh" "$tmp/clean" >/dev/null || { echo "FAIL: clean log flagged"; exit 1; }
for s in "WARNING: suspicious RCU usage" "WARNING: possible circular locking dependency detected" \
	 "ODEBUG: activate active (active state 1) object: 0000 object type: rcu_head" \
	 "BUG: KASAN: slab-use-after-free in kmemleak_scan" "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:" \
	 "INFO: task kworker/0:1:12 blocked for more than 120 seconds." "WARNING: CPU: 1 PID: 1 at mm/kmemleak.c:100"; do
	{ cat "$tmp/clean"; echo "[    2.0] $s"; } >"$tmp/bad"
	if "$here/scripts/splat.sh" "$tmp/bad" >/dev/null; then
		echo "FAIL: missed: $s"
		exit 1
	fi
done
# --allow-kmemleak-stop: kmemleak's own stack dump when it stops is cut,
# a lockdep report after it is not
stop='[    3.0] kmemleak: Cannot insert 0x1 into the object search tree (overlaps existing)
[    3.0] Call Trace:
[    3.0]  <TASK>
[    3.0]  dump_stack_lvl+0x62/0x90
[    3.0]  </TASK>'
{ cat "$tmp/clean"; echo "$stop"; } >"$tmp/stop"
"$here/scripts/splat.sh" "$tmp/stop" >/dev/null && { echo "FAIL: kmemleak's stop dump not flagged"; exit 1; }
"$here/scripts/splat.sh" "$tmp/stop" --allow-kmemleak-stop >/dev/null ||
	{ echo "FAIL: --allow-kmemleak-stop flagged kmemleak's stop dump"; exit 1; }
{ cat "$tmp/stop"; echo "[    4.0] WARNING: possible circular locking dependency detected"; } >"$tmp/stop2"
"$here/scripts/splat.sh" "$tmp/stop2" --allow-kmemleak-stop >/dev/null &&
	{ echo "FAIL: --allow-kmemleak-stop hid a lockdep report"; exit 1; }
echo "splat.sh flags every kind and passes a clean log"
