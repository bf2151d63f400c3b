"""Staff get every matching passage across municipalities, /status and /reindex."""

from __future__ import annotations

import json

from bot import __version__
from bot.channels.telegram.conversation import Conversations
from bot.store import Store
from telegram_fixtures import *  # noqa: F403 - the fixtures
from telegram_harness import STAFF_ID

QUESTION = "Vem har det övergripande ansvaret för stöd till socialt företagande?"


def municipalities_cited(text: str) -> set[str]:
    sources = text.split("Källor\n", 1)[1]
    return {m for m in ("Ljungby", "Luleå", "Timrå", "Uppsala") if m in sources}


async def choose(user, server, municipality: str) -> None:
    user.send("/kommun")
    [picker] = await user.receive()
    user.press(municipality, picker)
    await server.until(lambda: picker.edits)


async def test_staff_answers_span_municipalities(bot, server):
    founder = server.user("Fia")
    staff = server.user("Stina", user_id=STAFF_ID)
    for user in (founder, staff):
        await choose(user, server, "Luleå")
        user.send(QUESTION)
    [for_founder] = await founder.receive()
    [for_staff] = await staff.receive()
    assert municipalities_cited(for_founder.text) == {"Luleå"}
    assert {"Luleå", "Timrå"} <= municipalities_cited(for_staff.text)


async def test_status_shows_the_knowledge_base(bot, server):
    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send("/status")
    [status] = await staff.receive()
    lines = status.text.splitlines()
    assert lines[0] == "Status"
    assert "Dokument: 11" in lines
    assert any(line.startswith("Textavsnitt: ") and int(line.split(": ")[1]) > 50 for line in lines)
    assert any(line.startswith("Senast indexerat: 20") for line in lines)
    assert any(line.startswith("Drifttid: 0 h 0 min") for line in lines)
    assert f"Version: {__version__}" in lines


async def test_reindex_reports_what_changed(bot, server):
    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send("/reindex")
    started, done = await staff.receive(2, timeout=300)
    assert started.text == "Indexerar om kunskapsbasen …"
    assert done.text.startswith("✅ Omindexering klar: 0 added, 0 updated, 0 removed, 11 unchanged")


async def test_staff_have_their_commands_in_the_menu(bot, server):
    scope = json.dumps({"type": "chat", "chat_id": STAFF_ID}, sort_keys=True)
    commands = [c["command"] for c in server.commands[(scope, "")]]
    assert commands[-2:] == ["status", "reindex"]


async def test_only_one_reindex_runs_at_a_time(services, tmp_path):
    conversations = Conversations(services, Store(tmp_path / "sofia.sqlite3"))
    try:
        first = conversations.start_reindex()
        assert first is not None
        assert conversations.start_reindex() is None
        report = await first
        assert report.failed == []
        again = conversations.start_reindex()
        assert again is not None
        await again
    finally:
        conversations.close()
