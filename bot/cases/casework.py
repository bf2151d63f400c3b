"""The contact person's side of a case: claiming it, replying, passing it on, closing it, and
keeping a reply as an approved answer.

``Casework`` is part of ``Handoff`` (handoff.py), which gives it the database (``store``), the
``outbox``, the clock and the routing rules (``may_act``, ``targets``): every change is written
with the messages it causes in one transaction, as on the founder's side.
"""

from __future__ import annotations

import json

from bot.answers import approved
from bot.cases import case_store as db_cases
from bot.cases.case_store import Case, CaseMessage
from bot.cases.routing import Actor, HandoffRefused


class Casework:
    """What a contact person does with a case; mixed into Handoff, whose state it uses."""

    def _acting(self, db, case_id: int, actor: Actor) -> Case:  # noqa: ANN001
        case = db_cases.load(db, case_id)
        if case is None or case.state == "draft":
            raise HandoffRefused("not_found")
        if not self.may_act(actor, case):
            raise HandoffRefused("not_allowed")
        if case.state == "closed":
            raise HandoffRefused("closed")
        return case

    def check(self, case_id: int, actor: Actor) -> Case:
        """The case, if ``actor`` may act on it now (raises HandoffRefused otherwise)."""
        return self.store.query(lambda db: self._acting(db, case_id, actor))

    def claim(self, case_id: int, actor: Actor) -> Case:
        """A contact person takes the case; the founder is told someone has it."""

        def write(db) -> Case:  # noqa: ANN001
            case = self._acting(db, case_id, actor)
            if case.state == "claimed":
                if case.owner_id == actor.user_id:
                    return case  # a second press changes nothing and tells nobody again
                raise HandoffRefused("claimed")  # taking over someone's case is not done by a stray press
            db_cases.update(db, case_id, state="claimed", owner_id=actor.user_id, owner_name=actor.name, claimed_at=self._clock())
            self.outbox.enqueue(db, f"case:{case_id}:claimed:{case.forwards}:{actor.user_id}", case.founder_chat_id,
                                "claimed", {}, case_id)
            return db_cases.load(db, case_id)

        return self._commit(write)

    def reply(self, case_id: int, actor: Actor, text: str, message_key: str) -> tuple[Case, int]:
        """Send a contact person's reply to the founder (claiming the case if nobody has); the
        reply's id, for saving it as an approved answer."""

        def write(db) -> tuple[Case, int]:  # noqa: ANN001
            case = self._acting(db, case_id, actor)
            key = f"case:{case_id}:reply:{message_key}"
            row = db.execute("SELECT payload FROM outbox WHERE key = ?", (key,)).fetchone()
            if row is not None:  # the same message again (a redelivered update): sent once
                return case, int(json.loads(row[0])["reply_id"])
            if case.state == "open":
                db_cases.update(db, case_id, state="claimed", owner_id=actor.user_id, owner_name=actor.name,
                                claimed_at=self._clock())
            reply_id = db_cases.add_message(db, case_id, "contact", actor.user_id, actor.name, text, self._clock())
            self.outbox.enqueue(db, key, case.founder_chat_id, "reply", {"text": text, "reply_id": reply_id}, case_id)
            return db_cases.load(db, case_id), reply_id

        return self._commit(write)

    def forward(self, case_id: int, actor: Actor, target_name: str) -> Case:
        """Pass the case on to another contact chat (a colleague, Coompanion, Arbetsförmedlingen)."""

        def write(db) -> Case:  # noqa: ANN001
            case = self._acting(db, case_id, actor)
            target = next((t for t in self.targets() if t.name == target_name), None)
            if target is None:
                raise HandoffRefused("no_contact")
            if target.chat_id == case.contact_chat_id:
                raise HandoffRefused("same_chat")
            n = case.forwards + 1
            db_cases.update(db, case_id, state="open", contact_chat_id=target.chat_id, routed_to=target.name,
                            owner_id=None, owner_name="", claimed_at=None, reminded_at=None, reminders=0, forwards=n,
                            opened_at=self._clock())
            self.outbox.enqueue(db, f"case:{case_id}:card:{n}", target.chat_id, "card", {"from": actor.name}, case_id)
            self.outbox.enqueue(db, f"case:{case_id}:forwarded:{n}", case.founder_chat_id, "forwarded",
                                {"to": target.name}, case_id)
            return db_cases.load(db, case_id)

        return self._commit(write)

    def close(self, case_id: int, actor: Actor) -> Case:
        """Close the case; the founder is told and asked to rate the help."""

        def write(db) -> Case:  # noqa: ANN001
            self._acting(db, case_id, actor)
            db_cases.update(db, case_id, state="closed", closed_at=self._clock(), closed_by="contact")
            case = db_cases.load(db, case_id)
            self.outbox.enqueue(db, f"case:{case_id}:closed", case.founder_chat_id, "closed", {}, case_id)
            return case

        return self._commit(write)

    def _approvable(self, db, reply_id: int, actor: Actor) -> tuple[CaseMessage, Case]:  # noqa: ANN001
        reply = db_cases.message(db, reply_id)
        case = db_cases.load(db, reply.case_id) if reply else None
        if reply is None or case is None or reply.author != "contact":
            raise HandoffRefused("not_found")
        if not self.may_act(actor, case):
            raise HandoffRefused("not_allowed")
        return reply, case

    def approval_text(self, reply_id: int, actor: Actor) -> str:
        """The text a reply would be saved as (personal data masked), for the contact person to
        confirm before it is shown to anyone else."""
        return self.store.query(lambda db: approved.masked(*self._approvable(db, reply_id, actor)))

    def save_approved(self, reply_id: int, actor: Actor) -> CaseMessage:
        """Keep a contact person's reply, masked as ``approval_text`` showed it, as an approved
        answer to the case's question."""

        def write(db) -> CaseMessage:  # noqa: ANN001
            reply, case = self._approvable(db, reply_id, actor)
            question = f"{case.question}\n{case.description}".strip()
            approved.record(db, case.id, question, approved.masked(reply, case), case.municipality, actor.name,
                            actor.user_id, self._clock())
            return reply

        return self.store.transaction(write)
