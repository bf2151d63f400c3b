"""What a message is: a question, a greeting, thanks, a request for a person, or something Sofia cannot read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.search.language import detect_language
from bot.answers.person_request import asks_for_person

MAX_QUESTION_CHARS = 4000  # longer than this is a pasted document, not a question
SEARCH_CHARS = 1000  # retrieval reads this much of a long question

_CONTACT = re.compile(
    r"\bvem\s+är\s+(min|vår|er|den|kommunens)?\s*(kontaktperson|kontakt)\b|\bvem\s+(ska|kan|bör)\s+(jag|vi|man)\s+(vända|kontakta|ringa)"
    r"|\bkontaktuppgift|\bhur\s+(når|kontaktar)\s+(jag|vi|man)\b|\bwho\s+(is|are)\s+(my|our|the)\s+contact"
    r"|\bcontact\s+(details|information)\b|\bwho\s+(should|can|do)\s+(i|we)\s+(contact|turn\s+to|call)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(hej|hejsan|hallå|tjena|tja|hej\s+hej|god\s+(morgon|dag|middag|kväll)|hi|hello|hey|good\s+(morning|afternoon|evening)|"
    r"salut|hola|hallo|moi|merhaba|start)(\s+(sofia|där|there|again|igen))?[\s!.,:)]*$",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^(tack|tack\s+så\s+mycket|tusen\s+tack|stort\s+tack|tackar|toppen|super|perfekt|bra|ok(ej)?|okay|thanks|thank\s+you|"
    r"thank\s+you\s+so\s+much|thx|ty|great|perfect|cheers)([\s,]+(sofia|för\s+hjälpen|for\s+the\s+help|så\s+mycket|a\s+lot))?[\s!.,:)]*$",
    re.IGNORECASE,
)
_BYE = re.compile(r"^(hej\s+då|hejdå|adjö|vi\s+hörs|bye|goodbye|see\s+you)[\s!.,]*$", re.IGNORECASE)


@dataclass
class Intent:
    kind: str  # question | greeting | thanks | bye | handoff | contact | empty | too_long | no_words | other_language
    text: str  # the message cleaned of control characters
    language: str


def clean(text: str) -> str:
    """Drop control and format characters (keeping line breaks) and normalise the Unicode form."""
    text = unicodedata.normalize("NFC", text or "")
    kept = [ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C"]
    return re.sub(r"[ \t]+", " ", "".join(kept)).strip()


def classify(message: str, language_hint: str | None = None) -> Intent:
    text = clean(message)
    if not text:
        return Intent("empty", text, language_hint or "sv")
    if len(text) > MAX_QUESTION_CHARS:
        return Intent("too_long", text, detect_language(text[:SEARCH_CHARS], language_hint or "sv"))
    if not re.search(r"[^\W_]", text):
        return Intent("no_words", text, language_hint or "sv")
    language = detect_language(text, language_hint or "sv")
    short = len(text) <= 60
    if short and _GREETING.match(text):
        return Intent("greeting", text, _short_language(text, language, language_hint))
    if short and _THANKS.match(text):
        return Intent("thanks", text, _short_language(text, language, language_hint))
    if short and _BYE.match(text):
        return Intent("bye", text, _short_language(text, language, language_hint))
    if asks_for_person(text):
        return Intent("handoff", text, language if language != "other" else (language_hint or "sv"))
    if language == "other":
        return Intent("other_language", text, language)
    if _CONTACT.search(text):
        return Intent("contact", text, language)
    return Intent("question", text, language)


def _short_language(text: str, detected: str, hint: str | None) -> str:
    if re.match(r"^(hi|hello|hey|good|thanks|thank|thx|ty|great|perfect|cheers|bye|goodbye|see)\b", text, re.IGNORECASE):
        return "en"
    if re.match(r"^(hej|hallå|tjena|tja|god|tack|tusen|stort|toppen|adjö|vi)\b", text, re.IGNORECASE):
        return "sv"
    return hint or (detected if detected != "other" else "sv")
