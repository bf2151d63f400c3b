"""Approved answers: replies a contact person saved for reuse, found again for similar questions.

A contact person can save a reply they gave on a case. It is kept with the case's question, the
municipality, the author and the date, and the answer service consults it before searching the
documents: a new question whose meaningful words (Swedish stems, as the lexical index reads them,
place names left out) are mostly the same as a saved question's, about the same municipality (or
a saved answer for no municipality), is answered with the saved reply, cited as the contact
person's answer with its date.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.records.masking import mask
from bot.models import Answer, Citation

NAME = "[NAMN]"

_TEXT = {
    "sv": {"title": "Svar från kontaktperson", "in": "i", "intro": "En kontaktperson{where} har svarat på en liknande fråga:"},
    "en": {"title": "Answer from a contact person", "in": "in", "intro": "A contact person{where} has answered a similar question:"},
}


@dataclass(frozen=True)
class ApprovedAnswer:
    id: int
    question: str
    answer: str
    municipality: str | None
    author: str
    date: str  # YYYY-MM-DD


class ApprovedAnswers:
    """Reads the approved answers in Sofia's database; a missing database means there are none."""

    def __init__(self, database: Path | str, *, min_similarity: float = 0.6, min_shared: int = 2) -> None:
        self.database = Path(database)
        self.min_similarity = min_similarity
        self.min_shared = min_shared

    def all(self) -> list[ApprovedAnswer]:
        if not self.database.exists():
            return []
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=5)) as db:
                rows = db.execute(
                    "SELECT id, question, answer, municipality, author, date FROM approved_answers ORDER BY id DESC"
                ).fetchall()
        except sqlite3.OperationalError:  # no table yet: nothing has been approved
            return []
        return [ApprovedAnswer(*r) for r in rows]

    def find(
        self,
        question: str,
        municipality: str | None,
        analyzer,  # noqa: ANN001 - bot.search.lexical.SwedishAnalyzer
        ignore: Callable[[str], bool] = lambda word: False,
    ) -> ApprovedAnswer | None:
        """The saved answer whose question is most like ``question``, if it is alike enough."""
        candidates = [a for a in self.all() if a.municipality in (None, municipality)]
        if not candidates:
            return None
        asked = _terms(question, analyzer, ignore)
        best, best_score = None, 0.0
        for candidate in candidates:
            saved = _terms(candidate.question, analyzer, ignore)
            shared = len(asked & saved)
            if not shared or shared < min(self.min_shared, len(saved)):
                continue
            score = 2 * shared / (len(asked) + len(saved))  # Dice: both questions mostly the same words
            if score > best_score:
                best, best_score = candidate, score
        return best if best_score >= self.min_similarity else None


def masked(reply, case) -> str:  # noqa: ANN001 - case_store.CaseMessage, case_store.Case
    """A reply as it may be reused for others: personal identity numbers, phone numbers, e-mail
    addresses and the founder's names (and Telegram username) masked."""
    text = mask(reply.text)
    name = case.founder_name or ""
    words = set(re.findall(r"[^\W\d_][\w'-]+", re.sub(r"\(@(\w+)\)", r" \1 ", name)))
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?<![\w@])@?{re.escape(word)}(?!\w)", NAME, text, flags=re.IGNORECASE)
    return text


def record(db: sqlite3.Connection, case_id: int, question: str, answer: str, municipality: str | None,
           author: str, author_id: int, at: float) -> None:
    """Keep a reply as an approved answer (once), dated the day it was approved."""
    if db.execute("SELECT 1 FROM approved_answers WHERE case_id = ? AND answer = ?", (case_id, answer)).fetchone():
        return
    db.execute(
        "INSERT INTO approved_answers (case_id, question, answer, municipality, author, author_id, date, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, question, answer, municipality, author, author_id, time.strftime("%Y-%m-%d", time.localtime(at)), at),
    )


def erase(db: sqlite3.Connection, case_id: int) -> int:
    """Forget the approved answers made from a case, and every copy of them Sofia kept when she
    gave them to others (their answers' sources and their conversation turns)."""
    n = 0
    for answer_id, text in db.execute("SELECT id, answer FROM approved_answers WHERE case_id = ?", (case_id,)).fetchall():
        document = f'%"kontaktperson-svar-{answer_id}"%'
        given = "SELECT id FROM answers WHERE citations LIKE ?"
        db.execute(f"UPDATE insight_events SET question = NULL, answer_id = NULL WHERE answer_id IN ({given})", (document,))
        n += db.execute("DELETE FROM answers WHERE citations LIKE ?", (document,)).rowcount
        n += db.execute("DELETE FROM turns WHERE instr(text, ?) > 0", (text.strip()[:200],)).rowcount
    return n + db.execute("DELETE FROM approved_answers WHERE case_id = ?", (case_id,)).rowcount


def _terms(text: str, analyzer, ignore: Callable[[str], bool]) -> set[str]:  # noqa: ANN001
    return {analyzer.stem(w) for w in analyzer.content_words(text) if not ignore(w)}


def approved_answer(found: ApprovedAnswer, base: dict, resolved: str) -> Answer:
    """The reply for a question an approved answer fits, citing the contact person and the date."""
    text = _TEXT.get(base.get("language") or "sv", _TEXT["sv"])
    where = f" {text['in']} {found.municipality}" if found.municipality else ""
    citation = Citation(
        number=1,
        document=f"kontaktperson-svar-{found.id}",
        title=f"{text['title']}{where}",
        municipality=None,
        section="",
        date=found.date,
        quote=found.answer,
    )
    body = text["intro"].format(where=where) + "\n\n" + found.answer.strip() + " [1]"
    return Answer(text="", body=body, grounded=True, handoff=False, citations=[citation], kind="answer",
                  resolved_question=resolved, **base)
