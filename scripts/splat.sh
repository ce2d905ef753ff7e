#!/bin/sh
# splat.sh LOG : print the kernel warnings in a serial log (lockdep, RCU,
# debugobjects, BUG/WARNING, hung tasks, stalls, KASAN) and exit 1 if
# there are any.
pat='WARNING:|BUG:|INFO: possible|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|ODEBUG:|detected stalls|rcu_.*self-detected stall|blocked for more than|Call Trace:|general protection fault|Oops|KASAN:|UBSAN:|kernel BUG'
if grep -E "$pat" "$1"; then
	exit 1
fi
exit 0
