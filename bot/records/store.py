"""SQLite store of what Sofia keeps about the people who chat with her.

Only what a feature needs, and nothing after it stops being needed:

- preferences: the chosen municipality and language (so the next answer is about the right place);
- recent conversation turns, at most ``history_turns`` per user and ``history_max_age_s`` old
  (so follow-up questions are understood);
- answers given, with their question and citations, kept ``retention_days`` (so "Källor" and
  "Prata med en människa" work on an earlier answer, and feedback can be read with its question);
- feedback (👍 / 👎) on an answer, kept as long as the answer;
- for staff insight, one row per recorded answer with no user id: its date, kind, municipality,
  language and cited section, the vote it got, and for an unanswered question its masked text
  (the text, and the link to the answer, go after ``retention_days``; the counts stay).

``erase_user`` deletes all of it for one user. The file and its connection (shared with the
modules that keep their own tables in it) are database.py's.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.records.database import Database
from bot.records.masking import mask
from bot.models import Answer, Citation, Turn

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id      INTEGER PRIMARY KEY,
    language     TEXT,
    municipality TEXT,
    updated_at   REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL,
    role         TEXT NOT NULL,
    text         TEXT NOT NULL,
    municipality TEXT,
    at           REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_user ON turns (user_id, id);
CREATE TABLE IF NOT EXISTS answers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL,
    question     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    municipality TEXT,
    citations    TEXT NOT NULL,
    at           REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_user ON answers (user_id);
CREATE INDEX IF NOT EXISTS answers_at ON answers (at);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id    INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    vote         INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    at           REAL NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE INDEX IF NOT EXISTS feedback_user ON feedback (user_id);
CREATE TABLE IF NOT EXISTS insight_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    day          TEXT NOT NULL,
    kind         TEXT NOT NULL,
    municipality TEXT,
    language     TEXT,
    topic        TEXT,
    question     TEXT,
    answer_id    INTEGER,
    vote         INTEGER,
    at           REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS insight_events_day ON insight_events (day);
CREATE INDEX IF NOT EXISTS insight_events_answer ON insight_events (answer_id);
"""

# (table, column, type) added after the first release; _migrate adds them to older databases.
_ADDED_COLUMNS = (("answers", "chat_id", "INTEGER"), ("users", "municipality_at", "REAL"))

# An assistant turn keeps the start of the answer: enough to resolve "vad betyder det?".
ASSISTANT_TURN_CHARS = 1500


@dataclass(frozen=True)
class Preferences:
    """A user's choices; None means not chosen (the channel then uses its defaults)."""

    language: str | None = None
    municipality: str | None = None
    municipality_at: float | None = None  # when the municipality was chosen


UNANSWERED = ("not_found", "not_sure")  # kinds of answer whose question the documents did not answer


@dataclass(frozen=True)
class AnswerRecord:
    """An answer as kept for its buttons: what was asked, about where, and its sources."""

    id: int
    user_id: int
    question: str
    kind: str
    municipality: str | None
    citations: list[Citation] = field(default_factory=list)
    at: float = 0.0
    chat_id: int | None = None  # the chat the answer was given in: only its buttons act on it


class Store(Database):
    """Preferences, recent turns, answers and feedback in one SQLite file."""

    def __init__(
        self,
        path: Path | str,
        *,
        history_turns: int = 6,
        history_max_age_s: float = 1800,
        retention_days: float = 90,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.history_turns = max(0, history_turns)
        self.history_max_age_s = history_max_age_s
        self.retention_s = retention_days * 86400
        super().__init__(path, clock=clock)
        self._db.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Columns added after a database was first made."""
        for table, column, kind in _ADDED_COLUMNS:
            names = {r[1] for r in self._db.execute(f"PRAGMA table_info({table})")}
            if column not in names:
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    @classmethod
    def from_settings(cls, settings) -> Store:  # noqa: ANN001 - bot.config.Settings
        """The store at ``settings.database_path`` with the configured bounds."""
        return cls(
            settings.database_path,
            history_turns=settings.history_turns,
            history_max_age_s=settings.history_max_age_s,
            retention_days=settings.retention_days,
        )

    # -- preferences ------------------------------------------------------------------------

    def preferences(self, user_id: int) -> Preferences:
        row = self._read(
            lambda db: db.execute(
                "SELECT language, municipality, municipality_at FROM users WHERE user_id = ?", (user_id,)
            ).fetchone()
        )
        return Preferences(*row) if row else Preferences()

    def set_language(self, user_id: int, language: str | None) -> None:
        self._set(user_id, "language", language)

    def set_municipality(self, user_id: int, municipality: str | None) -> None:
        self._set(user_id, "municipality", municipality)
        self._set(user_id, "municipality_at", self._clock())

    def _set(self, user_id: int, column: str, value: str | float | None) -> None:
        now = self._clock()
        self._run(
            lambda db: db.execute(
                f"INSERT INTO users (user_id, {column}, updated_at) VALUES (?, ?, ?) "
                f"ON CONFLICT (user_id) DO UPDATE SET {column} = excluded.{column}, "
                "updated_at = excluded.updated_at",
                (user_id, value, now),
            )
        )

    # -- conversation turns -----------------------------------------------------------------

    def add_turns(self, user_id: int, turns: Iterable[Turn]) -> None:
        """Keep these turns, then drop the user's turns beyond the bounds."""
        now = self._clock()
        rows = [
            (
                user_id,
                t.role,
                t.text[:ASSISTANT_TURN_CHARS] if t.role == "assistant" else t.text,
                t.municipality,
                t.at or now,
            )
            for t in turns
        ]

        def write(db: sqlite3.Connection) -> None:
            db.executemany(
                "INSERT INTO turns (user_id, role, text, municipality, at) VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            db.execute(
                "DELETE FROM turns WHERE user_id = ? AND (at < ? OR id NOT IN "
                "(SELECT id FROM turns WHERE user_id = ? ORDER BY id DESC LIMIT ?))",
                (user_id, now - self.history_max_age_s, user_id, self.history_turns),
            )

        self._run(write)

    def recent_turns(self, user_id: int) -> list[Turn]:
        """The user's last turns within the bounds, oldest first."""
        since = self._clock() - self.history_max_age_s
        rows = self._read(
            lambda db: db.execute(
                "SELECT role, text, municipality, at FROM turns WHERE user_id = ? AND at >= ? "
                "ORDER BY id DESC LIMIT ?",
                (user_id, since, self.history_turns),
            ).fetchall()
        )
        return [Turn(role=r, text=t, municipality=m, at=a) for r, t, m, a in reversed(rows)]

    # -- answers and feedback ---------------------------------------------------------------

    def record_answer(self, user_id: int, answer: Answer, chat_id: int | None = None) -> int:
        """Keep an answer for its buttons; returns its id (the question id feedback refers to)."""
        now = self._clock()
        # A not-sure answer keeps the sections it offered where an answer keeps its sources: its buttons open them.
        kept = answer.citations or [
            Citation(x.number, x.document, x.title, x.municipality, x.section, None, x.text) for x in answer.suggestions
        ]
        citations = json.dumps([c.to_json() for c in kept], ensure_ascii=False)

        def write(db: sqlite3.Connection) -> int:
            self._expire(db, now)
            cur = db.execute(
                "INSERT INTO answers (user_id, question, kind, municipality, citations, at, chat_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (user_id, answer.question, answer.kind, answer.municipality, citations, now, chat_id),
            )
            db.execute(
                "INSERT INTO insight_events (day, kind, municipality, language, topic, question, answer_id, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.strftime("%Y-%m-%d", time.localtime(now)), answer.kind, answer.municipality, answer.language,
                 _topic(answer), mask(answer.question)[:500] if answer.kind in UNANSWERED else None,
                 cur.lastrowid, now),
            )
            return int(cur.lastrowid)

        return self._run(write)

    def answer(self, answer_id: int) -> AnswerRecord | None:
        row = self._read(
            lambda db: db.execute(
                "SELECT id, user_id, question, kind, municipality, citations, at, chat_id FROM answers "
                "WHERE id = ?",
                (answer_id,),
            ).fetchone()
        )
        if row is None:
            return None
        citations = [Citation(**c) for c in json.loads(row[5])]
        return AnswerRecord(row[0], row[1], row[2], row[3], row[4], citations, row[6], row[7])

    def latest_answers(self, user_id: int, limit: int = 2) -> list[AnswerRecord]:
        """The user's most recent kept answers, newest first."""
        rows = self._read(
            lambda db: db.execute(
                "SELECT id FROM answers WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
            ).fetchall()
        )
        return [a for (answer_id,) in rows if (a := self.answer(answer_id)) is not None]

    def set_feedback(self, answer_id: int, user_id: int, vote: int) -> bool:
        """Record 👍 (1) or 👎 (-1) by a user on an answer; False when the answer is gone."""
        if vote not in (-1, 1):
            raise ValueError("vote must be 1 or -1")
        now = self._clock()

        def write(db: sqlite3.Connection) -> bool:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT INTO feedback (answer_id, user_id, vote, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, "
                "at = excluded.at",
                (answer_id, user_id, vote, now),
            )
            db.execute("UPDATE insight_events SET vote = ? WHERE answer_id = ?", (vote, answer_id))
            return True

        return self._run(write)

    def feedback(self, answer_id: int) -> dict[int, int]:
        """Votes on one answer, by user id."""
        rows = self._read(
            lambda db: db.execute(
                "SELECT user_id, vote FROM feedback WHERE answer_id = ?", (answer_id,)
            ).fetchall()
        )
        return dict(rows)

    def feedback_counts(self) -> tuple[int, int]:
        """All kept votes: (👍, 👎)."""
        up, down = self._read(
            lambda db: db.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM feedback"
            ).fetchone()
        )
        return int(up), int(down)

    # -- erasure and retention --------------------------------------------------------------

    def erase_user(self, user_id: int) -> int:
        """Delete everything stored about a user; returns how many rows went."""

        def erase(db: sqlite3.Connection) -> int:
            # The insight counts stay; their link to the user's answers and any question text go.
            db.execute(
                "UPDATE insight_events SET question = NULL, answer_id = NULL "
                "WHERE answer_id IN (SELECT id FROM answers WHERE user_id = ?)",
                (user_id,),
            )
            n = db.execute("DELETE FROM feedback WHERE user_id = ?", (user_id,)).rowcount
            # Others' votes on this user's answers go with the answers (ON DELETE CASCADE).
            n += db.execute("DELETE FROM answers WHERE user_id = ?", (user_id,)).rowcount
            n += db.execute("DELETE FROM turns WHERE user_id = ?", (user_id,)).rowcount
            n += db.execute("DELETE FROM users WHERE user_id = ?", (user_id,)).rowcount
            return n

        return self._run(erase)

    def prune(self) -> None:
        """Drop turns, answers and feedback that are older than their bounds."""
        now = self._clock()
        self._run(lambda db: self._expire(db, now))

    def _expire(self, db: sqlite3.Connection, now: float) -> None:
        db.execute("DELETE FROM turns WHERE at < ?", (now - min(self.history_max_age_s, self.retention_s),))
        db.execute("DELETE FROM answers WHERE at < ?", (now - self.retention_s,))  # feedback cascades
        db.execute(
            "UPDATE insight_events SET question = NULL, answer_id = NULL WHERE at < ? "
            "AND (question IS NOT NULL OR answer_id IS NOT NULL)",
            (now - self.retention_s,),
        )


def _topic(answer: Answer) -> str | None:
    """What an answer was about, for staff: its first source's section and municipality (or title)."""
    if not answer.citations:
        return None
    c = answer.citations[0]
    return f"{c.section} ({c.municipality or c.title})"[:100]
