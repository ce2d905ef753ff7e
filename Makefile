# kmemleak-rcu: build, boot and test the series in patches/ under QEMU.
# See README.md.  Every target installs what it needs (scripts/deps.sh).

# BASE=6.12: the target runs for the 6.12 backport (scripts/backport.sh)
ifeq ($(BASE),6.12)
.DEFAULT_GOAL := backport
%:
	@scripts/backport.sh $@
backport:
	@scripts/backport.sh help
else

# one config for every kernel (scripts/lib.sh)
CONFIGS := $(shell bash -c '. scripts/lib.sh && echo $$CONFIGS')
BASE_VERSION := $(shell bash -c '. scripts/lib.sh && echo $$BASE_VERSION')

.PHONY: all check demo tree export deps kernel stock bench stress mutant kunit realworld matrix torture help
all: help

help:
	@echo "make demo    build stock and patched kernels, boot both, print the before/after table"
	@echo "make check   the test suite (last line: N passed, N failed)"
	@echo "make tree    build/linux = Debian linux-source-$(BASE_VERSION) + patches/ (FORCE=1 to discard work)"
	@echo "make export  write build/linux base..HEAD back into patches/"
	@echo "make kernel  build the patched kernel in build/obj-patched"
	@echo "make stock   build the stock kernel in build/obj-stock"
	@echo "make bench   what the RCU awareness costs: ratios measured in one run"
	@echo "make stress  faults, stalls, hotplug, fuzz and an hour's soak (SOAK_SECS=3600)"
	@echo "make mutant  the lock-order boot of make stress fails without RCU 1/15 (lockdep)"
	@echo "make kunit   the KUnit suite the way kernel developers run it (kunit.py, x86_64 QEMU)"
	@echo "make realworld  a defconfig-sized kernel, stock vs patched: boot reports, network load, syzkaller's check"
	@echo "make matrix  the KUnit suite on arm64, i386, UP/Tiny RCU, PREEMPT_RT, clang; W=1, sparse, docs"
	@echo "make torture rcutorture for every flavour with kmemleak on (SMP and UP/Tiny RCU)"
	@echo "BASE=6.12 make check  (any target) the 6.12 backport, in build/backport-6.12"

deps:
	@scripts/deps.sh

tree: deps
	@scripts/tree.sh

export:
	@scripts/export.sh

kernel: tree
	scripts/kbuild.sh build/linux build/obj-patched $(CONFIGS)

stock: tree
	scripts/kbuild.sh build/stock-src build/obj-stock $(CONFIGS)

check:
	@scripts/check.sh

demo:
	@scripts/demo.sh

bench:
	@scripts/bench.sh

stress:
	@scripts/stress.sh

mutant:
	@scripts/mutant.sh

realworld:
	@scripts/realworld.sh

torture:
	@scripts/torture.sh

# The KUnit suite as a kernel developer runs it: kunit.py builds its own
# kernel from lib/tests/test_kmemleak_rcu.kunitconfig (in build/kunit) and
# boots it under QEMU with two vCPUs, so that the batch-in-flight and
# CPU-offline cases run rather than skip.
# Then the suite once more, each case without what it tests
# (test_kmemleak_rcu.negative=1): every case must fail, and the record
# goes to docs/kunit-negative.txt (scripts/kunit-negative.sh).
KUNIT_ARGS := --arch=x86_64 --make_options CC="ccache gcc" --qemu_args="-smp 2"
kunit: tree
	scripts/kunit.sh build/kunit $(KUNIT_ARGS)
	scripts/kunit-negative.sh build/kunit $(KUNIT_ARGS)

# What the kernel test robot would build and boot: the KUnit suite with
# kunit.py on arm64, i386, UP (Tiny RCU), PREEMPT_RT, clang; W=1, sparse,
# kmemleak off, debug-objects off and the documentation (scripts/matrix.sh)
matrix: tree
	@scripts/matrix.sh
endif
