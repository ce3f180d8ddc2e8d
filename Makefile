# The two commands: `make run` serves the app with sample data, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

# Links in calendar feeds start here; set it to the address people use (see README).
run dev: export TRACKER_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run dev prepare test lint format install clean screenshots load plotly-bundle

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The secret key and the database as the code expects them, the sample data once, and a
# first admin.
prepare: $(STAMP)
	$(BIN)/tracker secret-key
	$(BIN)/tracker db upgrade
	$(BIN)/tracker search-index
	$(BIN)/tracker seed --if-empty
	$(BIN)/tracker ensure-admin

# The production server (gunicorn): what the end-to-end tests start too.
run: prepare
	$(BIN)/tracker serve --bind $(HOST):$(PORT)

# Flask's development server, reloading on every code change.
dev: prepare
	$(BIN)/tracker run --debug --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Format the code as `make test` expects it (ruff format).
format: $(STAMP)
	$(BIN)/ruff format .

# plotly's cartesian bundle for the installed plotly's plotly.js version, from npm's
# registry (static/vendor/plotly.js-cartesian/README.md). Only after upgrading plotly.
plotly-bundle: $(STAMP)
	@version=$$($(BIN)/python -c "from plotly.offline import get_plotlyjs_version as v; print(v())"); \
	folder=$$(mktemp -d); \
	cd $$folder && npm pack --silent plotly.js-cartesian-dist-min@$$version >/dev/null && \
	tar -xzf plotly.js-cartesian-dist-min-$$version.tgz && cd - >/dev/null && \
	cp $$folder/package/plotly-cartesian.min.js $$folder/package/LICENSE static/vendor/plotly.js-cartesian/ && \
	rm -rf $$folder && echo "static/vendor/plotly.js-cartesian: plotly.js $$version"

# The README's screenshots: the sample data as `make run` serves it, at laptop and phone width.
screenshots: $(STAMP)
	$(BIN)/python -m bench.screenshots

# The load run of the README (bench/load.py): 50 clients on SQLite, with Datasette's table
# page on the same file as the anchor. Datasette gets a virtualenv of its own.
DATASETTE := .venv-datasette/bin/datasette
$(DATASETTE):
	$(PYTHON) -m venv .venv-datasette
	.venv-datasette/bin/python -m pip install --quiet datasette

load: $(STAMP) $(DATASETTE)
	$(BIN)/python -m bench.load --datasette $(DATASETTE) $(LOAD_ARGS)

clean:
	rm -rf $(VENV) .venv-datasette .pytest_cache .ruff_cache
