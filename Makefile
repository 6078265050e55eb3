# SPDX-License-Identifier: GPL-2.0
#
# floodgate top-level Makefile.
#
#   make                 module (against KDIR) and CLI
#   make install         modules_install + CLI into $(PREFIX)/sbin
#   make lint            W=1 build, sparse, checkpatch --strict
#   make check           everything CI runs (see README.md)
#   make demo            a short live demonstration in a VM
#   make bench           the side-by-side benchmark

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
DESTDIR ?=
# Where the test rig keeps kernels, kernel sources and ccache. Outside the
# repository so that a fresh clone reuses them.
FG_CACHE ?= /var/cache/floodgate
export FG_CACHE

MAKEFLAGS += --no-print-directory

.PHONY: all module cli install lint check demo bench unit clean help kdir-check

all: module cli

kdir-check:
	@if [ ! -e "$(KDIR)/Makefile" ]; then \
		echo "floodgate: no kernel build tree at $(KDIR): install the headers (apt-get install linux-headers-\$$(uname -r)) or pass KDIR=/path/to/build" >&2; \
		exit 1; \
	fi

module: kdir-check
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

cli:
	$(MAKE) -C userspace

install: module cli
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $$(cat $(KDIR)/include/config/kernel.release 2>/dev/null || uname -r) || true
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

lint:
	scripts/lint.sh

unit:
	$(MAKE) -C userspace test

check:
	scripts/check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

clean:
	-[ ! -e "$(KDIR)/Makefile" ] || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	rm -rf build

help:
	@sed -n '3,11p' Makefile | sed 's/^# \{0,1\}//'
