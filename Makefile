# Two commands on a fresh machine: `make demo` (the main job) and `make test`
# (static checks and every test, starting the local stack itself).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: help install system-packages check test test-unit demo infra-up infra-down infra-status bench clean

help:
	@echo "make demo   - start the local stack and every service, stream a simulated trust"
	@echo "make test   - static checks (ruff, mypy, import contracts) and every test"
	@echo "make bench  - throughput, latency and memory figures on this machine"
	@echo "make infra-up / infra-down / infra-status - the local Kafka and FerretDB"

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(INSTALLED)

system-packages:
	bash deploy/system-packages.sh
	bash deploy/system-packages-comms.sh
	bash deploy/system-packages-browser.sh

check: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install system-packages check
	$(BIN)/attendance infra build
	$(BIN)/pytest -q

test-unit: install
	$(BIN)/pytest -q tests/unit

demo: install system-packages
	$(BIN)/attendance infra build
	$(BIN)/attendance demo

bench: install system-packages
	$(BIN)/attendance infra build
	$(BIN)/attendance bench

infra-up: install system-packages
	$(BIN)/attendance infra up

infra-down: install
	$(BIN)/attendance infra down

infra-status: install
	$(BIN)/attendance infra status

clean:
	rm -rf $(VENV) .local .pytest_cache .mypy_cache .ruff_cache
