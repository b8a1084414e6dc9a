# Cancel Desk: `make run` serves the app, `make test` runs every test (browser included).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8501

.PHONY: run test lint format bench loadtest loadtest-smoke screenshots chromium nginx cc clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run serve.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# A Debian package the tests need, installed when its program is missing: $(call apt,PROGRAM,PACKAGE,FOR)
define apt
@test -x $(1) || { \
  echo "Installing Debian's $(2) for $(3)"; \
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2)) \
  || { echo "could not install $(2): run 'sudo apt-get install $(2)'"; exit 1; }; }
endef

# Browser tests drive Debian's Chromium through Playwright (no browser download).
chromium:
	$(call apt,$(CHROMIUM),chromium,the browser tests)

# The engine compiles its batched draws with the system C compiler (simulator/engine/native.py).
cc:
	$(call apt,/usr/bin/cc,gcc,the engine's compiled draws)

# The load test serves Streamlit's static files through nginx (benchmarks/loadtest/proxy.py).
nginx:
	$(call apt,/usr/sbin/nginx,nginx,the load test)

test: $(STAMP) chromium nginx cc
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# mypy type-checks the packages [tool.mypy] in pyproject.toml lists (the core).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m benchmarks.engine
	$(BIN)/python -m benchmarks.replay
	$(BIN)/python -m benchmarks.lab
	$(BIN)/python -m benchmarks.store
	$(BIN)/python -m benchmarks.store --pg
	$(BIN)/python -m benchmarks.dashboard
	$(BIN)/python -m benchmarks.dashboard --pg
	$(BIN)/python -m benchmarks.desk

# Many browser sessions on one server (benchmarks/loadtest): timings, so not part of `make test`
# SESSIONS=1,10 BURST=0 for a short run.  Its 3-session smoke run (no errors, no lost attempts)
# is part of `make test`; `make loadtest-smoke` runs it alone.
SESSIONS ?= 1,10,20,40
BURST ?= 20
loadtest: $(STAMP) chromium nginx cc
	$(BIN)/python -m benchmarks.loadtest --sessions $(SESSIONS) --burst $(BURST)

loadtest-smoke: $(STAMP) chromium nginx
	$(BIN)/python -m pytest -q tests/e2e/test_loadtest_smoke.py

# The browser tests write screenshots to tests/e2e/artifacts/; this refreshes the README's.
screenshots: $(STAMP) chromium
	CANCEL_DESK_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/e2e

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
