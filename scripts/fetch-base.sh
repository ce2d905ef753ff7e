#!/bin/bash
# fetch-base.sh: print the path of Debian's linux-source-$BASE_VERSION
# tarball, fetched with apt-get download through a private apt
# configuration in build/apt (its own sources list, lists, cache and
# status; the machine's own apt sources are never touched; signatures
# are checked with the installed debian-archive-keyring) and unpacked
# with dpkg-deb.  Backports keep only the newest release: when the suite
# no longer has linux-source-$BASE_VERSION, say what it has instead.
set -eu
top=${KMEMLEAK_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$top/scripts/lib.sh"
pkg=linux-source-$BASE_VERSION
apt=$top/build/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/etc/preferences.d" "$apt/deb"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $BASE_MIRROR $BASE_SUITE main" \
	>"$apt/etc/sources.list"
touch "$apt/status"
opts=(-o "Dir::Etc::SourceList=$apt/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::Etc::Preferences=$apt/etc/preferences" -o "Dir::Etc::PreferencesParts=$apt/etc/preferences.d"
	-o "Dir::State::Lists=$apt/lists" -o "Dir::State::Status=$apt/status"
	-o "Dir::Cache=$apt/cache" -o APT::Architecture=amd64 -o APT::Sandbox::User=root)

# the unpacked tarball of the version the lists name, if already here
ver=$(apt-cache "${opts[@]}" show "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
if [ -z "$ver" ] || [ "${BASE_REFRESH:-0}" = 1 ]; then
	apt-get "${opts[@]}" -qq update >&2 || { echo "fetch-base: apt-get update failed" >&2; exit 1; }
	ver=$(apt-cache "${opts[@]}" show "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
fi
if [ -z "$ver" ]; then
	now=$(apt-cache "${opts[@]}" pkgnames linux-source- 2>/dev/null | sort -V | tr '\n' ' ')
	echo "fetch-base: $BASE_SUITE no longer serves $pkg (it serves: ${now:-nothing})." >&2
	echo "fetch-base: Debian has moved on; rebase the series and set BASE_VERSION in scripts/lib.sh." >&2
	exit 1
fi
dir=$apt/unpacked/$ver
tarball=$dir/usr/src/$pkg.tar.xz
if [ ! -f "$tarball" ]; then
	rm -f "$apt/deb/"*.deb
	(cd "$apt/deb" && apt-get "${opts[@]}" -qq download "$pkg=$ver") >&2 ||
		{ echo "fetch-base: apt-get download $pkg=$ver failed" >&2; exit 1; }
	rm -rf "$dir.tmp"; mkdir -p "$apt/unpacked"
	dpkg-deb -x "$apt/deb/"*.deb "$dir.tmp"
	mv "$dir.tmp" "$dir"
	rm -f "$apt/deb/"*.deb
fi
[ -f "$tarball" ] || { echo "fetch-base: $pkg $ver holds no $tarball" >&2; exit 1; }
echo "$ver $tarball"
