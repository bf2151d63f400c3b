"""Masking personal data: personal identity numbers, phone numbers and e-mail addresses.

Used before any text leaves Sofia for a language model, and wherever a text is logged or listed.
`mask` replaces each finding with a placeholder; `Masker` numbers the placeholders so that what a
model writes back can be restored (the model never sees the originals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")

# Personnummer / samordningsnummer: (YY)YYMMDD, optional - or +, NNNN. Month 01-12 and day 01-31
# (or 61-91 for a samordningsnummer), so dates, years and organisation numbers are left alone.
PERSONAL_NUMBER = re.compile(
    r"(?<![\w-])(?:(?:19|20)\d{2}|\d{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"\s?[-+]?\s?\d{4}(?![\w-])"
)

# Swedish phone numbers: +46 / 0046 / 0, an area code or mobile prefix, then groups of digits
# separated by spaces or hyphens: 070-123 45 67, +46 70 123 45 67, 08-123 456, 0701234567.
PHONE = re.compile(
    r"(?<![\w+-])(?:(?:\+|00)46[\s-]?(?:\(0\)\s?)?[1-9]|0[1-9])\d{0,3}(?:[\s/-]{0,3}\d{1,4}){1,5}(?![\w-])"
)
_PHONE_DIGITS = (7, 13)  # digits a phone number holds, country code included

KINDS = ("personnummer", "telefon", "e-post")
_LABEL = {"personnummer": "PERSONNUMMER", "telefon": "TELEFON", "e-post": "E-POST"}


def _findings(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) spans, the more specific pattern first."""
    spans: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in spans)

    for m in EMAIL.finditer(text):
        spans.append((m.start(), m.end(), "e-post"))
    for m in PERSONAL_NUMBER.finditer(text):
        if re.fullmatch(r"0\d{9}", m.group()):
            continue  # ten digits from 0 without a hyphen: read as a mobile number (0701234567)
        if free(m.start(), m.end()):
            spans.append((m.start(), m.end(), "personnummer"))
    for m in PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        if _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1] and free(m.start(), m.end()):
            spans.append((m.start(), m.end(), "telefon"))
    return sorted(spans)


def mask(text: str) -> str:
    """The text with every personal identity number, phone number and e-mail address replaced."""
    out, last = [], 0
    for start, end, kind in _findings(text):
        out.append(text[last:start])
        out.append(f"[{_LABEL[kind]}]")
        last = end
    out.append(text[last:])
    return "".join(out)


def without_personal_data(text: str) -> str:
    """The text with personal identity numbers, phone numbers and e-mail addresses left out:
    what a search needs, since those say nothing about the topic of a question."""
    out, last = [], 0
    for start, end, _ in _findings(text):
        out.append(text[last:start] + " ")
        last = end
    out.append(text[last:])
    return "".join(out)


def contains_personal_data(text: str) -> bool:
    return bool(_findings(text))


@dataclass
class Masker:
    """Masks with numbered placeholders ([TELEFON_1]) and can put the originals back afterwards."""

    originals: dict[str, str] = field(default_factory=dict)

    def mask(self, text: str) -> str:
        out, last = [], 0
        for start, end, kind in _findings(text):
            value = text[start:end]
            token = next((t for t, v in self.originals.items() if v == value), None)
            if token is None:
                n = sum(1 for t in self.originals if t.startswith(f"[{_LABEL[kind]}_")) + 1
                token = f"[{_LABEL[kind]}_{n}]"
                self.originals[token] = value
            out.append(text[last:start])
            out.append(token)
            last = end
        out.append(text[last:])
        return "".join(out)

    def unmask(self, text: str) -> str:
        for token, value in self.originals.items():
            text = text.replace(token, value)
        return text
