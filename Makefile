# Deux commandes suffisent (voir README.md) :
#   make serve  — installe ce qu'il faut, construit et sert le site sur http://127.0.0.1:8000
#   make test   — installe ce qu'il faut (dont Chromium) et lance toute la suite de tests
SHELL := /bin/sh
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.installe-site
TEST_STAMP := $(VENV)/.installe-tests
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve test check build publish bench lock clean

$(SITE_STAMP): requirements/site.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 est requis, trouvé : " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements/site.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): $(SITE_STAMP) requirements/test.lock
	$(PIP) -r requirements/site.lock -r requirements/test.lock
	touch $@

serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(TEST_STAMP)
	sh tools/installer-outils-test.sh
	$(BIN)/pytest

check: $(SITE_STAMP)
	$(BIN)/ctg check

build: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

# Le site à mettre en ligne : refuse de construire tant que l'éditeur, l'hébergeur et le contact manquent
# (content/referentiels/publication.yaml).
publish: $(SITE_STAMP)
	$(BIN)/ctg check --publication
	CTG_PUBLICATION=1 $(BIN)/mkdocs build --strict

bench: $(TEST_STAMP)
	$(BIN)/python tools/bench.py

# Régénère les verrous après une modification de requirements/*.in (nécessite le réseau).
lock:
	$(PYTHON) -m venv .venv-verrou
	.venv-verrou/bin/python -m pip install --quiet pip-tools==7.6.2
	.venv-verrou/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements/site.lock requirements/site.in
	.venv-verrou/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements/test.lock requirements/test.in
	rm -rf .venv-verrou

clean:
	rm -rf $(VENV) site node_modules .pytest_cache
