# The README's two commands: `make demo` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench bench-full lint clean example

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/asmex-sched plan examples/nairobi-2025.xlsx -o examples/out/agenda.xlsx --now 2025-11-03T09:00
	$(BIN)/asmex-sched report examples/out/agenda.xlsx -o examples/out/agendas

# Two processes (pytest-xdist), one per core of the CI machine: on a slow hour the
# suite took 15.5 min in one (session 33), 9.2 min in two.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

example: $(STAMP)
	$(BIN)/python examples/make_nairobi.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --tier small

bench-full: $(STAMP)
	$(BIN)/python -m benchmarks.run --tier full

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check src tests benchmarks examples

clean:
	rm -rf $(VENV) examples/out benchmarks/out
