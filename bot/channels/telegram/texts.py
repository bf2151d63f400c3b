"""Sofia's Telegram interface in Swedish and English.

Templates are Telegram HTML written here, so they are trusted; every value put into them goes
through ``html.escape`` in :func:`t`, so user or document text can never break the markup.
Button labels and command descriptions are plain text.

The texts for talking to a person are in handoff_texts.py and staff insight's in insight.py;
both join the tables here, so :func:`t` and :func:`label` find every key.
"""

from __future__ import annotations

import html

from bot.channels.telegram.handoff_texts import HANDOFF_TEXTS

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
        "section_header": "<b>Avsnittet</b>",
        "no_sources": "Det här svaret bygger inte på något citat ur dokumenten.",
        "sources_gone": "Det svaret finns inte sparat längre. Ställ frågan igen.",
        "thanks_up": "Tack! Skönt att svaret hjälpte.",
        "thanks_down": "Tack för att du säger till. Prova gärna att fråga på ett annat sätt, eller prata med en människa.",
        "contact_header": "<b>Kontakt</b>",
        "only_text": "Jag kan bara läsa text. Skriv din fråga, så svarar jag utifrån dokumenten.",
        "unknown_command": "Det kommandot känner jag inte till. Skriv /hjalp för att se vad jag kan.",
        "error": "Förlåt, något gick fel när jag skulle svara. Försök igen om en stund.",
        "button_invalid": "Den knappen gäller inte längre.",
        "status": (
            "<b>Status</b>\n"
            "Dokument: {documents}\n"
            "Textavsnitt: {chunks}\n"
            "Senast indexerat: {last_ingest}\n"
            "Inbäddningsmodell: {embedding_model}\n"
            "Drifttid: {uptime}\n"
            "Återkoppling: 👍 {up} · 👎 {down}\n"
            "Utkorg till kontaktpersoner och grundare: {outbox_pending} väntar · {outbox_dead} olevererbara\n"
            "Version: {version}"
        ),
        "status_dead": (
            "⚠️ {dead} meddelanden till kontaktpersoner eller grundare gick inte att leverera och skickas "
            "inte igen. Oftast finns chatten inte, eller så är Sofia inte med i den eller blockerad där. "
            "Kontrollera kontaktchattarna i contacts.yaml och SOFIA_HANDOFF_CHAT_ID."
        ),
        "status_unreachable": "⚠️ Ärenden som inte nådde någon kontaktperson (grundaren fick kontaktuppgifterna): {cases}",
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
        "section_header": "<b>The section</b>",
        "no_sources": "This answer does not rest on a quote from the documents.",
        "sources_gone": "That answer is no longer stored. Please ask again.",
        "thanks_up": "Thank you! Glad it helped.",
        "thanks_down": "Thanks for telling me. Try asking another way, or talk to a person.",
        "contact_header": "<b>Contact</b>",
        "only_text": "I can only read text. Type your question and I'll answer from the documents.",
        "unknown_command": "I don't know that command. Type /help to see what I can do.",
        "error": "Sorry, something went wrong while I was answering. Please try again in a moment.",
        "button_invalid": "That button is no longer valid.",
        "status": (
            "<b>Status</b>\n"
            "Documents: {documents}\n"
            "Passages: {chunks}\n"
            "Last indexed: {last_ingest}\n"
            "Embedding model: {embedding_model}\n"
            "Uptime: {uptime}\n"
            "Feedback: 👍 {up} · 👎 {down}\n"
            "Outbox to contact persons and founders: {outbox_pending} pending · {outbox_dead} undeliverable\n"
            "Version: {version}"
        ),
        "status_dead": (
            "⚠️ {dead} messages to contact persons or founders could not be delivered and will not be "
            "sent again. Usually the chat does not exist, or Sofia is not in it or is blocked there. "
            "Check the contact chats in contacts.yaml and SOFIA_HANDOFF_CHAT_ID."
        ),
        "status_unreachable": "⚠️ Cases that reached no contact person (the founder got the contact details): {cases}",
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

# Talking to a person has its own module; its keys join the tables here, so t() finds them.
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
    ("dokument", "documents", "Dokumenten: visa, ta bort; skicka en fil för att lägga till", "Documents: list, remove; send a file to add one"),
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
