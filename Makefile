# Two commands: `make run` and `make test`. Both install what they need on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 7071
AZURITE_HOST ?= 127.0.0.1
DEVHOST_ARGS ?=
DEBIAN_PACKAGES := chromium fonts-noto-cjk fonts-wqy-zenhei openssl mariadb-server

.PHONY: run lan test lint format deps venv node debs clean bench

$(VENV)/.installed: requirements.txt requirements-local.txt requirements-dev.txt
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

# Debian packages the tests and the offline recognizer need (root on these machines; skipped when present).
.debs-installed:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	touch $@

deps: $(VENV)/.installed node_modules/.installed

local.settings.json:
	cp local.settings.example.json $@

run: deps .debs-installed local.settings.json
	@mkdir -p .data/azurite
	@node_modules/.bin/azurite-blob --blobHost $(AZURITE_HOST) --blobPort 10000 --location .data/azurite \
	  --skipApiVersionCheck --silent & AZ=$$!; trap "kill $$AZ 2>/dev/null" EXIT INT TERM; \
	$(PY) -m devhost --port $(PORT) $(DEVHOST_ARGS)

# Serve phones on the home network: HTTPS from this install's own certificate authority (LAN_ARGS=--http for plain
# HTTP), this install's own Azurite account (not the published key), the app bound to every interface but
# answering only to this computer's LAN address, and the addresses printed with QR codes.
lan: deps .debs-installed local.settings.json
	@mkdir -p .data/azurite
	@eval "$$($(PY) -m devhost.lan --data-dir .data --port $(PORT) $(LAN_ARGS))"; \
	node_modules/.bin/azurite-blob --blobHost 0.0.0.0 --blobPort 10000 --location .data/azurite \
	  --skipApiVersionCheck --silent $$AZURITE_TLS_ARGS & AZ=$$!; trap "kill $$AZ 2>/dev/null" EXIT INT TERM; \
	$(PY) -m devhost --host 0.0.0.0 --port $(PORT) $(DEVHOST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: deps .debs-installed lint
	$(PY) -m pytest -q $(PYTEST_ARGS)

bench: deps
	$(PY) bench/recognize.py tests/fixtures/bench

clean:
	rm -rf .data .pytest_cache .ruff_cache
