PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench setup clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/delegate

lint: $(STAMP)
	$(BIN)/ruff check delegate_tui tests benchmarks
	$(BIN)/ruff format --check delegate_tui tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python benchmarks/log_cost.py
	$(BIN)/python benchmarks/first_paint.py
	$(BIN)/python benchmarks/keypress.py

clean:
	rm -rf $(VENV)
