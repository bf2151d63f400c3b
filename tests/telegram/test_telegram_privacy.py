"""Nothing leaked: an approved answer carries no founder's personal data to others, /radera leaves
nothing the founder wrote (or was sent about them) in any file under the data directory, and the
buttons under an answer act only in the chat the answer was given in."""

from __future__ import annotations

import time
from pathlib import Path

from bot.channels.telegram import build_application, polling
from bot.records.store import Store
from telegram_harness import settle, store_of
from test_telegram_handoff import FAST, UNANSWERED, UPPSALA_CHAT, choose, handoff_services  # noqa: F401

MARKER = "Zorbulex"  # the founder's company name: written by her, and by the contact person about her
PERSONAL = ("Zorbulex", "19800101-1234", "070-1234567", "Andersson", "anna.zq@example.se")
REPLY = "Hej Anna Andersson! Din ansökan 19800101-1234 för Zorbulex är mottagen, ring 070-1234567."
MASKED = "Hej [NAMN] [NAMN]! Din ansökan [PERSONNUMMER] för Zorbulex är mottagen, ring [TELEFON]."
SIMILAR = "Kan vi hyra en lokal billigt av kommunen?"


def files_holding(data_dir: Path, needles: tuple[str, ...]) -> dict[str, list[str]]:
    """Which files under the data directory hold which of the needles, as bytes (UTF-8 or UTF-16)."""
    found: dict[str, list[str]] = {}
    for path in data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits = [n for n in needles if n.encode() in data or n.encode("utf-16-le") in data]
            if hits:
                found[str(path.relative_to(data_dir))] = hits
    return found


async def test_an_approved_answer_is_masked_and_radera_leaves_nothing_in_the_data_directory(server, handoff_services):
    data_dir = handoff_services.settings.data_dir
    application = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    anna = server.user("Anna Andersson", username="anna_zq")
    lena, bo = server.user("Lena", user_id=5001), server.user("Bo")
    async with polling(application):
        await choose(anna, server, "Uppsala")
        anna.send(f"Hur ansöker {MARKER} om ett startbidrag för en glasskiosk? Mejla anna.zq@example.se.")
        await anna.receive()
        anna.send(UNANSWERED)
        [_, offer] = await anna.receive(2)
        anna.press("Ja, kontakta en människa", offer)
        [preview] = await anna.receive()
        anna.press("Skicka", preview)
        [card] = await lena.receive(chat=UPPSALA_CHAT)
        assert MARKER in card.text

        # The contact person replies with personal data and saves the reply: she sees exactly the
        # masked text that will be reused, and only that is shown to another founder.
        lena.send(REPLY, chat=UPPSALA_CHAT, reply_to=card)
        [note] = await lena.receive(chat=UPPSALA_CHAT)
        [received] = await anna.receive()
        assert REPLY in received.text
        lena.press("Spara som godkänt svar", note, chat=UPPSALA_CHAT)
        [confirm] = await lena.receive(chat=UPPSALA_CHAT)
        assert confirm.text.endswith(MASKED)
        lena.press("Spara den här texten", confirm, chat=UPPSALA_CHAT)
        await server.until(lambda: confirm.edits)
        await choose(bo, server, "Uppsala")
        bo.send(SIMILAR)
        [reused] = await bo.receive()
        assert MASKED in reused.text
        assert not any(p in reused.text for p in PERSONAL[1:])
        await settle(application, server)
        assert files_holding(data_dir, PERSONAL)  # the test can see what it looks for

        anna.send("/radera")
        [ask] = await anna.receive()
        anna.press("Ja, radera allt", ask)
        [erased] = await lena.receive(chat=UPPSALA_CHAT)
        assert erased.text.startswith("Grundaren i ärende K-1 har raderat sina uppgifter.")
        await settle(application, server)
        await server.until(lambda: ask.edits)
        # While Sofia runs (the database open, its write-ahead log beside it) nothing is left.
        assert files_holding(data_dir, PERSONAL) == {}

        # The approved answer went with her data: Bo's similar question is no longer answered with it.
        bo.send(SIMILAR)
        [again] = await bo.receive()
        assert "kontaktperson i Uppsala" not in again.text
        await settle(application, server)
    assert files_holding(data_dir, PERSONAL) == {}
    kept = store_of(handoff_services)
    assert kept.query(lambda db: db.execute("SELECT COUNT(*) FROM approved_answers").fetchone()) == (0,)
    assert kept.query(lambda db: db.execute("SELECT COUNT(*) FROM case_refs").fetchone()) == (0,)


async def test_only_contact_persons_may_save_an_approved_answer(server, handoff_services):
    application = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    anna, lena, bo = server.user("Anna"), server.user("Lena", user_id=5001), server.user("Bo")
    async with polling(application):
        await choose(anna, server, "Uppsala")
        anna.send("/kontakt")
        [_, preview] = await anna.receive(2)
        anna.press("Skicka", preview)
        [card] = await lena.receive(chat=UPPSALA_CHAT)
        lena.send("Vi ringer dig i morgon.", chat=UPPSALA_CHAT, reply_to=card)
        [note] = await lena.receive(chat=UPPSALA_CHAT)
        await anna.receive()
        bo.send("/hjalp")
        [help_message] = await bo.receive()
        refused = [bo.press_data(data, help_message) for data in ("c:save:1", "c:saveok:1")]
        await server.until(lambda: all(q in server.callback_answers for q in refused))
        assert all(server.callback_answers[q]["text"] == "Det här kan bara kontaktpersoner göra." for q in refused)
        await settle(application, server)
    kept = store_of(handoff_services)
    assert kept.query(lambda db: db.execute("SELECT COUNT(*) FROM approved_answers").fetchone()) == (0,)
    assert note.buttons == [["Spara som godkänt svar"]]


async def test_answer_buttons_act_only_in_the_chat_of_their_answer(bot, server, services):
    anna, mallory = server.user("Anna"), server.user("Mallory")
    anna.send("Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?")
    [answer] = await anna.receive()
    data = {label: answer.button_data(label) for label in ("Källor", "👎", "Prata med en människa")}
    mallory.send("/hjalp")
    [own] = await mallory.receive()
    forged = [mallory.press_data(d, own) for d in data.values()]
    await server.until(lambda: all(q in server.callback_answers for q in forged))
    await settle(bot, server)
    assert store_of(services).feedback(int(data["👎"].split(":")[-1])) == {}
    assert server.callback_answers[forged[0]]["text"] == "Det svaret finns inte sparat längre. Ställ frågan igen."
    assert not any("Kommunstyrelsen" in m.text for m in mallory.messages())  # no sources shown to her

    # Anna's own presses still work.
    anna.press("👍", answer)
    anna.press("Källor", answer)
    [sources] = await anna.receive()
    assert sources.text.startswith("Källor")
    assert store_of(services).feedback(int(data["👎"].split(":")[-1])) == {anna.id: 1}


async def test_a_start_purges_what_is_past_retention_before_polling(server, services):
    from bot.models import Answer

    old = Store(services.settings.database_path, retention_days=90, clock=lambda: time.time() - 100 * 86400)
    old.record_answer(7, Answer("Gammal fråga om Qwertix", "svar", False, False, [], kind="not_found"))
    old.close()
    application = build_application(services, base_url=server.base_url, token=server.token)
    async with polling(application):
        # Nothing was asked yet: the start itself purged (a bot restarted daily never reaches its daily purge).
        kept = store_of(services)
        assert kept.query(lambda db: db.execute("SELECT COUNT(*) FROM answers").fetchone()) == (0,)
        assert kept.query(lambda db: db.execute("SELECT COUNT(*) FROM insight_events WHERE question IS NOT NULL").fetchone()) == (0,)
