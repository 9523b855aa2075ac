SHELL := /bin/bash
# Qingmiao: `make run` serves the demo; `make test` runs the whole suite. Both set up what
# they need first and are quick the second time (every step is skipped when up to date).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/qingmiao
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-sqlite test-postgres lint format setup system-packages messages messages-update lock bench clean

PORT ?= 8000

# One background worker runs beside the server (exports, imports and other long jobs); it
# stops with the server. Both use the same SQLite file: nothing else to install.
run: setup
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	@echo ""
	@echo "青苗 Qingmiao: http://127.0.0.1:$(PORT)"
	@echo ""
	@# The only worker is about to start: a job left running by a stopped one was interrupted.
	@$(PY) manage.py jobs_sweep --all-running -v 0
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup system-packages
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	@if [ "$$CI" = "true" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: skipped the PostgreSQL run."; fi

# Two workers: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2

test-sqlite:
	@echo "== suite on SQLite"
	QINGMIAO_TESTING=true DATABASE_URL= $(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== suite on PostgreSQL"
	QINGMIAO_TESTING=true DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed node_modules/.installed messages

$(VENV)/.installed: requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Compiled catalogues (.mo) are build output, made from the committed .po files.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(MO_FILES)
locale/%.mo: locale/%.po $(VENV)/.installed
	msgfmt --check-format -o $@ $<

# Refresh the English catalogue from the source after adding or changing translatable strings;
# then translate the new entries in locale/en/LC_MESSAGES/django.po (see docs/i18n.md).
messages-update: $(VENV)/.installed
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var \
		--ignore=test-artifacts --no-obsolete --add-location=file

# Debian packages: Chromium and CJK fonts for legible screenshots, pango for the PDF documents.
system-packages:
	@if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! command -v msgfmt >/dev/null \
		|| ! dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1; then \
		apt-get update -q && apt-get install -y -q chromium fonts-noto-cjk gettext libpango-1.0-0 libpangoft2-1.0-0; fi

# Typed layers: the shared seams, and every app's services and selectors (with the modules
# split out of them: selection's ranking, funnel and people look-ups, the cadre register's units
# and codes services).
MYPY_PATHS = qingmiao/core $(wildcard qingmiao/*/services.py qingmiao/*/services_*.py qingmiao/*/services \
	qingmiao/*/selectors.py qingmiao/*/selectors_*.py qingmiao/*/selectors qingmiao/selection/people.py)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates qingmiao --lint
	$(VENV)/bin/mypy $(MYPY_PATHS)

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the lock files from requirements*.in in throw-away environments.
lock:
	rm -rf /tmp/qm-lock && $(PYTHON) -m venv /tmp/qm-lock && /tmp/qm-lock/bin/pip install -q -r requirements.in
	{ echo "# Pinned runtime dependencies (generated from requirements.in by 'make lock')."; /tmp/qm-lock/bin/pip freeze; } > requirements.lock
	/tmp/qm-lock/bin/pip install -q -r requirements-dev.in
	{ echo "# Pinned test and lint tools (generated from requirements-dev.in by 'make lock')."; echo "-r requirements.lock"; \
	  /tmp/qm-lock/bin/pip freeze | grep -v -i -x -F -f <(grep -v '^#' requirements.lock); } > requirements-dev.lock

# Whole pages through gunicorn beside a bare Django page (needs PostgreSQL and wrk; see
# docs/performance.md), then the ranking fit against its first, pure-Python version.
bench: setup
	$(PY) bench/pages.py
	$(PY) bench/ranking_fit.py

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
