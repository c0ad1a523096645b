# Two commands, both safe to run on a fresh Debian machine:
#   make site   set up, then build the website and cards into site/
#   make test   set up, then run every test
# Each installs what it needs (Debian packages, a Python virtual environment) first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# WeasyPrint draws the cards with Pango; the tests also read PDFs back as pictures
# (poppler) and drive Debian's Chromium, with the fonts it recommends (Liberation, in
# place of the Helvetica and Arial the theme asks for), so pages are measured as most
# machines show them.
BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := $(BUILD_PACKAGES) chromium fonts-liberation poppler-utils

.PHONY: site test serve setup setup-test schemas benchmark publish

site: setup
	$(BIN)/warmup build

# One worker more than the cores, each taking whole test files (their module-wide builds are made once): a third
# of a worker's time is spent waiting on a browser, a build or a preview, which the extra worker fills
# (benchmarks/RESULTS.md: 9:29 with two workers, 8:12 with three, on 2 cores).
WORKERS := $(shell echo $$(( $$(nproc) + 1 )))
# Before the suite, the generator is compiled once: where PYTHONDONTWRITEBYTECODE is set (as on some CI machines),
# each of the suite's few hundred Python processes (builds, engines, previews) would compile it again, about 0.15 s
# of CPU per build. The tests' temporary folders are kept in memory (/dev/shm, where the machine has it), sparing the
# disk's journal and discards (0 to 10 % less CPU for files of builds); pyproject.toml removes a passed test's.
TEST_TMPDIR := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo $${TMPDIR:-/tmp})
test: setup-test
	$(BIN)/python -m compileall -q scripts
	TMPDIR=$(TEST_TMPDIR) $(BIN)/pytest -n $(WORKERS) --dist loadfile

serve: setup
	$(BIN)/warmup serve

# After changing scripts/warmup/content/schema.py: refresh the editors' JSON Schemas in content/schemas/.
schemas: setup
	$(BIN)/python -m warmup.content.json_schemas content

# Build, then publish site/ to the gh-pages branch (GitHub Pages).
publish: setup
	$(BIN)/warmup publish

benchmark: setup
	$(BIN)/python benchmarks/build_speed.py

setup: $(VENV)/.installed-build
setup-test: $(VENV)/.installed-test

$(VENV)/.installed-build: pyproject.toml
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(BUILD_PACKAGES)"
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	@$(MAKE) --no-print-directory debian-packages PACKAGES="$(TEST_PACKAGES)"
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --editable '.[test]'
	touch $@ $(VENV)/.installed-build

.PHONY: debian-packages
debian-packages:
	@missing=$$(for package in $(PACKAGES); do dpkg -s $$package >/dev/null 2>&1 || echo $$package; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
