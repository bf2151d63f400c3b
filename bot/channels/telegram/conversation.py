"""What the Telegram channel does with people's messages, apart from Telegram itself.

It keeps each user's preferences and recent turns in the store, answers through the core in a
small thread pool (answering is CPU-bound and must not block the event loop), answers one user's
messages in the order they came, and records answers so their buttons work later.
"""

from __future__ import annotations

import asyncio
import os
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from bot import __version__, retention
from bot.records import insights
from bot.channels.telegram.texts import language_of
from bot.answers.compose.extractive import format_source
from bot.cases.handoff import Handoff
from bot.records.store import UNANSWERED
from bot.cases.inbox import Inbox
from bot.models import Answer, Turn
from bot.cases.outbox import Backoff, Outbox
from bot.services import Services
from bot.records.store import Store

T = TypeVar("T")
# Kinds of answer that are worth remembering: for follow-ups, sources and feedback.
RECORDED_KINDS = {"answer", "not_sure", "not_found", "handoff", "contact"}


def default_workers() -> int:
    """A small pool: answering is CPU-bound, so more threads than cores only queue."""
    return max(2, min(4, os.cpu_count() or 2))


@dataclass(frozen=True)
class Reply:
    """An answer and the id it is stored under (None when it is not kept, e.g. a greeting)."""

    answer: Answer
    answer_id: int | None
    offer_person: bool = False  # Sofia could not answer twice in a row: offer a contact person


@dataclass(frozen=True)
class CaseContext:
    """What a new case would share: the question, Sofia's answer and its sources, the turns."""

    question: str
    municipality: str | None
    answer: str
    sources: list[str]
    turns: list[Turn]


class Conversations:
    """Preferences, context and answering for every user of the channel."""

    def __init__(
        self, services: Services, store: Store, *, workers: int | None = None, outbox_backoff: Backoff = Backoff()
    ) -> None:
        self.services = services
        self.store = store
        self.staff_ids = frozenset(services.settings.staff_ids)
        settings = services.settings
        # One outbox for the channel: the handoff core fills it, /status reports on it.
        self.outbox = Outbox(store, backoff=outbox_backoff)
        # Updates are kept until their reply is in the outbox (bot/cases/inbox.py, channel's intake.py).
        self.inbox = Inbox(store)
        self.handoff = Handoff(
            store, services.contacts, self.outbox,
            default_chat_id=settings.handoff_chat_id, staff_ids=settings.staff_ids,
            contact_ids=settings.contact_ids, remind_after_s=settings.handoff_remind_after_s,
        )
        self.executor = ThreadPoolExecutor(max_workers=workers or default_workers(), thread_name_prefix="sofia-answer")
        self.started = time.time()
        self._user_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._reindex: asyncio.Future | None = None

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.store.close()

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run blocking work in the pool, off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    # -- who is asking ----------------------------------------------------------------------

    def is_staff(self, user_id: int) -> bool:
        return user_id in self.staff_ids

    def language(self, user_id: int, language_code: str | None) -> str:
        """The language to talk to this user in: their choice, else their Telegram client's."""
        return language_of(self.store.preferences(user_id).language, language_code)

    def municipality(self, user_id: int) -> str | None:
        return self.store.preferences(user_id).municipality

    # -- answering --------------------------------------------------------------------------

    def turn(self, user_id: int) -> asyncio.Lock:
        """The user's turn, held from taking a message in until its answer is with the outbox: one
        user's answers go out in the order the questions came, however long one takes to send."""
        lock = self._user_locks.get(user_id)
        if lock is None:
            lock = self._user_locks[user_id] = asyncio.Lock()
        return lock

    async def ask(self, user_id: int, text: str, language: str, chat_id: int | None = None) -> Reply:
        """Answer ``text`` in the context of the user's recent turns (the caller holds the user's turn)."""
        return await self.run(self._ask, user_id, text, language, chat_id)

    def _ask(self, user_id: int, text: str, language: str, chat_id: int | None = None) -> Reply:
        staff = self.is_staff(user_id)
        history = self.store.recent_turns(user_id)
        # Staff see passages from every municipality; founders' answers lean to their own.
        preferences = self.store.preferences(user_id)
        chosen = None if staff else preferences.municipality
        answer = self.services.answers.answer(
            text, municipality=chosen, history=history, staff=staff, language_hint=language,
            chosen_at=preferences.municipality_at,
        )
        if answer.kind not in RECORDED_KINDS:
            return Reply(answer, None)
        now = time.time()
        self.store.add_turns(
            user_id,
            [Turn("user", text, answer.municipality, now), Turn("assistant", answer.body or answer.text, answer.municipality, now)],
        )
        answer_id = self.store.record_answer(user_id, answer, chat_id if chat_id is not None else user_id)
        missed = [a.kind in UNANSWERED for a in self.store.latest_answers(user_id, 3)]
        offer = missed[:2] == [True, True] and missed[2:] != [True]
        return Reply(answer, answer_id, offer)

    def case_context(self, user_id: int, language: str, answer_id: int | None = None) -> CaseContext:
        """The question a case is about (the answer under a pressed button, else the latest real
        question), what Sofia answered, its sources, and the recent turns."""
        record = self.store.answer(answer_id) if answer_id is not None else None
        if record is None or record.user_id != user_id:
            records = self.store.latest_answers(user_id, 5)
            record = next((r for r in records if r.kind in ("answer", "not_found", "contact")), None)
        turns = self.store.recent_turns(user_id)
        question = record.question if record else ""
        answer = ""
        for i, turn in enumerate(turns):
            if turn.role == "user" and turn.text == question and i + 1 < len(turns) and turns[i + 1].role == "assistant":
                answer = turns[i + 1].text
        sources = [format_source(c, language) for c in record.citations] if record else []
        municipality = (record.municipality if record else None) or self.municipality(user_id)
        return CaseContext(question, municipality, answer, sources, turns)

    def erase(self, user_id: int) -> int:
        """Erase everything kept about a user, their personal data in cases included, and leave no
        copy of it in the database's free pages or its write-ahead log."""
        erased = self.store.erase_user(user_id) + self.handoff.erase_founder(user_id)
        erased += self.store.transaction(lambda db: Inbox.erase_user(db, user_id) + Outbox.drop_chat(db, user_id))
        self.store.checkpoint()
        return erased

    def warm_up(self) -> None:
        """Load the models and indexes now (they load on first use), so that the first person to
        ask after a start waits no longer than the next one."""
        self.services.answers.answer("Vem ansvarar för stödet till sociala företag?", municipality=None)
        self.services.answers.answer("Who supports social enterprises?", municipality=None)

    # -- sending ----------------------------------------------------------------------------

    def post(
        self, chat_id: int, messages: list[tuple[str, dict | None]], key: str, *,
        reply_to: int | None = None, update_id: int | None = None,
    ) -> None:
        """Hand messages (HTML and a keyboard as a dict) for a chat to the outbox, in order. The
        update they answer is marked done in the same transaction: from now on the outbox owns them."""

        def write(db) -> None:  # noqa: ANN001
            for i, (text, markup) in enumerate(messages):
                payload = {"text": text, "markup": markup, "reply_to": reply_to if i == 0 else None}
                self.outbox.enqueue(db, f"{key}:{i}", chat_id, "message", payload)
            if update_id is not None:
                self.inbox.done(db, update_id)

        self.store.transaction(write)
        self.outbox.notify()

    def contact_details(self, municipality: str | None, language: str) -> str:
        """Plain text: who to talk to in the municipality, plus Coompanion and Arbetsförmedlingen."""
        return self.services.contacts.describe(municipality, language)

    # -- staff ------------------------------------------------------------------------------

    def status(self) -> dict:
        """The knowledge base's figures, uptime, feedback counts, the outbox's pending and dead
        messages (to contact persons and founders) and the version."""
        up, down = self.store.feedback_counts()
        outbox = self.outbox.counts()
        unreachable = [case.code for case in self.handoff.unreachable_cases()]
        status = dict(self.services.knowledge.status())
        status.update(
            uptime=_duration(time.time() - self.started), up=up, down=down,
            outbox_pending=outbox["pending"], outbox_dead=outbox["dead"], version=__version__,
            unreachable=", ".join(unreachable),
        )
        return status

    def insight(self, days: int) -> tuple[insights.Insight, bytes]:
        """The figures of the last ``days`` days and their chart (PNG)."""
        figures = insights.collect(self.store, days)
        return figures, insights.chart_png(figures)

    def unanswered(self, limit: int = 20) -> list[insights.Unanswered]:
        """Recent questions the documents did not answer, masked."""
        return insights.unanswered(self.store, limit)

    def purge(self) -> retention.Purged:
        """Delete what is older than the retention period."""
        purged = retention.purge(self.store)
        self.store.transaction(self.inbox.purge)
        return purged

    def start_reindex(self) -> asyncio.Future | None:
        """Start re-indexing the knowledge files in the pool; None while a re-index is running."""
        if self._reindex is not None and not self._reindex.done():
            return None
        self._reindex = asyncio.ensure_future(self.run(self.services.knowledge.reindex))
        return self._reindex


def _duration(seconds: float) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h {minutes} min" if days else f"{hours} h {minutes} min"
