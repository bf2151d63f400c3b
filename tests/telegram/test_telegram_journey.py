"""Founders chat with Sofia in Telegram, end to end over HTTP: what they see is what is asserted."""

from __future__ import annotations

import json

from bot.channels.telegram import build_application, polling
from telegram_harness import settle, store_of

LULEA_QUESTION = "Vem har det övergripande ansvaret för stöd till socialt företagande?"


async def test_founder_journey_from_start_to_erasure(bot, server, services):
    anna = server.user("Anna", language_code="sv")

    # /start: a greeting in Swedish, what Sofia can and cannot do, and the municipalities.
    anna.send("/start")
    greeting, picker = await anna.receive(2)
    assert greeting.text.startswith("Hej Anna!")
    assert "Det här kan jag\n" in greeting.text and "Det här kan jag inte" in greeting.text
    assert picker.text == "Vilken kommun gäller det?"
    assert picker.buttons == [["Ljungby", "Luleå"], ["Timrå", "Uppsala"], ["En annan kommun"]]

    # Choosing a municipality confirms it in place, and the button press is answered.
    query = anna.press("Luleå")
    await server.until(lambda: picker.edits, what="the picker to be edited")
    assert picker.text.startswith("✅ Kommun: Luleå.")
    assert picker.buttons == []
    assert query in server.callback_answers

    # A question: typing, then the answer with its source and the buttons.
    anna.send(LULEA_QUESTION)
    [answer] = await anna.receive()
    assert "Kommunstyrelsen har det övergripande ansvaret för stöd till socialt företagande" in answer.text
    assert "[1]" in answer.text
    assert "Källor\n[1] Policy – Socialt företagande, Luleå" in answer.text
    assert answer.buttons == [["Källor", "👍", "👎"], ["Prata med en människa"]]
    typing = [c for c in server.sent("sendChatAction") if c.params["chat_id"] == anna.id]
    assert typing and typing[0].params["action"] == "typing"
    assert typing[0].at < answer.sent_at

    # Källor: the quoted passages, with document, section and date, under the answer.
    anna.press("Källor", answer)
    [sources] = await anna.receive()
    assert sources.reply_to == answer.message_id
    assert sources.text.startswith("Källor\n\n[1] Policy – Socialt företagande, Luleå, avsnitt «Ansvarsfördelning», 2011-04-26")
    assert "<blockquote>Kommunstyrelsen har det övergripande ansvaret" in sources.html

    # 👍 is stored with the answer's id and marked on the keyboard.
    anna.press("👍", answer)
    await server.until(lambda: answer.buttons[0] == ["Källor", "👍 ✓", "👎"], what="the vote to be marked")
    answer_id = int(answer.button_data("Källor").rsplit(":", 1)[1])
    with_votes = store_of(services)
    assert with_votes.feedback(answer_id) == {anna.id: 1}
    assert with_votes.answer(answer_id).question == LULEA_QUESTION

    # A follow-up is read with the question before it.
    anna.send("och i Timrå då?")
    [follow_up] = await anna.receive()
    assert "Timrå kommuns policy" in follow_up.text
    assert "[1] Policy för den sociala ekonomin och socialt företagande i Timrå kommun" in follow_up.text

    # "Prata med en människa" gives the contacts for the answer's municipality.
    anna.press("Prata med en människa", follow_up)
    [contacts] = await anna.receive()
    assert contacts.text.startswith("Kontakt\n\nTimrå kommun")
    assert "Coompanion" in contacts.text and "Arbetsförmedlingen" in contacts.text

    # /radera asks first, then erases everything kept about Anna.
    anna.send("/radera")
    [confirm] = await anna.receive()
    assert confirm.buttons == [["Ja, radera allt", "Avbryt"]]
    anna.press("Ja, radera allt")
    await server.until(lambda: confirm.edits, what="the erasure to be confirmed")
    assert confirm.text.startswith("🗑 Klart. Allt jag hade sparat om dig är raderat.")
    kept = store_of(services)
    assert kept.preferences(anna.id).municipality is None
    assert kept.recent_turns(anna.id) == []
    assert kept.answer(answer_id) is None
    assert kept.feedback_counts() == (0, 0)

    # The old answer's sources are gone, and Anna is told so.
    query = anna.press("Källor", answer)
    await server.until(lambda: query in server.callback_answers)
    assert "finns inte sparat längre" in server.callback_answers[query]["text"]


async def test_english_user_gets_english_interface(bot, server):
    john = server.user("John", language_code="en-GB")
    john.send("/start")
    greeting, picker = await john.receive(2)
    assert greeting.text.startswith("Hi John!")
    assert "What I can't do" in greeting.text
    assert picker.buttons[-1] == ["Another municipality"]
    john.press("Another municipality")
    await server.until(lambda: picker.edits)
    assert "I have no documents from your municipality" in picker.text

    john.send("Who is responsible for social enterprises in Uppsala?")
    [answer] = await john.receive()
    assert "Uppsala" in answer.text and "Sources\n[1]" in answer.text
    assert answer.buttons == [["Sources", "👍", "👎"], ["Talk to a person"]]

    john.send("/help")
    [help_text] = await john.receive()
    assert "/municipality – change municipality" in help_text.text


async def test_language_can_be_changed(bot, server):
    eva = server.user("Eva", language_code="sv")
    eva.send("/sprak")
    [menu] = await eva.receive()
    assert menu.buttons == [["Svenska", "English"]]
    eva.press("English")
    await server.until(lambda: menu.edits)
    assert menu.text.startswith("✅ I'll write in English.")
    eva.send("/hjalp")
    [help_text] = await eva.receive()
    assert help_text.text.startswith("How to use Sofia")


async def test_names_and_questions_cannot_break_the_markup(bot, server):
    mallory = server.user("<b>Mallory</b> & </i>", language_code="sv")
    mallory.send("/start")
    greeting, _ = await mallory.receive(2)
    assert greeting.text.startswith("Hej <b>Mallory</b> & </i>!")
    assert "&lt;b&gt;Mallory&lt;/b&gt; &amp; &lt;/i&gt;" in greeting.html

    mallory.send("<script>alert('x')</script> & vad säger </b> Luleå om <i>upphandling?")
    [answer] = await mallory.receive()
    assert answer.text  # parsed as Telegram would: the server refuses broken HTML
    assert server.sent("sendMessage", outcome="400") == []


async def test_commands_kontakt_om_and_kommun(bot, server):
    bo = server.user("Bo")
    bo.send("/kommun")
    [picker] = await bo.receive()
    bo.press("Timrå", picker)
    await server.until(lambda: picker.edits)

    bo.send("/kontakt")
    [contacts] = await bo.receive()
    assert contacts.text.startswith("Kontakt\n\nTimrå kommun")
    assert "Coompanion" in contacts.text and "Arbetsförmedlingen" in contacts.text

    bo.send("/om")
    [about] = await bo.receive()
    assert about.text.startswith("Dokument jag svarar utifrån (11 st)")
    assert "• Policy – Socialt företagande – Luleå, 2011-04-26" in about.text
    assert "• Handlingsplan sociala företag – Uppsala, 2018-09-05" in about.text


async def test_asking_for_a_person_shows_contact_details(bot, server):
    cia = server.user("Cia")
    cia.send("Jag vill prata med en människa")
    [reply] = await cia.receive()
    assert "Du vill prata med en människa" in reply.text
    assert "Coompanion" in reply.text and "Arbetsförmedlingen" in reply.text


async def test_preferences_survive_a_restart(server, services):
    dan = server.user("Dan")
    first = build_application(services, base_url=server.base_url, token=server.token)
    async with polling(first):
        dan.send("/kommun")
        [picker] = await dan.receive()
        dan.press("Uppsala", picker)
        await server.until(lambda: picker.edits)

    second = build_application(services, base_url=server.base_url, token=server.token)
    async with polling(second):
        dan.send("/kontakt")
        [contacts] = await dan.receive()
        assert contacts.text.startswith("Kontakt\n\nUppsala kommun")
        await settle(second, server)


async def test_commands_and_descriptions_are_registered(bot, server):
    default = json.dumps({"type": "default"}, sort_keys=True)
    swedish = [c["command"] for c in server.commands[(default, "")]]
    english = [c["command"] for c in server.commands[(default, "en")]]
    assert swedish == ["start", "kommun", "kontakt", "om", "sprak", "radera", "hjalp"]
    assert english == ["start", "municipality", "contact", "about", "language", "delete", "help"]
    assert server.descriptions[("description", "")].startswith("Sofia svarar på frågor")
    assert server.descriptions[("description", "en")].startswith("Sofia answers questions")
    assert server.descriptions[("short_description", "en")]
