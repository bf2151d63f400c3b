"""The kind of fact a question asks for, and whether a passage holds one.

"What does it cost", "which percentage", "how long", "what are the opening hours", "what is the e-mail address":
a passage about the right topic that states no price, percentage, span of time or address does not answer, however
many of the question's words it shares. This is the commonest way a near miss looks like an answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.search.glossary import general

_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"

# Question patterns, most specific first: the first that matches decides the kind of fact.
_ASKS = [
    # "Hur länge", "sedan när": answered by a span of time, a year it began or the period it covers.
    ("duration", r"\b(hur\s+länge|hur\s+lång\s+tid|sedan\s+när|how\s+long|how\s+much\s+time|since\s+when|until\s+when)\b"),
    # "Vilket datum": a day of a month; "vilket år", "när antogs": at least a year.
    ("date", r"\b(vilket|vilken|på\s+vilket)\s+datum\b|\bwhat\s+date\b|\bwhich\s+date\b|\bon\s+what\s+day\b"),
    (
        "year",
        r"\b(vilket|vilka)\s+(år|årtal)\b|\b(what|which)\s+year\b|\bin\s+what\s+year\b|\bwhen\s+(was|were|did)\b"
        r"|\bnär\s+(antogs|beslutades|godkändes|fastställdes|reviderades|grundades|bildades|startade|började|stängdes|infördes)\b",
    ),
    # "Vad heter kontaktpersonen", "vem är ordförande", "who are the case officers": a person's name.
    (
        "name",
        r"\bvad\s+heter\s+(\w+\s+){0,2}?\w*(person|chef|ordförande|handläggar|samordnar|rådgivar|grundar|direktör)\w*"
        r"|\bvem\s+är\s+(\w+\s+)?\w*(chef|ordförande|handläggar|samordnar|direktör)\w*|\bvilka\s+(personer|handläggare)\b"
        r"|\bnames?\s+of\s+the\s+(\w+\s+){0,2}?(person|manager|chair\w*|head|director|officer|coordinator|founder)s?\b"
        r"|\bwho\s+(is|are|was|were)\s+the\s+(\w+\s+){0,2}?(manager|chair\w*|head|director|case\s+officers?|coordinator)s?\b",
    ),
    ("url", r"\b(webbadress\w*|webbplats\w*|hemsida\w*|webbsida\w*|länk(en)?|website|web\s+address|url|link)\b"),
    ("frequency", r"\b(hur\s+ofta|hur\s+många\s+gånger|how\s+often|how\s+many\s+times)\b"),
    ("percent", r"\b(procent\w*|hur\s+stor\s+(del|andel)|vilken\s+andel|percent\w*|what\s+share|how\s+large\s+a\s+share)\b"),
    ("hours", r"\b(öppettid\w*|öppet|har\s+\w+\s+öppet|opening\s+hours|open(ing)?\s+times|when\s+(is|are)\s+\w+\s+open)\b"),
    ("email", r"\b(mejladress\w*|mailadress\w*|e-?postadress\w*|e-?mail\s*address\w*|email)\b"),
    ("phone", r"\b(telefonnum\w*|telefonnr|numret|phone\s+number|telephone)\b"),
    ("address", r"\b(besöksadress\w*|postadress\w*|gatuadress\w*|(street|postal|visiting)\s+address)\b"),
    (
        "amount",
        r"\b(hur\s+många|hur\s+mycket|vad\s+kostar|kostar\s+det|hur\s+stor\w*|how\s+many|how\s+much|"
        r"what\s+(does|do|would|will)\s+\w+(\s+\w+){0,3}\s+cost|avgift\w*|vilket\s+belopp|minimum|maximum|"
        r"fee|fees|price|per\s+(dag|dygn|timme|vecka|månad|år|day|hour|week|month|year))\b",
    ),
]
_ASKS_RE = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _ASKS]
# An amount asked for in money ("hur många kronor", "minsta aktiekapital", "what does it cost") is not
# answered by a passage whose only number counts months or participants.
_MONEY_ASKED = re.compile(
    r"\b(kost\w*|avgift\w*|pris\w*|betala\w*|pengar|kronor|kr|sek|belopp\w*|\w*kapital\w*|lön(en|er|erna)?|"
    r"cost\w*|fee|fees|price\w*|pay|pays|paid|money|capital|salary|salaries|wages?)\b",
    re.IGNORECASE,
)
# Profit, dividends and interest are asked "how much" but answered as a rate as often as in kronor.
_RATE_ASKED = re.compile(r"\b(vinst\w*|utdelning\w*|ränt[ae]\w*|profit\w*|dividend\w*|interest)\b", re.IGNORECASE)
# Words that ask for a sum on their own, with a money word: "kostar coompanion nåt?", "minsta aktiekapital".
_MONEY_ALONE = re.compile(r"\b(kostar|kostade|costs?|minsta|lägsta|högsta|lowest|highest)\b", re.IGNORECASE)

_NUMBER_WORDS = "två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|femton|tjugo|trettio|hundra|tusen"
_TIME_UNITS = r"(år|års|månad\w*|vecko?r?|veckan|dag\w*|timm\w*|years?|months?|weeks?|days?|hours?)"

_HOLDS = {
    "duration": re.compile(
        rf"\b(\d+|{_NUMBER_WORDS}|ett|en|halvt?)\s+{_TIME_UNITS}\b|\bsedan\s+(år\s+)?\d{{4}}\b|\bsince\s+\d{{4}}\b"
        r"|\b(19|20)\d{2}\s*[-–]\s*(19|20)?\d{2}\b|\btills\s*vidare\b|\btill\s+och\s+med\b|\bt\.\s?o\.\s?m\."
        r"|\bhalvår\w*|\bmandatperiod\w*|\buntil\b"
        r"|\b(från|fram\s+till|till)\s+(och\s+med\s+)?(år\s+)?(19|20)\d{2}\b",
        re.IGNORECASE,
    ),
    "frequency": re.compile(
        r"\b(årlig\w*|årsvis|kvartalsvis\w*|månatlig\w*|månadsvis|veckovis|halvårsvis|löpande|regelbundet|"
        r"annual\w*|yearly|quarterly|monthly|weekly|once|twice)\b|\b(varje|per|en\s+gång\s+(per|om|i))\s+"
        r"(år|månad|vecka|kvartal|halvår|termin|mandatperiod|year|month|week|quarter|term)\b|\bgång(er)?\s+(per|om|i)\b"
        r"|\b(vid\s+behov|kontinuerligt|when\s+needed|as\s+needed)\b"
        rf"|\b(\d+|{_NUMBER_WORDS})\s+(gånger|tillfällen|times|occasions)\b",
        re.IGNORECASE,
    ),
    "date": re.compile(
        rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}\s+({_MONTHS}|january|february|march|april|may|june|july|august|"
        r"september|october|november|december)\b",
        re.IGNORECASE,
    ),
    "year": re.compile(r"\b(19|20)\d{2}\b"),
    "url": re.compile(r"https?://|\bwww\.|\b[\w-]+\.(se|nu|com|org|coop|eu|net)\b", re.IGNORECASE),
    "percent": re.compile(r"\d\s*%|\bprocent\w*|\bhälften\b|\ben\s+(tredjedel|fjärdedel)\b", re.IGNORECASE),
    "hours": re.compile(r"\b\d{1,2}[.:]\d{2}\b|\böppet\b|\böppettid\w*", re.IGNORECASE),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "phone": re.compile(r"(\+46|\b0)\d{1,3}[\s-]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2}\b"),
    "address": re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+(gatan|vägen|gränd|torget|plan|allén)\s+\d+|\bBox\s+\d+", re.IGNORECASE),
    "amount": re.compile(
        r"\d[\d\s]*\s*(%|procent\w*|kr\b|kronor|miljon\w*|miljard\w*)|\b(gratis|kostnadsfri\w*|avgift\w*)\b"
        r"|\b(en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|hundra|tusen)\s+(procent\w*|kronor|miljon\w*)"
        rf"|\b\d[\d\s]*\s+(?!{_MONTHS})[a-zåäö]{{3,}}",
        re.IGNORECASE,
    ),
    # Money is stated as a sum in kronor, a share of a cost, or as being free of charge.
    "money": re.compile(
        r"\d[\d\s]*\s*(%|procent(?!enhet)\w*|kr\b|kronor|sek\b|miljon\w*|miljard\w*)|\b(gratis|kostnadsfri\w*|avgiftsfri\w*)\b"
        r"|\b(ingen|utan)\s+(avgift|kostnad)|\b(en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|hundra|tusen)\s+(procent\w*|kronor|miljon\w*)",
        re.IGNORECASE,
    ),
}
# Dates, year spans and section numbers are numbers that state no amount.
_NOT_AMOUNTS = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{4}\s*-\s*\d{4}\b|§\s*\d+|\bkap\.|\d+\s*kap")


def asked_fact(question: str) -> str | None:
    """The kind of fact the question asks for (duration, date, year, url, frequency, percent, hours, email, phone,
    address, money, amount, name), if any."""
    for kind, pattern in _ASKS_RE:
        if pattern.search(question):
            money = kind == "amount" and _MONEY_ASKED.search(question) and not _RATE_ASKED.search(question)
            return "money" if money else kind
    if _MONEY_ASKED.search(question) and _MONEY_ALONE.search(question) and not _RATE_ASKED.search(question):
        return "money"
    return None


# Two capitalised words in a row: a first name and a surname, in either order ("Helmer Linda", "Lena Winterbom").
_TWO_NAMES = re.compile(r"\b([A-ZÅÄÖ][a-zåäöéü]+) ([A-ZÅÄÖ][a-zåäöéü]+)\b")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(p.lower() for p in general().municipalities)


def _names_a_person(passage: str) -> bool:
    """Whether a passage holds what looks like a person's name: not a sentence opening with a small
    word ("För Luleå") and not a body named after a place ("Region Stockholm"). Other capitalised pairs
    ("Coompanion Blekinge") still pass: the check errs towards answering."""
    stopwords, places = general().swedish_stopwords, _places()
    return any(
        first.lower() not in stopwords and first.lower() not in places and second.lower() not in places
        for first, second in _TWO_NAMES.findall(passage)
    )


def holds_fact(kind: str | None, passage: str) -> bool:
    """Whether a passage states a fact of that kind (always true when the question asks for none)."""
    if kind is None:
        return True
    if kind == "name":
        return _names_a_person(passage)
    text = _NOT_AMOUNTS.sub(" ", passage) if kind in ("amount", "money", "percent") else passage
    return bool(_HOLDS[kind].search(text))


_SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")


def fact_about(kind: str | None, passage: str, names: set[str] | frozenset[str], heading: str = "") -> bool:
    """Whether a passage states a fact of that kind about what the question names.

    A price in one sentence answers a question about another body only by accident ("the fee for
    Kammarkollegiet's register is 12 000 kr" does not say what Bolagsverket charges): a sentence that
    states the fact, read with the one before it and the section's heading, must name each body the
    question names. Without names in the question, stating the fact is enough."""
    if kind is None:
        return True
    if not names:
        return holds_fact(kind, passage)
    sentences = [s for s in _SENTENCE.split(passage) if s.strip()]
    for i, sentence in enumerate(sentences):
        if holds_fact(kind, sentence):
            window = " ".join([heading, *sentences[max(0, i - 1) : i + 1]]).lower()
            if all(re.search(rf"\b{re.escape(name)}", window) for name in names):
                return True
    return False
