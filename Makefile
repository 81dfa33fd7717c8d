# Two commands: `make run` and `make test`. Both set everything up first and are fast
# the second time (stamps skip what is already done).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := var/.stamps

.PHONY: run test bench setup assets messages lint format clean

setup: $(STAMP)/venv $(STAMP)/npm static/vendor/.done messages

$(STAMP)/venv: requirements.txt
	@mkdir -p $(STAMP)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(STAMP)/npm: package.json package-lock.json
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Our own copies of Designsystemet (CSS, Arbeidstilsynet's theme, the web components),
# the Inter font and htmx, served as static files (no CDN).
static/vendor/.done: $(STAMP)/npm
	rm -rf static/vendor && mkdir -p static/vendor/designsystemet static/vendor/inter static/vendor/htmx
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css static/vendor/designsystemet/designsystemet.css
	cp node_modules/@arbeidstilsynet/design-theme/brand/arbeidstilsynet.css static/vendor/designsystemet/arbeidstilsynet.css
	cp node_modules/@digdir/designsystemet-web/dist/umd/index.js static/vendor/designsystemet/designsystemet-web.js
	for w in 400 500 600 700; do for s in latin latin-ext; do \
	  cp node_modules/@fontsource/inter/files/inter-$$s-$$w-normal.woff2 static/vendor/inter/; done; done
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	@touch $@

# Compiled with polib, so GNU gettext is not needed to run the app.
messages: $(STAMP)/venv
	@$(PY) scripts/compilemessages.py

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo | tee var/demo-logins.txt
	./scripts/run.sh

test: setup
	./scripts/test.sh

# The performance figures (docs/performance.md): PostgreSQL, Redis and wrk (apt-get install wrk).
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(STAMP)/venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)/venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var static/vendor
