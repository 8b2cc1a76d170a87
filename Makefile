# Spontaan — the two commands: `make run` and `make test`.
# Needs only Python 3.11, Node/npm and make; everything else is installed here.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install assets system lint migrate demo worker clean bench messages

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: system $(STAMP) build/vendor/.built spontaan/locale/nl/LC_MESSAGES/django.mo

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

# Front-end packages come from npm and are copied into build/vendor (never into git).
build/vendor/.built: node_modules/.package-lock.json
	rm -rf build/vendor && mkdir -p build/vendor/utrecht build/vendor/htmx build/vendor/leaflet build/vendor/axe
	cp node_modules/@utrecht/design-tokens/dist/theme.css build/vendor/utrecht/design-tokens.css
	cp node_modules/@utrecht/component-library-css/dist/index.css build/vendor/utrecht/component-library.css
	cp node_modules/htmx.org/dist/htmx.min.js build/vendor/htmx/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images build/vendor/leaflet/
	cp node_modules/axe-core/axe.min.js build/vendor/axe/
	touch build/vendor/.built

assets: build/vendor/.built

spontaan/locale/nl/LC_MESSAGES/django.mo: spontaan/locale/nl/LC_MESSAGES/django.po $(STAMP)
	cd spontaan && ../$(BIN)/python -m django compilemessages --settings=spontaan.settings_test -v 0

# Debian packages: Chromium for the browser tests (Playwright drives it; no browser download)
# and gettext for the translations.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	  if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi

migrate: install
	mkdir -p var
	$(BIN)/spontaan migrate --noinput -v 0

demo: migrate
	$(BIN)/spontaan demo

run: migrate
	$(BIN)/spontaan demo
	@echo "Spontaan serves on http://127.0.0.1:$(PORT) (a task worker runs alongside)."
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/spontaan db_worker --interval 2 >var/worker.log 2>&1 & \
	  $(BIN)/spontaan runserver 127.0.0.1:$(PORT)

worker: migrate
	$(BIN)/spontaan db_worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/spontaan makemigrations --check --dry-run --settings=spontaan.settings_test -v 1
	$(BIN)/pytest -q

# Collect the interface's texts into the Dutch catalogue; locations by file only, so edits
# elsewhere in a file do not rewrite the catalogue.
messages: $(STAMP)
	cd spontaan && ../$(BIN)/python -m django makemessages -l nl --add-location file \
	  --settings=spontaan.settings_test
	cd spontaan && ../$(BIN)/python -m django compilemessages --settings=spontaan.settings_test -v 0

bench: install
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) node_modules build var/static
