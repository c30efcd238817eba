# Kiroku: live blogs -> citable Sphinx archive. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON    ?= python3
VENV      ?= .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.kiroku-installed
BUILDDIR  ?= _build
HOST      ?= 127.0.0.1
PORT      ?= 8000
SPHINXOPTS ?=
# The archive's public address for citations and JSON-LD: make html BASEURL=https://example.org/kiroku/
BASEURL   ?=
NPM       ?= npm
# Reproducible builds: Sphinx dates from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
NODE_STAMP := node_modules/.kiroku-installed
# sphinx-build options every shard and the hub get (Kiroku runs sphinx-build itself, once per shard)
SPHINXFLAGS = $(if $(BASEURL),-D html_baseurl=$(BASEURL)) $(SPHINXOPTS)
# The shard builds run on a local Dask cluster (WORKERS processes, default: the cores), or on a running one:
# make html SCHEDULER=tcp://HOST:PORT [SHARED_DIR=/a/folder/every/worker/sees]
SCHEDULER ?=
SHARED_DIR ?=
WORKERS   ?=
# Shards: live blogs grouped by publication year (or SHARD_BY=source: by outlet), at most SHARD_SIZE entries each
SHARD_BY  ?= year
SHARD_SIZE ?= 1000
HTMLFLAGS = --shard-by $(SHARD_BY) --shard-size $(SHARD_SIZE) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) \
	$(if $(SHARED_DIR),--shared-dir $(SHARED_DIR)) $(if $(WORKERS),--workers $(WORKERS))

## help      list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	@echo "kiroku: creating $(VENV) from requirements.lock"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@echo "kiroku: installing node_modules (Mermaid, Pagefind) from package-lock.json"
	$(NPM) ci --omit=dev --ignore-scripts --no-audit --no-fund
	@touch $@

## venv      create the virtual environment from pinned dependencies
venv: $(STAMP)

## node      install the browser assets (Mermaid, Pagefind) from package-lock.json
node: $(NODE_STAMP)

## generate  write the pages generated from seeds into docs/archive/
generate: $(STAMP)
	$(BIN)/kiroku build

## html      generate the pages, build the shards and the hub on Dask (SCHEDULER=…), assemble _build/html, index it
html: $(STAMP) $(NODE_STAMP)
	$(BIN)/kiroku html --site $(BUILDDIR)/html $(HTMLFLAGS) -- $(SPHINXFLAGS)
	@echo "kiroku: $$(find $(BUILDDIR)/html -name '*.html' | wc -l) HTML pages in $(BUILDDIR)/html"

## test      run the whole test suite
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

## lint      ruff, mypy and import-linter (layers, no import cycles) over scripts/ and tools/ (CI runs it)
lint: $(STAMP)
	$(BIN)/ruff check scripts tools
	$(BIN)/mypy
	$(BIN)/lint-imports

## serve     serve _build/html on http://127.0.0.1:8000 for reading
serve:
	@test -d $(BUILDDIR)/html || { echo "kiroku: no $(BUILDDIR)/html yet: run 'make html' first" >&2; exit 1; }
	$(PYTHON) -m http.server --bind $(HOST) --directory $(BUILDDIR)/html $(PORT)

## package   write _build/package/: a BagIt bag (seeds, sources, the built site) and a WACZ of the site under BASEURL
package: $(STAMP)
	$(BIN)/kiroku package $(if $(filter-out 0,$(SOURCE_DATE_EPOCH)),--epoch $(SOURCE_DATE_EPOCH)) $(if $(BASEURL),--base-url $(BASEURL))

BENCH_SIZES ?= 1000 3000 10000
# The sharded build (issue 26): these sizes sharded, SHARD_BENCH_SINGLE also as one project side by side;
# each with kiroku package timed on the built archive
SHARD_BENCH_SIZES ?= 10000 30000
SHARD_BENCH_SINGLE ?= 10000
# Options of the snapshots benchmark, e.g. BENCHSNAP_OPTS="--entries 300 --snapshots 8 --small 100"
BENCHSNAP_OPTS ?=
## bench     build synthetic archives (BENCH_SIZES entries), book vs basic theme; then one live blog of
##           3,000 entries in 48 snapshots (ingest, no-op html, matching; BENCHSNAP_OPTS); page weights;
##           the sharded build against one project (SHARD_BENCH_SIZES), with packaging; two shards with
##           the collection policy (kiroku_gc_policy) off and on; tables and goals
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m tools.bench $(BENCH_SIZES)
	$(BIN)/python -m tools.benchsnap $(BENCHSNAP_OPTS)
	$(BIN)/python -m tools.benchpages --sizes $(BENCH_SIZES)
	$(BIN)/python -m tools.benchshards $(SHARD_BENCH_SIZES) --single $(SHARD_BENCH_SINGLE)
	$(BIN)/python -m tools.benchgc _build/bench/shards$(firstword $(SHARD_BENCH_SIZES))

## eval      read the page-shape corpus (tests/pages/): per fixture, entries found/expected, times, headings, title
eval: $(STAMP)
	$(BIN)/python -m tools.evalpages --verbose

## golden    regenerate the golden files in tests/golden/ (on purpose, then review the diff)
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

## lock      re-pin requirements.lock from the current environment
lock: $(STAMP)
	{ echo "# Exact versions for the virtual environment that 'make' creates. Regenerate on purpose: make lock"; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -vE '^(pip|wheel)=='; } > requirements.lock

## clean     remove the build output and generated pages (keeps the venv)
clean:
	rm -rf $(BUILDDIR) docs/archive docs/.archive.tmp docs/.archive.old

.PHONY: help venv node generate html test lint serve package bench eval golden lock clean
