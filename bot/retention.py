"""Retention: what Sofia keeps about people goes after ``SOFIA_RETENTION_DAYS``.

``purge`` runs when the bot starts, once a day while it runs, and before ``sofia report``. It
deletes conversation turns and answers older than their bounds (with their 👍/👎), the question
text and answer links of the insight figures, cases closed (or drafts left) longer ago than the
retention period with their messages, and delivered outbox messages of that age. The anonymous
insight counts stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.cases import case_store
from bot.cases.outbox import SCHEMA as OUTBOX_SCHEMA
from bot.cases.outbox import Outbox
from bot.records.store import Store

PURGE_EVERY_S = 24 * 3600


@dataclass(frozen=True)
class Purged:
    """How many cases and delivered messages a purge deleted."""

    cases: int
    messages: int


def purge(store: Store) -> Purged:
    """Delete everything older than the store's retention period (turns by their own, shorter bound)."""
    store.add_schema(case_store.SCHEMA)
    store.add_schema(OUTBOX_SCHEMA)
    store.prune()
    before = store.now() - store.retention_s

    def write(db) -> Purged:  # noqa: ANN001
        cases = case_store.purge_closed(db, before)
        return Purged(cases, Outbox.purge_done(db, before))

    return store.transaction(write)
