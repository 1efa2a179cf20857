# The two commands: `make run` serves the embedded demo, `make test` runs the tests.
# Everything else here is a step they use, or a routine task.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Settings for the test run: production-like (no debug), no TLS redirect,
# plain static storage. DATABASE_URL and REDIS_URL pass through when set.
TEST_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=test-only-secret-key-not-used-anywhere-else-in-the-project \
	PEER_AUDIT_PSEUDONYM_KEY=test-only-pseudonym-key-not-used-anywhere-else-in-the-project \
	DJANGO_SECURE_SSL_REDIRECT=false DJANGO_STATIC_MANIFEST=false DJANGO_ALLOW_ASYNC_UNSAFE=true

# The port `make run` serves on; `make run PORT=8001` for another.
PORT = 8000

# Test processes running side by side: one per CPU; `make test WORKERS=0` runs the tests in
# this process alone (one file, a debugger, `-s`).
WORKERS = auto

.PHONY: run test venv lint format migrations-check vendor clean backup restore

run: $(STAMP)
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py load_demo
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest -n $(WORKERS) $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml
	@python=$$(scripts/find-python) && echo "Using $$python" && \
	  { [ -x $(PY) ] || $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

vendor:
	scripts/vendor-frontend

# Backups (PostgreSQL): `make backup` writes one dated archive into $(BACKUP_DIR);
# `make restore ARCHIVE=backups/phb-….tar` restores it into an empty database and checks it.
# The service's own settings (DATABASE_URL, MEDIA_ROOT) come from the environment.
BACKUP_DIR = backups
RESTORE_ARGS =

backup: $(STAMP)
	$(PY) manage.py backup --to $(BACKUP_DIR)

restore: $(STAMP)
	@test -n "$(ARCHIVE)" || { echo "Say which archive: make restore ARCHIVE=backups/phb-….tar"; exit 2; }
	$(PY) manage.py restore $(ARCHIVE) $(RESTORE_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
