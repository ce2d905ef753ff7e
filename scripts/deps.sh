#!/bin/sh
# Install what the harness needs from Debian, only what is missing.
set -eu
pkgs="linux-source-6.12 qemu-system-x86 busybox-static ccache gcc make flex bison
libelf-dev libssl-dev bc cpio xz-utils perl python3 kmod dwarves gnuplot-nox git"
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
