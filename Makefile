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
CHECK_ARGS ?=
N ?= 500
JSON ?=
export NO_MKDOCS_2_WARNING := 1
# The outside checkers `make test` runs on the built site, each pinned and installed into
# .tools/ on first use: the W3C's Nu Html Checker (npm vnu-jar, run with Debian's Java) and
# HTML_CodeSniffer (npm html_codesniffer, its built HTMLCS.js run inside the system Chromium).
VNU_JAR := .tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar
HTMLCS_JS := .tools/htmlcs/node_modules/html_codesniffer/build/HTMLCS.js

.PHONY: build pdf serve check check-online new-chapter lint test audit load bench bench-scale system-deps clean

# The site and its PDFs (dist/ and, for the chapters, site/pdf/).
build: $(VENV)/.build-installed
	$(BIN)/python -m handbook build

# The PDFs only, into dist/ (whole handbook and one per chapter); unchanged ones are kept.
pdf: $(VENV)/.build-installed
	$(BIN)/python -m handbook pdf

# The site as `make build` makes it (strict, PDFs and zip apart), served and rebuilt after
# every edit: only what the edit changes is made again (.handbook-cache/); the browser
# reloads, or shows the build's errors over the last good site.
serve: $(VENV)/.build-installed
	$(BIN)/python -m handbook serve --host $(HOST) --port $(PORT)

# Every content check, no build: `path:line: error|warning: message` lines, then a count.
# Exit 1 on errors. CHECK_ARGS="--format json" or "--as-of 2027-01-31" pass options on.
check: $(VENV)/.build-installed
	$(BIN)/python -m handbook check $(CHECK_ARGS)

# A new chapter from the template: `make new-chapter TITLE="Children Missing from Education"`
# writes docs/chapters/children-missing-from-education.md (never over an existing file).
TITLE ?=
new-chapter: $(VENV)/.build-installed
	@test -n "$(TITLE)" || { echo 'make new-chapter: give the title, TITLE="..."' >&2; exit 2; }
	$(BIN)/python -m handbook new-chapter "$(TITLE)"

# The same, plus a request to every external address: needs the network.
check-online: $(VENV)/.build-installed
	$(BIN)/python -m handbook check --online $(CHECK_ARGS)

# The linter (ruff, pinned in requirements-dev.txt; settings in pyproject.toml).
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

# Every test, after the linter (with the outside checkers the tests run: below).
test: lint $(VENV)/.test-installed system-deps $(VNU_JAR) $(HTMLCS_JS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (bench/): a synthetic handbook of N chapters built by the handbook's pipeline
# and as a default Material site, compared in one table. `make bench N=1000 JSON=figures.json`
bench: $(VENV)/.test-installed system-deps
	$(BIN)/python -m bench --chapters $(N) $(if $(JSON),--json $(JSON))

# The same at 100, 500 and 1000 chapters, with how each figure grows (about 15 minutes).
bench-scale: $(VENV)/.test-installed system-deps
	$(BIN)/python -m bench --scale $(if $(JSON),--json $(JSON))

# The exact pins, then the engine itself in editable mode (pyproject.toml).
$(VENV)/.build-installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-dev.txt $(VENV)/.build-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Lighthouse on every page of the site behind the real nginx configuration (npm
# lighthouse 12.2.3 with the system Chromium; installed into .tools/ on first use).
LIGHTHOUSE := .tools/lighthouse/node_modules/.bin/lighthouse
AUDIT_ARGS ?=
audit: build system-deps $(LIGHTHOUSE)
	$(BIN)/python -m tools.audit $(AUDIT_ARGS)

$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --save-exact --prefix .tools/lighthouse lighthouse@12.2.3

# The outside checkers `make test` runs on the built site (VNU_JAR, HTMLCS_JS above).

$(VNU_JAR):
	npm install --silent --no-audit --no-fund --save-exact --prefix .tools/vnu vnu-jar@26.9.27

$(HTMLCS_JS):
	npm install --silent --no-audit --no-fund --save-exact --prefix .tools/htmlcs html_codesniffer@2.5.1

# A bounded load run (wrk, 10 s per address, loopback only) against nginx.
load: build system-deps
	@command -v wrk >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
	$(BIN)/python -m tools.load

# Debian packages the tests use: a real browser, a PDF renderer for screenshots, the web
# server the hosting tests run and the Java runtime the Nu Html Checker needs. Installed
# only when missing (you are root here).
SYSTEM_PACKAGES := chromium:chromium pdftoppm:poppler-utils nginx:nginx java:default-jre-headless
system-deps:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

clean:
	rm -rf site dist .site-previous .handbook-cache
