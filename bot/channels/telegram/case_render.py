"""Cases as Telegram HTML: the founder's consent preview, the contact chat's case card, the
messages the outbox delivers, and the list of open cases. Every value is escaped."""

from __future__ import annotations

import time

from telegram import InlineKeyboardMarkup

from bot.case_store import Case
from bot.channels.telegram import document_list, keyboards
from bot.channels.telegram.render import escape
from bot.channels.telegram.texts import DEFAULT_LANGUAGE, label, t
from bot.handoff import DEFAULT_CHAT, Handoff
from bot.outbox import Outgoing
from bot.review_notices import KIND as REVIEW_NOTICE

# The contact chat's side is in Swedish: municipal staff read it.
CONTACT_LANGUAGE = DEFAULT_LANGUAGE
TEXT_CHARS = 3000  # a relayed message is cut to this, so that it fits one Telegram message


def _cut(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _field(language: str, key: str, value: str) -> str:
    return f"<b>{label(language, key)}:</b> {escape(value)}"


def _turns(case: Case, language: str, you: str, sofia: str) -> list[str]:
    return [f"• <i>{label(language, you if turn.role == 'user' else sofia)}:</i> {escape(_cut(turn.text, 300))}"
            for turn in case.turns]


def consent_preview(case: Case) -> str:
    """Exactly what would be shared: question, municipality, last turns, name, description."""
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
    """The case card in the contact chat."""
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
    if status:
        lines += ["", status]
    return "\n".join(lines)


def card_markup(case: Case) -> InlineKeyboardMarkup | None:
    return keyboards.card(case.id, CONTACT_LANGUAGE, claimed=case.state == "claimed") if case.is_open else None


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
        return card(case, status), keyboards.card(case.id, contact)
    if kind == "from_founder":
        text = t(contact, "from_founder", code=case.code, name=case.founder_name, text=_cut(p["text"], TEXT_CHARS))
        return f"{text}\n\n{t(contact, 'from_founder_footer')}", None
    if kind == "reminder":
        return (t(contact, "reminder", code=case.code, municipality=case.municipality or label(contact, "c_none"),
                  age=age(float(p.get("waited", 0)), contact)), keyboards.card(case.id, contact))
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
