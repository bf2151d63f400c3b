"""Sofia's texts for talking to a person, in Swedish and English: the founder's side, in their
language (consent, their case, the answer back, rating), and the contact chat's side (the case
card, relayed messages, reminders, /arenden and /svara).

Kept apart from texts.py, which merges them into its tables, so that :func:`t` and
:func:`label` find every key in one place. The same rules hold: templates are trusted Telegram
HTML, values are escaped by ``t``, and button labels (``btn_``) are plain text.
"""

from __future__ import annotations

HANDOFF_TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "consent_header": "<b>Det här skickas till en kontaktperson</b>",
        "consent_footer": (
            "Inget skickas förrän du trycker på <b>Skicka</b>. Vill du förklara mer? Tryck på "
            "<i>Lägg till beskrivning</i>."
        ),
        "f_question": "Fråga", "f_municipality": "Kommun", "f_name": "Ditt namn i Telegram",
        "f_turns": "Senaste meddelandena", "f_description": "Beskrivning", "f_you": "Du", "f_sofia": "Sofia",
        "f_none": "ingen vald", "f_no_question": "ingen fråga ännu",
        "describe_prompt": (
            "Skriv din beskrivning i nästa meddelande. Den läggs till i ärendet, och du får se allt "
            "igen innan något skickas."
        ),
        "consent_cancelled": "Inget skickades.",
        "case_sent": (
            "✅ Ditt ärende <b>{code}</b> är skickat till {where}. {expect}\n\n"
            "Skriv här om du vill lägga till något – det går direkt till kontaktpersonen, inte till mig. "
            "/avsluta avslutar ärendet."
        ),
        "to_contact_in": "kontaktpersonen i {m}", "to_contact_at": "{m}", "to_contacts": "Sofias kontaktpersoner",
        "expect_default": "Du kan räkna med svar inom en arbetsdag (vardagar kl. 8–17).",
        "expect_hours": "Du kan räkna med svar under kontorstid: {hours}.",
        "relayed": "✉️ Skickat till kontaktpersonen (ärende {code}).",
        "already_open": (
            "Du har redan ett öppet ärende, <b>{code}</b>. Skriv här, så går det till kontaktpersonen. "
            "/avsluta avslutar ärendet."
        ),
        "claimed": "👤 En kontaktperson har tagit ditt ärende {code} och svarar här.",
        "reply": "💬 <b>Svar från kontaktpersonen{where}</b> (ärende {code}):\n\n{text}",
        "reply_footer": "<i>Svara här, så går det till kontaktpersonen. /avsluta avslutar ärendet.</i>",
        "reply_in": " i {m}", "reply_at": " hos {m}",
        "forwarded": "↪️ Ditt ärende {code} har lämnats över till {to}. Du får svaret här.",
        "closed": "✅ Ditt ärende {code} är stängt. Nu svarar jag, Sofia, på dina frågor igen.",
        "unreachable": (
            "⚠️ Ditt ärende {code} kunde inte nå någon kontaktperson, så det är stängt. Kontakta dem "
            "gärna direkt:"
        ),
        "ended": "Ditt ärende {code} är avslutat. Nu svarar jag, Sofia, på dina frågor igen.",
        "rate": "Hur mycket hjälpte kontakten? 1 = inte alls, 5 = mycket.",
        "rated": "Tack för ditt betyg: {rating} av 5.",
        "no_case": "Du har inget öppet ärende.",
        "offer": (
            "Jag har inte kunnat svara på dina två senaste frågor. Vill du att en kontaktperson tittar "
            "på det? Du får se vad som skickas innan något skickas."
        ),
        "offer_declined": "Okej! Fråga gärna på ett annat sätt.",
        "btn_send": "Skicka", "btn_describe": "Lägg till beskrivning", "btn_cancel": "Avbryt",
        "btn_offer_yes": "Ja, kontakta en människa", "btn_offer_no": "Nej tack",
        # The contact chat's side.
        "card_title": "🆕 <b>Ärende {code}</b> · {municipality}",
        "card_from": "Från: {name} (via Sofia)",
        "card_forwarded": "Vidarebefordrat av {name}.",
        "c_question": "Fråga", "c_description": "Beskrivning", "c_turns": "Delade meddelanden", "c_founder": "Grundaren",
        "c_answer": "Sofia svarade", "c_sources": "Källor", "c_none": "ingen kommun vald",
        "card_footer": "<i>Svara på det här meddelandet, eller skriv /svara {code} och ditt svar.</i>",
        "card_claimed": "👤 Handläggs av {name}.",
        "card_closed": "✅ Stängt av {name}.",
        "from_founder": "💬 <b>{code}</b> · {name} skriver:\n\n{text}",
        "from_founder_footer": "<i>Svara på det här meddelandet för att svara grundaren.</i>",
        "reply_prompt": "✍️ Svara på det här meddelandet med ditt svar till grundaren i ärende {code}.",
        "reply_sent": "✅ Svaret i {code} skickas till grundaren.",
        "saved": "⭐ Sparat som godkänt svar. Sofia använder det för liknande frågor och anger källan som ”{source}”.",
        "reminder": "⏰ Ärende {code} ({municipality}) har väntat i {age} utan att någon tagit det.",
        "founder_ended": "Grundaren avslutade ärende {code}.",
        "case_erased": "Grundaren i ärende {code} har raderat sina uppgifter. Ärendet är stängt.",
        "forward_pick": "Vart ska ärende {code} vidarebefordras?",
        "forwarded_note": "↪️ Ärende {code} är vidarebefordrat till {to}.",
        "closed_note": "✅ Ärende {code} är stängt. Grundaren har fått veta det.",
        "claimed_note": "Du har tagit ärendet.",
        "cases_header": "<b>Öppna ärenden</b> ({count} st)",
        "cases_none": "Inga öppna ärenden.",
        "cases_line": "• <b>{code}</b> · {municipality} · {age} · {owner}",
        "cases_unclaimed": "ingen har tagit det",
        "only_contacts": "Det här kan bara kontaktpersoner göra.",
        "case_not_found": "Det ärendet finns inte.",
        "case_is_closed": "Ärendet är redan stängt.",
        "case_claimed": "Någon annan har redan tagit ärendet.",
        "case_same_chat": "Ärendet finns redan där.",
        "case_sent_already": "Ärendet är redan skickat.",
        "case_no_contact": "Det finns ingen kontaktchatt att skicka till.",
        "svara_usage": "Skriv så här: /svara K-17 ditt svar",
        "default_target": "Sofias kontaktgrupp",
        "btn_claim": "Ta ärendet", "btn_reply": "Svara", "btn_forward": "Vidarebefordra", "btn_close": "Stäng",
        "btn_save": "Spara som godkänt svar",
        "btn_full": "Visa hela ärendet", "btn_save_confirm": "Spara den här texten",
        "save_preview": (
            "⭐ <b>Så här sparas svaret</b> och visas för andra som frågar något liknande. Personnummer, "
            "telefonnummer, e-postadresser och grundarens namn är maskerade:"
        ),
        "save_cancelled": "Svaret sparades inte.",
        "card_shortened": "<i>Kortat för att rymmas i ett meddelande: Visa hela ärendet ger allt.</i>",
        "case_full": "📄 Hela ärende {code}",
        "claimed_by": "{name} har redan tagit ärendet.",
        "claimed_already": "Du har redan ärendet.",
    },
    "en": {
        "consent_header": "<b>This is what will be sent to a contact person</b>",
        "consent_footer": (
            "Nothing is sent until you press <b>Send</b>. Want to explain more? Press "
            "<i>Add a description</i>."
        ),
        "f_question": "Question", "f_municipality": "Municipality", "f_name": "Your Telegram name",
        "f_turns": "Latest messages", "f_description": "Description", "f_you": "You", "f_sofia": "Sofia",
        "f_none": "none chosen", "f_no_question": "no question yet",
        "describe_prompt": (
            "Write your description in your next message. It is added to the case, and you will see "
            "everything again before anything is sent."
        ),
        "consent_cancelled": "Nothing was sent.",
        "case_sent": (
            "✅ Your case <b>{code}</b> has been sent to {where}. {expect}\n\n"
            "Write here if you want to add something – it goes straight to the contact person, not to me. "
            "/end ends the case."
        ),
        "to_contact_in": "the contact person in {m}", "to_contact_at": "{m}", "to_contacts": "Sofia's contact persons",
        "expect_default": "You can expect an answer within one working day (weekdays 8–17).",
        "expect_hours": "You can expect an answer during office hours: {hours}.",
        "relayed": "✉️ Sent to the contact person (case {code}).",
        "already_open": (
            "You already have an open case, <b>{code}</b>. Write here and it goes to the contact person. "
            "/end ends the case."
        ),
        "claimed": "👤 A contact person has taken your case {code} and will answer here.",
        "reply": "💬 <b>Answer from the contact person{where}</b> (case {code}):\n\n{text}",
        "reply_footer": "<i>Reply here and it goes to the contact person. /end ends the case.</i>",
        "reply_in": " in {m}", "reply_at": " at {m}",
        "forwarded": "↪️ Your case {code} has been passed on to {to}. You will get the answer here.",
        "closed": "✅ Your case {code} is closed. I, Sofia, answer your questions again.",
        "unreachable": (
            "⚠️ Your case {code} could not reach a contact person, so it is closed. Please contact "
            "them directly:"
        ),
        "ended": "Your case {code} has ended. I, Sofia, answer your questions again.",
        "rate": "How much did the contact help? 1 = not at all, 5 = a lot.",
        "rated": "Thank you for your rating: {rating} of 5.",
        "no_case": "You have no open case.",
        "offer": (
            "I could not answer your last two questions. Would you like a contact person to look at "
            "it? You will see what is sent before anything is sent."
        ),
        "offer_declined": "All right! Try asking another way.",
        "btn_send": "Send", "btn_describe": "Add a description", "btn_cancel": "Cancel",
        "btn_offer_yes": "Yes, contact a person", "btn_offer_no": "No thanks",
        "card_title": "🆕 <b>Case {code}</b> · {municipality}",
        "card_from": "From: {name} (via Sofia)",
        "card_forwarded": "Forwarded by {name}.",
        "c_question": "Question", "c_description": "Description", "c_turns": "Shared messages", "c_founder": "Founder",
        "c_answer": "Sofia answered", "c_sources": "Sources", "c_none": "no municipality chosen",
        "card_footer": "<i>Reply to this message, or write /reply {code} and your answer.</i>",
        "card_claimed": "👤 Handled by {name}.",
        "card_closed": "✅ Closed by {name}.",
        "from_founder": "💬 <b>{code}</b> · {name} writes:\n\n{text}",
        "from_founder_footer": "<i>Reply to this message to answer the founder.</i>",
        "reply_prompt": "✍️ Reply to this message with your answer to the founder in case {code}.",
        "reply_sent": "✅ The answer in {code} is on its way to the founder.",
        "saved": "⭐ Saved as an approved answer. Sofia uses it for similar questions, citing “{source}”.",
        "reminder": "⏰ Case {code} ({municipality}) has waited {age} without anyone taking it.",
        "founder_ended": "The founder ended case {code}.",
        "case_erased": "The founder in case {code} has erased their data. The case is closed.",
        "forward_pick": "Where should case {code} be forwarded?",
        "forwarded_note": "↪️ Case {code} has been forwarded to {to}.",
        "closed_note": "✅ Case {code} is closed. The founder has been told.",
        "claimed_note": "You have taken the case.",
        "cases_header": "<b>Open cases</b> ({count})",
        "cases_none": "No open cases.",
        "cases_line": "• <b>{code}</b> · {municipality} · {age} · {owner}",
        "cases_unclaimed": "not taken",
        "only_contacts": "Only contact persons can do this.",
        "case_not_found": "That case does not exist.",
        "case_is_closed": "The case is already closed.",
        "case_claimed": "Someone else has already taken the case.",
        "case_same_chat": "The case is already there.",
        "case_sent_already": "The case has already been sent.",
        "case_no_contact": "There is no contact chat to send to.",
        "svara_usage": "Write it like this: /reply K-17 your answer",
        "default_target": "Sofia's contact group",
        "btn_claim": "Take the case", "btn_reply": "Reply", "btn_forward": "Forward", "btn_close": "Close",
        "btn_save": "Save as approved answer",
        "btn_full": "Show the whole case", "btn_save_confirm": "Save this text",
        "save_preview": (
            "⭐ <b>This is how the answer is saved</b> and shown to others who ask something similar. "
            "Personal identity numbers, phone numbers, e-mail addresses and the founder's name are "
            "masked:"
        ),
        "save_cancelled": "The answer was not saved.",
        "card_shortened": "<i>Shortened to fit one message: Show the whole case gives everything.</i>",
        "case_full": "📄 The whole case {code}",
        "claimed_by": "{name} has already taken the case.",
        "claimed_already": "You already have the case.",
    },
}
