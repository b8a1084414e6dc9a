# Cancel Desk: `make run` serves the app, `make test` runs every test (browser included).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8501

.PHONY: run test lint format bench loadtest loadtest-smoke screenshots chromium nginx clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Browser tests drive Debian's Chromium through Playwright (no browser download).
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  || { echo "could not install chromium: run 'sudo apt-get install chromium'"; exit 1; }; }

# The load test serves Streamlit's static files through nginx (benchmarks/loadtest/proxy.py).
nginx:
	@test -x /usr/sbin/nginx || { \
	  echo "Installing Debian's nginx for the load test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) \
	  || { echo "could not install nginx: run 'sudo apt-get install nginx'"; exit 1; }; }

test: $(STAMP) chromium nginx
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
load# The load test serves Streamlit's static files through nginx (benchmarks/loadtest/proxy.py).
nginx:
	@test -x /usr/sbin/nginx || { \
	  echo "Installing Debian's nginx for the load test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) \
	  || { echo "could not install nginx: run 'sudo apt-get install nginx'"; exit 1; }; }

test: $(STAMP) chromium nginx
	$(BIN)/python -m benchmarks.loadtest --sessions $(SESSIONS) --burst $(BURST)

loadtest-smoke: $(STAMP) chromium nginx
	$(BIN)/python -m pytest -q tests/e2e/test_loadtest_smoke.py

# The browser tests write screenshots to tests/e2e/artifacts/; this refreshes the README's.
screenshots: $(STAMP) chromium
	CANCEL_DESK_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/e2e

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
