"""Every press is answered and nothing goes wrong on a repeated, stale or forged one: claims are
idempotent, a claimed case is not taken over by a stray press, bad data gets a short answer."""

from __future__ import annotations

import pytest

from bot.channels.telegram import build_application, polling
from telegram_harness import settle
from test_telegram_handoff import FAST, UPPSALA_CHAT, open_case, handoff_services  # noqa: F401

APOLOGY = "Förlåt, något gick fel"


@pytest.fixture
async def app(server, handoff_services):
    application = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    async with polling(application):
        yield application


async def test_claiming_twice_or_by_a_second_member_changes_nothing(app, server):
    anna, lena, olle = server.user("Anna"), server.user("Lena", user_id=5001), server.user("Olle", user_id=5002)
    await open_case(anna, server)
    [card] = await lena.receive(chat=UPPSALA_CHAT)
    first = lena.press("Ta ärendet", card, chat=UPPSALA_CHAT)
    second = lena.press_data("c:claim:1", card)  # the same button again, before the card changed
    await server.until(lambda: first in server.callback_answers and second in server.callback_answers)
    await server.until(lambda: "👤 Handläggs av Lena." in card.text)
    olle_press = olle.press_data("c:claim:1", card)  # a second member, on the card as it was
    await server.until(lambda: olle_press in server.callback_answers)
    await settle(app, server)

    assert server.callback_answers[olle_press]["text"] == "Lena har redan tagit ärendet."
    assert "👤 Handläggs av Lena." in card.text and "Olle" not in card.text
    assert [m.text for m in anna.unread()] == ["👤 En kontaktperson har tagit ditt ärende K-1 och svarar här."]
    assert not any(APOLOGY in m.text for m in lena.messages(UPPSALA_CHAT))
    assert not server.sent("editMessageText", outcome="400")


FORGED = ("k:", "k:send:99999999999999999999", "k:send:١٢", "c:claim:", "c:claim:²", "c:claim:18446744073709551616",
          "r:1:x", "r::", "f:+:١", "s:99999999999999999999", "h:-1", "e:", "l:", "o:", "c:", "zzz")


async def test_malformed_button_data_is_answered_shortly(app, server):
    anna = server.user("Anna")
    anna.send("/hjalp")
    [help_message] = await anna.receive()
    queries = [anna.press_data(data, help_message) for data in FORGED]
    await server.until(lambda: all(q in server.callback_answers for q in queries), what="every press to be answered")
    await settle(app, server)
    assert not any(APOLOGY in m.text for m in anna.messages())
    for query, data in zip(queries, FORGED):
        text = server.callback_answers[query].get("text") or ""
        assert text, f"{data!r} was answered without a word"
