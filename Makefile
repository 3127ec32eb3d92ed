# The handbook's commands. On a fresh machine `make serve` and `make test` install what
# they need themselves: a virtual environment with the exact pins, and (for the tests)
# the Debian packages Chromium and poppler-utils.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
N ?= 500
JSON ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve check test bench bench-scale system-deps clean

build: $(VENV)/.build-installed
	$(BIN)/python -m handbook build

# A strict build first (clear errors), then MkDocs' live-reloading server. DIRTY=1 rebuilds
# only the pages whose file changed (seconds instead of a full build on a large handbook;
# navigation, search and data-built pages catch up at the next full serve or build).
DIRTY ?=
serve: build
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload $(if $(DIRTY),--dirty --no-strict)

check: $(VENV)/.build-installed
	$(BIN)/python -m handbook check

test: $(VENV)/.test-installed system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (bench/): a synthetic handbook of N chapters built by the handbook's pipeline
# and as a default Material site, compared in one table. `make bench N=1000 JSON=figures.json`
bench: $(VENV)/.test-installed system-deps
	$(BIN)/python -m bench --chapters $(N) $(if $(JSON),--json $(JSON))

# The same at 100, 500 and 1000 chapters, with how each figure grows (about 15 minutes).
bench-scale: $(VENV)/.test-installed system-deps
	$(BIN)/python -m bench --scale $(if $(JSON),--json $(JSON))

$(VENV)/.build-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-dev.txt $(VENV)/.build-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Debian packages the tests use: a real browser and a PDF renderer for screenshots.
# Installed only when missing (you are root on these machines).
SYSTEM_PACKAGES := chromium:chromium pdftoppm:poppler-utils
system-deps:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

clean:
	rm -rf site dist .site-previous
