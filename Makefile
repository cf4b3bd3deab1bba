# kabiscan: see README.md. `make deps`, `make`, `make check`.

CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -D_GNU_SOURCE -pthread -Wall -Wextra -Werror
LDLIBS = -pthread -lbpf -ldwarf -lelf -lz -llzma -lzstd -llz4 -lbz2 -ljansson -lresolv -lxxhash -larchive

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
BUILD := build/asan
else
BUILD := build/release
endif

# Debian packages the build, the tests and the benchmarks need.
DEB_PACKAGES = build-essential pkg-config libbpf-dev libelf-dev libdwarf-dev dwarves \
	libcunit1-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev libbz2-dev \
	libjansson-dev libxxhash-dev libarchive-dev \
	bpftool jq xz-utils zstd lz4 gzip bzip2 shellcheck valgrind man-db rpm chromium \
	abigail-tools debhelper lintian bash-completion python3-jsonschema kmod

LIB_SRCS = $(wildcard scanner/*.c btf/*.c reports/*.c)
CMD_SRCS = $(wildcard cmd/*.c)
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o)
CMD_OBJS = $(CMD_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS = $(wildcard tests/unit/*.c)
TEST_OBJS = $(TEST_SRCS:%.c=$(BUILD)/%.o)
DEPFILES = $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d) $(TEST_OBJS:.o=.d) \
	$(BUILD)/tests/oracle/render_all.d

# ./kabiscan is always the release build; SANITIZE=1 builds build/asan/kabiscan.
ifeq ($(SANITIZE),1)
all: $(BUILD)/kabiscan
else
all: kabiscan

kabiscan: $(BUILD)/kabiscan
	cp $< $@.new && mv -f $@.new $@
endif

$(BUILD)/kabiscan: $(CMD_OBJS) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/unit_tests: $(TEST_OBJS) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcunit

# Prints every type of a BTF file as kabiscan does, for the compile oracle test.
$(BUILD)/render_all: $(BUILD)/tests/oracle/render_all.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(DEPFILES)

# Where `make install` puts things; DESTDIR stages them (packaging).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
MAN_PAGES = $(wildcard man/*.1)

install: kabiscan
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 kabiscan $(DESTDIR)$(BINDIR)/kabiscan
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 completion/kabiscan.bash $(DESTDIR)$(BASHCOMPDIR)/kabiscan

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kabiscan $(DESTDIR)$(BASHCOMPDIR)/kabiscan \
		$(MAN_PAGES:man/%=$(DESTDIR)$(MANDIR)/man1/%)

# Install the Debian packages; does nothing when all are present.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' \
		|| echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

# Shell scripts: tests and benchmarks.
lint:
	shellcheck -x tests/cli/*.sh tests/slow/*.sh bench/*.sh completion/kabiscan.bash

check: deps
	$(MAKE) lint
	$(MAKE) all $(BUILD)/unit_tests $(BUILD)/render_all
	$(BUILD)/unit_tests
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
		KABISCAN=$(CURDIR)/$(BUILD)/kabiscan tests/cli/run.sh

# Tests too slow or too big for every run: the whole 6.1 debug vmlinux
# (an 855 MB download, skipped without a network) against its own BTF.
check-slow: all
	@st=0; for t in tests/slow/t[0-9]*.sh; do bash $$t; rc=$$?; \
		[ $$rc -eq 0 ] || [ $$rc -eq 77 ] || st=1; done; exit $$st

# libFuzzer targets, one per parser; each runs FUZZ_SECONDS from seeds made
# out of the corpus. A crash leaves its input in build/fuzz/ and fails.
FUZZ_PACKAGES = clang libclang-rt-14-dev
FUZZ_TARGETS = image decomp spec dwarf split baseline suppress cache package exports
FUZZ_SECONDS ?= 30
FUZZ_CFLAGS = -g -O1 -std=gnu11 -D_GNU_SOURCE -pthread \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_file.c $(LIB_SRCS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ $^ $(LDLIBS)

fuzz:
	$(MAKE) deps DEB_PACKAGES="$(DEB_PACKAGES) $(FUZZ_PACKAGES)"
	$(MAKE) $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@base=$$(tests/fuzz/seeds.sh build/fuzz/seeds) && cd build/fuzz && \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p corpus-$$t; \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
		KABISCAN_FUZZ_BASE=$$base ./fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-max_len=262144 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
			corpus-$$t seeds/$$t 2>fuzz_$$t.log || \
			{ tail -30 fuzz_$$t.log; echo "fuzz_$$t: crash, input in build/fuzz/"; exit 1; }; \
		grep -E "stat::number_of_executed_units|stat::peak_rss_mb" fuzz_$$t.log; \
	done

clean:
	rm -rf build kabiscan

.PHONY: all deps check check-slow clean fuzz lint install uninstall
