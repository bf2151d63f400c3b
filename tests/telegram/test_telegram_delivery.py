"""Nothing lost: answers and case messages are delivered under sustained faults, in order, after
waiting out retry_after; a long case reaches its contact person; a case that cannot reach anyone
is reported to its founder with the contact details, and to staff in /status."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.channels.telegram import build_application, polling
from bot.cases.outbox import Outbox
from telegram_harness import STAFF_ID, settle, store_of
from test_telegram_handoff import FAST, UPPSALA_CHAT, choose, handoff_services  # noqa: F401

LULEA = "Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?"
TIMRA = "Vem samordnar arbetet med social ekonomi i Timrå?"


@pytest.fixture
async def app(server, handoff_services):
    application = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    async with polling(application):
        yield application


@pytest.mark.parametrize(("mode", "times"), [("429", 6), ("502", 5)])
async def test_an_answer_outlasts_sustained_faults(app, server, mode, times):
    anna = server.user()
    server.fail_next("sendMessage", mode, times=times, retry_after=1)
    anna.send(LULEA)
    [answer] = await anna.receive(timeout=120)
    assert "Kommunstyrelsen har det övergripande ansvaret" in answer.text
    await settle(app, server)
    assert len(anna.messages()) == 1
    assert [c.outcome for c in server.sent("sendMessage", outcome=None)] == [mode] * times + ["ok"]


async def test_the_outbox_keeps_telegrams_retry_after(app, server, handoff_services):
    anna = server.user()
    server.fail_next("sendMessage", "429", retry_after=3600)
    anna.send(LULEA)
    outbox = Outbox(store_of(handoff_services))
    failed = await server.until(
        lambda: outbox.store.query(lambda db: db.execute("SELECT attempts, next_at FROM outbox").fetchone()),
        what="the answer to be in the outbox")
    await server.until(lambda: server.sent("sendMessage", outcome="429"))
    attempts, next_at = await server.until(
        lambda: outbox.store.query(lambda db: db.execute("SELECT attempts, next_at FROM outbox WHERE attempts > 0").fetchone()),
        what="the failed attempt to be recorded")
    # The backoff alone would retry within a second; Telegram asked for an hour.
    assert attempts == 1 and next_at - time.time() > 3000
    assert failed is not None and anna.messages() == []


async def test_a_chats_second_answer_never_overtakes_a_first_one_being_retried(app, server):
    anna = server.user()
    server.fail_next("sendMessage", "500", times=5)
    anna.send(LULEA)
    anna.send(TIMRA)
    first, second = await anna.receive(2, timeout=120)
    assert "Luleå kommuns policy" in first.text
    assert "Timrå" in second.text


async def test_a_long_case_reaches_its_contact_person_whole(app, server):
    anna = server.user("Anna 🌻" * 8, username="anna_lang")
    lena = server.user("Lena", user_id=5001)
    await choose(anna, server, "Uppsala")
    long_question = "Vem ansvarar för att följa upp handlingsplanen i Uppsala? " + "Vi undrar 🌟 & <mer> om detta. " * 40
    anna.send(long_question)
    await anna.receive()
    anna.send("Och vem beslutar om <b>upphandling</b> & reserverade kontrakt i Uppsala? " + "🙂 Tack! " * 120)
    [answer] = await anna.receive()
    anna.press("Prata med en människa", answer)
    [preview] = await anna.receive()
    anna.press("Lägg till beskrivning", preview)
    await anna.receive()
    anna.send(("Vi är ett kooperativ med 🌱 arbetsträning & café. " * 40)[:1500])
    [preview] = await anna.receive()
    assert "Vi är ett kooperativ" in preview.text and "&lt;b&gt;upphandling&lt;/b&gt;" in preview.html
    anna.press("Skicka", preview)
    [card] = await lena.receive(chat=UPPSALA_CHAT)
    assert card.text.startswith("🆕 Ärende K-1 · Uppsala")
    assert "Kortat för att rymmas i ett meddelande" in card.text
    assert "Och vem beslutar om <b>upphandling</b> & reserverade" in card.text  # escaped, shown as written
    assert card.buttons[-1] == ["Visa hela ärendet"]
    lena.press("Visa hela ärendet", card, chat=UPPSALA_CHAT)
    whole = await server.until(lambda: len(lena.messages(UPPSALA_CHAT)) >= 3 and lena.messages(UPPSALA_CHAT)[1:])
    text = "\n".join(m.text for m in whole)
    assert text.startswith("📄 Hela ärende K-1")
    assert ("Vi är ett kooperativ med 🌱 arbetsträning & café. " * 40)[:1500].strip() in text.replace("\n", " ")
    await settle(app, server)
    assert not [c for c in server.sent("sendMessage", outcome=None) if c.outcome == "400"]


async def test_a_case_that_cannot_reach_anyone_is_reported_to_founder_and_staff(app, server):
    anna = server.user("Anna")
    staff = server.user("Stina", user_id=STAFF_ID)
    server.blocked.add(UPPSALA_CHAT.id)  # Sofia was removed from the contact group
    await choose(anna, server, "Uppsala")
    anna.send("/kontakt")
    [_, preview] = await anna.receive(2)
    anna.press("Skicka", preview)
    [told] = await anna.receive()
    assert told.text.startswith("⚠️ Ditt ärende K-1 kunde inte nå någon kontaktperson, så det är stängt.")
    assert "Uppsala" in told.text and "Coompanion" in told.text  # the contact details instead
    anna.send("Hallå?")  # the case is closed: Sofia answers her again instead of relaying into nothing
    [reply] = await anna.receive()
    assert not reply.text.startswith("✉️")
    staff.send("/status")
    [status] = await staff.receive()
    assert "Ärenden som inte nådde någon kontaktperson (grundaren fick kontaktuppgifterna): K-1" in status.text


async def test_an_answer_in_flight_when_sofia_stops_is_finished_and_not_sent_again(server, handoff_services):
    anna = server.user()
    first = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    server.fail_next("sendMessage", "hold")
    async with polling(first):
        anna.send(LULEA)
        await server.until(lambda: server.hanging, what="the answer's send to be in flight")
        loop = asyncio.get_running_loop()
        loop.call_later(0.5, server.release.set)  # Telegram answers while Sofia is stopping
    [answer] = await anna.receive()
    assert "Kommunstyrelsen" in answer.text
    second = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    async with polling(second):
        anna.send("/hjalp")
        await anna.receive()
        await settle(second, server)
    assert len(anna.messages()) == 2  # the answer once, then the help
