# Only the kmemleak kselftest, run directly (for debugging the test).
for m in /ko/*.ko; do insmod "$m" >/dev/null 2>&1; done
cd /extra/kmemleak && sh ./kmemleak_debugfs.sh
