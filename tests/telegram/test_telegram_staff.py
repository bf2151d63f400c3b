"""Staff get every matching passage across municipalities, /status and /reindex."""

from __future__ import annotations

import json
import re

import pytest

from bot import __version__
from bot.channels.telegram.conversation import Conversations
from bot.cases.outbox import Outbox, Outgoing
from bot.records.store import Store
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
    assert any(re.fullmatch(r"Drifttid: \d+ h \d+ min", line) for line in lines)  # however long the start took
    assert "Utkorg till kontaktpersoner och grundare: 0 väntar · 0 olevererbara" in lines
    assert f"Version: {__version__}" in lines
    assert "⚠️" not in status.text  # nothing undeliverable, nothing to warn about


def enqueue(outbox: Outbox, key: str, chat_id: int) -> Outgoing:
    """Put a reply to a founder in the outbox; the message as the courier would take it."""
    outbox.store.transaction(lambda db: outbox.enqueue(db, key, chat_id, "reply", {"text": "Hej", "reply_id": 1}))
    return next(m for m in outbox.due() if m.key == key)


STATUS_WITH_DEAD = {
    "sv": ("Utkorg till kontaktpersoner och grundare: 1 väntar · 1 olevererbara",
           "⚠️ 1 meddelanden till kontaktpersoner eller grundare gick inte att leverera och skickas inte igen."),
    "en": ("Outbox to contact persons and founders: 1 pending · 1 undeliverable",
           "⚠️ 1 messages to contact persons or founders could not be delivered and will not be sent again."),
}


@pytest.mark.parametrize("language", ["sv", "en"])
async def test_status_shows_waiting_and_undeliverable_messages(bot, server, language):
    # No await between enqueueing and settling a message: the courier runs on this event loop, so
    # it cannot take the message in between.
    outbox = bot.bot_data["conversations"].outbox
    blocked = enqueue(outbox, "test:blocked", 9001)
    outbox.give_up(blocked, "Forbidden: bot was blocked by the user")  # refused for good: dead
    flooded = enqueue(outbox, "test:flooded", 9002)
    outbox.retry(flooded, "flood limit", delay=3600)  # still pending, due in an hour
    assert outbox.counts() == {"pending": 1, "sent": 0, "dead": 1}

    staff = server.user("Stina", user_id=STAFF_ID, language_code=language)
    staff.send("/status")
    [status] = await staff.receive()
    counts, warning = STATUS_WITH_DEAD[language]
    assert counts in status.text.splitlines()
    assert status.text.split("\n\n")[-1].startswith(warning)
    assert "contacts.yaml" in status.text and "SOFIA_HANDOFF_CHAT_ID" in status.text


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
