"""Cases as Telegram HTML: the founder's consent preview, the contact chat's case card, the
messages the outbox delivers, and the list of open cases. Every value is escaped.

Every message fits Telegram's limit by construction, counted as Telegram counts it (UTF-16 units
of the text after its HTML is parsed): a card or preview too long for one message has its longest
texts shortened until it fits, and the card then offers the whole case in several messages.
"""

from __future__ import annotations

import dataclasses
import html
import re
import time
from collections.abc import Callable

from telegram import InlineKeyboardMarkup

from bot.cases.case_store import Case
from bot.channels.telegram import document_list, keyboards
from bot.channels.telegram import render
from bot.channels.telegram.render import escape, size
from bot.channels.telegram.texts import DEFAULT_LANGUAGE, label, t
from bot.cases.handoff import DEFAULT_CHAT, Handoff
from bot.cases.outbox import Outgoing
from bot.knowledge_base.review_notices import KIND as REVIEW_NOTICE

# The contact chat's side is in Swedish: municipal staff read it.
CONTACT_LANGUAGE = DEFAULT_LANGUAGE
TEXT_CHARS = 3500  # a relayed message is cut to this many UTF-16 units, so that it fits one message
SHORTEST = 60  # a shortened field keeps at least this much


def _cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` UTF-16 units (an emoji counts two), ending in "…" if cut."""
    text = (text or "").strip()
    if size(text) <= limit:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if size(text[:mid]) <= limit - 1 else (lo, mid - 1)
    return text[:lo].rstrip() + "…"


def visible_size(markup: str) -> int:
    """A message's length as Telegram counts it: its text after the HTML is parsed, in UTF-16 units."""
    return size(html.unescape(re.sub(r"<[^>]*>", "", markup)))


def _fitted(case: Case, build: Callable[[Case], str], limit: int = render.MESSAGE_LIMIT) -> tuple[str, bool]:
    """``build(case)``, with the case's longest texts shortened until the message fits; and whether
    anything had to be shortened."""
    text = build(case)
    if visible_size(text) <= limit:
        return text, False
    case = dataclasses.replace(case, turns=list(case.turns))
    while visible_size(text) > limit:
        fields = {"question": case.question, "description": case.description, "answer": case.answer}
        fields |= {i: turn.text for i, turn in enumerate(case.turns)}
        name, longest = max(fields.items(), key=lambda item: size(item[1]))
        if size(longest) <= SHORTEST:
            break  # nothing left to shorten (cannot happen with the bounded fields of a case)
        shorter = _cut(longest, max(SHORTEST, int(size(longest) * 0.7)))
        if isinstance(name, int):
            case.turns[name] = dataclasses.replace(case.turns[name], text=shorter)
        else:
            setattr(case, name, shorter)
        text = build(case)
    return text, True


def _field(language: str, key: str, value: str) -> str:
    return f"<b>{label(language, key)}:</b> {escape(value)}"


def _turns(case: Case, language: str, you: str, sofia: str) -> list[str]:
    return [f"• <i>{label(language, you if turn.role == 'user' else sofia)}:</i> {escape(_cut(turn.text, 300))}"
            for turn in case.turns]


def consent_preview(case: Case) -> str:
    """What would be shared: question, municipality, last turns, name, description (the longest
    texts shortened if it would not fit one message)."""
    return _fitted(case, _consent_preview)[0]


def _consent_preview(case: Case) -> str:
    lang = case.language
    lines = [t(lang, "consent_header"), ""]
    lines.append(_field(lang, "f_question", case.question or label(lang, "f_no_question")))
    lines.append(_field(lang, "f_municipality", case.municipality or label(lang, "f_none")))
    lines.append(_field(lang, "f_name", case.founder_name))
    if case.turns:
        lines.append(f"<b>{label(lang, 'f_turns')}:</b>")
        lines += _turns(case, lang, "f_you", "f_sofia")
    if case.description:
        lines.append(_field(lang, "f_description", case.description))
    lines += ["", t(lang, "consent_footer")]
    return "\n".join(lines)


def card(case: Case, status: str = "") -> str:
    """The case card in the contact chat, shortened to fit one message if need be."""
    text, shortened = _fitted(case, lambda c: _card(c, status, short=True))
    return text if shortened else _card(case, status)


def shortened(case: Case) -> bool:
    """Whether the card had to be shortened (it then offers the whole case: full_case)."""
    return _fitted(case, lambda c: _card(c, "", short=True))[1]


def full_case(case: Case) -> list[str]:
    """The whole case as it was shared, in as many messages as it takes."""
    lang = CONTACT_LANGUAGE
    blocks = [t(lang, "case_full", code=case.code)]
    for key, value in (("c_question", case.question), ("c_description", case.description)):
        if value:
            blocks += render.fragments(f"{label(lang, key)}: {value}")
    for turn in case.turns:
        who = label(lang, "c_founder" if turn.role == "user" else "f_sofia")
        blocks += render.fragments(f"{who}: {turn.text}")
    if case.answer:
        blocks += render.fragments(f"{label(lang, 'c_answer')}: {case.answer}")
    return render.pack(blocks)


def _card(case: Case, status: str = "", short: bool = False) -> str:
    lang = CONTACT_LANGUAGE
    lines = [t(lang, "card_title", code=case.code, municipality=case.municipality or label(lang, "c_none")),
             t(lang, "card_from", name=case.founder_name)]
    if case.question:
        lines.append(_field(lang, "c_question", case.question))
    if case.description:
        lines.append(_field(lang, "c_description", case.description))
    if case.turns:
        lines.append(f"<b>{label(lang, 'c_turns')}:</b>")
        lines += _turns(case, lang, "c_founder", "f_sofia")
    if case.answer:
        lines.append(_field(lang, "c_answer", _cut(case.answer, 600)))
    if case.sources:
        lines.append(f"<b>{label(lang, 'c_sources')}:</b>")
        lines += [f"<i>{escape(s)}</i>" for s in case.sources]
    lines += ["", t(lang, "card_footer", code=case.code)]
    if short:
        lines += ["", t(lang, "card_shortened")]
    if status:
        lines += ["", status]
    return "\n".join(lines)


def card_markup(case: Case) -> InlineKeyboardMarkup | None:
    if not case.is_open:
        return None
    return keyboards.card(case.id, CONTACT_LANGUAGE, claimed=case.state == "claimed", full=shortened(case))


def target_label(name: str, language: str = CONTACT_LANGUAGE) -> str:
    return label(language, "default_target") if name == DEFAULT_CHAT else name


def contact_where(case: Case, handoff: Handoff) -> tuple[str, str]:
    """Where the case went, as plain text for the founder: ("kontaktpersonen i Uppsala", " i Uppsala")."""
    lang = case.language
    if case.routed_to and case.routed_to in handoff.contacts.actors:
        return label(lang, "to_contact_at").format(m=case.routed_to), label(lang, "reply_at").format(m=case.routed_to)
    place = case.routed_to if case.routed_to not in ("", DEFAULT_CHAT) else case.municipality
    if place:
        return label(lang, "to_contact_in").format(m=place), label(lang, "reply_in").format(m=place)
    return label(lang, "to_contacts"), ""


def expectation(case: Case, handoff: Handoff, office_hours: str) -> str:
    """When to expect an answer: the municipality's office hours, the configured text, or a default."""
    place = handoff.contacts.places.get(case.municipality or "")
    hours = (place.contact.get("office_hours") if place else None) or office_hours
    return t(case.language, "expect_hours", hours=hours) if hours else t(case.language, "expect_default")


def outgoing(message: Outgoing, case: Case | None, handoff: Handoff) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """An outbox message as (HTML, keyboard); None when it can no longer be rendered."""
    kind, p = message.kind, message.payload
    if kind == "erased":
        return t(CONTACT_LANGUAGE, "case_erased", code=p.get("code", "")), None
    if kind == REVIEW_NOTICE:  # to staff, about documents; no case
        return document_list.review_notice(p), None
    if case is None:
        return None
    contact, founder = CONTACT_LANGUAGE, case.language
    if kind == "card":
        status = t(contact, "card_forwarded", name=p["from"]) if p.get("from") else ""
        return card(case, status), keyboards.card(case.id, contact, full=shortened(case))
    if kind == "from_founder":
        text = t(contact, "from_founder", code=case.code, name=case.founder_name, text=_cut(p["text"], TEXT_CHARS))
        return f"{text}\n\n{t(contact, 'from_founder_footer')}", None
    if kind == "reminder":
        return (t(contact, "reminder", code=case.code, municipality=case.municipality or label(contact, "c_none"),
                  age=age(float(p.get("waited", 0)), contact)), keyboards.card(case.id, contact, full=shortened(case)))
    if kind == "founder_ended":
        return t(contact, "founder_ended", code=case.code), None
    if kind == "claimed":
        return t(founder, "claimed", code=case.code), None
    if kind == "reply":
        _, where = contact_where(case, handoff)
        text = t(founder, "reply", where=where, code=case.code, text=_cut(p["text"], TEXT_CHARS))
        return f"{text}\n\n{t(founder, 'reply_footer')}", None
    if kind == "forwarded":
        return t(founder, "forwarded", code=case.code, to=target_label(p["to"], founder)), None
    if kind == "unreachable":
        details = escape(handoff.contacts.describe(case.municipality, founder))
        return f"{t(founder, 'unreachable', code=case.code)}\n\n{details}", None
    if kind == "closed":
        return f"{t(founder, 'closed', code=case.code)}\n\n{t(founder, 'rate')}", keyboards.rating(case.id)
    return None


def age(seconds: float, language: str) -> str:
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def case_list(cases: list[Case], language: str, now: float | None = None) -> str:
    """Open cases with their age and owner, oldest first."""
    if not cases:
        return t(language, "cases_none")
    now = now or time.time()
    lines = [t(language, "cases_header", count=len(cases))]
    for case in cases:
        lines.append(t(language, "cases_line", code=case.code, municipality=case.municipality or label(language, "c_none"),
                       age=age(now - (case.opened_at or case.created_at), language),
                       owner=case.owner_name or label(language, "cases_unclaimed")))
    return "\n".join(lines)
