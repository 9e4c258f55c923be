SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint fix assets seed-scale bench clean

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed-run

## run: the web server, a Celery worker and beat on an SQLite file and a folder broker
## (DEBUG off unless DEBUG=1 is set).
run: $(VENV)/.installed-run
	@mkdir -p var/mail var/staticfiles  # WhiteNoise warns when STATIC_ROOT is missing
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Open http://$(HOST):$(PORT)/ (emails are written to var/mail/). Ctrl-C stops everything."
	@echo "  Django's debug pages are off; DEBUG=1 make run switches them on."
	@echo ""
	$(PY) manage.py devstack --addr $(HOST):$(PORT)

## test: the whole suite (PostgreSQL, Redis and the browser when they are available).
test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	$(PY) -m pytest

## lint: ruff, and the import contracts in pyproject.toml (imports only go downward).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

fix: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## assets: refresh the vendored NHS.UK frontend and htmx from npm (needs node and npm).
assets:
	static/nhsuk/refresh.sh

## bench: load-test the main pages at national scale (needs PostgreSQL and Debian's wrk).
bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(PY) bench/run.py

seed-scale: $(VENV)/.installed-run
	$(PY) -m bench.scale --trainees 60000

clean:
	rm -rf $(VENV) var
