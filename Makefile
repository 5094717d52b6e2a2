# DigiCampus: `make run` serves the platform with a demo district, `make test` runs the suite.
# Both build everything first (system packages, virtualenv, front-end assets, catalogues).

PY      := .venv/bin/python
PORT    ?= 8000
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE ?= config.settings.base

.PHONY: setup system-deps run test lint bench messages format clean openapi catalogues

setup: system-deps .venv/.installed node_modules/.installed messages

system-deps:
	@scripts/system-deps.sh

.venv/.installed: requirements.lock
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: .venv/.installed
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo --if-empty --locale $${DEMO_LOCALE:-vi} --schools $${DEMO_SCHOOLS:-6}
	PORT=$(PORT) scripts/run.sh

test: setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	.venv/bin/djhtml --check $$(git ls-files '*.html')
	.venv/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run -v0

format: .venv/.installed
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
	.venv/bin/djhtml $$(git ls-files '*.html')

bench: setup
	bench/run.sh

clean:
	rm -rf .venv node_modules var

openapi: .venv/.installed
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py export_openapi > docs/openapi.json

catalogues: .venv/.installed
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemessages -l vi -l zh_Hans \
		--no-location --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var -v0
