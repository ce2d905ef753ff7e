#!/bin/bash
# kunit.sh BUILD_DIR ARG...: the series' KUnit suite the way kernel
# developers run it, `tools/testing/kunit/kunit.py run` in build/linux
# with lib/tests/test_kmemleak_rcu.kunitconfig, its kernel in BUILD_DIR,
# the other arguments (--arch, --cross_compile, --kconfig_add,
# --make_options, --qemu_args) passed on.  KVM only where the boot probe
# proved it works (no_kvm in scripts/lib.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"
dir=$1
shift
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
export CCACHE_BASEDIR="$top" CCACHE_NOHASHDIR=true CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
cd "$top/build/linux"
no_kvm ./tools/testing/kunit/kunit.py run \
	--kunitconfig=lib/tests/test_kmemleak_rcu.kunitconfig \
	--build_dir="$dir" --timeout=2400 "$@"
