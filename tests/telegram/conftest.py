"""Fixtures: Sofia's real Telegram application against the Bot API server on loopback.

The knowledge base is built once per session from knowledge/ (the real core, no fakes: the
``kb_services`` fixture of tests/conftest.py); each test gets a fresh Bot API server, a fresh store
and a running application polling it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.channels.telegram import build_application, polling
from bot.services import Services
from bot_api_server import BotAPIServer
from telegram_harness import STAFF_ID

@pytest.fixture(scope="session")
def core(kb_services) -> Services:
    """The real core over knowledge/, built once per session (the index takes some seconds)."""
    return kb_services


@pytest.fixture(scope="session")
def data_dir(core) -> Path:
    """The data directory holding the session's index, for processes started by the tests."""
    return core.settings.data_dir


@pytest.fixture
def services(core, tmp_path) -> Services:
    """The core with this test's settings: its own data directory (store) and one staff member."""
    settings = core.settings.model_copy(update={"data_dir": tmp_path, "staff_ids": frozenset({STAFF_ID})})
    return dataclasses.replace(core, settings=settings)


@pytest.fixture
def server():
    with BotAPIServer() as s:
        yield s
    assert s.errors == [], "the Bot API server failed on a request"


@pytest.fixture
async def bot(server, services):
    """The application, polling the loopback server until the test ends."""
    application = build_application(services, base_url=server.base_url, token=server.token)
    async with polling(application):
        yield application
