# Reclaim: `make run` starts a demo on http://127.0.0.1:8000, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Test processes for pytest-xdist: auto = one per CPU; 0 runs the suite in this process (e.g. for pdb).
PYTEST_WORKERS ?= auto
# The slowest tests are listed at the end of every run, so CI's time (budget: well under 30 minutes) is watched.
PYTEST_ARGS ?= --durations=20
HOST ?= 127.0.0.1
# Python keeps its bytecode caches (__pycache__/, git-ignored) even where the environment says not to: a test run
# starts hundreds of Python processes (manage.py, gunicorn, benchmarks), each compiling the project again without
# them, and pytest's rewritten test modules are then reused by the second (PostgreSQL) pass.
unexport PYTHONDONTWRITEBYTECODE

# Development defaults, only for `make run` / `make test`: production never reads these files.
export DJANGO_DEBUG ?= 1
export DJANGO_SECRET_KEY_FILE ?= $(CURDIR)/var/dev-secret-key
export RECLAIM_MASTER_KEYS_FILE ?= $(CURDIR)/var/dev-keys
export RECLAIM_INDEX_KEYS_FILE ?= $(CURDIR)/var/dev-index-keys
export RECLAIM_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test setup venv keys migrate seed serve lint typecheck security checks pytest browser messages clean

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find_python.sh) && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

keys: venv
	@$(PY) scripts/dev_keys.py var

migrate: keys
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

seed: migrate
	$(PY) manage.py seed_demo

setup: seed

run: setup
	@$(PY) manage.py demo_logins
	@echo "Reclaim is starting on http://$(HOST):$(PORT)/  (Ctrl-C stops the server, the worker and the scheduler)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py db_worker & \
	  $(PY) manage.py run_scheduler & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) .ci/check_architecture.py

typecheck: venv keys
	$(VENV)/bin/mypy reclaim config
	$(PY) manage.py export_openapi --check

# Static security checks (docs/security.md#static-checks). bandit: no high or medium finding unless its line says
# `# nosec BXXX` after a reason (pyproject.toml [tool.bandit]); the sed drops bandit's spurious "nosec encountered,
# but no failed test" warnings (PyCQA/bandit#1041), the findings themselves still fail the build.
# Then Django's deployment checks under production settings: none of the development variables above (DEBUG off),
# and a secret key and encryption keys made up for this run only, never real ones.
security: venv
	set -o pipefail; $(VENV)/bin/bandit -c pyproject.toml -r reclaim config --severity-level medium --quiet 2>&1 \
	  | sed '/nosec encountered (B[0-9]*), but no failed test/d'
	@echo "manage.py check --deploy --fail-level WARNING (production settings, throwaway keys)"
	@unset $$(compgen -e | grep -E '^(DJANGO|RECLAIM)_'); \
	  read -r secret master index < <($(PY) -c 'import base64, secrets; k = lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(); print(secrets.token_urlsafe(50), k(), k())'); \
	  DJANGO_SECRET_KEY=$$secret RECLAIM_MASTER_KEYS=$$master RECLAIM_INDEX_KEYS=$$index \
	  DJANGO_ALLOWED_HOSTS=reclaim.example.org $(PY) manage.py check --deploy --fail-level WARNING

browser:
	@bash scripts/ensure_chromium.sh

pytest: venv keys browser
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The three static stages side by side (each is one process; mypy takes longest), their outputs kept apart.
checks: venv keys
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint typecheck security

test: venv keys checks pytest

messages: venv
	PY=$(PY) bash scripts/messages.sh

clean:
	rm -rf $(VENV) var
