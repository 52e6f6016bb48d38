# Privacy Impact Analyse. Needs only Python 3.11 and make; everything else is installed here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# Debian packages the tests need: a PDF reader, a browser for the browser tests, PostgreSQL for
# the shared-store tests and nginx for the tests on two app servers (the tests start their own
# servers; Debian keeps PostgreSQL's programs in /usr/lib/postgresql/N/bin), and Node.js with npm
# for the demo identity provider of the sign-in (deploy/oidc, `make workspace` and its test).
SYSTEM_PACKAGES := poppler-utils chromium postgresql nginx-light nodejs npm

.PHONY: run workspace test lint unit bench load soak cluster system-deps oidc-deps clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	@echo "Open http://localhost:$(PORT) in your browser."
	$(BIN)/python -m pia_core.serve --server.port $(PORT) --server.headless true  # headless: no first-run e-mail prompt

# The self-scan, in workspace mode: consultants sign in (OpenID Connect, st.login) through the demo
# identity provider of deploy/oidc, started on a free loopback port with a secrets file made for this
# run (new client and cookie secrets). Prints what to open and the demo log-ins; Ctrl-C stops both.
workspace: $(STAMP) oidc-deps
	$(BIN)/python -m tools.oidc --port $(PORT)

# The demo identity provider's npm packages (exact versions of deploy/oidc/package-lock.json), when
# node_modules is missing or was installed from another lock file.
oidc-deps: $(STAMP) system-deps
	$(BIN)/python -m tools.oidc --install

system-deps:
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The core and AppTest tests run on both cores; the browser tests each start a server and a
# browser, so they run one at a time afterwards, on a quiet machine.
unit: $(STAMP) system-deps oidc-deps
	$(BIN)/python -m pytest --ignore=tests/browser
	$(BIN)/python -m pytest tests/browser -n 0

test: lint unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Simulated users over Streamlit's websocket against the app and a bare script (loopback only):
# N = 1, 5, 10, 25, 50, a few minutes. LOAD_ARGS passes options (see benchmarks/load/__main__.py).
load: $(STAMP)
	$(BIN)/python -m benchmarks.load $(LOAD_ARGS)

# 25 users for 20 minutes; prints the app's memory over time.
soak: $(STAMP)
	$(BIN)/python -m benchmarks.load --soak 20 --no-bare $(LOAD_ARGS)

# PostgreSQL, two app servers and nginx on http://127.0.0.1:8080 (data and logs in .cluster/);
# Ctrl-C stops them. Load it with: make load LOAD_ARGS='--target http://127.0.0.1:8080 --no-bare'
cluster: $(STAMP) system-deps
	$(BIN)/python -m tools.cluster $(CLUSTER_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
