# A newcomer's two commands: `make run` and `make test`. Everything else here serves those two.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-postgres migrate samples superuser lint lock bench clean

# The virtual environment is rebuilt only when the lock changes: exactly the versions in
# requirements-dev.lock (the app's and the tests'), then the project itself without resolving again.
$(INSTALLED): pyproject.toml requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(INSTALLED)

.env:
	cp .env.example .env

# The front-end (GOV.UK Frontend's Sass with the archive's own settings, see static/src/), rebuilt
# only when the npm manifests or the sources change.
ASSETS := static/build/.built
$(ASSETS): package.json package-lock.json $(wildcard static/src/*)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	touch $(ASSETS)

setup: $(INSTALLED) .env $(ASSETS)
	mkdir -p var/static var/media

migrate: setup
	$(BIN)/python manage.py migrate --no-input

run: samples
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The five sample minutes (sample_data/minutes/) through the import command, published at once (a
# trusted load: no officer review); on a second run each is skipped as already imported, so nothing changes.
samples: migrate
	$(BIN)/python manage.py load_organisations sample_data/organisations.json
	$(BIN)/python manage.py load_people sample_data/people.json
	$(BIN)/python manage.py import_minutes --publish sample_data/minutes
	$(BIN)/python manage.py attach_reports_manifest sample_data/reports/manifest.json

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite against PostgreSQL (see .ci/run for starting a local server).
test-postgres: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://ssp:ssp@127.0.0.1:5432/ssp_archive} $(BIN)/python -m pytest $(PYTEST_ARGS)

superuser: migrate
	$(BIN)/python manage.py createsuperuser

lint: setup
	$(BIN)/ruff check .

# After changing the dependencies in pyproject.toml: pin every package again (pip-tools).
# requirements.lock is what the Docker image installs; requirements-dev.lock adds the tests' packages.
LOCK_FLAGS := --quiet --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock:
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra test -o requirements-dev.lock pyproject.toml

bench: setup
	for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis node_modules static/build test-artifacts
