#!/bin/bash
# Every external command that the harness runs, and that the kernel make
# targets it runs invoke (the kselftest install, kunit.py), comes from a
# package that scripts/deps.sh installs or from Debian's essential set,
# looked up on a fresh machine's PATH.  Commands in the host scripts come
# from their syntax trees (shfmt); those of the kernel targets from
# tracing them (strace), so that a command that is missing shows as a
# failed exec.  Also checks that the check itself catches a command that
# deps.sh does not provide.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
kt=$top/build/linux
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
"$top/scripts/deps.sh" --list >"$tmp/allowed"
dpkg-query -W -f='${Package} ${Essential}\n' | awk '$2 == "yes" { print $1 }' >>"$tmp/allowed"
# and what those packages depend on (python3 brings python3-minimal)
apt-cache depends --recurse --installed --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances $(cat "$tmp/allowed") 2>/dev/null |
	sed -n 's/^ *\(Pre\)\{0,1\}Depends: <\{0,1\}\([^>:]*\).*/\2/p; s/^\([a-z0-9][^ :]*\)$/\1/p' |
	sort -u >>"$tmp/allowed"

# package_of CMD: the Debian package that provides CMD on PATH
package_of() {
	local p r
	if [ "${1#/}" != "$1" ]; then p=$1; else p=$(command -v "$1") || return 1; fi
	r=$(readlink -f "$p")
	for f in "$p" "$r" "/usr${p#/usr}" "${p#/usr}" "/usr${r#/usr}" "${r#/usr}"; do
		dpkg -S "$f" 2>/dev/null | grep -v '^diversion' | sed -n '1s/:.*//p' | grep . && return 0
	done
	return 1
}

# check CMD...: print a line for each command not provided (a name is
# looked up on PATH, an absolute path taken as it is)
check() {
	local c pkg
	for c in "$@"; do
		case $(type -t "$c") in builtin|keyword) continue ;; esac
		if [ "${c#/}" != "$c" ]; then
			[ -e "$c" ] || c=${c##*/}
		fi
		if ! pkg=$(package_of "$c"); then
			echo "$c: not installed, or from no Debian package"
		elif ! grep -qx "${pkg%%,*}" "$tmp/allowed"; then
			echo "$c: from $pkg, which deps.sh does not install"
		fi
	done
}

# traced CMD...: the programs CMD ran, and the commands that make or
# the shell could not find
traced() {
	strace -f -qq -o "$tmp/trace" -e trace=execve "$@" >"$tmp/out" 2>&1
	sed -n 's/.*execve("\([^"]*\)".* = 0$/\1/p' "$tmp/trace" | sort -u
	sed -En 's/.*: ([A-Za-z0-9_.+-]+): (No such file or directory|not found|command not found)$/\1/p' \
		"$tmp/out" | sort -u
}

bad=0
scripts="$top/.ci/run $(ls "$top"/scripts/*.sh "$top"/tests/*.sh "$top"/tests/lib/*.sh |
	grep -v '/scripts/matrix\.sh$')"
out=$(check $(python3 "$top/tests/lib/shell-commands.py" $scripts) strace shfmt)
[ -n "$out" ] && { echo "$out" | sed 's/^/host scripts: /'; bad=1; }

# scripts/matrix.sh runs after `deps.sh matrix`, which make check does
# not run: where those packages are not installed, a command of
# matrix.sh that is missing cannot be traced to its package and is
# listed as not checked; one installed from a package deps.sh does not
# name still fails
python3 "$top/tests/lib/shell-commands.py" $scripts | sort -u >"$tmp/cmds"
python3 "$top/tests/lib/shell-commands.py" $scripts "$top/scripts/matrix.sh" | sort -u |
	comm -13 "$tmp/cmds" - >"$tmp/matrix-cmds"
out=$(check $(cat "$tmp/matrix-cmds"))
unmet=$(for p in $("$top/scripts/deps.sh" --list-matrix); do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || echo "$p"
done)
if [ -n "$unmet" ]; then
	skipped=$(echo "$out" | sed -n 's/: not installed, or from no Debian package$//p')
	[ -n "$skipped" ] && echo "# matrix.sh: not checked, deps.sh matrix not installed" \
		"($(echo $unmet)):" $skipped
	out=$(echo "$out" | grep -v ': not installed, or from no Debian package$')
fi
[ -n "$out" ] && { echo "$out" | sed 's/^/matrix.sh: /'; bad=1; }

if [ -d "$kt/tools/testing/selftests/kmemleak" ]; then
	out=$(check $(traced make -C "$kt/tools/testing/selftests" TARGETS=kmemleak \
		LDFLAGS=-static O="$tmp/obj" INSTALL_PATH="$tmp/inst" install))
	[ -n "$out" ] && { echo "$out" | sed 's/^/kselftest install: /'; bad=1; }
fi
if [ -f "$kt/tools/testing/kunit/kunit.py" ]; then
	out=$(check $(traced python3 "$kt/tools/testing/kunit/kunit.py" parse \
		"$top/tests/data/kunit-pass.log"))
	[ -n "$out" ] && { echo "$out" | sed 's/^/kunit.py: /'; bad=1; }
fi

# Python modules: checkpatch.pl's SPDX check runs scripts/spdxcheck.py
# with the python3 on PATH (scripts/checkpatch.sh puts Debian's first);
# every module it imports must come with it
pymods() { sed -n 's/^import \([a-z_]*\).*/\1/p; s/^from \([a-z_]*\) import.*/\1/p' "$@" | sort -u; }
pymissing() { for m in $(pymods "$@"); do python3 -c "import $m" 2>/dev/null || echo "$m"; done; }
if [ -f "$kt/scripts/spdxcheck.py" ]; then
	out=$(pymissing "$kt/scripts/spdxcheck.py")
	[ -n "$out" ] && { echo "spdxcheck.py: python3 module(s) missing:" $out; bad=1; }
else
	echo "# spdxcheck.py: not checked, no kernel tree at $kt"
fi
# and it must name a module that nothing provides, and only that one
printf 'import os\nimport kmemleak_no_such_module\nfrom sys import argv\n' >"$tmp/mutant.py"
[ "$(pymissing "$tmp/mutant.py")" = kmemleak_no_such_module ] ||
	{ echo "the check missed a missing python3 module"; bad=1; }

# the check must catch a command that nothing provides
printf '#!/bin/sh\nkmemleak-no-such-tool --now\n' >"$tmp/mutant.sh"
[ -n "$(check $(python3 "$top/tests/lib/shell-commands.py" "$tmp/mutant.sh"))" ] ||
	{ echo "the check missed a command that deps.sh does not provide"; bad=1; }

[ $bad = 0 ] && echo "every command the harness runs comes from deps.sh or Debian's essential set"
exit $bad
