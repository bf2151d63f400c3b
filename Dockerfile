# Sofia: the Telegram bot with its knowledge base, CPU only, running as a non-root user.
#
#   docker build -t sofia .
#   docker run -d --name sofia -e TELEGRAM_BOT_TOKEN=... -v sofia-data:/data sofia
#
# The index is built into the image from knowledge/; a new named volume on /data starts with it,
# and Sofia rebuilds it at start when /data is empty or knowledge/ has changed.

ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS build
ARG TORCH_VERSION=2.13.0
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The CPU build of torch first, so that nothing later pulls the CUDA build (several GB).
RUN pip install --index-url https://download.pytorch.org/whl/cpu "torch==${TORCH_VERSION}"
WORKDIR /app
COPY . .
RUN pip install .

FROM python:${PYTHON_VERSION}-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/app \
    SOFIA_DATA_DIR=/data \
    SOFIA_KNOWLEDGE_DIR=/app/knowledge
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin sofia \
    && mkdir -p /data \
    && chown sofia:sofia /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=sofia:sofia /app /app
WORKDIR /app
USER sofia
RUN sofia ingest --quiet
VOLUME ["/data"]
# Only used in webhook mode (SOFIA_WEBHOOK_URL set); put a TLS proxy in front.
EXPOSE 8443
ENTRYPOINT ["sofia"]
CMD ["run"]
