"""When Telegram fails (flood limits, server errors, dropped connections) every reply arrives once."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import threading

import pytest

from bot.channels.telegram import build_application, polling
from telegram_harness import settle

HELP_START = "Så använder du Sofia"


@pytest.mark.parametrize(("mode", "times"), [("429", 1), ("500", 2), ("drop", 2)])
async def test_a_failed_send_is_retried_and_arrives_once(bot, server, mode, times):
    anna = server.user()
    server.fail_next("sendMessage", mode, times=times, retry_after=1)
    anna.send("/hjalp")
    [reply] = await anna.receive()
    assert reply.text.startswith(HELP_START)
    await settle(bot, server)
    assert len(anna.messages()) == 1
    assert [c.outcome for c in server.sent("sendMessage", outcome=None)] == [mode] * times + ["ok"]


async def test_retry_after_is_waited_out(bot, server):
    anna = server.user()
    server.fail_next("sendMessage", "429", retry_after=2)
    anna.send("/hjalp")
    await anna.receive()
    # The server refuses (429 again) any call made before retry_after has passed, as Telegram does.
    assert [c.outcome for c in server.sent("sendMessage", outcome=None)] == ["429", "ok"]


@pytest.mark.parametrize("mode", ["429", "500", "drop"])
async def test_polling_survives_failing_get_updates(bot, server, mode):
    anna = server.user()
    server.fail_next("getUpdates", mode, times=2, retry_after=1)
    anna.send("/hjalp")
    [reply] = await anna.receive()
    assert reply.text.startswith(HELP_START)
    await settle(bot, server)
    assert len(anna.messages()) == 1


async def test_a_whole_answer_survives_failures_on_every_step(bot, server):
    anna = server.user()
    anna.send("/kommun")
    [picker] = await anna.receive()
    server.fail_next("answerCallbackQuery", "500")
    server.fail_next("editMessageText", "drop")
    query = anna.press("Luleå", picker)
    await server.until(lambda: picker.edits and query in server.callback_answers)

    server.fail_next("sendChatAction", "500")
    server.fail_next("sendMessage", "drop")
    anna.send("Vem har det övergripande ansvaret för stöd till socialt företagande?")
    [answer] = await anna.receive()
    assert "Kommunstyrelsen har det övergripande ansvaret" in answer.text
    await settle(bot, server)
    assert len(anna.messages()) == 2


async def test_a_failing_update_is_logged_and_the_user_told(bot, server, caplog):
    caplog.set_level(logging.INFO)
    anna = server.user()
    server.fail_next("sendMessage", "400")  # not a network error: the handler fails
    anna.send("/hjalp")
    [apology] = await anna.receive()
    assert apology.text == "Förlåt, något gick fel när jag skulle svara. Försök igen om en stund."
    assert any(r.levelno == logging.ERROR and "failed" in r.getMessage() for r in caplog.records)

    anna.send("/hjalp")  # the bot goes on
    [reply] = await anna.receive()
    assert reply.text.startswith(HELP_START)


async def test_logs_hold_no_token_and_no_message_text(bot, server, caplog):
    caplog.set_level(logging.INFO)
    anna = server.user()
    question = "Hur många anställda har mitt hemliga företag Zyxwvu AB?"
    anna.send(question)
    await anna.receive()
    for record in caplog.records:
        text = record.getMessage()
        assert server.token not in text
        assert "Zyxwvu" not in text


class ThreadRecorder:
    """The real answer service, noting which thread each answer was computed in."""

    def __init__(self, inner) -> None:
        self.inner, self.threads = inner, []

    def answer(self, *args, **kwargs):
        self.threads.append(threading.current_thread())
        return self.inner.answer(*args, **kwargs)


async def test_many_users_at_once_each_get_one_answer_off_the_event_loop(server, services):
    recorder = ThreadRecorder(services.answers)
    application = build_application(
        dataclasses.replace(services, answers=recorder), base_url=server.base_url, token=server.token
    )
    users = [server.user(f"U{i}") for i in range(12)]
    async with polling(application):
        warm_up = len(recorder.threads)  # answered before polling started: the models are loaded
        for user in users:
            user.send("Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?")
        answers = await asyncio.gather(*(u.receive() for u in users))
        await settle(application, server)

    assert all("Kommunstyrelsen" in a.text for [a] in answers)
    assert all(len(u.messages()) == 1 for u in users)
    assert warm_up > 0 and len(recorder.threads) == warm_up + 12
    assert threading.main_thread() not in recorder.threads
    # every answer was computed in the answering pool, none on the event loop's thread
    assert all(t.name.startswith("sofia-answer") for t in recorder.threads)


async def test_an_answer_does_not_overtake_one_still_on_its_way(bot, server):
    """The first question's typing indicator is slow to reach Telegram, and its answer waits for it;
    the second question, asked meanwhile, must still be answered after the first."""
    anna = server.user()
    server.fail_next("sendChatAction", "hold")
    anna.send("Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?")
    await server.until(lambda: server.hanging, what="the first typing indicator held")
    anna.send("och i Timrå då?")
    # An answer that overtakes arrives while the first is held; in order, none arrives until it is let go.
    with contextlib.suppress(AssertionError):
        await server.until(lambda: anna.unread(), timeout=5, what="an answer while the first is held")
    server.release.set()
    first, second = await anna.receive(2)
    assert "Luleå kommuns policy" in first.text
    assert "Timrå kommuns policy" in second.text


async def test_one_users_questions_are_answered_in_order(bot, server):
    anna = server.user()
    anna.send("Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?")
    anna.send("och i Timrå då?")
    first, second = await anna.receive(2)
    assert "Luleå kommuns policy" in first.text
    assert "Timrå kommuns policy" in second.text
