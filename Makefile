# Omkreds: every task a newcomer or CI needs is one `make` target.
# `make run` and `make test` install whatever is missing first, so a fresh clone needs nothing else.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.ONESHELL:

PORT ?= 8000
WORKERS ?= 3
# gunicorn, set explicitly (docs/deployment.md): a worker busy longer than GUNICORN_TIMEOUT
# seconds is killed and replaced; each worker is replaced after about GUNICORN_MAX_REQUESTS
# requests (± the jitter, so that the workers do not all restart at once), which bounds
# what a slow leak or a fragmented heap can grow to.
GUNICORN_TIMEOUT ?= 60
GUNICORN_MAX_REQUESTS ?= 2000
GUNICORN_MAX_REQUESTS_JITTER ?= 200
# Two test processes on the usual two-core runner; `make test TEST_WORKERS=0` runs in one.
TEST_WORKERS ?= 2
PYTEST_ARGS ?=

# Nothing may be downloaded from outside the package registries: use the Python that
# .python-version names (pyenv or the system), never a uv-managed download.
export UV_PYTHON_DOWNLOADS := never
# Bytecode is written (into the ignored __pycache__ folders): without it every Python process of
# a test run compiled Django and the project from source (3.8 s instead of 1.5 s a process) and
# pytest rewrote every test module's asserts again in each worker (about a minute a run).
unexport PYTHONDONTWRITEBYTECODE

UV := .tools/bin/uv
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
# CI also proves that uv.lock matches pyproject.toml.
UV_SYNC := $(if $(CI),--locked,--frozen)

# Chromium drives the browser tests; gettext compiles translations; Pango and DejaVu are
# what WeasyPrint needs to lay out and print PDFs; Cairo, pangocairo and the colour emoji font
# are what networks/draw_cairo.py draws the map's PNG and PDF with; xmlsec1 signs, verifies and
# decrypts SAML messages for pysaml2 (single sign-on).
APT_PACKAGES := chromium gettext fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libcairo2 \
	libpangocairo-1.0-0 fonts-noto-color-emoji xmlsec1
# PgBouncer: the test that the app works through it in transaction mode (docs/deployment.md).
APT_PACKAGES_SERVER := postgresql-15 pgbouncer
# CI runs the browser tests a second time with stress-ng keeping every core busy.
APT_PACKAGES_CI := stress-ng

.PHONY: help deps deps-server run test serve worker bench bench-scale lint format messages compilemessages \
	check-translations deploy-check migrations-check clean security test-browser-under-load

help:  ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

deps: $(UV)  ## Install Debian packages that are missing, and the Python packages from uv.lock
	@bash scripts/ensure-apt.sh $(APT_PACKAGES)
	$(UV) sync $(UV_SYNC) --quiet
	mkdir -p "$${OMKREDS_DATA_DIR:-var}"

deps-server: deps  ## Also install PostgreSQL 15 (for `make serve` and CI)
	@bash scripts/ensure-apt.sh $(APT_PACKAGES_SERVER)

compilemessages:  ## Compile locale/*.po to .mo
	@if [ -d locale ]; then
		echo "Compiling translations."
		DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --ignore=.tools --ignore=var -v 0
	else
		echo "No locale/ folder yet: the site runs in English only."
	fi

run: deps  ## Run the demo on http://127.0.0.1:8000 (PORT=...) with DEBUG on (SQLite in var/)
	@export DEBUG=1
	# Links in mail, letters and calendar invitations point at this port unless SITE_URL is set
	# (settings.py builds SITE_URL from PORT).
	export PORT="$(PORT)"
	mkdir -p "$${OMKREDS_DATA_DIR:-var}"
	echo "Migrating the database."
	$(MANAGE) migrate --noinput -v 0
	$(MAKE) --no-print-directory compilemessages
	if $(MANAGE) shell -v 0 -c 'from omkreds.accounts.models import User; raise SystemExit(0 if User.objects.exists() else 1)'; then
		echo "The database already has users: demo data not loaded again."
	else
		echo "Loading the demo data."
		$(MANAGE) demo
	fi
	echo "Omkreds runs on http://127.0.0.1:$(PORT)/ (demo logins: see README.md). Ctrl-C stops it."
	exec $(MANAGE) runserver 127.0.0.1:$(PORT)

test: deps compilemessages  ## Run the whole test suite (DATABASE_URL=postgres://... to use PostgreSQL)
	@echo "Database: $$(echo "$${DATABASE_URL:-SQLite, in memory}" | sed -E 's#//[^@/]*@#//***@#')"
	status=0
	started=$$(date +%s.%N)
	$(PYTHON) -m pytest -n $(TEST_WORKERS) -ra $(if $(CI),--durations=10) $(PYTEST_ARGS) || status=$$?
	if [ $$status -eq 5 ]; then echo "FAILED: pytest collected no tests." >&2; fi
	# The trust report (issue 8): the figures this run measured; a figure that must be 0 or
	# 100% and is not fails the run. A full run (no PYTEST_ARGS) must have measured them all.
	if [ $$status -ne 5 ] && ! $(PYTHON) scripts/trust_report.py --since "$$started" \
		$(if $(PYTEST_ARGS),,--require); then
		echo "FAILED: the trust report (test-report/trust.md)." >&2
		if [ $$status -eq 0 ]; then status=1; fi
	fi
	exit $$status

test-browser-under-load: deps compilemessages  ## The browser tests again, with stress-ng keeping every core busy (CI)
	@bash scripts/ensure-apt.sh $(APT_PACKAGES_CI)
	# A flaky browser test is a security problem (issue 15, point 12): a check that passes only
	# on an idle machine is not a check. Every test must wait for the page it checks.
	stress-ng --cpu "$$(nproc)" --timeout 3h --quiet &
	load=$$!
	trap 'kill $$load 2>/dev/null || true' EXIT
	echo "stress-ng keeps $$(nproc) cores busy (pid $$load)."
	BROWSER_TIMEOUT_MS=60000 $(PYTHON) -m pytest -n $(TEST_WORKERS) -m browser -ra $(PYTEST_ARGS)

serve: deps-server compilemessages  ## Production set-up locally: gunicorn workers, DATABASE_URL, static files; needs SECRET_KEY
	@if [ -z "$${SECRET_KEY:-}" ]; then
		echo 'make serve needs SECRET_KEY (50+ random characters), e.g.:' >&2
		echo '  export SECRET_KEY="$$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")"' >&2
		exit 1
	fi
	if [ -z "$${DATABASE_URL:-}" ]; then
		echo "Note: DATABASE_URL is not set; using SQLite in var/. Production uses PostgreSQL."
	fi
	export DEBUG=0 STATIC_MANIFEST=1 PORT="$(PORT)"
	mkdir -p "$${OMKREDS_DATA_DIR:-var}"
	echo "Collecting static files into var/static (hashed names, compressed)."
	$(MANAGE) collectstatic --noinput -v 0
	echo "Migrating the database."
	$(MANAGE) migrate --noinput -v 0
	# Background work (e-mail, retried while the mail server is away) goes through the database
	# queue; one task worker runs beside gunicorn and stops with it.
	export TASKS_BACKEND=database
	$(MANAGE) db_worker --no-reload &
	task_worker=$$!
	trap 'kill $$task_worker 2>/dev/null || true' EXIT
	echo "gunicorn: $(WORKERS) workers on http://127.0.0.1:$(PORT)/, a task worker (pid $$task_worker)"
	.venv/bin/gunicorn omkreds.wsgi --workers $(WORKERS) --bind 127.0.0.1:$(PORT) \
		--timeout $(GUNICORN_TIMEOUT) --graceful-timeout 30 \
		--max-requests $(GUNICORN_MAX_REQUESTS) --max-requests-jitter $(GUNICORN_MAX_REQUESTS_JITTER) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

worker: deps  ## Run the task worker: sends the queued e-mail (TASKS_BACKEND=database, as make serve sets)
	TASKS_BACKEND=database $(MANAGE) migrate --noinput -v 0
	TASKS_BACKEND=database exec $(MANAGE) db_worker --no-reload

bench: deps  ## Run the benchmarks and print a table
	$(PYTHON) bench/run.py

SCALE_ARGS ?=
bench-scale: deps-server  ## The scale harness: a region on PostgreSQL (DATABASE_URL), make serve, locust at 1/4/16/32 users (SCALE_ARGS="--duration 60 ...")
	@if [ -z "$${DATABASE_URL:-}" ]; then
		echo 'make bench-scale needs DATABASE_URL: an empty PostgreSQL database on 127.0.0.1' >&2
		exit 1
	fi
	$(PYTHON) bench/scale.py $(SCALE_ARGS)

lint: deps  ## ruff check + ruff format --check, no file over 600 lines nor function over 80, import contracts (lint-imports)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PYTHON) scripts/check_sizes.py
	.venv/bin/lint-imports --no-cache

security: deps  ## bandit over omkreds/ (any finding fails), and a CycloneDX SBOM in test-report/sbom.json
	@echo "bandit: omkreds/ (skips and exclusions: [tool.bandit] in pyproject.toml)"
	.venv/bin/bandit -c pyproject.toml -r omkreds -q
	echo "bandit: no findings."
	mkdir -p test-report
	requirements=$$(mktemp)
	trap 'rm -f "$$requirements"' EXIT
	# What ships: the runtime packages pinned in uv.lock, with their hashes.
	$(UV) export --frozen --no-dev --no-emit-project --format requirements-txt -q -o "$$requirements"
	PYTHONWARNINGS=ignore::UserWarning .venv/bin/cyclonedx-py requirements --pyproject pyproject.toml \
		--of JSON --output-reproducible -o test-report/sbom.json "$$requirements"
	echo "SBOM (CycloneDX): test-report/sbom.json, $$($(PYTHON) -c 'import json; print(len(json.load(open("test-report/sbom.json"))["components"]))') packages."

format: deps  ## Fix what ruff can fix, and format
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

messages: deps  ## Extract strings into locale/{da,sv,fi} (no source locations)
	bash scripts/messages.sh

check-translations: deps  ## Fail if a Danish, Swedish or Finnish message is missing, untranslated or fuzzy, or uses a word its glossary forbids
	$(PYTHON) scripts/check_translations.py
	$(PYTHON) scripts/check_glossary.py

migrations-check: deps  ## Fail if a model change has no migration
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

deploy-check: deps  ## `check --deploy` with production settings; any warning fails
	DEBUG=0 HTTPS=1 ALLOWED_HOSTS=omkreds.example.dk EMAIL_HOST=smtp.example.dk \
	SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
		$(MANAGE) check --deploy --fail-level WARNING

clean:  ## Remove the virtualenv, tools and local data (var/)
	rm -rf .venv .tools var test-report

.PHONY: backup-drill
backup-drill: deps-server  ## Restore drill: base backup + WAL archive into a fresh PostgreSQL 15, compare every table
	bash scripts/backup_drill.sh
