# make demo: install, migrate, load the demo community and serve it at http://127.0.0.1:8000/
# make prod: the production stack here (nginx, granian, worker, scheduler; docs/production.md)
# make test: install the dev extras and the browser and proxy it needs, lint, then run every suite
# side by side (bin/test-suites): SQLite, PostgreSQL (when it answers), real Chromium, the production stack
PYTHON ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/community_cms
HOST ?= 127.0.0.1
PORT ?= 8000

define apt
if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) >/dev/null; \
elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) >/dev/null; \
else echo "Please install Debian's $(1) (sudo apt-get install $(1)): the tests need them." >&2; exit 1; fi
endef

.PHONY: demo prod test test-browser test-stack chromium nginx serve bench bench-notifications install install-dev messages lint check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) messages

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	$(MAKE) messages

messages:
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(MAKE) serve

serve:
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# make prod: the production stack on this machine (deploy/stack.py; docs/production.md):
# nginx with TLS in front, granian, the task worker and the scheduler; DEMO=1 loads the demo.
prod: install nginx
	$(BIN)/python deploy/stack.py

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check:
	$(BIN)/python manage.py check --database default
	$(BIN)/python manage.py makemigrations --check --dry-run

test: install-dev lint check chromium nginx
	@if [ -z "$$TEST_DATABASE_URL" ] && ! $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		echo "PostgreSQL not reachable: the PostgreSQL suite is skipped (set TEST_DATABASE_URL)"; \
		$(BIN)/python bin/test-suites; \
	else \
		TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$(PG_URL)}" $(BIN)/python bin/test-suites; \
	fi

test-browser: install-dev chromium
	$(BIN)/pytest -q -m browser tests/browser

test-stack: install-dev nginx
	$(BIN)/pytest -q -m stack tests/stack

# Debian's packages, never a downloaded build; installed when we may, otherwise we say how.
chromium:
	@command -v chromium >/dev/null || $(call apt,chromium fonts-noto-cjk)

# nginx with the cache purge module: its page cache is purged by the site (docs/production.md).
nginx:
	@{ command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } \
		&& [ -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ] \
		|| $(call apt,nginx libnginx-mod-http-cache-purge)

# make bench: issue 12's figures on a production-like server (about 6 minutes; docs/benchmarks.md)
bench: install-dev
	$(BIN)/python -m bench.run

# make bench-notifications: issue 13's figures (a notice to 10,000 residents, two workers; about
# 5 minutes; docs/benchmarks-notifications.md)
bench-notifications: install-dev
	$(BIN)/python -m bench.notifications

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
