# xpool -- run commands in parallel over a stream of items.
#
#   make            build ./xpool (installs libuv1-dev first if it is missing)
#   make check      install test tools, build, run every test (also under
#                   ASan+UBSan), lint the docs; ends with "N passed, N failed"
#   make unit       build and run the C unit tests, one line each
#   make check-bats T=tests/080-records.bats [ASAN=1] [BATSFLAGS='-f NAME']
#                   one bats file (default: all of tests/) against this build
#   make check-fault [FAULTFLAGS='-r 20 sig-worker-*']
#                   the fault matrix's slice of make check (tests/fault):
#                   seeded signals, limits and closed streams against
#                   ./xpool; FAULTFLAGS are tests/fault/run.sh's options
#   make lint       the man page, completions, scripts and C formatting
#   make demo       build and run xpool on a real example
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall
#                   (also sem, a link to xpool, and its man page link)
#   make bench      compare against xargs, GNU parallel, xe, paexec
#   make compat     run GNU parallel's tutorial and examples under GNU
#                   parallel and xpool, compare, write tests/COMPAT.md
#                   (tests/compat; make check runs those in its list)
#   make fuzz [FUZZ_SECONDS=600]
#                   build the libFuzzer harnesses of tests/fuzz and run each
#                   for FUZZ_SECONDS on its corpus (make -j2 fuzz: two at once)
#   make check-fuzz build them and run each for a few seconds, as make check
#   make soak [SOAK_JOBS=N SOAK_ITEMS=N]
#                   1,000,000 jobs, then 100,000,000 worker items, with
#                   xpool's memory and descriptors sampled every second
#                   into build/soak/; fails if either grows after warm-up

# The version, here only: the build passes it to the sources as
# XPOOL_VERSION, and src/main.c will not compile without it.
VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=

# libuv is linked in whole where its static library is installed (Debian's
# libuv1-dev has it): one shared object less to load at every start, and no
# run-time dependency.  Elsewhere, the shared library.
UV_CFLAGS = $(shell pkg-config --cflags libuv 2>/dev/null)
UV_LIBS = $(shell pkg-config --libs --static libuv-static 2>/dev/null || \
	pkg-config --libs libuv 2>/dev/null || echo -luv)
LIBS = $(UV_LIBS)

# xpool itself is a static PIE (addresses still randomised) where the C
# library's static archive is installed: no dynamic loader, no symbol
# look-ups at each start, which is a tenth of a one-job run.  STATIC=no, or
# a C library without libc.a, links it dynamically.  libuv's static archive
# names getpwuid_r, which xpool never calls; the linker's warning about it
# is left out of the build's output.
STATIC ?= yes
STATIC_LDFLAGS = $(if $(filter yes,$(STATIC)),$(shell printf \
	'int main(void){return 0;}\n' | $(CC) -static-pie -x c -o /dev/null - \
	>/dev/null 2>&1 && echo -static-pie))

# Required flags live here, so that CFLAGS=... cannot drop them.
XCFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wformat=2 \
	-Wno-format-nonliteral -DXPOOL_VERSION='"$(VERSION)"' $(UV_CFLAGS)

SRCS = $(wildcard src/*.c)
HDRS = $(wildcard src/*.h)
OBJS = $(SRCS:src/%.c=build/obj/%.o)
LIBOBJS = $(filter-out build/obj/main.o,$(OBJS))
UNITS = $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test_*.c))
FUZZERS = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
HELPERS = tests/bin/showargs tests/bin/copylines

SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# How the sanitized build reports, in make check and make check-bats ASAN=1:
# a leak or memory error ends it with status 99, undefined behaviour stops
# it at once with a stack trace.
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

all: xpool

# The flags every build below depends on, one per line.  build/flags is
# rewritten only when they differ from the last run's, so that a make with
# another CC, CFLAGS, LDFLAGS or STATIC (or a new VERSION) rebuilds and
# relinks, and a make with the same ones does nothing.
FLAGVARS = CC XCFLAGS CFLAGS LDFLAGS STATIC_LDFLAGS LIBS USER_CFLAGS
shq = '$(subst ','\'',$(1))'

build/flags: FORCE | build/.deps-build
	@printf '%s\n' $(foreach v,$(FLAGVARS),$(call shq,$(v)=$($(v)))) >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

FORCE:

build/.deps-build: tools/deps.sh
	@tools/deps.sh build
	@mkdir -p build && touch $@

build/.deps-check: tools/deps.sh
	@tools/deps.sh check
	@mkdir -p build && touch $@

deps: build/.deps-check

xpool: $(OBJS) build/flags
	$(CC) $(CFLAGS) $(LDFLAGS) $(STATIC_LDFLAGS) -o $@ $(OBJS) $(LIBS) \
		2>build/link.err || { cat build/link.err >&2; exit 1; }
	@grep -v -e "in function .uv__getpwuid_r.:" \
		-e "Using 'getpwuid_r' in statically linked" build/link.err >&2 || :

build/obj/%.o: src/%.c $(HDRS) build/flags | build/.deps-build
	@mkdir -p build/obj
	$(CC) $(XCFLAGS) $(CFLAGS) -c -o $@ $<

# --shell-completion: the scripts are put into the binary as it is built.
build/obj/shellcomp.o build/user/shellcomp.o build/asan/xpool \
	build/clang/xpool: $(wildcard completions/*)

# The same sources with AddressSanitizer and UndefinedBehaviorSanitizer.
build/asan/xpool: $(SRCS) $(HDRS) build/flags | build/.deps-build
	@mkdir -p build/asan
	$(CC) $(XCFLAGS) -O1 -g $(SAN) -o $@ $(SRCS) $(LIBS)

# Both compilers must build it without a warning.
build/clang/xpool: $(SRCS) $(HDRS) build/flags | build/.deps-build
	@mkdir -p build/clang
	clang $(XCFLAGS) -O2 -o $@ $(SRCS) $(LIBS)

# A user's own CFLAGS must build too.  These are a common sanitizer build's:
# with UBSan's checks recoverable, gcc 12 sees paths the builds above do not
# (a NULL format after a failed nonnull check) and may warn about them.  The
# objects are compiled and linked as for ./xpool, in a directory of their
# own; make check builds them, USER_CFLAGS=... tries other flags.
USER_CFLAGS = -O1 -g -fsanitize=address,undefined
USER_OBJS = $(SRCS:src/%.c=build/user/%.o)

build/user/%.o: src/%.c $(HDRS) build/flags | build/.deps-build
	@mkdir -p build/user
	$(CC) $(XCFLAGS) $(USER_CFLAGS) -c -o $@ $<

build/user/xpool: $(USER_OBJS)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -o $@ $(USER_OBJS) $(LIBS)

build/unit/%: tests/unit/%.c tests/unit/unit.h $(LIBOBJS) build/flags
	@mkdir -p build/unit
	$(CC) $(XCFLAGS) -g -Isrc -o $@ $< $(LIBOBJS) $(LIBS)

tests/bin/%: tests/bin/%.c build/flags
	$(CC) $(XCFLAGS) $(CFLAGS) -o $@ $<

check: build/.deps-check xpool build/asan/xpool build/clang/xpool \
	build/user/xpool $(UNITS) $(HELPERS) $(FUZZERS)
	@$(SAN_ENV) tools/check.sh all $(UNITS) $(FUZZERS)

unit: build/.deps-check $(UNITS)
	@tools/check.sh unit $(UNITS)

# The libFuzzer harnesses, tests/fuzz/fuzz_NAME.c: each is linked with only
# the modules FUZZ_MODS_NAME lists and FUZZ_BASE, compiled by clang with
# the fuzzer's instrumentation and ASan+UBSan into build/fuzz/obj.  make
# fuzz runs each for FUZZ_SECONDS from tests/fuzz/corpus/NAME (with the
# dictionary tests/fuzz/NAME.dict if there is one), writing what it finds
# to build/fuzz/corpus-NAME, a crash to build/fuzz/crash-NAME-* and its log
# to build/fuzz/NAME.log; make -j2 fuzz runs two at a time.
# make check runs each for FUZZ_CHECK_SECONDS (tools/check.sh).
FUZZ_SECONDS = 600
FUZZ_CHECK_SECONDS = 5
export FUZZ_CHECK_SECONDS
FUZZ_CFLAGS = $(XCFLAGS) -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_LDFLAGS = -fsanitize=fuzzer,address,undefined
FUZZ_BASE = buf diag xmalloc
FUZZ_RECORDS = records joblog results junit recio spool recenc recdef sys \
	throttle
FUZZ_MODS_input = input reader csv parse part sys throttle
FUZZ_MODS_frame = frame
FUZZ_MODS_hosts = hosts logins rfiles quote parse spawn
FUZZ_MODS_joblog = $(FUZZ_RECORDS)
FUZZ_MODS_logins = logins
FUZZ_MODS_mark = mark
FUZZ_MODS_options = options parse quote
FUZZ_MODS_parse = parse
FUZZ_MODS_quote = quote
FUZZ_MODS_recenc = $(FUZZ_RECORDS)
FUZZ_MODS_shellname = sys throttle
FUZZ_MODS_slurm = slurm sys throttle
FUZZ_MODS_spread = spread input reader csv parse part sys throttle
FUZZ_MODS_template = template valop quote
fuzz_objs = $(patsubst %,build/fuzz/obj/%.o,$(sort $(FUZZ_BASE) $(FUZZ_MODS_$(1))))

build/fuzz/obj/%.o: src/%.c $(HDRS) build/flags | build/.deps-check
	@mkdir -p build/fuzz/obj
	clang $(FUZZ_CFLAGS) -c -o $@ $<

.PRECIOUS: build/fuzz/obj/%.o
.SECONDEXPANSION:
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h \
		$$(call fuzz_objs,$$*) build/flags | build/.deps-check
	clang $(FUZZ_CFLAGS) -Isrc $(FUZZ_LDFLAGS) -o $@ $< \
		$(call fuzz_objs,$*) $(LIBS)

fuzz: $(FUZZERS:build/fuzz/fuzz_%=fuzz-run-%)

fuzz-run-%: build/fuzz/fuzz_%
	@mkdir -p build/fuzz/corpus-$*
	@echo "fuzz: $* for $(FUZZ_SECONDS)s (log: build/fuzz/$*.log)"
	@$(SAN_ENV) build/fuzz/fuzz_$* -max_total_time=$(FUZZ_SECONDS) \
		-close_fd_mask=2 -print_final_stats=1 \
		-artifact_prefix=build/fuzz/crash-$*- \
		$(if $(wildcard tests/fuzz/$*.dict),-dict=tests/fuzz/$*.dict) \
		build/fuzz/corpus-$* tests/fuzz/corpus/$* \
		>build/fuzz/$*.log 2>&1; rc=$$?; \
		grep -e '^#[0-9]*.*DONE' -e '^stat::' -e '^Done' \
		-e 'ERROR' -e 'property failed' -e '^artifact' \
		build/fuzz/$*.log | sed 's/^/$*: /'; exit $$rc

check-fuzz: build/.deps-check $(FUZZERS)
	@tools/check.sh fuzz $(FUZZERS)

# make check-bats T=FILE...: bats on those files (a directory runs every file
# in it) against ./xpool, or with ASAN=1 against build/asan/xpool, built
# first.  BATSFLAGS go to bats, e.g. BATSFLAGS='-f joblog' for the tests
# whose name matches.
T = tests
ASAN =
BATSFLAGS =
BATS_XPOOL = $(if $(filter-out 0 no,$(ASAN)),build/asan/xpool,xpool)
BATS_ENV = $(if $(filter-out 0 no,$(ASAN)),$(SAN_ENV))

check-bats: build/.deps-check $(BATS_XPOOL) $(HELPERS)
	$(BATS_ENV) XPOOL=$(CURDIR)/$(BATS_XPOOL) bats $(BATSFLAGS) $(T)

# The fault matrix against ./xpool: the slice make check runs, or the runs
# FAULTFLAGS ask tests/fault/run.sh for.
FAULTFLAGS =

check-fault: build/.deps-check xpool
	@FAULTFLAGS='$(FAULTFLAGS)' tools/check.sh fault

# Valgrind sees the allocations of a dynamically linked xpool only.
build/dyn/xpool: $(OBJS) build/flags
	@mkdir -p build/dyn
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

check-valgrind: build/.deps-check build/dyn/xpool $(HELPERS)
	XPOOL=build/dyn/xpool \
	XPOOL_WRAP='valgrind -q --error-exitcode=99 --leak-check=full' bats tests

# The lint checks are listed in tools/check.sh, which make check runs too.
lint: build/.deps-check
	@tools/check.sh lint

check-install: xpool
	rm -rf build/pkg
	$(MAKE) install DESTDIR=$(CURDIR)/build/pkg
	test -x build/pkg$(BINDIR)/xpool
	test "$$(readlink build/pkg$(BINDIR)/sem)" = xpool
	$(MAKE) uninstall DESTDIR=$(CURDIR)/build/pkg
	test -z "$$(find build/pkg -type f -o -type l)"
	rm -rf build/pkg

demo: xpool
	@tools/demo.sh

bench: xpool
	@tools/deps.sh bench
	@bench/run.sh

# Every example of GNU parallel's tutorial and examples, under both; the
# report in tests/COMPAT.md.  tests/910-compat.bats, in make check, runs
# those that tests/compat/identical lists.
compat: build/.deps-check xpool
	@nice tests/compat/run.sh --report tests/COMPAT.md

# Not in make check: on two CPUs it takes 10 to 30 minutes (the million jobs).
soak: xpool
	@bench/soak.sh

install: xpool
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	install -m 755 xpool $(DESTDIR)$(BINDIR)/xpool
	install -m 644 man/xpool.1 $(DESTDIR)$(MANDIR)/man1/xpool.1
	install -m 644 completions/xpool.bash $(DESTDIR)$(BASHCOMPDIR)/xpool
	install -m 644 completions/_xpool $(DESTDIR)$(ZSHCOMPDIR)/_xpool
	install -m 644 completions/xpool.fish $(DESTDIR)$(FISHCOMPDIR)/xpool.fish
	install -m 644 completions/xpool.fish $(DESTDIR)$(FISHCOMPDIR)/sem.fish
	ln -sf xpool $(DESTDIR)$(BINDIR)/sem
	ln -sf xpool.1 $(DESTDIR)$(MANDIR)/man1/sem.1
	ln -sf xpool $(DESTDIR)$(BASHCOMPDIR)/sem

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/xpool $(DESTDIR)$(MANDIR)/man1/xpool.1 \
		$(DESTDIR)$(BASHCOMPDIR)/xpool $(DESTDIR)$(ZSHCOMPDIR)/_xpool \
		$(DESTDIR)$(FISHCOMPDIR)/xpool.fish \
		$(DESTDIR)$(FISHCOMPDIR)/sem.fish $(DESTDIR)$(BINDIR)/sem \
		$(DESTDIR)$(MANDIR)/man1/sem.1 $(DESTDIR)$(BASHCOMPDIR)/sem

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c tests/unit/*.h tests/bin/*.c \
		tests/fuzz/*.c tests/fuzz/*.h

clean:
	rm -rf build xpool $(HELPERS)

.PHONY: all deps check unit check-bats check-fault check-valgrind lint \
	check-install demo bench compat soak install uninstall format clean fuzz \
	check-fuzz FORCE
