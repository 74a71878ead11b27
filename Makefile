# make demo: install, migrate, load the demo community and serve it at http://127.0.0.1:8000/
# make test: install the dev extras, lint, then test on SQLite and (when it answers) PostgreSQL
PYTHON ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/community_cms
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test serve bench install install-dev messages lint check clean

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

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check:
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

test: install-dev lint check
	$(BIN)/pytest -q
	@if [ -n "$$DATABASE_URL" ] || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		echo "== PostgreSQL =="; \
		DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(BIN)/pytest -q; \
	else \
		echo "PostgreSQL not reachable: skipped the PostgreSQL run"; \
	fi

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
