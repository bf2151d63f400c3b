"""The inbox: every incoming update, kept until its reply is handed to the outbox.

A messaging service confirms an update as soon as the bot asks for the next ones, which may be
long before the bot has answered it. So a channel records each update here first (``receive``),
before it asks for more, and marks it ``done`` in the same transaction that puts its reply in
the outbox. After a crash the pending ones are handled again (``pending``), each at most once:
an update already recorded is not taken a second time when the service delivers it again.

An update's payload is what a person wrote; it is forgotten when the update is done, and
erased with the rest of what is kept about the person (``erase_user``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from bot.records.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox (
    update_id   INTEGER PRIMARY KEY,
    digest      TEXT NOT NULL,
    user_id     INTEGER,
    payload     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    received_at REAL NOT NULL,
    done_at     REAL
);
CREATE INDEX IF NOT EXISTS inbox_pending ON inbox (state, update_id);
"""
# Done updates are kept (without their payload) this long, so a redelivery is still recognised:
# Telegram keeps an unconfirmed update for 24 hours.
KEEP_DONE_S = 2 * 86400


class Inbox:
    """Incoming updates in the store's database, and whether each has been handled."""

    def __init__(self, store: Store, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock
        store.add_schema(SCHEMA)

    def receive(self, update_id: int, user_id: int | None, payload: dict[str, Any]) -> bool:
        """Keep an update before it is confirmed; False when it was received before (a redelivery).

        An update is the same when its id and its content are: ids alone may repeat (Telegram
        starts them afresh after a quiet week, another bot token starts its own)."""
        data = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(data.encode()).hexdigest()

        def write(db: sqlite3.Connection) -> bool:
            row = db.execute("SELECT digest FROM inbox WHERE update_id = ?", (update_id,)).fetchone()
            if row is not None and row[0] == digest:
                return False
            db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))
            db.execute(
                "INSERT INTO inbox (update_id, digest, user_id, payload, received_at) VALUES (?, ?, ?, ?, ?)",
                (update_id, digest, user_id, data, self._clock()),
            )
            return True

        return self.store.transaction(write)

    def done(self, db: sqlite3.Connection, update_id: int) -> None:
        """The update was handled (inside the transaction that hands its reply to the outbox)."""
        db.execute(
            "UPDATE inbox SET state = 'done', done_at = ?, payload = '{}' WHERE update_id = ? AND state = 'pending'",
            (self._clock(), update_id),
        )

    def finish(self, update_id: int) -> None:
        """Mark an update done on its own (it had no reply for the outbox, or it failed for good)."""
        self.store.transaction(lambda db: self.done(db, update_id))

    def pending(self) -> list[tuple[int, dict[str, Any]]]:
        """Updates received but not handled, oldest first (to handle after a restart)."""
        rows = self.store.query(
            lambda db: db.execute("SELECT update_id, payload FROM inbox WHERE state = 'pending' ORDER BY update_id").fetchall()
        )
        return [(update_id, json.loads(payload)) for update_id, payload in rows]

    @staticmethod
    def erase_user(db: sqlite3.Connection, user_id: int) -> int:
        """Forget a user's updates (/radera)."""
        return db.execute("DELETE FROM inbox WHERE user_id = ?", (user_id,)).rowcount

    def purge(self, db: sqlite3.Connection) -> int:
        """Forget updates handled long ago."""
        return db.execute("DELETE FROM inbox WHERE state = 'done' AND done_at < ?", (self._clock() - KEEP_DONE_S,)).rowcount
