"""Where a founder's case goes, and who may act on it.

A case goes to a contact chat: the founder's municipality's (contacts.yaml
``contact.telegram_chat_id``), else the default contact chat (``SOFIA_HANDOFF_CHAT_ID``). A
contact person can pass it on to any configured contact chat: a municipality's, an actor's
(Coompanion, Arbetsförmedlingen …) or the default one.

Who may act on cases: staff (``SOFIA_STAFF_IDS``) and contact persons listed in
``SOFIA_CONTACT_IDS``, anywhere; and anyone acting inside a configured contact chat, on the cases
routed to that chat (being a member of the chat is what makes someone a contact person there).

Nothing here reads or writes the database: it answers from the configuration and the case given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.cases.case_store import Case
from bot.knowledge_base.contacts import Contacts

DEFAULT_CHAT = "*"  # the target name of the default contact chat


class HandoffRefused(Exception):
    """An action that is not allowed or not possible; ``reason`` says which, for the channel's text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # not_found | not_allowed | closed | no_contact | not_yours | same_chat


@dataclass(frozen=True)
class Actor:
    """Who acts on a case, and in which chat."""

    user_id: int
    chat_id: int
    name: str


@dataclass(frozen=True)
class Target:
    """A contact chat a case can go to: a municipality, an actor (Coompanion …) or the default."""

    name: str
    chat_id: int


class CaseRouting:
    """The configured contact chats, and the permission rules for acting on cases."""

    def __init__(
        self,
        contacts: Contacts,
        *,
        default_chat_id: int | None = None,
        staff_ids: Iterable[int] = (),
        contact_ids: Iterable[int] = (),
    ) -> None:
        self.contacts = contacts
        self.default_chat_id = default_chat_id
        self.staff_ids = frozenset(staff_ids)
        self.contact_ids = frozenset(contact_ids)

    def targets(self) -> list[Target]:
        """Every configured contact chat: municipalities, then actors, then the default chat."""
        out = []
        for name, place in list(self.contacts.places.items()) + list(self.contacts.actors.items()):
            value = place.contact.get("telegram_chat_id")
            if value not in (None, ""):
                out.append(Target(name, int(value)))
        if self.default_chat_id is not None:
            out.append(Target(DEFAULT_CHAT, self.default_chat_id))
        return out

    def route(self, municipality: str | None) -> Target | None:
        """The contact chat for a municipality's cases, else the default one; None if none is set."""
        chat = self.contacts.chat_id(municipality)
        if chat is not None:
            return Target(municipality or "", chat)
        return Target(DEFAULT_CHAT, self.default_chat_id) if self.default_chat_id is not None else None

    def available(self, municipality: str | None) -> bool:
        return self.route(municipality) is not None

    def is_contact_chat(self, chat_id: int) -> bool:
        return any(t.chat_id == chat_id for t in self.targets())

    def may_act(self, actor: Actor, case: Case | None = None) -> bool:
        """Staff and listed contact persons anywhere; others only inside the case's contact chat."""
        if actor.user_id in self.staff_ids or actor.user_id in self.contact_ids:
            return True
        if case is not None:
            return case.contact_chat_id == actor.chat_id and self.is_contact_chat(actor.chat_id)
        return self.is_contact_chat(actor.chat_id)
