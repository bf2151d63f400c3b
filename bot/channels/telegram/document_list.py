"""/dokument (/documents) for staff: the documents by municipality, opening one, removing it.

Numbered buttons under the list carry ``d:o:<document>`` (open); an opened document has
``d:rm:<document>`` (remove), which asks first: ``d:yes:<document>`` / ``d:no:<document>``.
Staff are also told here, once, when a document's review date has passed (the outbox delivers
the notice; :func:`review_notice` words it), and /status lists the lapsed documents.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.channels.telegram import document_texts  # noqa: F401 - registers the texts
from bot.channels.telegram.delivery import reply_html
from bot.channels.telegram.document_flow import intake
from bot.channels.telegram.render import escape, fragments, pack
from bot.channels.telegram.texts import label, t
from bot.knowledge_base.document_intake import Entry, IntakeError
from bot.review_dates import lapse_note
from bot.knowledge_base.review_notices import ReviewNotices, lapsed

if TYPE_CHECKING:
    from bot.channels.telegram.conversation import Conversations
    from bot.channels.telegram.context import SofiaContext

log = logging.getLogger(__name__)
ACTION = "d"
# The first check waits a while after start (a restart is no moment to message staff), then daily.
REVIEW_FIRST_CHECK_S = 600
REVIEW_CHECK_EVERY_S = 24 * 3600
ROW = 6  # number buttons per row


def _button(text: str, *parts: object) -> InlineKeyboardButton | None:
    data = ":".join(str(p) for p in (ACTION, *parts))
    return InlineKeyboardButton(text, callback_data=data) if len(data.encode()) <= 64 else None


def marks(entry: Entry, language: str) -> str:
    if entry.lapse is not None:
        return " " + t(language, "docs_lapsed", note=entry.lapse.note(language))
    return " " + t(language, "docs_missing") if entry.missing_date else ""


def origin(entry: Entry, language: str) -> str:
    if entry.added_by is not None and entry.uploaded:
        day = time.strftime("%Y-%m-%d", time.localtime(entry.added_at or 0))
        return label(language, "docs_added_by").format(name=entry.added_by, day=day)
    return label(language, "docs_from_folder")


def list_messages(entries: list[Entry], language: str) -> list[str]:
    """The documents grouped by municipality (general guidance last), numbered, with their marks."""
    if not entries:
        return [t(language, "docs_none")]
    groups: dict[str, list[tuple[int, Entry]]] = defaultdict(list)
    for n, entry in enumerate(entries, 1):
        groups[entry.municipality or label(language, "docs_general")].append((n, entry))
    blocks = [t(language, "docs_header", count=len(entries))]
    for place, items in groups.items():
        lines = [f"<b>{escape(place)}</b>"]
        for n, entry in items:
            lines.append(t(language, "docs_line", n=n, title=entry.title, date=entry.date or label(language, "undated"),
                           passages=entry.passages, origin=origin(entry, language)) + marks(entry, language))
        blocks.append("\n".join(lines))
    blocks.append(f"<i>{escape(label(language, 'docs_footer'))}</i>")
    return pack(blocks)


def list_keyboard(entries: list[Entry]) -> InlineKeyboardMarkup:
    buttons = [b for n, e in enumerate(entries, 1) if (b := _button(str(n), "o", e.document))]
    return InlineKeyboardMarkup([buttons[i : i + ROW] for i in range(0, len(buttons), ROW)])


def open_html(entry: Entry, first_passage: str, language: str) -> str:
    """A document's metadata, passages, where it came from, and its first passage."""
    lines = [f"<b>{escape(entry.title)}</b>{marks(entry, language)}"]
    for key in ("municipality", "organisation", "document_type", "decided", "decided_by", "date", "revised",
                "valid_from", "valid_until", "review_by"):
        if entry.meta.get(key):
            lines.append(f"{label(language, 'df_' + key)}: {escape(str(entry.meta[key]))}")
    lines.append(t(language, "doc_open_passages", passages=entry.passages))
    lines.append(t(language, "doc_open_origin", origin=origin(entry, language)))
    quote = fragments(first_passage[:1500], lambda s: f"<blockquote>{s}</blockquote>")
    return "\n".join(lines) + ("\n\n" + t(language, "doc_open_first") + "\n" + quote[0] if quote else "")


async def list_documents(update: Update, context: "SofiaContext") -> None:
    """List the documents Sofia answers from, grouped by municipality, with buttons to open them."""
    language = context.language(update)
    entries = await context.conversations.run(intake(context).entries)
    await reply_html(update.effective_message, list_messages(entries, language), list_keyboard(entries) if entries else None)


async def document_button(update: Update, context: "SofiaContext") -> None:
    """Open a document, ask before removing it, remove it, or keep it."""
    query, user = update.callback_query, update.effective_user
    language = context.language(update)
    await query.answer()
    if not context.conversations.is_staff(user.id):
        return
    parts = (query.data or "").split(":", 2)
    action, document = (parts[1], parts[2]) if len(parts) == 3 else ("", "")
    documents = intake(context)
    entry = documents.entry(document)
    if entry is None:
        await query.message.reply_text(t(language, "doc_not_found"))
        return
    place = entry.municipality or label(language, "docs_general")
    if action == "o":
        first = documents.first_passage(document)
        remove = InlineKeyboardMarkup([[b] for b in [_button(label(language, "btn_doc_remove"), "rm", document)] if b])
        await query.message.reply_text(open_html(entry, first, language), reply_markup=remove)
    elif action == "rm":
        text = t(language, "doc_remove_confirm", title=entry.title, municipality=place)
        if not entry.uploaded:
            text += "\n\n" + t(language, "doc_remove_folder")
        buttons = [_button(label(language, "btn_doc_remove_yes"), "yes", document), _button(label(language, "btn_doc_cancel"), "no", document)]
        await query.message.reply_text(text, reply_markup=InlineKeyboardMarkup([[b for b in buttons if b]]))
    elif action == "no":
        await query.edit_message_text(t(language, "doc_remove_cancelled"))
    elif action == "yes":
        try:
            passages = await context.conversations.run(documents.remove, document, user.id, user.full_name)
        except IntakeError:
            await query.edit_message_text(t(language, "doc_not_found"))
            return
        await query.edit_message_text(t(language, "doc_removed", title=entry.title, passages=passages))


def review_notice(payload: dict, language: str = "sv") -> str:
    """The one message staff get when documents' review or validity dates have passed."""
    lines = [t(language, "review_notice")]
    for doc in payload.get("documents", []):
        place = doc.get("municipality") or label(language, "docs_general")
        note = lapse_note(doc["field"], doc["date"], language)
        lines.append(t(language, "review_notice_line", title=doc["title"], municipality=place, note=note))
    lines.append(t(language, "review_notice_footer"))
    return "\n".join(lines)


def status_line(context: "SofiaContext", language: str) -> str:
    """For /status: the documents whose review or validity date has passed, or "" when none has."""
    found = lapsed(context.conversations.services.knowledge)
    if not found:
        return ""
    names = ", ".join(f"{d.title} ({d.municipality or label(language, 'docs_general')}, {d.lapse.written})" for d in found)
    return t(language, "status_reviews", documents=names)


async def check_reviews_daily(
    notices: ReviewNotices, conversations: "Conversations", first_s: float = REVIEW_FIRST_CHECK_S,
    every_s: float = REVIEW_CHECK_EVERY_S,
) -> None:
    """Tell staff, once, about documents whose review or validity date has passed; check daily."""
    await asyncio.sleep(first_s)
    while True:
        try:
            told = await conversations.run(notices.announce)
            if told:
                log.info("review notice: %d documents past their review date", len(told))
        except Exception:  # noqa: BLE001 - the next day's check tries again
            log.exception("review check failed")
        await asyncio.sleep(every_s)
