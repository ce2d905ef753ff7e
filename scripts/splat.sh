#!/bin/sh
# splat.sh LOG [--allow-kmemleak-stop] : print the kernel warnings in a
# serial log (lockdep, RCU, debugobjects, BUG/WARNING, hung tasks,
# stalls, KASAN) and exit 1 if there are any.  --allow-kmemleak-stop:
# the stack dump kmemleak prints when it stops itself on purpose (the
# lockorder stress boot) is not one: it is cut from "kmemleak: Cannot
# insert" to the end of its trace.
pat='WARNING:|BUG:|INFO: possible|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|ODEBUG:|detected stalls|rcu_.*self-detected stall|blocked for more than|Call Trace:|general protection fault|Oops|KASAN:|UBSAN:|kernel BUG'
if [ "${2:-}" = --allow-kmemleak-stop ]; then
	sed '/kmemleak: Cannot insert .*overlaps existing/,/<\/TASK>/d' "$1"
else
	cat "$1"
fi | grep -E "$pat" && exit 1
exit 0
