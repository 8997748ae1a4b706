# MiPS: two commands do everything on a fresh machine.
#   make run   - venv, install, migrate the embedded SQLite database (marked as a demo), seed the demo force,
#                serve on http://$(HOST):$(PORT)/ (make run PORT=8080 HOST=0.0.0.0 to change them)
#   make test  - the same set-up, then the test suite (SQLite, and PostgreSQL when
#                MIPS_TEST_POSTGRES_URL points at a server)

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
MIPS   := $(VENV)/bin/mips
HOST   ?= 127.0.0.1
PORT   ?= 5000
export MIPS_VAR_DIR ?= $(CURDIR)/var
# tests/e2e drive Debian's chromium (apt-get install chromium); Playwright never downloads a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

VENDOR := core/static/vendor

LEGACY_DIR := $(MIPS_VAR_DIR)/legacy

.PHONY: run test install assets db seed legacy bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "Installing MiPS and its dependencies into $(VENV) (a few minutes the first time)..."
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install --progress-bar on -e '.[test]'
	touch $@

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp -r node_modules/swagger-ui-dist $(VENDOR)/
	cp -r node_modules/govuk-frontend/dist/govuk $(VENDOR)/govuk-frontend
	cp -r node_modules/@ministryofjustice/frontend/moj $(VENDOR)/moj-frontend
	cp -r node_modules/cytoscape/dist $(VENDOR)/cytoscape
	touch $@

install: $(VENV)/.installed assets

assets: $(VENDOR)/.installed

db: install
	$(MIPS) db upgrade --demo

seed: db
	$(MIPS) seed --demo

# a small simulated force's seven live systems, bridged so their people are searchable at once
legacy: seed
	test -f $(LEGACY_DIR)/manifest.json || $(MIPS) legacy simulate --persons 500 --seed 1 --out $(LEGACY_DIR)
	MIPS_LEGACY_DIR=$(LEGACY_DIR) $(MIPS) legacy bridge

# the address and the demo logins are printed last, once the server is ready
run: legacy
	MIPS_ENV=development MIPS_LEGACY_DIR=$(LEGACY_DIR) $(MIPS) serve --host $(HOST) --port $(PORT) --demo

# test files run in parallel on both cores (pytest-xdist), each file's tests on one worker
PYTEST_WORKERS ?= 2
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: install
	$(PY) -m bench.kernel_overhead

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
