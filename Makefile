# ROR Portal: `make run` to try it, `make test` before every commit.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run demo test test-postgres quick lint typecheck venv messages lock clean backup restore

# Development defaults; a real DEBUG=false (with SECRET_KEY) in the environment wins.
run demo typecheck: export DEBUG ?= true

# The task worker is started again whenever it stops (as systemd's Restart=always does in
# production), so nothing queued waits for a worker that died. It runs in the background
# and is waited for, so that the loop's TERM trap (Ctrl+C, via the EXIT trap) stops it too.
run: demo  ## Set up everything, load the demo, serve on http://127.0.0.1:8000 with the task worker
	@echo "Serving ROR Portal on http://127.0.0.1:8000 with its task worker (stop both with Ctrl+C)"
	( trap 'kill $$pid 2>/dev/null; wait $$pid; exit' TERM; \
	  while :; do \
	    $(BIN)/python manage.py db_worker & pid=$$!; wait $$pid; \
	    echo "The task worker stopped (exit $$?); starting it again in 1 s" >&2; sleep 1; \
	  done ) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

demo: venv  ## Migrate and load the demo data into the database DATABASE_URL names
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py demo

# The tests run in one process per core (pytest-xdist). Each process is handed them in
# pytest-django's order (`--dist load`): the transactional tests, which empty the tables
# as they end, after the others.
PYTEST_PARALLEL := -n auto --dist load

test: lint node_modules/.installed  ## Lint, format check, type check and the whole test suite (on SQLite unless DATABASE_URL says otherwise)
	scripts/ensure-test-tools
	$(BIN)/pytest $(PYTEST_PARALLEL)

# The tests whose outcome does not depend on the database (marked database_independent:
# the browser, the HTML checker, LibreOffice, the PDFs, start-up) ran in `make test` on
# SQLite; this pass runs the rest on PostgreSQL.
test-postgres: venv node_modules/.installed  ## The database's tests on PostgreSQL (DATABASE_URL=postgres://…)
	@[[ "$$DATABASE_URL" == postgres* ]] || { echo "Set DATABASE_URL=postgres://… first" >&2; exit 1; }
	scripts/ensure-test-tools
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not database_independent"

quick: venv node_modules/.installed  ## The edit loop: every test but the browser's, on SQLite, without lint
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser"

lint: venv  ## Lint, format check and type check
	$(BIN)/ruff check . scripts/backup scripts/restore
	$(BIN)/ruff format --check . scripts/backup scripts/restore
	$(BIN)/mypy

typecheck: venv  ## Type-check the apps (not the tests) with mypy and django-stubs
	$(BIN)/mypy

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

backup: venv  ## Back up the database and stored files into backups/ (or DIR=...)
	scripts/backup $(DIR)

restore: venv  ## Restore a backup: make restore BACKUP=backups/ror-portal-... [FORCE=--force]
	scripts/restore $(FORCE) $(BACKUP)

messages: venv  ## Update the Norwegian catalogue after changing strings, then translate and run again
	$(BIN)/python manage.py makemessages --locale nb --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*'
	$(BIN)/python manage.py compilemessages --locale nb --ignore '.venv/*' --ignore 'node_modules/*'

lock: venv  ## Pin the installed set after changing dependencies in pyproject.toml
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
