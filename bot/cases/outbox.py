"""The outbox: messages to contact chats and founders, kept until they are delivered.

A change to a case and the messages it causes are written in one transaction (``enqueue`` takes
the transaction's connection), so a message is never lost and never sent for a change that did
not happen. A channel drives delivery: it takes the messages that are ``due``, sends each, and
marks it ``delivered`` only after the messaging service confirmed it; a failure that may pass
(flood limit, server error, network) is retried with growing pauses, for as long as it takes;
one that will not pass (the chat does not exist, the bot was blocked) is put aside as dead.

Every message has an idempotency key (unique): enqueuing the same event twice (a redelivered
update, a retried handler) stores one message, and a delivered message is never sent again.

The one unavoidable edge: if the process stops after the messaging service accepted a message
but before it is marked delivered (a crash, a kill, a dropped connection after the request
arrived), the message is sent again after the restart, because Telegram's sendMessage has no
idempotency key of its own. Delivery is therefore at-least-once in that window, and exactly-once
otherwise; a channel narrows the window by letting a send in flight finish before it stops.

Messages to one chat go out in the order they were enqueued: only the oldest pending message of a
chat is ever due, so a retried message is never overtaken.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.records.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT NOT NULL UNIQUE,
    chat_id     INTEGER NOT NULL,
    case_id     INTEGER,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     REAL NOT NULL,
    created_at  REAL NOT NULL,
    sent_at     REAL,
    message_id  INTEGER,
    error       TEXT
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (state, chat_id, id);
CREATE INDEX IF NOT EXISTS outbox_case ON outbox (case_id);
"""
_COLUMNS = "id, key, chat_id, case_id, kind, payload, attempts"
# What a delivered message keeps of its payload: ids that a redelivered update is matched with.
KEPT = ("reply_id",)


@dataclass(frozen=True)
class Backoff:
    """Pauses between attempts: ``base``, then doubling, never longer than ``cap`` seconds."""

    base: float = 1.0
    factor: float = 2.0
    cap: float = 300.0

    def delay(self, attempts: int) -> float:
        return min(self.cap, self.base * self.factor ** max(0, attempts - 1))


@dataclass(frozen=True)
class Outgoing:
    """One message waiting to be delivered: what kind, to which chat, about which case."""

    id: int
    key: str
    chat_id: int
    case_id: int | None
    kind: str
    payload: dict[str, Any]
    attempts: int = 0


class Outbox:
    """Pending messages in the store's database, and their delivery state."""

    def __init__(self, store: Store, *, backoff: Backoff = Backoff(), clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.backoff = backoff
        self._clock = clock
        self._listeners: list[Callable[[], None]] = []
        store.add_schema(SCHEMA)

    # -- writing (inside the caller's transaction) ---------------------------------------------

    def enqueue(
        self, db: sqlite3.Connection, key: str, chat_id: int, kind: str, payload: dict[str, Any], case_id: int | None = None
    ) -> bool:
        """Add a message unless one with ``key`` exists; True when it was added."""
        now = self._clock()
        cur = db.execute(
            "INSERT OR IGNORE INTO outbox (key, chat_id, case_id, kind, payload, next_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, chat_id, case_id, kind, json.dumps(payload, ensure_ascii=False), now, now),
        )
        return cur.rowcount > 0

    def mark_sent(self, db: sqlite3.Connection, outgoing_id: int, message_id: int | None) -> None:
        """Delivered: only the key and ids stay. The text is not needed again, and a copy of what
        people wrote must not outlive its delivery."""
        row = db.execute("SELECT payload FROM outbox WHERE id = ?", (outgoing_id,)).fetchone()
        kept = {k: v for k, v in json.loads(row[0]).items() if k in KEPT} if row else {}
        db.execute(
            "UPDATE outbox SET state = 'sent', sent_at = ?, message_id = ?, error = NULL, payload = ? WHERE id = ?",
            (self._clock(), message_id, json.dumps(kept), outgoing_id),
        )

    @staticmethod
    def purge_done(db: sqlite3.Connection, before: float) -> int:
        """Forget delivered and dead messages created before ``before`` (their text included)."""
        return db.execute("DELETE FROM outbox WHERE state != 'pending' AND created_at < ?", (before,)).rowcount

    def drop_case(self, db: sqlite3.Connection, case_id: int) -> int:
        """Forget every message about a case, delivered ones too (its founder erased their data)."""
        return db.execute("DELETE FROM outbox WHERE case_id = ?", (case_id,)).rowcount

    @staticmethod
    def drop_chat(db: sqlite3.Connection, chat_id: int) -> int:
        """Forget every message to a chat (its user erased their data): nothing waits for them."""
        return db.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,)).rowcount

    # -- delivery -------------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever new messages were committed (a channel wakes its loop)."""
        self._listeners.append(listener)

    def notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    def due(self, limit: int = 20) -> list[Outgoing]:
        """Messages to send now: the oldest pending one of each chat, when its time has come."""
        now = self._clock()
        rows = self.store.query(
            lambda db: db.execute(
                f"SELECT {_COLUMNS} FROM outbox o WHERE state = 'pending' AND next_at <= ? AND NOT EXISTS "
                "(SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.chat_id = o.chat_id AND p.id < o.id) "
                "ORDER BY id LIMIT ?",
                (now, limit),
            ).fetchall()
        )
        return [Outgoing(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]

    def seconds_to_next(self) -> float | None:
        """How long until the next pending message is due (0 if one is); None when none waits."""
        (next_at,) = self.store.query(lambda db: db.execute("SELECT MIN(next_at) FROM outbox WHERE state = 'pending'").fetchone())
        return None if next_at is None else max(0.0, next_at - self._clock())

    def retry(self, outgoing: Outgoing, error: str, delay: float | None = None) -> float:
        """Try again later: after ``delay`` (e.g. Telegram's retry_after) or the backoff's pause."""
        attempts = outgoing.attempts + 1
        wait = max(delay or 0.0, self.backoff.delay(attempts))
        self.store.transaction(
            lambda db: db.execute(
                "UPDATE outbox SET attempts = ?, next_at = ?, error = ? WHERE id = ? AND state = 'pending'",
                (attempts, self._clock() + wait, error[:300], outgoing.id),
            )
        )
        return wait

    def due_now(self) -> int:
        """Make every pending message due at once (on start: the failure may be long gone)."""
        now = self._clock()
        return self.store.transaction(
            lambda db: db.execute("UPDATE outbox SET next_at = ? WHERE state = 'pending' AND next_at > ?", (now, now)).rowcount
        )

    def give_up(self, outgoing: Outgoing, error: str) -> None:
        """A failure that will not pass: keep the message as dead, for an operator to look at."""
        self.store.transaction(
            lambda db: db.execute(
                "UPDATE outbox SET state = 'dead', attempts = attempts + 1, error = ? WHERE id = ?",
                (error[:300], outgoing.id),
            )
        )

    def counts(self) -> dict[str, int]:
        """How many messages are pending, sent and dead."""
        rows = self.store.query(lambda db: db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
        return {"pending": 0, "sent": 0, "dead": 0} | dict(rows)
