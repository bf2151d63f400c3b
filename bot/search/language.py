"""Which language a message is in: Swedish, English, or another one Sofia does not answer in."""

from __future__ import annotations

import re

from bot.search.glossary import general

# Common words that tell the two languages apart better than the stopword lists alone.
_SV_MARKERS = frozenset(
    "och att det som är för inte med den har kan jag vill hur vad vem vilka vilken när var finns får ska kommun "
    "kommunen företag socialt sociala mitt min mig prata människa hej tack då också eller om på till av".split()
)
_EN_MARKERS = frozenset(
    "the and is are what who how when where which can could should would do does my i want talk to of for "
    "in with about municipality social enterprise company please hello thanks person".split()
)
# Frequent words of languages founders may write in, to say politely that Sofia answers in Swedish or English.
_OTHER_MARKERS = frozenset(
    "der die das und ist nicht ich wie wer kann ein eine les des est une pour que comment qui el la los las es "
    "una como para por puedo hola merhaba nasıl nedir bir ve mitä miten kuka olen ja minä haluan jak jest nie "
    "się czy co dla как что это для я и".split()
)
_LATIN = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def detect_language(text: str, default: str = "sv") -> str:
    """'sv', 'en' or 'other'. Swedish when unsure, since most users and all documents are Swedish."""
    letters = _LETTER.findall(text)
    if not letters:
        return default
    non_latin = sum(1 for ch in letters if not _LATIN.match(ch))
    if non_latin > len(letters) / 2:
        return "other"
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    # å, ä and ö speak for Swedish, except in a name: "Luleå" in a French question says nothing of its language.
    common = re.findall(r"(?<![^\W\d_])[a-zåäö]+", text)
    sv = sum(t in _SV_MARKERS or t in general().swedish_stopwords for t in tokens) + 2 * sum(len(re.findall(r"[åäö]", w)) for w in common)
    en = sum(t in _EN_MARKERS or t in general().english_stopwords for t in tokens)
    other = sum(t in _OTHER_MARKERS for t in tokens)
    if other >= 2 and other > sv and other > en:
        return "other"
    if en > sv:
        return "en"
    if sv > en:
        return "sv"
    return default
