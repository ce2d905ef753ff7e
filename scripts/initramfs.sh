#!/bin/sh
# initramfs.sh OBJ OUT [FILE...] : busybox-static initramfs built with
# the kernel's usr/gen_init_cpio from OBJ.  Holds guest/init, the guest
# workloads, the stress phases (/stress), every module built in OBJ, and
# the extra FILEs under /extra.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
obj=$1 out=$2
shift 2
list=$out.list
{
	for d in /bin /sbin /dev /proc /sys /tmp /ko /extra /workloads /stress /root; do
		echo "dir $d 755 0 0"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "file /bin/busybox /bin/busybox 755 0 0"
	echo "file /init $top/guest/init 755 0 0"
	for w in "$top"/guest/workloads/*.sh; do
		echo "file /workloads/$(basename "$w") $w 644 0 0"
	done
	for w in "$top"/guest/stress/*.sh; do
		echo "file /stress/$(basename "$w") $w 644 0 0"
	done
	find "$obj" -name '*.ko' | sort | while read -r k; do
		echo "file /ko/$(basename "$k") $k 644 0 0"
	done
	for f in "$@"; do
		if [ -d "$f" ]; then
			(cd "$f" && find . -mindepth 1 | sort) | while read -r e; do
				if [ -d "$f/$e" ]; then
					echo "dir /extra/${e#./} 755 0 0"
				else
					echo "file /extra/${e#./} $f/$e 755 0 0"
				fi
			done
		else
			echo "file /extra/$(basename "$f") $f 755 0 0"
		fi
	done
} >"$list"
"$obj/usr/gen_init_cpio" "$list" >"$out.tmp"
mv "$out.tmp" "$out"
