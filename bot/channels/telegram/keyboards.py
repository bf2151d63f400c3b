"""Inline keyboards and the callback data their buttons carry.

Callback data is at most 64 bytes, so buttons carry a short action and an id or name:
``m:<municipality>`` (``m:`` for another municipality), ``l:<language>``, ``e:yes`` / ``e:no``,
and on answers ``s:<id>`` (sources), ``f:+:<id>`` / ``f:-:<id>`` (feedback), ``h:<id>`` (a
person to talk to) and ``p:<n>:<id>`` (open the n-th section a not-sure answer offers), where
``<id>`` is the answer's id in the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.texts import LANGUAGE_NAMES, label

MUNICIPALITY, LANGUAGE, ERASE = "m", "l", "e"
SOURCES, FEEDBACK, HUMAN, PASSAGE = "s", "f", "h", "p"
MAX_CALLBACK_BYTES = 64


def pattern(action: str) -> str:
    """The CallbackQueryHandler pattern for an action."""
    return rf"^{action}:"


def parse(data: str | None) -> list[str]:
    """Callback data split into its action and arguments."""
    return (data or "").split(":")


def _button(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=":".join(str(p) for p in parts))


def municipalities(names: Sequence[str], language: str) -> InlineKeyboardMarkup:
    """The municipalities Sofia has documents from, two per row, then "another municipality"."""
    buttons = [
        _button(name, MUNICIPALITY, name)
        for name in names
        if len(f"{MUNICIPALITY}:{name}".encode()) <= MAX_CALLBACK_BYTES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(label(language, "btn_other_municipality"), MUNICIPALITY, "")])
    return InlineKeyboardMarkup(rows)


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(name, LANGUAGE, code) for code, name in LANGUAGE_NAMES.items()]])


def erase_confirmation(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(label(language, "btn_erase_yes"), ERASE, "yes"), _button(label(language, "btn_erase_no"), ERASE, "no")]]
    )


def answer(
    answer_id: int, language: str, *, sources: bool, vote: int | None = None, sections: Sequence[str] = ()
) -> InlineKeyboardMarkup:
    """Under an answer: the offered sections (a not-sure answer), Källor (when it has citations),
    👍 / 👎 (the chosen one marked), a person."""
    up = "👍 ✓" if vote == 1 else "👍"
    down = "👎 ✓" if vote == -1 else "👎"
    rows = [[_button(f"📄 {n}. {_short(name)}", PASSAGE, n, answer_id)] for n, name in enumerate(sections, 1)]
    first = [_button(label(language, "btn_sources"), SOURCES, answer_id)] if sources else []
    first += [_button(up, FEEDBACK, "+", answer_id), _button(down, FEEDBACK, "-", answer_id)]
    return InlineKeyboardMarkup([*rows, first, [_button(label(language, "btn_human"), HUMAN, answer_id)]])


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- talking to a person ----------------------------------------------------------------------
# ``k:send|desc|no:<case>`` (the founder's consent), ``o:yes|no`` (Sofia's offer of a person),
# ``r:<case>:<1-5>`` (rating), and on a case card ``c:claim|reply|fwd|close:<case>``,
# ``c:to:<case>:<target>`` (forward to a contact chat) and ``c:save:<reply>`` (approved answer).
CONSENT, OFFER, RATING, CASE = "k", "o", "r", "c"


def consent(case_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [_button(label(language, "btn_send"), CONSENT, "send", case_id),
         _button(label(language, "btn_describe"), CONSENT, "desc", case_id)],
        [_button(label(language, "btn_cancel"), CONSENT, "no", case_id)],
    ])


def offer(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(label(language, "btn_offer_yes"), OFFER, "yes"), _button(label(language, "btn_offer_no"), OFFER, "no")]]
    )


def rating(case_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(str(n), RATING, case_id, n) for n in range(1, 6)]])


def card(case_id: int, language: str, *, claimed: bool = False) -> InlineKeyboardMarkup:
    """Under a case card: Ta ärendet (until someone has), Svara, Vidarebefordra, Stäng."""
    first = [] if claimed else [_button(label(language, "btn_claim"), CASE, "claim", case_id)]
    first.append(_button(label(language, "btn_reply"), CASE, "reply", case_id))
    return InlineKeyboardMarkup([
        first,
        [_button(label(language, "btn_forward"), CASE, "fwd", case_id), _button(label(language, "btn_close"), CASE, "close", case_id)],
    ])


def forward_targets(case_id: int, targets: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per contact chat, as (target name, label)."""
    buttons = [
        _button(text, CASE, "to", case_id, name)
        for name, text in targets
        if len(f"{CASE}:to:{case_id}:{name}".encode()) <= MAX_CALLBACK_BYTES
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def save_reply(reply_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(label(language, "btn_save"), CASE, "save", reply_id)]])
