"""Talking to a person, end to end over HTTP: a founder, contact persons in their contact chats,
and what each of them sees."""

from __future__ import annotations

import copy
import dataclasses
import re
import time

import pytest

from bot.answers.service import AnswerService
from bot.answers.approved import ApprovedAnswers
from bot.channels.telegram import build_application, polling
from bot.cases.outbox import Backoff, Outbox
from fake_people import Chat
from telegram_harness import STAFF_ID, settle, store_of

UPPSALA_CHAT = Chat(-1001000000001, "supergroup", "Kontakt Uppsala")
COOMPANION_CHAT = Chat(-1001000000002, "supergroup", "Coompanion")
STAFF_CHAT = Chat(-1001000000003, "supergroup", "Sofias kontaktgrupp")
ANSWERED = "Vem ansvarar för att följa upp handlingsplanen i Uppsala?"
UNANSWERED = "Kan vi få hyra en lokal billigt av kommunen för vårt café?"
FAST = Backoff(base=0.2, cap=1.0)
TODAY = time.strftime("%Y-%m-%d")


def with_contact_chats(services, **settings):
    """The test's services with contact chats: Uppsala's, Coompanion's, and the default one."""
    contacts = copy.deepcopy(services.contacts)
    contacts.places["Uppsala"].contact["telegram_chat_id"] = UPPSALA_CHAT.id
    contacts.actors["Coompanion"].contact["telegram_chat_id"] = COOMPANION_CHAT.id
    updated = services.settings.model_copy(update={"handoff_chat_id": STAFF_CHAT.id, **settings})
    answers = AnswerService(services.knowledge, contacts, history_max_age_s=updated.history_max_age_s,
                            approved=ApprovedAnswers(updated.database_path))
    return dataclasses.replace(services, settings=updated, contacts=contacts, answers=answers)


@pytest.fixture
def handoff_services(services):
    return with_contact_chats(services)


@pytest.fixture
async def app(server, handoff_services):
    application = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    async with polling(application):
        yield application


async def choose(user, server, municipality: str) -> None:
    user.send("/kommun")
    [picker] = await user.receive()
    user.press(municipality, picker)
    await server.until(lambda: picker.edits)


async def open_case(anna, server, question: str = ANSWERED):
    """Anna asks, presses "Prata med en människa", and confirms; returns her confirmation."""
    await choose(anna, server, "Uppsala")
    anna.send(question)
    [answer] = await anna.receive()
    anna.press("Prata med en människa", answer)
    [preview] = await anna.receive()
    anna.press("Skicka", preview)
    await server.until(lambda: preview.edits, what="the case to be sent")
    return preview


def sends_to(server, chat: Chat) -> list[str]:
    """How each sendMessage to the chat ended, in order."""
    return [c.outcome for c in server.sent("sendMessage", outcome=None) if int(c.params["chat_id"]) == chat.id]


async def test_request_consent_card_claim_reply_follow_up_close_and_rating(app, server, handoff_services):
    anna = server.user("Anna", username="anna_f")
    lena = server.user("Lena", user_id=5001)
    await choose(anna, server, "Uppsala")
    anna.send(ANSWERED)
    [answer] = await anna.receive()

    # Before anything is shared Anna sees exactly what would be sent.
    anna.press("Prata med en människa", answer)
    [preview] = await anna.receive()
    assert preview.text.startswith("Det här skickas till en kontaktperson\n\n")
    assert f"Fråga: {ANSWERED}" in preview.text
    assert "Kommun: Uppsala" in preview.text
    assert "Ditt namn i Telegram: Anna (@anna_f)" in preview.text
    assert f"Senaste meddelandena:\n• Du: {ANSWERED}\n• Sofia: Uppsala kommuns handlingsplan" in preview.text
    assert "Inget skickas förrän du trycker på Skicka." in preview.text
    assert preview.buttons == [["Skicka", "Lägg till beskrivning"], ["Avbryt"]]

    # She adds a description and sees the whole again; still nothing has gone anywhere.
    anna.press("Lägg till beskrivning", preview)
    [prompt] = await anna.receive()
    assert prompt.text.startswith("Skriv din beskrivning i nästa meddelande.")
    anna.send("Vi är tre personer som vill starta ett café med arbetsträning.")
    [preview] = await anna.receive()
    assert "Beskrivning: Vi är tre personer som vill starta ett café med arbetsträning." in preview.text
    assert lena.messages(UPPSALA_CHAT) == [] and lena.messages(STAFF_CHAT) == []

    # Consent: Anna is told the case is sent and when to expect an answer.
    anna.press("Skicka", preview)
    await server.until(lambda: preview.edits)
    assert preview.text.startswith("✅ Ditt ärende K-1 är skickat till kontaktpersonen i Uppsala. "
                                   "Du kan räkna med svar inom en arbetsdag (vardagar kl. 8–17).")
    assert "/avsluta avslutar ärendet." in preview.text and preview.buttons == []

    # The card reaches Uppsala's contact chat, with the question, the turns, Sofia's answer and sources.
    [card] = await lena.receive(chat=UPPSALA_CHAT)
    assert card.text.startswith("🆕 Ärende K-1 · Uppsala\nFrån: Anna (@anna_f) (via Sofia)\n")
    assert f"Fråga: {ANSWERED}" in card.text
    assert "Beskrivning: Vi är tre personer" in card.text
    assert f"Delade meddelanden:\n• Grundaren: {ANSWERED}\n• Sofia: Uppsala kommuns handlingsplan" in card.text
    assert "Sofia svarade: Uppsala kommuns handlingsplan" in card.text
    assert "Källor:\n[1] Handlingsplan sociala företag, Uppsala" in card.text
    assert card.buttons == [["Ta ärendet", "Svara"], ["Vidarebefordra", "Stäng"]]
    assert lena.messages(STAFF_CHAT) == []

    # Lena claims it: the card shows who has it, and Anna is told.
    lena.press("Ta ärendet", card, chat=UPPSALA_CHAT)
    await server.until(lambda: "👤 Handläggs av Lena." in card.text, what="the card to show the owner")
    assert card.buttons == [["Svara"], ["Vidarebefordra", "Stäng"]]
    [claimed] = await anna.receive()
    assert claimed.text == "👤 En kontaktperson har tagit ditt ärende K-1 och svarar här."

    # Lena replies to the card; Anna receives it as from Uppsala's contact person.
    lena.send("Hej Anna! Boka gärna ett möte med oss på arbetsmarknadsförvaltningen.", chat=UPPSALA_CHAT, reply_to=card)
    [note] = await lena.receive(chat=UPPSALA_CHAT)
    assert note.text == "✅ Svaret i K-1 skickas till grundaren."
    assert note.buttons == [["Spara som godkänt svar"]]
    [reply] = await anna.receive()
    assert reply.text.startswith("💬 Svar från kontaktpersonen i Uppsala (ärende K-1):\n\n"
                                 "Hej Anna! Boka gärna ett möte med oss på arbetsmarknadsförvaltningen.")

    # Anna follows up: it goes to the contact chat, not to Sofia.
    anna.send("Tack! Vilken dag passar?")
    [ack] = await anna.receive()
    assert ack.text == "✉️ Skickat till kontaktpersonen (ärende K-1)."
    [relayed] = await lena.receive(chat=UPPSALA_CHAT)
    assert relayed.text.startswith("💬 K-1 · Anna (@anna_f) skriver:\n\nTack! Vilken dag passar?")

    # /svara works too; /arenden lists the case with its age and owner.
    lena.send("/svara K-1 Tisdag kl. 10 passar bra.", chat=UPPSALA_CHAT)
    await lena.receive(chat=UPPSALA_CHAT)
    [reply] = await anna.receive()
    assert "Tisdag kl. 10 passar bra." in reply.text
    lena.send("/arenden", chat=UPPSALA_CHAT)
    [listing] = await lena.receive(chat=UPPSALA_CHAT)
    assert re.fullmatch(r"Öppna ärenden \(1 st\)\n• K-1 · Uppsala · (\d+ h )?\d+ min · Lena", listing.text)

    # Lena closes it; Anna is told and rates the help.
    lena.press("Stäng", card, chat=UPPSALA_CHAT)
    await server.until(lambda: "✅ Stängt av Lena." in card.text, what="the card to show it closed")
    assert card.buttons == []
    [closed] = await anna.receive()
    assert closed.text.startswith("✅ Ditt ärende K-1 är stängt. Nu svarar jag, Sofia, på dina frågor igen.")
    assert closed.buttons == [["1", "2", "3", "4", "5"]]
    anna.press("4", closed)
    await server.until(lambda: closed.edits)
    assert closed.text == "Tack för ditt betyg: 4 av 5."

    # Sofia answers Anna again.
    anna.send(ANSWERED)
    [again] = await anna.receive()
    assert "Källor\n[1] Handlingsplan sociala företag, Uppsala" in again.text
    await settle(app, server)
    # Anna can see her answer a moment before the courier hears Telegram confirm it and marks it sent.
    outbox = Outbox(store_of(handoff_services))
    await server.until(lambda: outbox.counts()["pending"] == 0, what="the last answer to be marked sent")
    # Six messages about the case, and through the same outbox Anna's two answers and the preview.
    assert outbox.counts() == {"pending": 0, "sent": 9, "dead": 0}


async def test_founders_cannot_act_on_cases(app, server):
    anna, bo = server.user("Anna"), server.user("Bo")
    await open_case(anna, server)
    [card] = await server.user("Lena").receive(chat=UPPSALA_CHAT)

    # /svara, /arenden and a card's buttons are refused to a founder; nothing changes.
    bo.send("/svara K-1 Jag låtsas vara kontaktperson")
    [refused] = await bo.receive()
    assert refused.text == "Det här kan bara kontaktpersoner göra."
    bo.send("/arenden")
    [refused] = await bo.receive()
    assert refused.text == "Det här kan bara kontaktpersoner göra."
    # (A button press comes from a message in the presser's own chat: Bo's private chat.)
    for data in ("c:claim:1", "c:close:1", "c:to:1:Coompanion", "c:reply:1"):
        query = bo.press_data(data, bo.messages()[-1])
        await server.until(lambda: query in server.callback_answers)
        assert server.callback_answers[query]["text"] == "Det här kan bara kontaktpersoner göra."
    # Nor can Anna, from her own chat, even on her own case; nor rate a case that is not hers.
    query = anna.press_data("c:claim:1", anna.messages()[-1])
    await server.until(lambda: query in server.callback_answers)
    assert server.callback_answers[query]["show_alert"] is True
    query = bo.press_data("r:1:5", bo.messages()[-1])
    await server.until(lambda: query in server.callback_answers)
    assert server.callback_answers[query]["text"] == "Det ärendet finns inte."
    await settle(app, server)
    assert card.buttons == [["Ta ärendet", "Svara"], ["Vidarebefordra", "Stäng"]] and card.edits == []
    assert bo.messages() and not any("K-1" in m.text and "Svar" in m.text for m in bo.messages())
    assert [m.text for m in anna.unread()] == []  # Anna got nothing from Bo's attempts

    # Staff may act anywhere: /arenden in a private chat lists every open case.
    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send("/arenden")
    [listing] = await staff.receive()
    assert listing.text.startswith("Öppna ärenden (1 st)\n• K-1 · Uppsala · ")
    assert listing.text.endswith("ingen har tagit det")


async def test_forwarding_to_another_contact(app, server):
    anna, lena, olle = server.user("Anna"), server.user("Lena", user_id=5001), server.user("Olle", user_id=5002)
    await open_case(anna, server)
    [card] = await lena.receive(chat=UPPSALA_CHAT)

    lena.press("Vidarebefordra", card, chat=UPPSALA_CHAT)
    [picker] = await lena.receive(chat=UPPSALA_CHAT)
    assert picker.text == "Vart ska ärende K-1 vidarebefordras?"
    assert picker.buttons == [["Coompanion", "Sofias kontaktgrupp"]]
    lena.press("Coompanion", picker, chat=UPPSALA_CHAT)
    await server.until(lambda: picker.edits)
    assert picker.text == "↪️ Ärende K-1 är vidarebefordrat till Coompanion."

    [moved] = await olle.receive(chat=COOMPANION_CHAT)
    assert moved.text.startswith("🆕 Ärende K-1 · Uppsala")
    assert "Vidarebefordrat av Lena." in moved.text
    [told] = await anna.receive()
    assert told.text == "↪️ Ditt ärende K-1 har lämnats över till Coompanion. Du får svaret här."

    # Uppsala's chat no longer holds the case; Coompanion's does.
    query = lena.press("Stäng", card, chat=UPPSALA_CHAT)
    await server.until(lambda: query in server.callback_answers)
    assert server.callback_answers[query]["text"] == "Det här kan bara kontaktpersoner göra."
    olle.send("Välkommen att boka rådgivning hos oss!", chat=COOMPANION_CHAT, reply_to=moved)
    [reply] = await anna.receive()
    assert reply.text.startswith("💬 Svar från kontaktpersonen hos Coompanion (ärende K-1):\n\nVälkommen att boka")


async def test_a_failed_delivery_is_retried_and_arrives_once(app, server, handoff_services):
    anna, lena = server.user("Anna"), server.user("Lena")
    await open_case(anna, server)
    [card] = await lena.receive(chat=UPPSALA_CHAT)
    server.fail_next("sendMessage", "500", times=2)
    server.fail_next("sendMessage", "drop", times=1)
    lena.send("Vi hör av oss i morgon.", chat=UPPSALA_CHAT, reply_to=card)
    [reply] = await anna.receive()
    assert "Vi hör av oss i morgon." in reply.text
    await lena.receive(chat=UPPSALA_CHAT)
    await settle(app, server)
    await server.until(lambda: Outbox(store_of(handoff_services)).counts()["pending"] == 0)
    assert len([m for m in anna.messages() if "Vi hör av oss" in m.text]) == 1
    assert len([c for c in server.sent("sendMessage", outcome=None) if c.outcome != "ok"]) == 3


async def test_a_restart_in_the_middle_of_a_case_loses_nothing_and_sends_nothing_twice(server, handoff_services):
    anna, lena = server.user("Anna"), server.user("Lena")
    slow = Backoff(base=3600)  # the first process never retries: what failed waits for the second
    first = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=slow)
    async with polling(first):
        await choose(anna, server, "Uppsala")
        anna.send(ANSWERED)
        [answer] = await anna.receive()
        anna.press("Prata med en människa", answer)
        [preview] = await anna.receive()
        server.fail_next("sendMessage", "500")  # the card's first delivery fails
        anna.press("Skicka", preview)
        await server.until(lambda: preview.edits and sends_to(server, UPPSALA_CHAT) == ["500"])
        await settle(first, server)
    assert lena.messages(UPPSALA_CHAT) == []

    second = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    async with polling(second):
        [card] = await lena.receive(chat=UPPSALA_CHAT)  # delivered after the restart
        assert card.text.startswith("🆕 Ärende K-1 · Uppsala")
        # A reply to the card still reaches Anna, and her follow-up still goes to the contact chat.
        lena.send("Ring mig på måndag.", chat=UPPSALA_CHAT, reply_to=card)
        [reply] = await anna.receive()
        assert "Ring mig på måndag." in reply.text
        await lena.receive(chat=UPPSALA_CHAT)
        await settle(second, server)

    third = build_application(handoff_services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    async with polling(third):
        anna.send("Okej, tack!")
        [ack] = await anna.receive()
        assert ack.text == "✉️ Skickat till kontaktpersonen (ärende K-1)."
        [relayed] = await lena.receive(chat=UPPSALA_CHAT)
        assert "Okej, tack!" in relayed.text
        await settle(third, server)
    assert sends_to(server, UPPSALA_CHAT).count("ok") == 3  # card, "svaret skickas", the follow-up
    assert len([m for m in lena.messages(UPPSALA_CHAT) if m.text.startswith("🆕")]) == 1
    assert len([m for m in anna.messages() if "Ring mig på måndag." in m.text]) == 1


async def test_an_approved_answer_is_reused_for_a_similar_question(app, server):
    anna, lena, bo = server.user("Anna"), server.user("Lena"), server.user("Bo")
    await choose(anna, server, "Uppsala")
    # Two questions Sofia cannot answer: she offers a person.
    anna.send("Hur ansöker jag om ett startbidrag för min glasskiosk?")
    await anna.receive()
    anna.send(UNANSWERED)
    [not_found, offer] = await anna.receive(2)
    assert not_found.text.startswith("Det hittar jag inget svar på")
    assert offer.text.startswith("Jag har inte kunnat svara på dina två senaste frågor.")
    assert offer.buttons == [["Ja, kontakta en människa", "Nej tack"]]
    anna.press("Ja, kontakta en människa", offer)
    [preview] = await anna.receive()
    assert f"Fråga: {UNANSWERED}" in preview.text
    anna.press("Skicka", preview)
    [card] = await lena.receive(chat=UPPSALA_CHAT)

    answer_text = "Kommunen hyr ut lokaler till sociala företag till reducerad hyra; kontakta fastighetskontoret."
    lena.send(answer_text, chat=UPPSALA_CHAT, reply_to=card)
    [note] = await lena.receive(chat=UPPSALA_CHAT)
    lena.press("Spara som godkänt svar", note, chat=UPPSALA_CHAT)
    [preview] = await lena.receive(chat=UPPSALA_CHAT)
    assert preview.text.startswith("⭐ Så här sparas svaret") and preview.text.endswith(answer_text)
    assert preview.buttons == [["Spara den här texten", "Avbryt"]]
    lena.press("Spara den här texten", preview, chat=UPPSALA_CHAT)
    await server.until(lambda: preview.edits)
    note = preview
    assert note.text.endswith(f"⭐ Sparat som godkänt svar. Sofia använder det för liknande frågor och anger källan "
                              f"som ”Svar från kontaktperson i Uppsala, {TODAY}”.")

    await choose(bo, server, "Uppsala")
    bo.send("Kan vi hyra en lokal billigt av kommunen?")
    [reused] = await bo.receive()
    assert reused.text.startswith(f"En kontaktperson i Uppsala har svarat på en liknande fråga:\n\n{answer_text} [1]")
    assert f"Källor\n[1] Svar från kontaktperson i Uppsala, {TODAY}" in reused.text
    # Another municipality's founder gets no Uppsala answer.
    cia = server.user("Cia")
    await choose(cia, server, "Luleå")
    cia.send("Kan vi hyra en lokal billigt av kommunen?")
    [other] = await cia.receive()
    assert "kontaktperson i Uppsala" not in other.text


async def test_asking_in_words_ending_the_case_and_erasing(app, server, handoff_services):
    anna, lena = server.user("Anna"), server.user("Lena")
    await choose(anna, server, "Uppsala")
    anna.send(ANSWERED)
    await anna.receive()
    anna.send("Jag vill prata med en människa")
    [contacts, preview] = await anna.receive(2)
    assert "Du vill prata med en människa" in contacts.text
    assert f"Fråga: {ANSWERED}" in preview.text
    anna.press("Skicka", preview)
    [card] = await lena.receive(chat=UPPSALA_CHAT)

    # /kontakt while the case is open says so; /avsluta ends it and asks for a rating.
    anna.send("/kontakt")
    [details, already] = await anna.receive(2)
    assert already.text.startswith("Du har redan ett öppet ärende, K-1.")
    anna.send("/avsluta")
    [ended] = await anna.receive()
    assert ended.text.startswith("Ditt ärende K-1 är avslutat.") and ended.buttons == [["1", "2", "3", "4", "5"]]
    [note] = await lena.receive(chat=UPPSALA_CHAT)
    assert note.text == "Grundaren avslutade ärende K-1."

    # A second case, then /radera: the contact chat is told, and the case keeps no personal data.
    anna.send("/kontakt")
    [details, preview] = await anna.receive(2)
    anna.press("Skicka", preview)
    await lena.receive(chat=UPPSALA_CHAT)
    anna.send("/radera")
    [confirm] = await anna.receive()
    anna.press("Ja, radera allt", confirm)
    [erased] = await lena.receive(chat=UPPSALA_CHAT)
    assert erased.text == "Grundaren i ärende K-2 har raderat sina uppgifter. Ärendet är stängt."
    kept = store_of(handoff_services)
    rows = kept.query(lambda db: db.execute("SELECT founder_id, founder_name, question, turns, state FROM cases").fetchall())
    assert rows == [(0, "", "", "[]", "closed"), (0, "", "", "[]", "closed")]
    assert kept.query(lambda db: db.execute("SELECT COUNT(*) FROM case_messages").fetchone()) == (0,)


async def test_an_unclaimed_case_brings_a_reminder(server, handoff_services):
    services = dataclasses.replace(
        handoff_services, settings=handoff_services.settings.model_copy(update={"handoff_remind_after_s": 1.0})
    )
    application = build_application(services, base_url=server.base_url, token=server.token, outbox_backoff=FAST)
    anna, lena = server.user("Anna"), server.user("Lena")
    async with polling(application):
        await open_case(anna, server)
        card, reminder = await lena.receive(2, chat=UPPSALA_CHAT)
        assert re.fullmatch(r"⏰ Ärende K-1 \(Uppsala\) har väntat i \d+ min utan att någon tagit det\.", reminder.text)
        assert reminder.buttons == card.buttons
        lena.press("Ta ärendet", reminder, chat=UPPSALA_CHAT)
        await anna.receive()  # "En kontaktperson har tagit ditt ärende"
        await settle(application, server)
