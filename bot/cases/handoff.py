"""Handing a founder's case to a human contact person, and the answer back.

A case starts as a ``draft`` that the founder sees before anything is shared; only their consent
opens it, which routes it to a contact chat (where cases go and who may act on them is
routing.py; what the contact person does with it, casework.py). Every change is written together
with the messages it causes (the outbox), in one transaction, before anything is sent. No channel
types here: messages are kinds with plain payloads that a channel renders.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from bot.answers import approved
from bot.cases import case_store as db_cases
from bot.cases.casework import Casework
from bot.cases.routing import DEFAULT_CHAT, Actor, CaseRouting, HandoffRefused, Target
from bot.cases.case_store import OPEN_STATES, Case, CaseMessage
from bot.knowledge_base.contacts import Contacts
from bot.models import Turn
from bot.cases.outbox import Outbox
from bot.records.store import Store

SHARED_TURNS = 4  # how many of the last turns a case shares
TURN_CHARS = 400  # ... each cut to this length, as the founder sees them before consenting
# The routing names and the refusal are re-exported: the channel and the tests import them from here.
__all__ = ["DEFAULT_CHAT", "SHARED_TURNS", "TURN_CHARS", "Actor", "Handoff", "HandoffRefused", "Target"]


class Handoff(Casework):
    """Cases and their states, from draft to closed; reminders; erasure. Where a case goes and who
    may act on it are ``routing``'s (CaseRouting), offered here too for the channel; what a contact
    person does with a case is ``Casework``'s (casework.py)."""

    def __init__(
        self,
        store: Store,
        contacts: Contacts,
        outbox: Outbox,
        *,
        default_chat_id: int | None = None,
        staff_ids: Iterable[int] = (),
        contact_ids: Iterable[int] = (),
        remind_after_s: float = 7200,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.contacts = contacts
        self.outbox = outbox
        self.routing = CaseRouting(
            contacts, default_chat_id=default_chat_id, staff_ids=staff_ids, contact_ids=contact_ids
        )
        self.remind_after_s = remind_after_s
        self._clock = clock
        store.add_schema(db_cases.SCHEMA)

    # -- routing and permissions (the rules are CaseRouting's) -----------------------------------

    def targets(self) -> list[Target]:
        return self.routing.targets()

    def route(self, municipality: str | None) -> Target | None:
        return self.routing.route(municipality)

    def available(self, municipality: str | None) -> bool:
        return self.routing.available(municipality)

    def is_contact_chat(self, chat_id: int) -> bool:
        return self.routing.is_contact_chat(chat_id)

    def may_act(self, actor: Actor, case: Case | None = None) -> bool:
        return self.routing.may_act(actor, case)

    # -- reading --------------------------------------------------------------------------------

    def get(self, case_id: int) -> Case | None:
        return self.store.query(lambda db: db_cases.load(db, case_id))

    def active_for(self, founder_id: int) -> Case | None:
        """The founder's open or claimed case, if any."""
        found = self.store.query(
            lambda db: db_cases.select(db, "founder_id = ? AND state IN ('open', 'claimed')", (founder_id,))
        )
        return found[-1] if found else None

    def describing(self, founder_id: int) -> Case | None:
        """The founder's draft waiting for a description, if any."""
        found = self.store.query(lambda db: db_cases.select(db, "founder_id = ? AND state = 'draft' AND describing = 1", (founder_id,)))
        return found[-1] if found else None

    def open_cases(self, chat_id: int | None = None) -> list[Case]:
        """Open and claimed cases, oldest first; only one contact chat's when ``chat_id`` is given."""
        if chat_id is None:
            return self.store.query(lambda db: db_cases.select(db, "state IN ('open', 'claimed')"))
        return self.store.query(lambda db: db_cases.select(db, "state IN ('open', 'claimed') AND contact_chat_id = ?", (chat_id,)))

    def case_of_message(self, chat_id: int, message_id: int) -> Case | None:
        """The case a message Sofia sent (a card, a relayed message) belongs to."""
        return self.store.query(
            lambda db: (cid := db_cases.case_of_ref(db, chat_id, message_id)) and db_cases.load(db, cid) or None
        )

    def unreachable_cases(self) -> list[Case]:
        """Cases closed because their contact chat refused them (for staff, in /status)."""
        return self.store.query(lambda db: db_cases.select(db, "closed_by = 'unreachable'"))

    def message(self, message_id: int) -> CaseMessage | None:
        return self.store.query(lambda db: db_cases.message(db, message_id))

    # -- the founder's side ---------------------------------------------------------------------

    def draft(
        self,
        founder_id: int,
        chat_id: int,
        name: str,
        language: str,
        municipality: str | None,
        question: str,
        turns: Sequence[Turn] = (),
        answer: str = "",
        sources: Sequence[str] = (),
    ) -> Case:
        """What would be shared, kept as a draft for the founder to see; nothing is sent."""
        target = self.route(municipality)
        if target is None:
            raise HandoffRefused("no_contact")
        shared = [Turn(t.role, _cut(t.text, TURN_CHARS), t.municipality, t.at) for t in list(turns)[-SHARED_TURNS:]]
        case = Case(0, "draft", founder_id, chat_id, name, language, municipality, _cut(question, 1000),
                    answer=_cut(answer, 600), sources=list(sources)[:3], turns=shared, created_at=self._clock())

        def write(db) -> int:  # noqa: ANN001
            db.execute("DELETE FROM cases WHERE founder_id = ? AND state = 'draft'", (founder_id,))
            return db_cases.insert(db, case)

        case.id = self.store.transaction(write)
        return case

    def _own_draft(self, db, case_id: int, founder_id: int) -> Case:  # noqa: ANN001
        case = db_cases.load(db, case_id)
        if case is None or case.founder_id != founder_id:
            raise HandoffRefused("not_found")
        if case.state != "draft":
            raise HandoffRefused("closed" if case.state == "closed" else "sent")
        return case

    def ask_description(self, case_id: int, founder_id: int) -> Case:
        def write(db) -> Case:  # noqa: ANN001
            self._own_draft(db, case_id, founder_id)
            db_cases.update(db, case_id, describing=True)
            return db_cases.load(db, case_id)

        return self.store.transaction(write)

    def describe(self, case_id: int, founder_id: int, text: str) -> Case:
        def write(db) -> Case:  # noqa: ANN001
            case = self._own_draft(db, case_id, founder_id)
            description = _cut(f"{case.description}\n{text}".strip(), 1500)
            db_cases.update(db, case_id, description=description, describing=False)
            return db_cases.load(db, case_id)

        return self.store.transaction(write)

    def cancel(self, case_id: int, founder_id: int) -> None:
        self.store.transaction(lambda db: (self._own_draft(db, case_id, founder_id),
                                           db.execute("DELETE FROM cases WHERE id = ?", (case_id,))))

    def confirm(self, case_id: int, founder_id: int) -> Case:
        """The founder consented: open the case and send its card to the contact chat."""

        def write(db) -> Case:  # noqa: ANN001
            case = self._own_draft(db, case_id, founder_id)
            target = self.route(case.municipality)
            if target is None:
                raise HandoffRefused("no_contact")
            db_cases.update(db, case_id, state="open", contact_chat_id=target.chat_id, routed_to=target.name,
                            opened_at=self._clock(), describing=False)
            self.outbox.enqueue(db, f"case:{case_id}:card:0", target.chat_id, "card", {}, case_id)
            return db_cases.load(db, case_id)

        return self._commit(write)

    def from_founder(self, founder_id: int, text: str, message_key: str) -> Case | None:
        """What the founder writes while their case is open goes to the contact chat."""

        def write(db) -> Case | None:  # noqa: ANN001
            found = db_cases.select(db, "founder_id = ? AND state IN ('open', 'claimed')", (founder_id,))
            if not found:
                return None
            case = found[-1]
            key = f"case:{case.id}:founder:{message_key}"
            if db.execute("SELECT 1 FROM outbox WHERE key = ?", (key,)).fetchone() is None:
                db_cases.add_message(db, case.id, "founder", founder_id, case.founder_name, text, self._clock())
                self.outbox.enqueue(db, key, case.contact_chat_id, "from_founder", {"text": text}, case.id)
            return case

        return self._commit(write)

    def end_by_founder(self, founder_id: int) -> Case | None:
        """The founder ends their open case (/avsluta); the contact chat is told."""

        def write(db) -> Case | None:  # noqa: ANN001
            found = db_cases.select(db, "founder_id = ? AND state IN ('open', 'claimed')", (founder_id,))
            if not found:
                return None
            case = found[-1]
            db_cases.update(db, case.id, state="closed", closed_at=self._clock(), closed_by="founder")
            self.outbox.enqueue(db, f"case:{case.id}:ended", case.contact_chat_id, "founder_ended", {}, case.id)
            return db_cases.load(db, case.id)

        return self._commit(write)

    def rate(self, case_id: int, founder_id: int, rating: int) -> Case:
        def write(db) -> Case:  # noqa: ANN001
            case = db_cases.load(db, case_id)
            if case is None or case.founder_id != founder_id:
                raise HandoffRefused("not_found")
            if case.state != "closed":
                raise HandoffRefused("not_closed")
            db_cases.update(db, case_id, rating=max(1, min(5, rating)))
            return db_cases.load(db, case_id)

        return self.store.transaction(write)

    # -- delivery, reminders, erasure ------------------------------------------------------------

    def delivered(self, outgoing_id: int, chat_id: int, message_id: int | None, case_id: int | None) -> None:
        """A message was confirmed by the messaging service: mark it sent and remember which case
        it belongs to, so that a reply to it reaches the case."""

        def write(db) -> None:  # noqa: ANN001
            self.outbox.mark_sent(db, outgoing_id, message_id)
            if case_id is not None and message_id is not None and db_cases.load(db, case_id) is not None:
                db_cases.remember_ref(db, chat_id, message_id, case_id)

        self.store.transaction(write)

    def unreachable(self, case_id: int, chat_id: int) -> Case | None:
        """A message to the case's contact chat was refused for good (the chat is gone, the bot was
        removed or blocked): nobody will read the case there. It is closed, and the founder is told
        and given the contact details instead. None when the refusal was not the contact chat's."""

        def write(db) -> Case | None:  # noqa: ANN001
            case = db_cases.load(db, case_id)
            if case is None or not case.is_open or case.contact_chat_id != chat_id:
                return None
            db_cases.update(db, case_id, state="closed", closed_at=self._clock(), closed_by="unreachable")
            self.outbox.enqueue(db, f"case:{case_id}:unreachable:{case.forwards}", case.founder_chat_id, "unreachable",
                                {}, case_id)
            return db_cases.load(db, case_id)

        return self._commit(write)

    def remember_message(self, chat_id: int, message_id: int, case_id: int) -> None:
        """A message about a case sent outside the outbox (e.g. a prompt to reply)."""
        self.store.transaction(lambda db: db_cases.remember_ref(db, chat_id, message_id, case_id))

    def remind_unclaimed(self) -> int:
        """Remind the contact chat of cases nobody has claimed for ``remind_after_s``; how many."""
        now = self._clock()

        def write(db) -> int:  # noqa: ANN001
            due = db_cases.select(
                db, "state = 'open' AND COALESCE(reminded_at, opened_at) <= ?", (now - self.remind_after_s,)
            )
            for case in due:
                n = case.reminders + 1
                db_cases.update(db, case.id, reminded_at=now, reminders=n)
                self.outbox.enqueue(db, f"case:{case.id}:remind:{case.forwards}:{n}", case.contact_chat_id, "reminder",
                                    {"waited": round(now - (case.opened_at or now))}, case.id)
            return len(due)

        count = self.store.transaction(write)
        if count:
            self.outbox.notify()
        return count

    def erase_founder(self, founder_id: int) -> int:
        """Erase a founder's personal data from their cases (/radera); open ones are closed and
        their contact chat told. Returns how many cases were touched."""

        def write(db) -> int:  # noqa: ANN001
            cases = db_cases.select(db, "founder_id = ?", (founder_id,))
            for case in cases:
                self.outbox.drop_case(db, case.id)
                approved.erase(db, case.id)
                db_cases.erase_case(db, case.id)
                if case.state == "draft":
                    db.execute("DELETE FROM cases WHERE id = ?", (case.id,))
                elif case.state in OPEN_STATES:
                    db_cases.update(db, case.id, state="closed", closed_at=self._clock(), closed_by="erased")
                    self.outbox.enqueue(db, f"case:{case.id}:erased", case.contact_chat_id, "erased", {"code": case.code}, None)
            return len(cases)

        return self._commit(write)

    def _commit(self, write: Callable) -> object:
        result = self.store.transaction(write)
        self.outbox.notify()
        return result


def _cut(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
