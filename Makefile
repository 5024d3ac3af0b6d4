# Roots: the single entry point. `make run` to try it, `make test` before you push.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PORT ?= 8000
PYTEST_ARGS ?= -n 2 --dist loadfile
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: install run worker beat web test test-fast lint format bench mutants lock stop clean

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

# The independent verifiable-credential verifier the tests check our credentials with (Node).
VERIFIER := tests/verifier/node_modules/.installed
$(VERIFIER): tests/verifier/package.json tests/verifier/package-lock.json
	npm ci --prefix tests/verifier --no-audit --no-fund --silent
	touch $@

run: install
	PORT=$(PORT) scripts/run.sh

web: install
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(VENV)/bin/celery -A roots worker --loglevel=INFO --concurrency=2

beat: install
	$(VENV)/bin/celery -A roots beat --loglevel=INFO

test: install $(VERIFIER)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: install
	$(VENV)/bin/pytest -m "not browser and not slow"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py

# Mutation testing of the rule modules (slow, not part of `make test`; docs/testing.md).
mutants: install
	$(PY) scripts/mutants.py

# Rewrite the lock file from pyproject.toml's ranges (needs the network to PyPI).
lock:
	rm -rf /tmp/roots-lock && $(PYTHON) -m venv /tmp/roots-lock
	/tmp/roots-lock/bin/pip install --quiet "$$(pwd)[test,dev]" 2>/dev/null || /tmp/roots-lock/bin/pip install --quiet $$($(PYTHON) scripts/deps.py)
	/tmp/roots-lock/bin/pip freeze --exclude-editable | grep -v '^roots' > requirements.lock

stop:
	$(PY) -m devtools.embedded stop

clean: stop
	rm -rf .data staticfiles mutants
