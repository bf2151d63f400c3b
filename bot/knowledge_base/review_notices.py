"""Telling staff once when a document's review or validity date has passed.

A check (daily while the bot runs) finds the documents whose date has passed and that staff
have not been told about; it records them and puts one message per staff member listing them in
the outbox, in the same transaction, so the message is delivered once and the same lapse is never
announced again, not the next day and not after a restart. A new date (a corrected or replaced
document) is a new lapse when it passes. /status lists every lapsed document, told or not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot import review_dates
from bot.review_dates import Lapse
from bot.records.store import Store

if TYPE_CHECKING:
    from bot.knowledge_base.ingestion import KnowledgeBase
    from bot.cases.outbox import Outbox

SCHEMA = """
CREATE TABLE IF NOT EXISTS review_notices (
    document    TEXT NOT NULL,
    field       TEXT NOT NULL,
    written     TEXT NOT NULL,
    noticed_at  REAL NOT NULL,
    PRIMARY KEY (document, field, written)
);
"""
KIND = "review_due"  # the outbox message kind the channel renders


@dataclass(frozen=True)
class LapsedDocument:
    document: str
    title: str
    municipality: str | None
    lapse: Lapse

    def to_json(self) -> dict:
        return {"document": self.document, "title": self.title, "municipality": self.municipality,
                "field": self.lapse.field, "date": self.lapse.written}


def lapsed(knowledge: "KnowledgeBase", today: date | None = None) -> list[LapsedDocument]:
    """The indexed documents whose review or validity date has passed, in /dokument's order."""
    out = []
    for doc in knowledge.documents():
        found = review_dates.lapse(doc["meta"], today)
        if found is not None:
            out.append(LapsedDocument(doc["document"], doc["title"], doc["municipality"], found))
    return out


class ReviewNotices:
    """Which lapses staff were told about, and telling them about the new ones."""

    def __init__(self, store: Store, outbox: "Outbox", knowledge: "KnowledgeBase", staff_ids: frozenset[int]) -> None:
        self.store = store
        self.outbox = outbox
        self.knowledge = knowledge
        self.staff_ids = staff_ids
        store.add_schema(SCHEMA)

    def announce(self, today: date | None = None) -> list[LapsedDocument]:
        """Tell staff about lapses not told before (one message each); returns those lapses."""
        found = lapsed(self.knowledge, today)
        if not found or not self.staff_ids:
            return []
        now = self.store.now()

        def write(db) -> list[LapsedDocument]:  # noqa: ANN001 - the store's connection
            new = []
            for item in found:
                cur = db.execute(
                    "INSERT OR IGNORE INTO review_notices (document, field, written, noticed_at) VALUES (?, ?, ?, ?)",
                    (item.document, item.lapse.field, item.lapse.written, now),
                )
                if cur.rowcount:
                    new.append(item)
            if new:
                payload = {"documents": [item.to_json() for item in new]}
                digest = hashlib.sha256(repr(sorted(map(repr, payload["documents"]))).encode()).hexdigest()[:16]
                for staff_id in sorted(self.staff_ids):
                    self.outbox.enqueue(db, f"review:{staff_id}:{digest}", staff_id, KIND, payload)
            return new

        new = self.store.transaction(write)
        if new:
            self.outbox.notify()
        return new
