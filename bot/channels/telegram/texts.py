"""Sofia's Telegram interface in Swedish and English.

Templates are Telegram HTML written here, so they are trusted; every value put into them goes
through ``html.escape`` in :func:`t`, so user or document text can never break the markup.
Button labels and command descriptions are plain text.
"""

from __future__ import annotations

import html

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "greeting": (
            "<b>Hej {name}!</b> Jag heter Sofia och svarar på frågor om att starta ett "
            "arbetsintegrerande socialt företag, utifrån kommunernas egna styrdokument och guider om "
            "Coompanion, Arbetsförmedlingen och andra aktörer.\n\n"
            "<b>Det här kan jag</b>\n"
            "• svara på frågor om vad din kommun har beslutat och vilket stöd som finns – alltid med källa\n"
            "• visa exakt vad dokumenten säger (knappen <i>Källor</i>)\n"
            "• ge dig kontaktpersoner att prata med\n\n"
            "<b>Det här kan jag inte</b>\n"
            "• fatta beslut, söka stöd åt dig eller ge juridisk rådgivning\n"
            "• svara på sådant som dokumenten inte tar upp – då säger jag det och hänvisar till en människa\n\n"
            "Skriv inga känsliga personuppgifter. Med /radera tar du bort allt jag har sparat om dig."
        ),
        "choose_municipality": "Vilken kommun gäller det?",
        "municipality_chosen": (
            "✅ Kommun: <b>{municipality}</b>. Ställ din fråga, till exempel: "
            "<i>Vilket stöd kan kommunen ge ett socialt företag?</i>"
        ),
        "municipality_other": (
            "✅ Jag har inga dokument från din kommun, men svarar utifrån de allmänna guiderna och de "
            "kommuner jag känner till. Med /kontakt får du kontaktuppgifter till Coompanion och "
            "Arbetsförmedlingen."
        ),
        "municipality_unknown": "Den kommunen känner jag inte igen längre. Välj igen med /kommun.",
        "choose_language": "Vilket språk vill du använda? / Which language do you want?",
        "language_chosen": "✅ Jag skriver på svenska. Frågor på engelska besvarar jag på engelska.",
        "help": (
            "<b>Så använder du Sofia</b>\n"
            "Skriv din fråga med egna ord, till exempel <i>Vem ansvarar för sociala företag i Luleå?</i> "
            "Följdfrågor som <i>och i Timrå då?</i> förstår jag också.\n\n"
            "/start – börja om och välj kommun\n"
            "/kommun – byt kommun\n"
            "/kontakt – kontaktpersoner\n"
            "/om – vilka dokument jag känner till\n"
            "/sprak – byt språk\n"
            "/radera – radera allt jag har sparat om dig\n"
            "/hjalp – den här hjälpen\n\n"
            "Under varje svar: <i>Källor</i> visar citaten, 👍/👎 säger om svaret hjälpte och "
            "<i>Prata med en människa</i> ger dig en kontaktperson."
        ),
        "about_header": "<b>Dokument jag svarar utifrån</b> ({count} st)",
        "about_none": "Jag har inga dokument inlästa just nu.",
        "general": "allmänt",
        "undated": "odaterat",
        "erase_confirm": (
            "Vill du att jag raderar allt jag har sparat om dig – vald kommun och språk, dina senaste "
            "frågor och svar och dina 👍/👎? Det går inte att ångra."
        ),
        "erased": "🗑 Klart. Allt jag hade sparat om dig är raderat. Skriv /start om du vill börja om.",
        "erase_cancelled": "Inget raderades.",
        "sources_header": "<b>Källor</b>",
        "no_sources": "Det här svaret bygger inte på något citat ur dokumenten.",
        "sources_gone": "Det svaret finns inte sparat längre. Ställ frågan igen.",
        "thanks_up": "Tack! Skönt att svaret hjälpte.",
        "thanks_down": "Tack för att du säger till. Prova gärna att fråga på ett annat sätt, eller prata med en människa.",
        "contact_header": "<b>Kontakt</b>",
        "only_text": "Jag kan bara läsa text. Skriv din fråga, så svarar jag utifrån dokumenten.",
        "unknown_command": "Det kommandot känner jag inte till. Skriv /hjalp för att se vad jag kan.",
        "error": "Förlåt, något gick fel när jag skulle svara. Försök igen om en stund.",
        "status": (
            "<b>Status</b>\n"
            "Dokument: {documents}\n"
            "Textavsnitt: {chunks}\n"
            "Senast indexerat: {last_ingest}\n"
            "Inbäddningsmodell: {embedding_model}\n"
            "Drifttid: {uptime}\n"
            "Återkoppling: 👍 {up} · 👎 {down}\n"
            "Version: {version}"
        ),
        "reindex_started": "Indexerar om kunskapsbasen …",
        "reindex_busy": "En omindexering pågår redan.",
        "reindex_done": "✅ Omindexering klar: {report}",
        "reindex_failed": "Omindexeringen misslyckades: {error}",
        "failed_files": "Kunde inte läsas: {files}",
        "never": "aldrig",
        # Buttons and menus (plain text).
        "btn_sources": "Källor",
        "btn_human": "Prata med en människa",
        "btn_other_municipality": "En annan kommun",
        "btn_erase_yes": "Ja, radera allt",
        "btn_erase_no": "Avbryt",
        "bot_description": (
            "Sofia svarar på frågor om att starta ett arbetsintegrerande socialt företag, utifrån "
            "kommunernas egna dokument och alltid med källa. Hon hänvisar till en människa när "
            "dokumenten inte räcker. Tryck på Starta."
        ),
        "bot_short_description": "Frågor om att starta ett arbetsintegrerande socialt företag – svar med källor.",
    },
    "en": {
        "greeting": (
            "<b>Hi {name}!</b> I'm Sofia. I answer questions about starting a work-integration "
            "social enterprise (arbetsintegrerande socialt företag), from the municipalities' own "
            "policy documents and guides on Coompanion, Arbetsförmedlingen (the Public Employment "
            "Service) and other actors.\n\n"
            "<b>What I can do</b>\n"
            "• answer what your municipality has decided and what support there is – always with the source\n"
            "• show exactly what the documents say (the <i>Sources</i> button)\n"
            "• give you contact persons to talk to\n\n"
            "<b>What I can't do</b>\n"
            "• make decisions, apply for support for you or give legal advice\n"
            "• answer what the documents don't cover – then I say so and refer you to a person\n\n"
            "The documents are in Swedish, so quotes are in Swedish. Please don't write sensitive "
            "personal data. /delete erases everything I have stored about you."
        ),
        "choose_municipality": "Which municipality is it about?",
        "municipality_chosen": (
            "✅ Municipality: <b>{municipality}</b>. Ask your question, for example: "
            "<i>What support can the municipality give a social enterprise?</i>"
        ),
        "municipality_other": (
            "✅ I have no documents from your municipality, but I answer from the general guides and "
            "the municipalities I know. /contact gives you contact details for Coompanion and "
            "Arbetsförmedlingen."
        ),
        "municipality_unknown": "I no longer know that municipality. Please choose again with /municipality.",
        "choose_language": "Vilket språk vill du använda? / Which language do you want?",
        "language_chosen": "✅ I'll write in English. Questions in Swedish get answers in Swedish.",
        "help": (
            "<b>How to use Sofia</b>\n"
            "Ask in your own words, for example <i>Who is responsible for social enterprises in Luleå?</i> "
            "I also understand follow-ups like <i>and in Timrå?</i>\n\n"
            "/start – start over and choose your municipality\n"
            "/municipality – change municipality\n"
            "/contact – contact persons\n"
            "/about – which documents I know\n"
            "/language – change language\n"
            "/delete – erase everything I have stored about you\n"
            "/help – this help\n\n"
            "Under each answer: <i>Sources</i> shows the quotes, 👍/👎 tells me whether it helped, and "
            "<i>Talk to a person</i> gives you a contact person."
        ),
        "about_header": "<b>Documents I answer from</b> ({count})",
        "about_none": "I have no documents loaded right now.",
        "general": "general",
        "undated": "undated",
        "erase_confirm": (
            "Shall I erase everything I have stored about you – your municipality and language, your "
            "recent questions and answers, and your 👍/👎? This cannot be undone."
        ),
        "erased": "🗑 Done. Everything I had stored about you is erased. Type /start to begin again.",
        "erase_cancelled": "Nothing was erased.",
        "sources_header": "<b>Sources</b>",
        "no_sources": "This answer does not rest on a quote from the documents.",
        "sources_gone": "That answer is no longer stored. Please ask again.",
        "thanks_up": "Thank you! Glad it helped.",
        "thanks_down": "Thanks for telling me. Try asking another way, or talk to a person.",
        "contact_header": "<b>Contact</b>",
        "only_text": "I can only read text. Type your question and I'll answer from the documents.",
        "unknown_command": "I don't know that command. Type /help to see what I can do.",
        "error": "Sorry, something went wrong while I was answering. Please try again in a moment.",
        "status": (
            "<b>Status</b>\n"
            "Documents: {documents}\n"
            "Passages: {chunks}\n"
            "Last indexed: {last_ingest}\n"
            "Embedding model: {embedding_model}\n"
            "Uptime: {uptime}\n"
            "Feedback: 👍 {up} · 👎 {down}\n"
            "Version: {version}"
        ),
        "reindex_started": "Re-indexing the knowledge base …",
        "reindex_busy": "A re-index is already running.",
        "reindex_done": "✅ Re-index done: {report}",
        "reindex_failed": "The re-index failed: {error}",
        "failed_files": "Could not be read: {files}",
        "never": "never",
        "btn_sources": "Sources",
        "btn_human": "Talk to a person",
        "btn_other_municipality": "Another municipality",
        "btn_erase_yes": "Yes, erase everything",
        "btn_erase_no": "Cancel",
        "bot_description": (
            "Sofia answers questions about starting a work-integration social enterprise in Sweden, "
            "from the municipalities' own documents and always with the source. She refers you to a "
            "person when the documents are not enough. Press Start."
        ),
        "bot_short_description": "Starting a work-integration social enterprise in Sweden – answers with sources.",
    },
}

# Talking to a person: the founder's side (their language) and the contact chat's side.
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
        "case_same_chat": "Ärendet finns redan där.",
        "case_sent_already": "Ärendet är redan skickat.",
        "case_no_contact": "Det finns ingen kontaktchatt att skicka till.",
        "svara_usage": "Skriv så här: /svara K-17 ditt svar",
        "default_target": "Sofias kontaktgrupp",
        "btn_claim": "Ta ärendet", "btn_reply": "Svara", "btn_forward": "Vidarebefordra", "btn_close": "Stäng",
        "btn_save": "Spara som godkänt svar",
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
        "case_same_chat": "The case is already there.",
        "case_sent_already": "The case has already been sent.",
        "case_no_contact": "There is no contact chat to send to.",
        "svara_usage": "Write it like this: /reply K-17 your answer",
        "default_target": "Sofia's contact group",
        "btn_claim": "Take the case", "btn_reply": "Reply", "btn_forward": "Forward", "btn_close": "Close",
        "btn_save": "Save as approved answer",
    },
}
for _language, _texts in HANDOFF_TEXTS.items():
    assert not set(_texts) & set(TEXTS[_language]), "a text key is used twice"
    TEXTS[_language].update(_texts)

# Commands as (Swedish name, English name, Swedish description, English description).
COMMANDS = (
    ("start", "start", "Börja om och välj kommun", "Start over and choose your municipality"),
    ("kommun", "municipality", "Byt kommun", "Change municipality"),
    ("kontakt", "contact", "Kontaktpersoner", "Contact persons"),
    ("om", "about", "Vilka dokument Sofia känner till", "Which documents Sofia knows"),
    ("sprak", "language", "Byt språk / Change language", "Change language / Byt språk"),
    ("radera", "delete", "Radera allt Sofia sparat om dig", "Erase everything Sofia stored about you"),
    ("hjalp", "help", "Hjälp", "Help"),
)
STAFF_COMMANDS = (
    ("arenden", "cases", "Öppna ärenden", "Open cases"),
    ("svara", "reply", "Svara i ett ärende: /svara K-17 text", "Answer a case: /reply K-17 text"),
    ("statistik", "stats", "Frågor, svar och återkoppling i diagram", "Questions, answers and feedback as a chart"),
    ("obesvarade", "unanswered", "Frågor dokumenten inte besvarade", "Questions the documents did not answer"),
    ("status", "status", "Kunskapsbasens status", "Knowledge base status"),
    ("reindex", "reindex", "Indexera om dokumenten", "Re-index the documents"),
)
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}


def language_of(stored: str | None, language_code: str | None) -> str:
    """The user's choice if made; else English for English Telegram clients, Swedish otherwise."""
    if stored in LANGUAGES:
        return stored
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def t(language: str, key: str, **values: object) -> str:
    """The text ``key`` in ``language`` with ``values`` escaped into it."""
    template = TEXTS.get(language, TEXTS[DEFAULT_LANGUAGE])[key]
    if not values:
        return template
    return template.format(**{k: html.escape(str(v), quote=False) for k, v in values.items()})


def label(language: str, key: str) -> str:
    """A plain-text label (buttons, descriptions)."""
    return TEXTS.get(language, TEXTS[DEFAULT_LANGUAGE])[key]
