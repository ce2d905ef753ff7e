#!/bin/bash
# sparse.sh: print the path of a sparse that build/linux accepts.  The
# kernel tests its checker first (scripts/checker-valid.sh) and, if it
# fails, turns C=1/C=2 into a warning and checks nothing: 7.3 needs
# __typeof_unqual__, which Debian 12's sparse 0.6.4 lacks.  The
# machine's sparse when it passes; else Debian unstable's source package
# of sparse (apt-get source through a private apt configuration in
# build/apt-sparse; the machine's apt sources are never touched), built
# in build/tools/sparse (its version in .debian-version there: the
# tarball's own says 0.6.4).  Fails when neither passes.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kt=$top/build/linux
valid() { [ "$(sh "$kt/scripts/checker-valid.sh" "$1" --arch=x86 -m64 -mlittle-endian)" = 1 ]; }

if command -v sparse >/dev/null && valid sparse; then
	command -v sparse
	exit 0
fi
bin=$top/build/tools/sparse/sparse
if [ -x "$bin" ] && valid "$bin"; then
	echo "$bin"
	exit 0
fi

apt=$top/build/apt-sparse
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/etc/preferences.d"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
	>"$apt/etc/sources.list"
touch "$apt/status"
opts=(-o "Dir::Etc::SourceList=$apt/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::Etc::Preferences=$apt/etc/preferences" -o "Dir::Etc::PreferencesParts=$apt/etc/preferences.d"
	-o "Dir::State::Lists=$apt/lists" -o "Dir::State::Status=$apt/status"
	-o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
apt-get "${opts[@]}" -qq update >&2 || { echo "sparse.sh: apt-get update failed" >&2; exit 1; }
rm -rf "$apt/src" "$top/build/tools/sparse"
mkdir -p "$apt/src" "$top/build/tools/sparse"
(cd "$apt/src" && apt-get "${opts[@]}" -qq --download-only source sparse) >&2 ||
	{ echo "sparse.sh: apt-get source sparse failed" >&2; exit 1; }
tar -xf "$apt"/src/sparse_*.orig.tar.* -C "$top/build/tools/sparse" --strip-components=1
make -C "$top/build/tools/sparse" -j"$(nproc)" HAVE_LIBXML=no HAVE_SQLITE=no sparse >&2
valid "$bin" || { echo "sparse.sh: $bin (Debian unstable's) fails the kernel's checker test" >&2; exit 1; }
basename "$apt"/src/*.dsc .dsc | sed 's/^sparse_/Debian unstable /' >"$top/build/tools/sparse/.debian-version"
echo "sparse.sh: built $bin from $(cat "$top/build/tools/sparse/.debian-version")" >&2
echo "$bin"
