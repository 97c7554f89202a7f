# altinn-policy: one GNU Makefile.
#
#   make                      build build/altinn-policy and the static library
#   make check                unit tests, rule fixtures, golden CLI tests, corpus smoke
#   make SANITIZE=address,undefined check   the same under ASan+UBSan (in build-san/)
#   make emulator-check       contract tests of the local registry emulator (tests/emulator/)
#   make publish-check        publish and auth against the emulator (tests/publish/)
#   make bench                benchmark against xmllint --noout (prints ratios)
#   make install PREFIX=/usr/local
#   make UPDATE=1 check       rewrite golden expectations (review the diff!)
#
# -Werror is on when CI=true or WERROR=1.

PKGS      := libxml-2.0 libxslt libexslt jansson libcurl libpcre2-8 libcrypto
TEST_PKGS := cmocka
PKG_CONFIG ?= pkg-config
PREFIX    ?= /usr/local
CC        ?= cc

ifneq ($(FUZZ),)
# `make fuzz`: clang, libFuzzer and ASan+UBSan, in build-fuzz/.
CC := clang
BUILD := build-fuzz
SAN_FLAGS := -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifneq ($(SANITIZE),)
BUILD ?= build-san
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD ?= build
SAN_FLAGS :=
endif

WARNINGS := -Wall -Wextra -pedantic -Wstrict-prototypes -Wmissing-prototypes \
	-Wold-style-definition -Wpointer-arith -Wwrite-strings -Wvla \
	-Wformat-security -Wshadow -fno-common
ifneq ($(filter true 1,$(CI) $(WERROR)),)
WARNINGS += -Werror
endif

OPT ?= -O2 -g
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   := $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

# -fPIC: the library's objects also go into altinn-policy-net.so
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -fPIC $(OPT) \
	$(WARNINGS) $(SAN_FLAGS) -Iinclude -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := -Wl,--as-needed $(SAN_FLAGS) $(LDFLAGS)
LIBS := $(PKG_LIBS) -lpthread -lm

# The library: every module folder under src/ except the CLI.  A new module
# is a new folder; nothing here needs to change.
LIB_SRC := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c src/*/*/*.c)))
RULE_SRC := $(sort $(wildcard src/lint/rules/*.c))
FIX_SRC := $(sort $(wildcard src/fix/fixes/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
GEN_SRC := $(BUILD)/gen/rule_table.c $(BUILD)/gen/schema_xsd.c $(BUILD)/gen/rule_pages.c \
	$(BUILD)/gen/fix_table.c
RULE_PAGES := $(sort $(wildcard docs/rules/AX-*.md))
LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) $(GEN_SRC:.c=.o)
CLI_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRC))
# auth, generate, publish, templates: loaded by the binary when they run
# (src/cli/net/net.h), so lint never loads libcurl, libcrypto or libxslt
NET_SRC := $(sort $(wildcard src/cli/net/*.c))
NET_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(NET_SRC))
CLI_LIB := $(BUILD)/libaltinn-policy-cli.a
LIB := $(BUILD)/libaltinn-policy.a
BIN := $(BUILD)/altinn-policy
NET := $(BUILD)/altinn-policy-net.so

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
HARNESS_OBJ := $(BUILD)/tests/unit/harness.o
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
REPLAY_BIN := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/fuzz/replay_%,$(FUZZ_SRC))
BENCH_SRC := $(sort $(wildcard tests/bench/*.c))
BENCH_BIN := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

CONFORMANCE_BIN := $(BUILD)/tests/conformance-driver
# the XACML 3.0 conformance suite beside the repository (skipped when absent)
CONFORMANCE_DIR ?= ../shared/conformance/xacml3

.SECONDARY:
.PHONY: FORCE fuzz fuzz-build fuzz-regress analyze hostile fmt-corpus-check emulator-check conformance publish-check
.PHONY: all check unit rules-check golden corpus sarif-check precommit-check rules-index rules-index-check bench install clean lint-src deps-check
all: deps-check $(BIN) $(NET)

deps-check:
	@$(PKG_CONFIG) --exists $(PKGS) || { echo "missing libraries: run the README's install command (tests/install-deps.sh)"; \
		for p in $(PKGS); do $(PKG_CONFIG) --exists $$p || echo "  not found by pkg-config: $$p"; done; exit 1; }

# Rebuild everything when the flags change.
$(BUILD)/CFLAGS.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:

$(BUILD)/%.o: %.c $(BUILD)/CFLAGS.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/CFLAGS.stamp
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The rule registry: every ap_rule_AX_* record defined in src/lint/rules/.
# (the .list stamps change when a file is added or removed, so a deleted
# rule or page regenerates its table too)
$(BUILD)/gen/%.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(if $(filter rules,$*),$(RULE_SRC),$(if $(filter fixes,$*),$(FIX_SRC),$(RULE_PAGES)))' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/gen/rule_table.c: $(RULE_SRC) $(BUILD)/gen/rules.list tests/gen-rule-table.sh
	@mkdir -p $(dir $@)
	sh tests/gen-rule-table.sh $(RULE_SRC) > $@.tmp && mv $@.tmp $@

# The fix registry: every ap_fix_AX_* record defined in src/fix/fixes/.
$(BUILD)/gen/fix_table.c: $(FIX_SRC) $(BUILD)/gen/fixes.list tests/gen-rule-table.sh
	@mkdir -p $(dir $@)
	sh tests/gen-rule-table.sh fix $(FIX_SRC) > $@.tmp && mv $@.tmp $@

# The rule pages, embedded for `altinn-policy rules <ID>` and SARIF help.
$(BUILD)/gen/rule_pages.c: $(RULE_PAGES) $(BUILD)/gen/pages.list tests/gen-rule-pages.sh
	@mkdir -p $(dir $@)
	sh tests/gen-rule-pages.sh $(RULE_PAGES) > $@.tmp && mv $@.tmp $@

# The XSD, embedded in the binary.
$(BUILD)/gen/schema_xsd.c: schemas/xacml-policy.xsd tests/embed.sh
	@mkdir -p $(dir $@)
	sh tests/embed.sh ap_schema_xsd $< > $@.tmp && mv $@.tmp $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The binary needs its plugin to run four commands: building one builds both.
$(BIN): $(CLI_OBJ) $(LIB) | $(NET)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS)

# The CLI's helpers (options, paths), for the plugin.
$(CLI_LIB): $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ))
	@rm -f $@
	ar rcs $@ $^

# Only ap_net_main is meant to be called; the archives' symbols stay inside.
# (-z defs would fail under sanitizers whose runtime is in the binary)
NET_LDFLAGS := -shared -Wl,--exclude-libs,ALL -Wl,-Bsymbolic $(if $(SAN_FLAGS),,-Wl,-z,defs)
$(NET): $(NET_OBJ) $(CLI_LIB) $(LIB)
	$(CC) $(ALL_LDFLAGS) $(NET_LDFLAGS) -o $@ $(NET_OBJ) $(CLI_LIB) $(LIB) $(LIBS)

# Unit tests: cmocka, one binary per module.
$(BUILD)/tests/unit/%.o: tests/unit/%.c $(BUILD)/CFLAGS.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(HARNESS_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(HARNESS_OBJ) $(LIB) $(LIBS) $(TEST_LIBS)

$(CONFORMANCE_BIN): tests/conformance/driver.c $(LIB) $(BUILD)/CFLAGS.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LIBS)

# XACML 3.0 conformance: the project's own cases, then the suite when there.
conformance: $(CONFORMANCE_BIN)
	$(CONFORMANCE_BIN) tests/conformance/cases
	@if [ -d "$(CONFORMANCE_DIR)" ]; then $(CONFORMANCE_BIN) -m $(CONFORMANCE_DIR); \
	else echo "conformance: skipped $(CONFORMANCE_DIR) (not there)"; fi

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/CFLAGS.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lm

# Fuzz targets (tests/fuzz/fuzz_<name>.c).  `make fuzz TARGET=lint SECONDS=60 [RUNS=n]`
# runs one (all when TARGET is empty) under libFuzzer; the replay binaries
# run the regression inputs and seeds in every build (`make fuzz-regress`).
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LIBS)

fuzz-build: $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_NAMES))

fuzz:
	$(MAKE) FUZZ=1 CI= WERROR= fuzz-build
	sh tests/fuzz/run.sh build-fuzz/fuzz "$(TARGET)" "$(or $(SECONDS),60)" "$(RUNS)"

fuzz-regress: $(REPLAY_BIN)
	sh tests/fuzz/regress.sh $(BUILD)/fuzz

# VALGRIND=1: the unit and golden tests run under valgrind's memcheck
# (`make check VALGRIND=1`); any error or definite/indirect leak fails.
ifneq ($(VALGRIND),)
VG := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
export AP_VALGRIND := 1
endif

unit: $(UNIT_BIN) $(BIN)
	@fail=0; for t in $(UNIT_BIN); do \
		echo "== $$t"; AP_SOURCE_DIR=. AP_BIN=$(BIN) $(VG) ./$$t || fail=1; done; \
	exit $$fail

rules-check: $(BIN)
	sh tests/rules/run.sh $(BIN)

golden: $(BIN)
	sh tests/golden/run.sh $(BIN)

corpus: $(BIN)
	sh tests/corpus/run.sh $(BIN)

sarif-check: $(BIN)
	sh tests/sarif/run.sh $(BIN)

hostile: $(BIN)
	sh tests/hostile/run.sh $(BIN)

precommit-check: $(BIN)
	sh tests/precommit/run.sh $(BIN)

# docs/rules/README.md is generated from the registry.
rules-index: $(BIN)
	sh tests/gen-rule-index.sh $(BIN) > docs/rules/README.md

rules-index-check: $(BIN)
	@sh tests/gen-rule-index.sh $(BIN) | cmp -s - docs/rules/README.md || \
		{ echo "docs/rules/README.md is stale: run 'make rules-index'"; exit 1; }

# fmt keeps the model of every real policy and is idempotent (the oracle of
# tests/unit/test_fmt.c on ../shared/corpus/real; skipped when absent).
fmt-corpus-check: $(BUILD)/tests/test_fmt
	AP_SOURCE_DIR=. AP_TEST_FILTER=test_fmt_corpus ./$(BUILD)/tests/test_fmt

# The local Resource Registry / Maskinporten emulator and its contract tests
# (Python 3 standard library + python3-cryptography; see tests/emulator/README.md).
PYTHON ?= python3
emulator-check:
	$(PYTHON) tests/emulator/test_emulator.py

# publish and auth against the emulator (tests/publish/run.py)
publish-check: $(BIN)
	sh tests/publish/run.sh $(BIN)

# Every suite; one per line so that a new one is a one-line change.
CHECKS := all unit rules-check golden corpus sarif-check precommit-check
CHECKS += rules-index-check fuzz-regress hostile
CHECKS += fmt-corpus-check
CHECKS += emulator-check
CHECKS += conformance
CHECKS += publish-check
check: $(CHECKS)
	@echo "make check: all suites passed"

# the decision engine's micro-benchmark links the library
$(BUILD)/bench/evalbench: tests/bench/eval/evalbench.c $(LIB) $(BUILD)/CFLAGS.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LIBS)

bench: $(BIN) $(BENCH_BIN) $(BUILD)/bench/evalbench
	sh tests/bench/run.sh $(BIN) $(BUILD)/bench

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
		$(DESTDIR)$(PREFIX)/include/altinn-policy
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/altinn-policy
	install -d $(DESTDIR)$(PREFIX)/lib/altinn-policy
	install -m 755 $(NET) $(DESTDIR)$(PREFIX)/lib/altinn-policy/
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/altinn-policy/*.h $(DESTDIR)$(PREFIX)/include/altinn-policy/
	install -d $(DESTDIR)$(PREFIX)/share/altinn-policy/templates
	install -m 644 templates/*.xsl templates/*.json $(DESTDIR)$(PREFIX)/share/altinn-policy/templates/

# Static analysis: clang-tidy (.clang-tidy) and cppcheck; new findings fail.
analyze: $(GEN_SRC)
	sh tests/analyze/run.sh "-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -I$(BUILD)/gen $(PKG_CFLAGS)"

lint-src:
	@! grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|strtok)\s*\(' src include \
		|| { echo "banned function used"; exit 1; }

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(NET_OBJ:.o=.d) $(patsubst %,$(BUILD)/tests/unit/%.d,$(notdir $(basename $(UNIT_SRC))))
