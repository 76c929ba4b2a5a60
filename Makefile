# The two commands of the README: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test cluster-test lint format translations messages demo superuser loadtest bench search-eval clean

help:
	@echo "make run        install, migrate, load the demo content, serve http://127.0.0.1:8000/ (PORT=…)"
	@echo "make test       the whole test suite (DATABASE_URL picks the database)"
	@echo "make cluster-test  nginx, two app servers, PostgreSQL, Redis and S3 on this machine (deploy/)"
	@echo "make lint       ruff check and format check (make format fixes what it can)"
	@echo "make demo       migrate and load the demo content without serving"
	@echo "make messages   extract interface strings into locale/*/django.po (Babel)"
	@echo "make superuser  create an admin account"
	@echo "make loadtest   64 clients against a local gunicorn (set DATABASE_URL to PostgreSQL)"
	@echo "make bench      the performance benchmark (PostgreSQL in DATABASE_URL, and wrk)"
	@echo "make search-eval  search relevance: P@5 and R@20 per language and kind of query"

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# Local development settings, written once and never committed.
.env: | $(INSTALLED)
	@printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(PY) -c 'from django.core.management.utils import get_random_secret_key as k; print(k())')" > $@
	@echo "Wrote .env for local development (DEBUG on)."

# Babel compiles the catalogues, so GNU gettext is not needed to run the site. A catalogue
# is compiled when its .po is newer than its .mo: two suites started side by side (.ci/run)
# never rewrite a catalogue the other is reading.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po locale/third_party/*/LC_MESSAGES/django.po))

translations: $(CATALOGUES)
	@:

# A catalogue pybabel refuses fails the build, and its .mo is left as it was.
%.mo: %.po $(INSTALLED)
	@$(VENV)/bin/pybabel compile --input-file $< --output-file $@.tmp --statistics > $@.log 2>&1; \
		status=$$?; grep -v -e '^compiling' -e '/en/LC_MESSAGES' $@.log; rm -f $@.log; \
		if [ $$status -eq 0 ]; then mv $@.tmp $@; else rm -f $@.tmp; exit 1; fi

run: $(INSTALLED) .env translations
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@trap '$(PY) -m forum.project.embedded stop' EXIT INT TERM; $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The browser tests need Chromium (else they are skipped, saying so), and axe-core and
# the Nu HTML Checker from npm, fetched here where npm is at hand.
test: $(INSTALLED) translations
	@[ -d tests/browser/node_modules ] || ! command -v npm >/dev/null || \
		npm ci --prefix tests/browser --no-audit --no-fund --silent
	$(VENV)/bin/pytest

# The deployment kit (deploy/) run for real: nginx (Debian's package, installed if missing)
# before two gunicorns, one PostgreSQL, one Redis and an S3 API; servers stopped on purpose.
# Its own servers and files (.cluster/): DATABASE_URL and the machine's services are not used.
cluster-test: $(INSTALLED) translations
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "Installing nginx (Debian package)…"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; } >/dev/null 2>&1 \
		|| { sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; } >/dev/null; }
	$(VENV)/bin/pytest tests/cluster -p no:django -p no:env -p no:cacheprovider --noconftest -W ignore::pytest.PytestConfigWarning -v -s

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Babel reads the strings of the Python code, the public Jinja2 templates and the admin's
# Django templates, and updates (or starts) each language's catalogue: forum/core/catalogues.py.
messages: $(INSTALLED) .env
	$(PY) -m forum.core.catalogues

demo: $(INSTALLED) .env translations
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo

superuser: $(INSTALLED) .env
	$(PY) manage.py createsuperuser

# Against the database in DATABASE_URL (PostgreSQL for figures that mean something); the
# tooling lives in tests/performance/, outside the installable packages.
loadtest: $(INSTALLED) .env translations
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) -m tests.performance.loadtest --users $${USERS:-64} --seconds $${SECONDS_:-60}

bench: $(INSTALLED) .env translations
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian package)…"; \
		apt-get install -y -qq wrk 2>/dev/null || sudo apt-get install -y -qq wrk; }
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) -m tests.performance.bench --documents $${DOCUMENTS:-100000}

# The relevance set (tests/search/): fails below the floors of tests/search/floors.py, as
# `make test` does; this prints the whole table.
search-eval: $(INSTALLED) translations
	$(PY) -m tests.search.evaluate

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
