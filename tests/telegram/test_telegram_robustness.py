"""Whatever people send, Sofia answers politely or not at all, and never fails; groups need a mention."""

from __future__ import annotations

import pytest

from telegram_harness import settle

ONLY_TEXT = "Jag kan bara läsa text. Skriv din fråga, så svarar jag utifrån dokumenten."
QUESTION = "Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?"


@pytest.mark.parametrize("kind", ["photo", "voice", "sticker", "document", "location", "contact"])
async def test_things_that_are_not_text_get_a_polite_answer(bot, server, kind):
    anna = server.user()
    anna.send_attachment(kind)
    [reply] = await anna.receive()
    assert reply.text == ONLY_TEXT
    await settle(bot, server)
    assert len(anna.messages()) == 1


async def test_edited_messages_and_channel_posts_are_left_alone(bot, server):
    anna = server.user()
    anna.edit("Vem ansvarar i Luleå? (rättat)")
    server.push_update("channel_post", {
        "message_id": 1, "date": 0, "text": "Nyhet från kanalen",
        "chat": {"id": -1001234, "type": "channel", "title": "Kanal"},
    })
    server.push_update("edited_channel_post", {
        "message_id": 1, "date": 0, "edit_date": 1, "text": "Nyhet (rättad)",
        "chat": {"id": -1001234, "type": "channel", "title": "Kanal"},
    })
    await settle(bot, server)
    assert server.sent("sendMessage", outcome=None) == []


async def test_odd_text_gets_an_answer_without_buttons(bot, server):
    anna = server.user()
    anna.send("🙂🙂🙂")
    [emoji] = await anna.receive()
    assert "Jag hittar inga ord i meddelandet" in emoji.text
    assert emoji.buttons == []

    anna.send("ord " * 3000)
    [huge] = await anna.receive()
    assert "för långt" in huge.text
    assert huge.buttons == []

    anna.send("Hej!")
    [hello] = await anna.receive()
    assert hello.text.startswith("Hej! Jag är Sofia.")
    assert hello.buttons == []


async def test_unknown_commands_and_staff_commands_for_founders(bot, server):
    anna = server.user()
    anna.send("/finnsinte")
    [reply] = await anna.receive()
    assert reply.text == "Det kommandot känner jag inte till. Skriv /hjalp för att se vad jag kan."
    anna.send("/status")
    [reply] = await anna.receive()
    assert reply.text.startswith("Det kommandot känner jag inte till")


async def test_stale_or_forged_buttons_are_answered_quietly(bot, server):
    anna = server.user()
    anna.send("/hjalp")
    [help_message] = await anna.receive()
    forged = [anna.press_data(data, help_message) for data in ("zzz", "f:+:999999", "s:abc", "m:Atlantis", "l:xx")]
    await server.until(lambda: all(q in server.callback_answers for q in forged))
    await settle(bot, server)
    assert "finns inte sparat längre" in server.callback_answers[forged[1]]["text"]
    assert "finns inte sparat längre" in server.callback_answers[forged[2]]["text"]
    assert help_message.text == "Den kommunen känner jag inte igen längre. Välj igen med /kommun."
    assert len(anna.messages()) == 1


async def test_groups_answer_only_when_mentioned_or_replied_to(bot, server):
    group = server.group()
    anna, bo = server.user("Anna"), server.user("Bo")

    anna.send(QUESTION, chat=group)
    bo.send_attachment("photo", chat=group)
    bo.send("Hej allihop, ses på fredag!", chat=group)
    await settle(bot, server)
    assert anna.messages(group) == []

    asked = anna.send(f"@sofia_test_bot {QUESTION}", chat=group)
    [answer] = await anna.receive(chat=group)
    assert "Kommunstyrelsen har det övergripande ansvaret" in answer.text
    assert answer.reply_to == asked

    followed = bo.send("och i Timrå då?", chat=group, reply_to=answer)
    _, follow_up = await bo.receive(2, chat=group)  # Anna's answer, then the reply to Bo
    assert follow_up.reply_to == followed

    anna.send("/start@sofia_test_bot", chat=group)
    _, greeting, picker = await anna.receive(3, chat=group)  # Bo's answer, then hers
    assert greeting.text.startswith("Hej Anna!")
    assert picker.reply_to is not None

    bo.send("/start@some_other_bot", chat=group)
    await settle(bot, server)
    assert len(anna.messages(group)) == 4
