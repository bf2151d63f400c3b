"""The case core without any channel: consent, routing, permissions, the outbox, reminders, erasure."""

from __future__ import annotations

import pytest

from bot.knowledge_base.contacts import Contacts, Place
from bot.cases.handoff import Actor, Handoff, HandoffRefused
from bot.models import Turn
from bot.cases.outbox import Backoff, Outbox
from bot.records.store import Store

UPPSALA, DEFAULT = -100, -200
FOUNDER = 7


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make(path, clock, **kwargs):
    store = Store(path, clock=clock)
    contacts = Contacts({"Uppsala": Place("Uppsala", contact={"telegram_chat_id": UPPSALA}), "Luleå": Place("Luleå")},
                        {"Coompanion": Place("Coompanion", contact={"telegram_chat_id": -300})})
    outbox = Outbox(store, backoff=Backoff(base=10, cap=60), clock=clock)
    return Handoff(store, contacts, outbox, default_chat_id=DEFAULT, staff_ids={1}, clock=clock, **kwargs)


def open_case(handoff, municipality="Uppsala"):
    case = handoff.draft(FOUNDER, FOUNDER, "Anna", "sv", municipality, "Får vi hyra en lokal?",
                         [Turn("user", "Får vi hyra en lokal?"), Turn("assistant", "x" * 1000)])
    return handoff.confirm(case.id, FOUNDER)


def test_nothing_is_queued_before_consent_and_cases_are_routed(tmp_path):
    clock = Clock()
    handoff = make(tmp_path / "db.sqlite3", clock)
    draft = handoff.draft(FOUNDER, FOUNDER, "Anna", "sv", "Uppsala", "Får vi hyra en lokal?", [Turn("assistant", "x" * 1000)])
    assert draft.state == "draft" and len(draft.turns[0].text) == 400
    assert handoff.outbox.due() == []
    with pytest.raises(HandoffRefused):
        handoff.confirm(draft.id, FOUNDER + 1)  # only the founder consents
    case = handoff.confirm(draft.id, FOUNDER)
    assert (case.state, case.contact_chat_id, case.code) == ("open", UPPSALA, "K-1")
    [card] = handoff.outbox.due()
    assert (card.kind, card.chat_id) == ("card", UPPSALA)
    luleå = open_case(handoff, "Luleå")  # no chat of its own: the default contact chat
    assert luleå.contact_chat_id == DEFAULT


def test_only_contact_chat_members_staff_and_contact_ids_act(tmp_path):
    handoff = make(tmp_path / "db.sqlite3", Clock(), contact_ids={2})
    case = open_case(handoff)
    for stranger in (Actor(FOUNDER, FOUNDER, "Anna"), Actor(9, DEFAULT, "Other chat")):
        with pytest.raises(HandoffRefused, match="not_allowed"):
            handoff.claim(case.id, stranger)
    assert handoff.claim(case.id, Actor(5, UPPSALA, "Lena")).owner_name == "Lena"
    assert handoff.may_act(Actor(1, 1, "Staff"), case) and handoff.may_act(Actor(2, 2, "Listed"), case)


def test_outbox_is_idempotent_ordered_per_chat_and_survives_a_restart(tmp_path):
    clock = Clock()
    path = tmp_path / "db.sqlite3"
    handoff = make(path, clock)
    case = open_case(handoff)
    handoff.reply(case.id, Actor(5, UPPSALA, "Lena"), "Hej!", "m1")
    handoff.reply(case.id, Actor(5, UPPSALA, "Lena"), "Hej!", "m1")  # the same update again
    due = handoff.outbox.due()
    assert [m.kind for m in due] == ["card", "reply"]  # the heads of two chats
    card, reply = due
    assert handoff.outbox.retry(card, "500") == 10
    assert [m.kind for m in handoff.outbox.due()] == ["reply"]
    handoff.delivered(reply.id, reply.chat_id, 77, reply.case_id)
    assert handoff.case_of_message(FOUNDER, 77).id == case.id

    restarted = make(path, clock)  # a new process on the same database
    assert restarted.outbox.due() == []  # the card waits for its backoff ...
    clock.now += 10
    assert [m.key for m in restarted.outbox.due()] == [card.key]  # ... and nothing was lost or doubled
    assert restarted.outbox.counts() == {"pending": 1, "sent": 1, "dead": 0}


def test_reminders_and_erasure(tmp_path):
    clock = Clock()
    handoff = make(tmp_path / "db.sqlite3", clock, remind_after_s=3600)
    case = open_case(handoff)
    assert handoff.remind_unclaimed() == 0
    clock.now += 3601
    assert handoff.remind_unclaimed() == 1 and handoff.remind_unclaimed() == 0
    kinds = handoff.store.query(lambda db: db.execute("SELECT kind FROM outbox ORDER BY id").fetchall())
    assert kinds == [("card",), ("reminder",)]
    handoff.from_founder(FOUNDER, "Mitt personnummer är …", "m2")
    assert handoff.erase_founder(FOUNDER) == 1
    erased = handoff.get(case.id)
    assert (erased.state, erased.founder_name, erased.question, erased.turns) == ("closed", "", "", [])
    assert [m.kind for m in handoff.outbox.due()] == ["erased"]
