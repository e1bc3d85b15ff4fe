# kompass - see README.md.  The two commands a user needs:
#   make analysis     rebuild every table and chart from data/
#   make test         build, run unit + end-to-end + hostile tests, and the
#                     same again under ASan/UBSan/LSan

.SUFFIXES:

CC      ?= cc
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
KKFLAGS  = -std=c17 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Ilib
LIBS     = -lcsv -lgsl -lgslcblas -lm

# What the programs have compiled in: the version (the file VERSION), and
# where they find the dictionaries and the chart templates when KK_DATA and
# KK_PLOTS are not set -- the checkout's data/ and plots/, or under PREFIX
# for make install.
VERSION := $(shell cat VERSION)
DATADIR  ?= $(CURDIR)/data
PLOTSDIR ?= $(CURDIR)/plots
CONFIG    = -DKK_PROGRAM_VERSION='"$(VERSION)"' -DKK_DATADIR='"$(DATADIR)"' \
            -DKK_PLOTSDIR='"$(PLOTSDIR)"'

# SAN=1 builds everything under AddressSanitizer, UndefinedBehaviorSanitizer
# and LeakSanitizer into build/san (bin/ untouched).  O=dir puts build/ and
# bin/ under dir instead of the checkout (make test O=/tmp/kk from a
# read-only checkout).
O       ?=
TOP      = $(if $(O),$(O)/)
ifeq ($(SAN),1)
BUILD   ?= $(TOP)build/san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
OPT      = -O1
else
BUILD   ?= $(TOP)build/release
SANFLAGS =
endif
BIN     ?= $(if $(filter 1,$(SAN)),$(BUILD)/bin,$(TOP)bin)

LIB_SRC   = $(sort $(wildcard lib/*.c))
LIB_OBJ   = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
LIB_A     = $(BUILD)/libkompass.a
STAGE_SRC = $(sort $(wildcard stages/kk-*.c))
STAGE_NAMES = $(STAGE_SRC:stages/%.c=%)
STAGES    = $(STAGE_NAMES:%=$(BIN)/%)
MANPAGES  = $(STAGE_NAMES:%=$(BUILD)/man/%.1)
UNIT_SRC  = $(sort $(wildcard tests/unit/*.c))
UNITS     = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test check unit cases hostile bless anywhere analysis report \
        reports bench fuzz memcheck population-check man install \
        install-built install-test uninstall clean FORCE
all: deps $(STAGES)

deps:
	@sh pipeline/deps.sh

$(BUILD)/lib/%.o: lib/%.c lib/*.h $(BUILD)/config
	@mkdir -p $(@D)
	$(CC) $(KKFLAGS) $(CONFIG) $(CFLAGS) $(SANFLAGS) -c -o $@ $<

# Rewritten only when what it records changes, so that a new version or
# PREFIX rebuilds the library (and relinks the stages), and nothing else does.
$(BUILD)/config: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' $(CONFIG) >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BIN)/kk-%: stages/kk-%.c $(LIB_A) lib/*.h
	@mkdir -p $(@D)
	$(CC) $(KKFLAGS) $(CFLAGS) $(SANFLAGS) -o $@ $< $(LIB_A) $(LIBS)

# A stage's manual page is its --help, formatted (doc/help.md).
$(BUILD)/man/%.1: $(BIN)/% pipeline/manpage.sh
	@mkdir -p $(@D)
	@sh pipeline/manpage.sh $< "$(DATADIR)" "$(PLOTSDIR)" $(STAGE_NAMES) >$@.new
	@mv $@.new $@

# Only the workbook writer links libxlsxwriter.
$(BIN)/kk-workbook: LIBS += -lxlsxwriter

$(BUILD)/tests/%: tests/unit/%.c tests/unit/*.h $(LIB_A) lib/*.h
	@mkdir -p $(@D)
	$(CC) $(KKFLAGS) $(CFLAGS) $(SANFLAGS) -o $@ $< $(LIB_A) \
	    $$(pkg-config --cflags --libs criterion) $(LIBS)

# ---- tests ---------------------------------------------------------------
# check: one build's worth of tests; test: release build, then sanitizers.
unit: $(UNITS)
	@set -e; for t in $(UNITS); do echo "== $$t"; $$t --jobs=2; done

# The cases run in temporary copies, JOBS at a time (output in case order).
JOBS ?= 2
RUN_CASES = KK_BIN="$$(cd "$(BIN)" && pwd)" sh tests/run-cases.sh -j $(JOBS)

cases: $(STAGES)
	@$(RUN_CASES) tests/cases

hostile: $(STAGES)
	@$(RUN_CASES) tests/hostile

# make bless CASE=name: rewrite the case's expected outputs from what it
# prints now (tests/cases or tests/hostile), for review with git diff.
bless: $(STAGES)
	@[ -n "$(CASE)" ] || { echo "usage: make bless CASE=name..." >&2; exit 2; }
	@for c in $(CASE); do \
	    if [ -f "tests/cases/$$c/cmd" ]; then r=tests/cases; \
	    elif [ -f "tests/hostile/$$c/cmd" ]; then r=tests/hostile; \
	    else echo "make bless: no case $$c in tests/cases or tests/hostile" >&2; \
	        exit 2; fi; \
	    $(RUN_CASES) -b "$$r" "$$c" || exit 1; \
	done

check: unit cases hostile

test: deps
	@$(MAKE) --no-print-directory check
	@echo "== sanitizer build (ASan, UBSan, LSan)"
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 KK_SKIP_SLOW=1 \
	 $(MAKE) --no-print-directory SAN=1 check
	@$(MAKE) --no-print-directory anywhere
	@$(MAKE) --no-print-directory install-test

# The cases in a fresh clone under a 0700 directory, a non-ASCII letter and
# a space in its path, TMPDIR private.
anywhere: deps
	@sh tests/anywhere.sh

# make install into temporary places, the installed programs run from
# elsewhere, man -l on every page, make uninstall.
install-test: deps
	@sh tests/install.sh

# ---- installing --------------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=]: the stages, a manual page for
# each, and the dictionaries and chart templates they read, where the
# installed stages look for them.  The stages are built aside, in
# build/install, with those places compiled in.  make uninstall removes
# what make install put there.
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/kompass
MANDIR   ?= $(PREFIX)/share/man
SHARED_FILES = $(wildcard data/*.csv data/*.md data/population/*.csv \
                          data/population/*.md data/i18n/*.csv \
                          data/commentary/*.md) \
               $(wildcard plots/*.gp plots/*.md)

install: deps
	@$(MAKE) --no-print-directory BUILD=$(TOP)build/install \
	    BIN=$(TOP)build/install/bin DATADIR="$(SHAREDIR)" \
	    PLOTSDIR="$(SHAREDIR)/plots" install-built

install-built: $(STAGES) $(MANPAGES)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1"
	install -m 755 $(STAGES) "$(DESTDIR)$(BINDIR)"
	install -m 644 $(MANPAGES) "$(DESTDIR)$(MANDIR)/man1"
	@set -e; for f in $(SHARED_FILES); do \
	    case $$f in data/*) to=$${f#data/} ;; *) to=$$f ;; esac; \
	    echo "install -D -m 644 $$f $(DESTDIR)$(SHAREDIR)/$$to"; \
	    install -D -m 644 "$$f" "$(DESTDIR)$(SHAREDIR)/$$to"; \
	done

uninstall:
	rm -f $(STAGE_NAMES:%="$(DESTDIR)$(BINDIR)/%") \
	    $(STAGE_NAMES:%="$(DESTDIR)$(MANDIR)/man1/%.1")
	@set -e; for f in $(SHARED_FILES); do \
	    case $$f in data/*) to=$${f#data/} ;; *) to=$$f ;; esac; \
	    rm -f "$(DESTDIR)$(SHAREDIR)/$$to"; \
	done
	@rmdir "$(DESTDIR)$(SHAREDIR)/population" "$(DESTDIR)$(SHAREDIR)/plots" \
	    "$(DESTDIR)$(SHAREDIR)/i18n" "$(DESTDIR)$(SHAREDIR)/commentary" \
	    "$(DESTDIR)$(SHAREDIR)" 2>/dev/null || :

man: $(MANPAGES)

# ---- the pipeline ----------------------------------------------------------
analysis: all
	@$(MAKE) --no-print-directory -f pipeline/analysis.mk analysis

report: all
	@$(MAKE) --no-print-directory -f pipeline/analysis.mk report

reports: all
	@$(MAKE) --no-print-directory -f pipeline/analysis.mk reports

bench: all
	@sh pipeline/bench.sh

fuzz: deps
	@sh pipeline/fuzz.sh $(SECONDS)

memcheck: all
	@sh pipeline/memcheck.sh

# The Swedish population table is built from SCB's own Excel files by a
# script that needs openpyxl, which nothing else does: rebuild it aside
# and compare it byte for byte with the table in data/.
population-check:
	@sh pipeline/deps.sh python3-openpyxl
	@t=$$(mktemp) && /usr/bin/python3 \
	    data/population/raw/scb/build_se_population.py "$$t" >/dev/null && \
	 if cmp "$$t" data/population/se_population.csv; then rm -f "$$t"; \
	 echo "population-check: se_population.csv rebuilt byte for byte"; \
	 else rm -f "$$t"; echo "population-check: se_population.csv differs" \
	      "from what the script builds" >&2; exit 1; fi

clean:
	rm -rf $(TOP)build $(TOP)bin
