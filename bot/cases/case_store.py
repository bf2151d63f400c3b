"""Cases in SQLite: the case itself with the snapshot the founder agreed to share, the messages
exchanged on it, which chat messages belong to which case, and approved answers.

Functions here take the connection of a transaction the caller runs (``Store.transaction``), so a
case change and the outbox messages it causes commit together.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, fields
from typing import Any

from bot.models import Turn

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    state           TEXT NOT NULL CHECK (state IN ('draft', 'open', 'claimed', 'closed')),
    founder_id      INTEGER NOT NULL,
    founder_chat_id INTEGER NOT NULL,
    founder_name    TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT 'sv',
    municipality    TEXT,
    question        TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    answer          TEXT NOT NULL DEFAULT '',
    sources         TEXT NOT NULL DEFAULT '[]',
    turns           TEXT NOT NULL DEFAULT '[]',
    contact_chat_id INTEGER,
    routed_to       TEXT NOT NULL DEFAULT '',
    owner_id        INTEGER,
    owner_name      TEXT NOT NULL DEFAULT '',
    describing      INTEGER NOT NULL DEFAULT 0,
    created_at      REAL NOT NULL,
    opened_at       REAL,
    claimed_at      REAL,
    closed_at       REAL,
    reminded_at     REAL,
    reminders       INTEGER NOT NULL DEFAULT 0,
    forwards        INTEGER NOT NULL DEFAULT 0,
    closed_by       TEXT NOT NULL DEFAULT '',
    rating          INTEGER
);
CREATE INDEX IF NOT EXISTS cases_founder ON cases (founder_id, state);
CREATE INDEX IF NOT EXISTS cases_state ON cases (state, contact_chat_id);
CREATE TABLE IF NOT EXISTS case_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    author      TEXT NOT NULL CHECK (author IN ('founder', 'contact')),
    author_id   INTEGER,
    author_name TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    at          REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS case_messages_case ON case_messages (case_id);
CREATE TABLE IF NOT EXISTS case_refs (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
);
CREATE TABLE IF NOT EXISTS approved_answers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      INTEGER,
    question     TEXT NOT NULL,
    answer       TEXT NOT NULL,
    municipality TEXT,
    author       TEXT NOT NULL,
    author_id    INTEGER,
    date         TEXT NOT NULL,
    at           REAL NOT NULL
);
"""

OPEN_STATES = ("open", "claimed")


@dataclass
class Case:
    """A founder's request for a person, from consent to closing.

    ``draft`` (shown to the founder, nothing shared yet) -> ``open`` (sent to a contact chat) ->
    ``claimed`` (a contact person took it) -> ``closed``. Forwarding puts it back to ``open`` in
    another contact chat.
    """

    id: int
    state: str
    founder_id: int
    founder_chat_id: int
    founder_name: str = ""
    language: str = "sv"
    municipality: str | None = None
    question: str = ""
    description: str = ""
    answer: str = ""  # what Sofia answered before the founder asked for a person
    sources: list[str] = field(default_factory=list)  # the sources of that answer, one line each
    turns: list[Turn] = field(default_factory=list)  # the last turns the founder agreed to share
    contact_chat_id: int | None = None
    routed_to: str = ""  # the municipality or actor whose contact chat has the case
    owner_id: int | None = None
    owner_name: str = ""
    describing: bool = False  # the founder's next message is the description
    created_at: float = 0.0
    opened_at: float | None = None
    claimed_at: float | None = None
    closed_at: float | None = None
    reminded_at: float | None = None
    reminders: int = 0
    forwards: int = 0
    closed_by: str = ""
    rating: int | None = None

    @property
    def code(self) -> str:
        """The short id people use: K-17."""
        return f"K-{self.id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


_NAMES = [f.name for f in fields(Case)]
_JSON = {"sources", "turns"}


def _row_to_case(row: sqlite3.Row | tuple) -> Case:
    values = dict(zip(_NAMES, row))
    values["sources"] = json.loads(values["sources"])
    values["turns"] = [Turn(**t) for t in json.loads(values["turns"])]
    values["describing"] = bool(values["describing"])
    return Case(**values)


def _column(name: str, value: Any) -> Any:
    if name == "turns":
        return json.dumps([t.__dict__ for t in value], ensure_ascii=False)
    if name == "sources":
        return json.dumps(list(value), ensure_ascii=False)
    if name == "describing":
        return int(bool(value))
    return value


def insert(db: sqlite3.Connection, case: Case) -> int:
    names = [n for n in _NAMES if n != "id"]
    cur = db.execute(
        f"INSERT INTO cases ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [_column(n, getattr(case, n)) for n in names],
    )
    return int(cur.lastrowid)


def update(db: sqlite3.Connection, case_id: int, **values: Any) -> None:
    assert values and set(values) <= set(_NAMES) - {"id"}
    db.execute(
        f"UPDATE cases SET {', '.join(f'{n} = ?' for n in values)} WHERE id = ?",
        [*(_column(n, v) for n, v in values.items()), case_id],
    )


def load(db: sqlite3.Connection, case_id: int) -> Case | None:
    row = db.execute(f"SELECT {', '.join(_NAMES)} FROM cases WHERE id = ?", (case_id,)).fetchone()
    return _row_to_case(row) if row else None


def select(db: sqlite3.Connection, where: str, params: tuple = ()) -> list[Case]:
    rows = db.execute(f"SELECT {', '.join(_NAMES)} FROM cases WHERE {where} ORDER BY id", params).fetchall()
    return [_row_to_case(r) for r in rows]


def add_message(db: sqlite3.Connection, case_id: int, author: str, author_id: int | None, name: str, text: str, at: float) -> int:
    cur = db.execute(
        "INSERT INTO case_messages (case_id, author, author_id, author_name, text, at) VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, author, author_id, name, text, at),
    )
    return int(cur.lastrowid)


@dataclass(frozen=True)
class CaseMessage:
    id: int
    case_id: int
    author: str
    author_id: int | None
    author_name: str
    text: str
    at: float


def message(db: sqlite3.Connection, message_id: int) -> CaseMessage | None:
    row = db.execute(
        "SELECT id, case_id, author, author_id, author_name, text, at FROM case_messages WHERE id = ?", (message_id,)
    ).fetchone()
    return CaseMessage(*row) if row else None


def remember_ref(db: sqlite3.Connection, chat_id: int, message_id: int, case_id: int) -> None:
    db.execute("INSERT OR IGNORE INTO case_refs (chat_id, message_id, case_id) VALUES (?, ?, ?)", (chat_id, message_id, case_id))


def case_of_ref(db: sqlite3.Connection, chat_id: int, message_id: int) -> int | None:
    row = db.execute("SELECT case_id FROM case_refs WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)).fetchone()
    return row[0] if row else None


def erase_case(db: sqlite3.Connection, case_id: int) -> int:
    """Remove the founder's personal data from a case; the case keeps its id, place and dates."""
    n = db.execute("DELETE FROM case_messages WHERE case_id = ?", (case_id,)).rowcount
    n += db.execute("DELETE FROM case_refs WHERE case_id = ?", (case_id,)).rowcount
    update(db, case_id, founder_id=0, founder_chat_id=0, founder_name="", question="", description="", answer="",
           sources=[], turns=[], describing=False)
    return n + 1


def purge_closed(db: sqlite3.Connection, before: float) -> int:
    """Delete cases closed before ``before`` and drafts never sent since then; their messages, message
    references and outbox messages go with them. Approved answers stay (a contact person kept them)."""
    ids = [r[0] for r in db.execute(
        "SELECT id FROM cases WHERE (state = 'closed' AND COALESCE(closed_at, created_at) < ?) "
        "OR (state = 'draft' AND created_at < ?)", (before, before))]
    for case_id in ids:
        db.execute("DELETE FROM outbox WHERE case_id = ?", (case_id,))
        db.execute("DELETE FROM cases WHERE id = ?", (case_id,))  # messages and refs cascade
    return len(ids)
