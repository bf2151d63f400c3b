"""Staff insight in Telegram: /statistik sends a chart, /obesvarade lists what the documents did not
answer (masked); founders get neither. And the logs of a whole journey hold no message text or token."""

from __future__ import annotations

import logging

from bot.channels.telegram import build_application, polling
from telegram_harness import STAFF_ID, settle, store_of

ANSWERED = "Vem har det övergripande ansvaret för stöd till socialt företagande?"
UNANSWERED = "Vad kostar ett nytt pass hos polisen? Svara till anna.berg@example.se"
PNG = b"\x89PNG\r\n\x1a\n"


async def ask_two_and_vote(server, user) -> None:
    """A question the documents answer (👍 on it), and one they do not (with a phone number)."""
    user.send("/kommun")
    [picker] = await user.receive()
    user.press("Luleå", picker)
    await server.until(lambda: picker.edits)
    user.send(ANSWERED)
    [answer] = await user.receive()
    user.press("👍", answer)
    await server.until(lambda: "👍 ✓" in answer.buttons[0], what="the vote to be marked")
    user.send(UNANSWERED)
    [not_found] = await user.receive()
    assert not_found.text.startswith("Det hittar jag inget svar på")


async def test_statistik_sends_a_chart_to_staff_and_refuses_founders(bot, server, services):
    anna, stina = server.user("Anna"), server.user("Stina", user_id=STAFF_ID)
    await ask_two_and_vote(server, anna)

    stina.send("/statistik")
    [chart] = await stina.receive()
    assert chart.photo is not None and chart.photo.startswith(PNG) and len(chart.photo) > 10_000
    [call] = server.sent("sendPhoto")
    assert call.params["chat_id"] == STAFF_ID
    lines = chart.text.splitlines()
    assert lines[0] == "Sofia, senaste 30 dagarna"
    assert "Frågor: 2" in lines and "Besvarade ur dokumenten: 50 %" in lines
    assert "Inte i dokumenten: 50 % · /obesvarade" in lines and "Till en människa: 0 %" in lines
    assert "Återkoppling: 👍 1 · 👎 0" in lines
    assert "Vanligaste kommuner: Luleå (2)" in lines
    assert any(line.startswith("Vanligaste ämnen: ") and "(Luleå) (1)" in line for line in lines)

    anna.send("/statistik")
    [refused] = await anna.receive()
    assert refused.photo is None
    assert refused.text == "Det kommandot känner jag inte till. Skriv /hjalp för att se vad jag kan."
    assert len(server.sent("sendPhoto")) == 1


async def test_obesvarade_lists_the_unanswered_questions_masked(bot, server, services):
    anna, stina = server.user("Anna"), server.user("Stina", user_id=STAFF_ID)
    stina.send("/obesvarade")
    [empty] = await stina.receive()
    assert empty.text == "Inga obesvarade frågor sparade. (De sparas i 90 dagar.)"

    await ask_two_and_vote(server, anna)
    stina.send("/obesvarade")
    [listing] = await stina.receive()
    lines = listing.text.splitlines()
    assert lines[0] == "Frågor som dokumenten inte besvarade (senaste 1)"
    assert lines[1].endswith("· Luleå: Vad kostar ett nytt pass hos polisen? Svara till [E-POST]")
    assert "anna.berg" not in listing.text and "socialt företagande" not in listing.text

    anna.send("/obesvarade")
    [refused] = await anna.receive()
    assert refused.text.startswith("Det kommandot känner jag inte till.")
    # What the store keeps for the figures holds the masked text only.
    [row] = store_of(services).query(lambda db: db.execute("SELECT question FROM insight_events WHERE kind = 'not_found'").fetchall())
    assert row == ("Vad kostar ett nytt pass hos polisen? Svara till [E-POST]",)


async def test_logs_at_info_hold_no_message_text_and_no_token(server, services, caplog):
    caplog.set_level(logging.INFO)
    application = build_application(services, base_url=server.base_url, token=server.token)
    async with polling(application):
        anna, stina = server.user("Anna"), server.user("Stina", user_id=STAFF_ID)
        await ask_two_and_vote(server, anna)
        anna.send("Jag vill prata med en människa")
        await anna.receive()
        for command in ("/statistik", "/obesvarade", "/status"):
            stina.send(command)
            await stina.receive()
        await settle(application, server)
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "Sofia is up as @sofia_test_bot" in logged  # the logs were captured
    for secret in (server.token, server.token.split(":")[1], "övergripande ansvaret", "nytt pass", "anna.berg",
                   "prata med en människa"):
        assert secret.lower() not in logged.lower(), secret
