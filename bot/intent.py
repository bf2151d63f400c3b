"""What a message is: a question, a greeting, thanks, a request for a person, or something Sofia cannot read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.language import detect_language

MAX_QUESTION_CHARS = 4000  # longer than this is a pasted document, not a question
SEARCH_CHARS = 1000  # retrieval reads this much of a long question

# A request for a person: a way of reaching someone, a person, and the wish to (or an imperative).
_PERSON = (
    r"människa|människor|person|personen|personligen|handläggare\w*|tjänste(man|män|person)|kontaktperson\w*|rådgivare|"
    r"någon|nån|personal|medarbetare|kommunen|human|humans|someone|somebody|anyone|agent|staff|advis[oe]r|caseworker|"
    r"officer|representative|people|individual"
)
_REACH = (
    r"prata|pratar|tala|talar|snacka|chatta|ringa|ring|ringer|träffa|träff|möte|möta|boka|kontakt|kontakta|nå|koppla|"
    r"slussa|hjälp|hjälpa|talk|speak|chat|call|phone|meet|meeting|contact|reach|connect|transfer|appointment|book|help|"
    r"get\s+in\s+touch"
)
_WISH = (
    r"vill|kan\s+jag|kan\s+ni|kan\s+någon|kan\s+nån|får\s+jag|behöver|önskar|snälla|skulle|går\s+det|"
    r"want|wants|can\s+i|could\s+i|can\s+someone|could\s+someone|can\s+somebody|need|would\s+like|i'd\s+like|please|may\s+i|"
    r"finns\s+det|hur\s+får\s+jag|is\s+there|how\s+(do|can)\s+i"
)
_HANDOFF_PARTS = [re.compile(rf"\b({p})\b", re.IGNORECASE) for p in (_PERSON, _REACH, _WISH)]
_HANDOFF_DIRECT = re.compile(
    r"\b(ring|ringa|kontakta|koppla|slussa)\s+(upp\s+)?mig\b|\b(call|contact|phone|connect|transfer)\s+me\b|"
    r"\b(riktig|verklig|levande)\s+(människa|person)|\b(real|actual|live)\s+(person|human|people|agent)\b|"
    r"\bmänsklig\s+(hjälp|kontakt)|\bhuman\s+(help|being|support|agent)\b|"
    r"\b(inte|ingen|not|no|don't|do\s+not)\b[^.?!]{0,30}\b(bot|robot|chatbot|maskin|machine)\b|"
    r"\b(skicka|vidarebefordra|send|forward)\b[^.?!]{0,30}\b(handläggare|människa|person|kontaktperson|caseworker|human|staff)\b|"
    r"\bpersonlig(t|a)?\s+(möte|kontakt|hjälp)\b|\b(in[\s-]person|face[\s-]to[\s-]face)\b|"
    r"\b(vem|who)\b[^.?!]{0,20}\b(prata|tala|talk|speak)\b",
    re.IGNORECASE,
)
# Questions *about* contact persons ("Vem är kontaktperson i Luleå?") are answered, not handed off.
_ABOUT_CONTACTS = re.compile(r"^\s*(vem|vilka|vilken|varför|vad|who|why|what|which)\b", re.IGNORECASE)


def asks_for_person(text: str) -> bool:
    if _HANDOFF_DIRECT.search(text):
        return True
    if _ABOUT_CONTACTS.match(text) and not re.search(r"\b(prata|tala|talk|speak)\s+(med|with|to)\b", text, re.I):
        return False
    return all(part.search(text) for part in _HANDOFF_PARTS)


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
