# Sofia: the Telegram bot with its knowledge base, CPU only, running as uid 10001.
#
#   docker build -t sofia .
#   docker run -d --name sofia -e TELEGRAM_BOT_TOKEN=... -v sofia-data:/data sofia
#
# The default image has no torch. For an embedding model that needs sentence-transformers
# (SOFIA_EMBEDDING_MODEL), build with the extra; torch then comes from PyTorch's CPU index:
#
#   docker build --build-arg EXTRAS=sentence-transformers -t sofia:st .
#
# For a Chroma server (SOFIA_CHROMA_URL) or Chroma on /data (SOFIA_VECTOR_STORE=chroma), add the
# chroma extra: --build-arg EXTRAS=chroma (or EXTRAS=chroma,sentence-transformers).
#
# Layers run from what changes least to what changes most: dependencies (from pyproject.toml
# alone), then the package, then prompts/ and knowledge/, so editing a document rebuilds only
# the index, never the dependencies. tests/test_dockerfile.py checks that every COPY source
# exists and runs these steps, in order, in a clean virtual environment.

ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim

# Empty: the defaults. "sentence-transformers": adds the extra and torch's CPU build; "chroma": Chroma.
ARG EXTRAS=""
ARG TORCH_VERSION=2.13.0

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    HOME=/app \
    SOFIA_DATA_DIR=/data \
    SOFIA_KNOWLEDGE_DIR=/app/knowledge \
    SOFIA_PROMPTS_DIR=/app/prompts

# A fixed uid, so a bind mount on /data can be given to it: chown 10001:10001 ./sofia-data
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin sofia \
    && mkdir -p /app /data \
    && chown sofia:sofia /data

RUN python -m venv "$VIRTUAL_ENV"
WORKDIR /app

# Dependencies first, from pyproject.toml and an empty stand-in package: this layer is rebuilt
# only when pyproject.toml changes. The stand-in is uninstalled again; the dependencies stay.
COPY pyproject.toml ./
RUN mkdir -p bot && touch bot/__init__.py README.md \
    && case ",$EXTRAS," in *,sentence-transformers,*) \
         pip install --index-url https://download.pytorch.org/whl/cpu "torch==$TORCH_VERSION";; \
       esac \
    && pip install ".${EXTRAS:+[$EXTRAS]}" \
    && pip uninstall --yes sofia \
    && rm -rf bot README.md build *.egg-info

# The package itself: its dependencies are all in place, so nothing is downloaded but the build backend.
COPY README.md ./
COPY bot ./bot
RUN pip install --no-deps . && rm -rf build *.egg-info

COPY prompts ./prompts
COPY knowledge ./knowledge

# The index is built into the image at /data: a new named volume starts with it. A bind mount
# hides it, and Sofia builds it again at the first start (a minute or two).
USER sofia
RUN sofia ingest --quiet

VOLUME ["/data"]
# Only used in webhook mode (SOFIA_WEBHOOK_URL set); put a TLS proxy in front.
EXPOSE 8443
# `sofia check` reads the configuration, knowledge/ and contacts.yaml (no network, no model) and
# fails when Sofia cannot run: a missing or malformed token, /data not writable, a bad chat id.
HEALTHCHECK --interval=5m --timeout=30s --start-period=2m --retries=3 CMD ["sofia", "check"]
ENTRYPOINT ["sofia"]
CMD ["run"]
