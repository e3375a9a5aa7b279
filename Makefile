PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench mutate setup clean translations

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
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# docs/translating.md: extract every _()/ngettext() text into the template, carry new and changed
# texts into the Dutch catalogue (changed ones fuzzy), compile the .mo the package ships.
POT := delegate_tui/locale/delegate-tui.pot
translations: $(STAMP)
	PYTHONPATH=scripts $(BIN)/pybabel extract -F babel.cfg -k _ -k ngettext:1,2 -k N_ --no-default-keywords --sort-by-file \
	  --project delegate-tui --version 0.1.0 --copyright-holder delegate-tui -w 110 -c "Translators:" \
	  -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d delegate_tui/locale -D delegate-tui -l nl -w 110 --ignore-obsolete
	$(BIN)/pybabel compile -d delegate_tui/locale -D delegate-tui --statistics

# Mutation testing (docs/testing.md): not part of `make test`. The whole set takes an hour or more on two
# cores (measured: docs/testing.md); one module at a time with MUTANTS="'delegate_tui.storage.files.*'".
# Storage, the rules and their shared context, the summary, and the CLI's check and export paths.
MUTANTS ?= 'delegate_tui.storage.*' 'delegate_tui.patterns.rules.*' 'delegate_tui.patterns.context.*' \
	'delegate_tui.patterns.timeline.*' 'delegate_tui.summary.*' 'delegate_tui.cli.check.x_cmd_check*' \
	'delegate_tui.cli.export.x_cmd_export*' 'delegate_tui.cli.check.x_format_flags*'

mutate: $(STAMP)
	$(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results

# Not part of `make test`. Builds its own venv with a regular install of the current sources
# (benchmarks/.cache/venv) and needs Taskwarrior (the baseline) and tmux (the real terminal).
# QUICK=1: fewer pairs and sizes, for development.
bench:
	@for tool in task:taskwarrior tmux:tmux; do \
	  command -v $${tool%%:*} >/dev/null && continue; \
	  if [ "$$(id -u)" = 0 ]; then \
	    { [ -n "$$updated" ] || apt-get update; } && updated=1 && apt-get install -y $${tool##*:} || exit 1; \
	  else \
	    echo "make bench needs $${tool##*:} (the $${tool%%:*} command): run 'sudo apt-get install $${tool##*:}', or make bench as root" >&2; \
	    exit 1; \
	  fi; \
	done
	$(PYTHON) benchmarks/bench.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV)
