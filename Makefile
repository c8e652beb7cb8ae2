# make run   — set up .venv, migrate, load the demo county, serve on http://127.0.0.1:8000/
#              (with the background task worker beside it, stopped when the server stops)
# make test  — set up .venv, run the whole test suite (one worker per core; PYTEST_ARGS to change,
#              BIANZHI_TEST_TODAY=YYYY-MM-DD to run it on another day)
# make lint  — ruff check, ruff format --check, and lint-imports (the layers in pyproject.toml)
# make bench — every benchmarks/bench_*.py (needs DATABASE_URL with the generated city)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when pyproject.toml is newer than this stamp.
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n auto

.PHONY: run test lint bench

# Development mode: settings default to production (DEBUG off) everywhere else.
run: export DEBUG = 1
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: export DEBUG = 1
test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "需要 Python 3.11 或更高版本（当前：$$($(PYTHON) --version 2>&1)）。可用 make PYTHON=python3.12 指定。"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[test]'
	touch $@
