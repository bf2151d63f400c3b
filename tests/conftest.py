"""Shared fixtures: a clean environment, no network beyond loopback, one embedding model per session."""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

from bot.knowledge_base.embeddings import Embedder
from support import make_settings

# Settings come from the environment; a developer's own variables must not change what tests see.
for _name in list(os.environ):
    if _name.startswith(("SOFIA_", "TELEGRAM_")):
        del os.environ[_name]
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address) -> None:
    """Tests talk to servers they start on this machine; anything else is a mistake."""
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise ConnectionRefusedError(f"tests may not reach {host}: only loopback")
    return _real_connect(self, address)


socket.socket.connect = _loopback_only  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default model, loaded once: loading it per test would dominate the run."""
    return Embedder()


@pytest.fixture(scope="session")
def kb_services(tmp_path_factory, embedder):
    """The real knowledge base (knowledge/), indexed once into a temporary data directory."""
    from bot.services import build_services

    return build_services(make_settings(tmp_path_factory.mktemp("kb-data")), embedder=embedder)
