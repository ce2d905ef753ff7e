#!/bin/sh
# Install what the harness needs from Debian, only what is missing.
# `deps.sh --list` prints the package list, `--list-matrix` only those
# of `deps.sh matrix` (tests/deps.sh checks that
# every command the harness and the kernel targets it runs invoke comes
# from one of these packages or from Debian's essential set).
set -eu
# libc6-dev: static guest programs (libc.a); rsync:
# tools/testing/selftests/lib.mk installs with it; shfmt and
# strace: tests/deps.sh parses the scripts and traces the kernel targets;
# python3-ply, python3-git: checkpatch.pl's SPDX check (scripts/spdxcheck.py)
# bash-static: the kernel's own kmemleak selftests are bash scripts, and
# the guest's busybox runs its own applets before any on PATH; sparse:
# make check's W=1 and sparse build of the changed files
pkgs="qemu-system-x86 busybox-static ccache gcc make flex bison
libc6-dev libelf-dev libssl-dev bc cpio xz-utils perl python3 kmod dwarves gnuplot-nox git
rsync mawk apt dpkg shfmt strace python3-ply python3-git debian-archive-keyring
bash-static mount sparse"
# `deps.sh matrix`: also what make matrix needs (scripts/matrix.sh): the
# arm64 cross compiler and QEMU, clang 19 with its linker and tools
# (LLVM=-19), and Sphinx (with PyYAML, which 7.3's
# Documentation/conf.py loads) for the documentation build
matrix_pkgs="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm clang-19 lld-19
llvm-19 python3-sphinx python3-yaml"
case ${1:-} in
--list) echo $pkgs $matrix_pkgs | tr ' ' '\n'; exit 0 ;;
--list-matrix) echo $matrix_pkgs | tr ' ' '\n'; exit 0 ;;
esac
[ "${1:-}" = matrix ] && pkgs="$pkgs $matrix_pkgs"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends $missing >/dev/null
