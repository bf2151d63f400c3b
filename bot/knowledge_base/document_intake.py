"""Staff keep the knowledge current: a document received, its metadata confirmed, stored, indexed.

The steps, each a call from a channel: ``receive`` checks the file (size, kind by content, that
it has text), keeps it as a draft and proposes its metadata from its text; staff correct fields
(``set_field``) and confirm; ``conflict`` tells whether it would replace a document with the
same title and municipality; ``confirm`` stores it under the data directory, re-indexes that
file only (answers keep coming from the current index until the new one is switched in) and
returns how many passages were added with a sample answer. ``remove`` takes a document out of
the index at once. Every addition and removal is recorded: who, what, when.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import review_dates
from bot.knowledge_base.documents import DocumentError, read_document
from bot.knowledge_base.library import MAX_BYTES, Library, slug, sniff
from bot.knowledge_base.metadata_proposal import DATE_FIELDS, PROPOSED, excerpt, propose
from bot.models import Answer
from bot.review_dates import Lapse
from bot.records.store import Store

if TYPE_CHECKING:
    from bot.answers.service import AnswerService
    from bot.knowledge_base.contacts import Contacts
    from bot.knowledge_base.ingestion import KnowledgeBase

SCHEMA = """
CREATE TABLE IF NOT EXISTS document_drafts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL,
    suffix      TEXT NOT NULL,
    meta        TEXT NOT NULL,
    excerpt     TEXT NOT NULL,
    awaiting    TEXT,
    at          REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS document_audit (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           REAL NOT NULL,
    user_id      INTEGER NOT NULL,
    user_name    TEXT,
    action       TEXT NOT NULL CHECK (action IN ('added', 'removed')),
    document     TEXT NOT NULL,
    title        TEXT,
    municipality TEXT,
    note         TEXT
);
"""
DRAFT_DAYS = 7  # a draft nobody confirmed is forgotten after this long
SAMPLE_TRIES = 4  # passages tried for a sample answer
log = logging.getLogger(__name__)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class IntakeError(Exception):
    """Why a file cannot be added: ``too_big``, ``unsupported``, ``unreadable`` or ``gone``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


@dataclass
class Draft:
    """A received file waiting for staff to confirm its metadata."""

    id: int
    user_id: int
    suffix: str
    meta: dict[str, Any]
    excerpt: str
    awaiting: str | None = None  # the field staff were asked to give by replying


@dataclass
class Entry:
    """A document Sofia answers from, as /dokument lists it."""

    document: str
    title: str
    municipality: str | None
    date: str | None
    passages: int
    meta: dict[str, Any]
    uploaded: bool  # stored from Telegram (else a file of knowledge/)
    added_by: str | None = None
    added_at: float | None = None
    lapse: Lapse | None = None
    missing_date: bool = False  # no date, or a municipality's document with no review date
    path: str | None = None


@dataclass
class Added:
    """What confirming a draft did."""

    document: str
    title: str
    passages: int
    replaced: str | None = None
    sample_question: str = ""
    sample: Answer | None = None
    lapse: Lapse | None = None


class DocumentIntake:
    """Adding, replacing and removing documents, for staff; the audit of who did what."""

    def __init__(
        self, knowledge: "KnowledgeBase", answers: "AnswerService", contacts: "Contacts", store: Store,
        clock=time.time,  # noqa: ANN001 - a function returning unix time
    ) -> None:
        self.knowledge = knowledge
        self.answers = answers
        self.contacts = contacts
        self.store = store
        self.library: Library = knowledge.library
        self._clock = clock
        store.add_schema(SCHEMA)

    # -- receiving a file ---------------------------------------------------------------------

    def receive(self, user_id: int, data: bytes) -> Draft:
        """Check a file and keep it as a draft with proposed metadata; IntakeError says why not."""
        if len(data) > MAX_BYTES:
            raise IntakeError("too_big")
        suffix = sniff(data)
        if suffix is None:
            raise IntakeError("unsupported")
        self._forget_old_drafts()
        draft_id = self.store.transaction(
            lambda db: db.execute(
                "INSERT INTO document_drafts (user_id, suffix, meta, excerpt, at) VALUES (?, ?, '{}', '', ?)",
                (user_id, suffix, self._clock()),
            ).lastrowid
        )
        path = self.library.write_draft(draft_id, suffix, data)
        try:
            document = read_document(path)
        except DocumentError as exc:
            self._drop(draft_id, path)
            raise IntakeError("unreadable", str(exc)) from exc
        given = {k: v for k, v in document.meta.items() if v}
        if given.get("title") == path.stem.replace("-", " ").capitalize():
            given.pop("title")  # read_document's fallback from the (draft's) file name, not the text's
        if given.get("document_type") == "dokument":
            given.pop("document_type")
        meta = propose(document.body, given, self.contacts.municipalities())
        text = excerpt(document.body)
        self.store.transaction(
            lambda db: db.execute(
                "UPDATE document_drafts SET meta = ?, excerpt = ? WHERE id = ?",
                (json.dumps(meta, ensure_ascii=False), text, draft_id),
            )
        )
        return Draft(draft_id, user_id, suffix, meta, text)

    def draft(self, draft_id: int) -> Draft | None:
        row = self.store.query(
            lambda db: db.execute(
                "SELECT id, user_id, suffix, meta, excerpt, awaiting FROM document_drafts WHERE id = ?",
                (draft_id,),
            ).fetchone()
        )
        return Draft(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5]) if row else None

    def awaiting_reply(self, user_id: int, replied_draft: int | None) -> Draft | None:
        """The user's draft a text message answers: the one whose proposal it replies to, else the
        latest one waiting for a field."""
        if replied_draft is not None:
            draft = self.draft(replied_draft)
            if draft is not None and draft.user_id == user_id:
                return draft
        row = self.store.query(
            lambda db: db.execute(
                "SELECT id FROM document_drafts WHERE user_id = ? AND awaiting IS NOT NULL ORDER BY id DESC LIMIT 1",
                (user_id,),
            ).fetchone()
        )
        return self.draft(row[0]) if row else None

    def ask_for(self, draft_id: int, field: str | None) -> None:
        """Remember which field the next reply gives (``title`` or ``dates``)."""
        self._update(draft_id, "awaiting = ?", field)

    def set_field(self, draft: Draft, key: str, value: str | None) -> Draft:
        """Correct one field; a date must be written YYYY-MM-DD (ValueError otherwise)."""
        if key not in PROPOSED:
            raise ValueError(key)
        value = " ".join((value or "").split()) or None
        if key in DATE_FIELDS and value and not _ISO.match(value):
            raise ValueError(key)
        draft.meta[key] = value
        if key == "municipality":
            draft.meta["organisation"] = f"{value} kommun" if value else draft.meta.get("organisation")
        if key in ("decided", "valid_from") and value and not draft.meta.get("date"):
            draft.meta["date"] = value
        self._update(draft.id, "meta = ?, awaiting = NULL", json.dumps(draft.meta, ensure_ascii=False))
        draft.awaiting = None
        return draft

    def apply_reply(self, draft: Draft, text: str) -> Draft:
        """A reply correcting the draft: "beslutad 2024-05-01" lines for dates, else the new title.

        Raises ValueError when a date line has no date written YYYY-MM-DD.
        """
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        dated = [(_date_field(line), line) for line in lines]
        if draft.awaiting == "dates" or any(key for key, _ in dated):
            for key, line in dated:
                found = re.search(r"\d{4}-\d{2}-\d{2}", line)
                if key is None or found is None:
                    raise ValueError(line)
                draft = self.set_field(draft, key, found.group(0))
            return draft
        return self.set_field(draft, "title", " ".join(lines)[:200])

    def cancel(self, draft_id: int) -> None:
        draft = self.draft(draft_id)
        if draft is not None:
            self._drop(draft.id, self.library.draft_path(draft.id, draft.suffix))

    # -- storing -----------------------------------------------------------------------------

    def conflict(self, draft: Draft) -> Entry | None:
        """A document this one would replace: the same title and municipality."""
        title, place = _key(draft.meta.get("title")), _key(draft.meta.get("municipality"))
        return next((e for e in self.entries() if _key(e.title) == title and _key(e.municipality) == place), None)

    def confirm(self, draft_id: int, user_id: int, user_name: str, replace: str | None = None) -> Added:
        """Store the draft's file with its metadata and index it (replacing ``replace`` if given).

        The new document is indexed before the old one is taken out, so a failure on the way leaves
        the old one answering and nothing half-added.
        """
        draft = self.draft(draft_id)
        if draft is None:
            raise IntakeError("gone")
        source = self.library.draft_path(draft.id, draft.suffix)
        old = self.entry(replace) if replace else None
        taken = {e.document for e in self.entries()}
        name = self.library.free_name(slug(draft.meta.get("title") or "", draft.meta.get("municipality")), taken)
        path = self.library.store(name, source, draft.meta)
        try:
            self.knowledge.ingest([path], progress=False)
        except BaseException:
            self.library.delete(path)
            raise
        added = self.entry(name)
        if added is None:  # it was read before, so only a damaged disk gets here
            self.library.delete(path)
            self.knowledge.ingest([self.library.folder], progress=False)
            raise IntakeError("unreadable")
        self._drop(draft.id, source)
        self._audit(user_id, user_name, "added", added, f"ersätter {old.document}" if old else None)
        if old is not None:
            self._take_out(old)
            self._audit(user_id, user_name, "removed", old, f"ersatt av {name}")
        question, sample = self.sample(added)
        return Added(name, added.title, added.passages, old.title if old else None, question, sample, added.lapse)

    def sample(self, entry: Entry) -> tuple[str, Answer | None]:
        """A question a founder might ask that the new document answers, and Sofia's answer to it."""
        place = entry.municipality
        passages = self.knowledge.passages(entry.document)
        # A section of its own says more about what the document answers than its title does.
        ordered = [c for c in passages if c.section != c.title] + [c for c in passages if c.section == c.title]
        for chunk in ordered[:SAMPLE_TRIES]:
            topic = chunk.section.strip().lower()
            question = f"Vad säger {place or 'dokumentet'} om {topic}?"
            answer = self.answers.answer(question, municipality=place)
            if any(c.document == entry.document for c in answer.citations):
                return question, answer
        return "", None

    def remove(self, document: str, user_id: int, user_name: str) -> int:
        """Take a document out of the index now; returns how many passages went with it."""
        entry = self.entry(document)
        if entry is None or not entry.path:
            raise IntakeError("gone")
        self._take_out(entry)
        self._audit(user_id, user_name, "removed", entry, None)
        return entry.passages

    def _take_out(self, entry: Entry) -> None:
        """Delete a stored document, or withdraw a file of knowledge/ (which may be read-only); re-index."""
        path = Path(entry.path or "")
        if self.library.owns(path):
            self.library.delete(path)
            self.knowledge.ingest([self.library.folder], progress=False)  # the scan sees it gone
        else:
            self.library.withdraw(path)
            self.knowledge.ingest([path], progress=False)  # a withdrawn file given by path leaves the index

    # -- listing -----------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every document Sofia answers from, by municipality (general guidance last), then title."""
        added = self._last_added()
        out = []
        for doc in self.knowledge.documents():
            meta = doc["meta"]
            who, when = added.get(doc["document"], (None, None))
            out.append(Entry(
                document=doc["document"], title=doc["title"], municipality=doc["municipality"], date=doc["date"],
                passages=doc["passages"], meta=meta, path=doc["path"],
                uploaded=bool(doc["path"]) and self.library.owns(Path(doc["path"])),
                added_by=who, added_at=when, lapse=review_dates.lapse(meta),
                missing_date=not doc["date"] or (bool(doc["municipality"]) and not review_dates.has_review_date(meta)),
            ))
        return out

    def entry(self, document: str | None) -> Entry | None:
        return next((e for e in self.entries() if e.document == document), None)

    def first_passage(self, document: str) -> str:
        passages = self.knowledge.passages(document)
        return passages[0].body if passages else ""

    def audit(self, limit: int = 50) -> list[tuple]:
        """The latest additions and removals: (at, user id, name, action, document, title, note)."""
        return self.store.query(
            lambda db: db.execute(
                "SELECT at, user_id, user_name, action, document, title, note FROM document_audit ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        )

    # -- helpers -----------------------------------------------------------------------------

    def _last_added(self) -> dict[str, tuple[str, float]]:
        rows = self.store.query(
            lambda db: db.execute(
                "SELECT document, user_name, at FROM document_audit WHERE action = 'added' ORDER BY id"
            ).fetchall()
        )
        return {document: (name, at) for document, name, at in rows}

    def _audit(self, user_id: int, user_name: str, action: str, entry: Entry, note: str | None) -> None:
        self.store.transaction(
            lambda db: db.execute(
                "INSERT INTO document_audit (at, user_id, user_name, action, document, title, municipality, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self._clock(), user_id, user_name, action, entry.document, entry.title, entry.municipality, note),
            )
        )
        log.info("document %s %s by staff user %s", entry.document, action, user_id)  # no names or text in logs

    def _update(self, draft_id: int, assignments: str, *values: object) -> None:
        self.store.transaction(
            lambda db: db.execute(f"UPDATE document_drafts SET {assignments} WHERE id = ?", (*values, draft_id))
        )

    def _drop(self, draft_id: int, path: Path) -> None:
        self.library.drop_draft(path)
        self.store.transaction(lambda db: db.execute("DELETE FROM document_drafts WHERE id = ?", (draft_id,)))

    def _forget_old_drafts(self) -> None:
        before = self._clock() - DRAFT_DAYS * 86400

        def old(db: sqlite3.Connection) -> list[tuple[int, str]]:
            return db.execute("SELECT id, suffix FROM document_drafts WHERE at < ?", (before,)).fetchall()

        for draft_id, suffix in self.store.query(old):
            self._drop(draft_id, self.library.draft_path(draft_id, suffix))


def _key(value: object) -> str:
    return " ".join(str(value or "").casefold().split())


# Words in a reply that say which date it gives: "beslutad 2024-05-01", "revideras senast 2027-01-01".
_DATE_WORDS = (
    (r"revider\w*\s+senast|revideras|ses\s+över|review", "review_by"),
    (r"gäller\s+till|giltig\w*\s+till|t\.?\s?o\.?\s?m|valid\s+until", "valid_until"),
    (r"gäller\s+från|giltig\w*\s+från|valid\s+from", "valid_from"),
    (r"reviderad|revised", "revised"),
    (r"beslut\w*|fastställ\w*|antag\w*|decided", "decided"),
    (r"datum|date", "date"),
)


def _date_field(line: str) -> str | None:
    low = line.lower()
    return next((key for pattern, key in _DATE_WORDS if re.search(pattern, low)), None)
