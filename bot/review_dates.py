"""A document's own review and validity dates, and whether they have passed.

Policies say when they must be revised (``review_by``) or until when they apply (``valid_until``).
Documents write these dates in many ways: "2027-01-01", "2026-06", "2018-2020" (a period), or in
words ("varje mandatperiod", "Tillsvidare"). Only a written date can pass; words never do, and a
date with unknown parts ("2018-XX-XX") counts from the end of what is known (the end of 2018), so
Sofia never claims a document lapsed earlier than it says.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

# The fields a date can pass in, in the order a lapse is reported: a missed review first.
FIELDS = ("review_by", "valid_until")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-[xX?]{2})?$")
_PERIOD = re.compile(r"^\d{4}\s*[-–]\s*\d{4}$")
_YEAR = re.compile(r"^(?:\d{4}\s*[-–]\s*)?(\d{4})(?:-[xX?]{2}){0,2}$")

_NOTES = {
    "sv": {
        "review_by": "enligt dokumentet skulle det ha reviderats senast {date}",
        "valid_until": "enligt dokumentet gällde det till och med {date}",
        "valid_period": "enligt dokumentet gällde det för {date}",
    },
    "en": {
        "review_by": "according to the document it should have been revised by {date}",
        "valid_until": "according to the document it applied until {date}",
        "valid_period": "according to the document it applied for {date}",
    },
}


@dataclass(frozen=True)
class Lapse:
    """A date in a document that has passed: which field, the date as written, the day it ended."""

    field: str  # review_by | valid_until
    written: str  # as the document gives it, e.g. "2027-01-01" or "2018-2020"
    last_day: date

    def note(self, language: str) -> str:
        """Said beside the source: "enligt dokumentet skulle det ha reviderats senast 2027-01-01"."""
        return lapse_note(self.field, self.written, language)

    def to_json(self, language: str) -> dict[str, str]:
        return {"field": self.field, "date": self.written, "note": self.note(language)}


def lapse_note(field: str, written: str, language: str) -> str:
    """The words for a passed date of ``field`` (review_by or valid_until), in the user's language."""
    if field == "valid_until" and _PERIOD.match(written):
        field = "valid_period"  # "gällde för 2018-2020", not "till och med 2018-2020"
    return _NOTES.get(language, _NOTES["sv"])[field].format(date=written)


def last_day(value: Any) -> date | None:
    """The last day a written date covers (a day, a month, a year or a period); None for words."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if match := _DAY.match(text):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1])
        return None
    if match := _YEAR.match(text):
        return date(int(match[1]), 12, 31)
    return None


def lapse(meta: Any, today: date | None = None) -> Lapse | None:
    """The first of the document's review or validity dates that has passed, if any.

    ``meta`` is a document's metadata (a dict) or anything with ``review_by`` and ``valid_until``
    attributes (a citation).
    """
    today = today or date.today()
    for field in FIELDS:
        written = meta.get(field) if isinstance(meta, dict) else getattr(meta, field, None)
        end = last_day(written)
        if end is not None and end < today:
            return Lapse(field, str(written).strip(), end)
    return None


def has_review_date(meta: dict[str, Any]) -> bool:
    """Whether the document says, as a date, when it must be revised or stops applying."""
    return any(last_day(meta.get(field)) is not None for field in FIELDS)


def note(citation: Any, language: str, today: date | None = None) -> str:
    """The lapse note for a citation, or "" when its document's dates have not passed."""
    found = lapse(citation, today)
    return found.note(language) if found else ""


def outdated(citation: Any, language: str, today: date | None = None) -> dict[str, str] | None:
    """The ``outdated`` field of a citation in ``ask --json``: which date passed, as written, and the note."""
    found = lapse(citation, today)
    return found.to_json(language) if found else None
