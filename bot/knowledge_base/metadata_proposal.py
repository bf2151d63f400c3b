"""Proposing a document's metadata from its own text, for staff to confirm or correct.

Swedish municipal documents state their facts in a few recurring ways: a header table
("| Fastställd av: | Kommunfullmäktige |", "| Revideras senast: | 2027-01-01 |"), or a line
("Fastställd av kommunstyrelsen 2015-05-26, § 129", "Policy- beslutad av Kommunfullmäktige
2011-04-26"). Only what the text says is proposed; a field the text does not give stays empty,
so staff see the gap instead of a guess. Metadata the file itself carries (front matter, a Word
or PDF title) is kept and only completed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

DATE = r"(\d{4}-\d{2}-\d{2}|\d{4}-[xX]{2}-[xX]{2})"
_BODIES = r"(kommunfullmäktige|kommunstyrelsen|kommunstyrelse|[a-zåäö]+nämnden|[a-zåäö]+nämnd|regionfullmäktige|styrelsen)"
# What a label in a header table or a line means, and the field it fills.
_LABELS: tuple[tuple[str, str], ...] = (
    (r"revideras\s+senast|ska\s+revideras|revision\s+senast|ses\s+över\s+senast|revideringsdatum|nästa\s+revision", "review_by"),
    (r"gäller\s+till|giltig\s+till|giltig\s+t\.?\s?o\.?\s?m\.?|gäller\s+t\.?\s?o\.?\s?m\.?|giltighetstid|giltigt\s+till", "valid_until"),
    (r"gäller\s+från|giltig\s+från|träder\s+i\s+kraft", "valid_from"),
    (r"senast\s+reviderad|reviderad", "revised"),
    (r"fastställd\s+av|beslutad\s+av|antagen\s+av|beslutsinstans|beslutande", "decided_by"),
    (r"fastställd|beslutad|antagen|beslutsdatum|datum\s+för\s+beslut", "decided"),
    (r"datum", "date"),
)
_TYPES = (
    ("handlingsplan", "handlingsplan"),
    ("riktlinje", "riktlinje"),
    ("vägledning", "vägledning"),
    ("strategi", "strategi"),
    ("program", "program"),
    ("policy", "policy"),
)
# Fields staff are shown and may correct, in the order they are shown.
PROPOSED = (
    "title", "municipality", "organisation", "document_type", "decided", "decided_by", "date",
    "revised", "valid_from", "valid_until", "review_by",
)
DATE_FIELDS = ("decided", "date", "revised", "valid_from", "valid_until", "review_by")


def propose(body: str, given: dict[str, Any], municipalities: Sequence[str], fallback_title: str = "") -> dict[str, Any]:
    """Metadata for a document: what the file gives, completed from its text."""
    meta = {key: given.get(key) for key in PROPOSED}
    found = _labelled(body)
    for key, value in found.items():
        meta[key] = meta.get(key) or value
    meta["title"] = meta.get("title") or _title(body) or fallback_title or "Dokument"
    meta["municipality"] = meta.get("municipality") or _municipality(body, meta.get("title") or "", municipalities)
    if meta["municipality"] and not meta.get("organisation"):
        meta["organisation"] = f"{meta['municipality']} kommun"
    meta["document_type"] = meta.get("document_type") or _document_type(meta["title"], body)
    if meta.get("decided_by"):
        meta["decided_by"] = meta["decided_by"][0].upper() + meta["decided_by"][1:]
    meta["date"] = meta.get("date") or meta.get("decided") or meta.get("valid_from")
    meta["language"] = given.get("language") or "sv"
    return meta


def excerpt(body: str, chars: int = 300) -> str:
    """The start of the document's running text (not its headings or header table), shortened."""
    lines = [line.strip() for line in body.splitlines()]
    prose = [line for line in lines if line and not line.startswith(("#", "|")) and len(line) > 40]
    text = " ".join(prose) or " ".join(line for line in lines if line)
    text = " ".join(text.split())
    return text if len(text) <= chars else text[:chars].rsplit(" ", 1)[0] + " …"


def _labelled(body: str) -> dict[str, str]:
    """Facts from the header table and from lines such as "Fastställd av kommunstyrelsen 2015-05-26"."""
    found: dict[str, str] = {}
    head = body[:6000]  # the facts about a document are at its start
    for row in re.finditer(r"^\|\s*([^|\n]+?)\s*:?\s*\|\s*([^|\n]*?)\s*\|", head, re.MULTILINE):
        label, value = row.group(1).strip().rstrip(":").lower(), row.group(2).strip()
        for pattern, field in _LABELS:
            if value and field not in found and re.fullmatch(rf"(?:{pattern})", label):
                found[field] = value
                break
    for line in head.splitlines():
        text = line.strip()
        decided = re.search(rf"(?:fastställd|beslutad|antagen)\s+av\s+{_BODIES}\s+(?:den\s+)?{DATE}", text, re.IGNORECASE)
        if decided:
            found.setdefault("decided_by", decided.group(1).lower())
            found.setdefault("decided", decided.group(2))
        revised = re.search(rf"reviderad\s+(?:av\s+{_BODIES}\s+)?(?:den\s+)?{DATE}", text, re.IGNORECASE)
        if revised:
            found.setdefault("revised", revised.group(2))
        review = re.search(rf"(?:revideras|ses\s+över|ska\s+revideras)\s+(?:senast\s+)?(?:den\s+)?{DATE}", text, re.IGNORECASE)
        if review:
            found.setdefault("review_by", review.group(1))
        until = re.search(rf"(?:gäller|giltig)\s+(?:till\s+och\s+med|t\.?\s?o\.?\s?m\.?|till)\s+{DATE}", text, re.IGNORECASE)
        if until:
            found.setdefault("valid_until", until.group(1))
    for field in DATE_FIELDS:
        if field in found:
            found[field] = _date_text(found[field])
    return {k: v for k, v in found.items() if v}


def _date_text(value: str) -> str:
    """A date as the document writes it, or the ISO date inside a longer value."""
    match = re.search(DATE, value)
    return match.group(1) if match else value.strip()


def _title(body: str) -> str:
    heading = re.search(r"^#{1,3}\s+(.+)$", body, re.MULTILINE)
    if heading:
        return heading.group(1).strip()
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return first[:120] if len(first) <= 120 else ""


def _municipality(body: str, title: str, names: Sequence[str]) -> str | None:
    """The municipality the document names most (its title counts most); None when it names none."""
    text = f"{title}\n{title}\n{title}\n{body[:20000]}"
    counts = Counter()
    for name in names:
        hits = len(re.findall(rf"(?<!\w){re.escape(name)}s?(?!\w)", text, re.IGNORECASE))
        if hits:
            counts[name] = hits
    if counts:
        return counts.most_common(1)[0][0]
    named = re.search(r"\b([A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)s? kommun\b", text)
    return named.group(1) if named else None


def _document_type(title: str, body: str) -> str:
    for text in (title.lower(), body[:2000].lower()):
        for word, kind in _TYPES:
            if word in text:
                return kind
    return "dokument"
