"""Staff add a document by sending it: proposal, corrections, replacing, saving (the Telegram side).

Buttons under a proposal carry ``u:<action>:<draft>`` (``ok`` save, ``mun`` municipality list,
``m`` a municipality chosen, ``title`` / ``dates`` ask for a reply, ``rep`` / ``keep`` after the
question whether to replace, ``no`` cancel). The work is done by bot/knowledge_base/document_intake.py, in the
answering pool, off the event loop; here it is only put into words and buttons.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError

from bot.channels.telegram import document_texts  # noqa: F401 - registers the texts
from bot.channels.telegram import render
from bot.channels.telegram.delivery import reply_html, typing
from bot.channels.telegram.texts import label, t
from bot.knowledge_base.document_intake import Added, Draft, DocumentIntake, IntakeError
from bot.knowledge_base.library import MAX_BYTES
from bot.knowledge_base.metadata_proposal import PROPOSED

if TYPE_CHECKING:
    from bot.channels.telegram.context import SofiaContext

log = logging.getLogger(__name__)
ACTION = "u"
STAFF_LANGUAGE = "sv"


def intake(context: "SofiaContext") -> DocumentIntake:
    return context.bot_data["documents"]


def _button(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=":".join(str(p) for p in (ACTION, *parts)))


def proposal_keyboard(draft: Draft, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [_button(label(language, "btn_doc_save"), "ok", draft.id), _button(label(language, "btn_doc_municipality"), "mun", draft.id)],
        [_button(label(language, "btn_doc_title"), "title", draft.id), _button(label(language, "btn_doc_dates"), "dates", draft.id)],
        [_button(label(language, "btn_doc_cancel"), "no", draft.id)],
    ])


def municipality_keyboard(draft: Draft, names: list[str], language: str) -> InlineKeyboardMarkup:
    buttons = [_button(name, "m", draft.id, name) for name in names if len(f"{ACTION}:m:{draft.id}:{name}".encode()) <= 64]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(label(language, "btn_doc_general"), "m", draft.id, "")])
    return InlineKeyboardMarkup(rows)


def proposal_html(draft: Draft, language: str) -> str:
    """What Sofia found: each field (a dash where the text says nothing), an excerpt, how to correct."""
    lines = [t(language, "doc_proposal")]
    for key in PROPOSED:
        value = draft.meta.get(key) or label(language, "doc_missing")
        lines.append(f"{label(language, 'df_' + key)}: <b>{html.escape(str(value), quote=False)}</b>")
    text = "\n".join(lines)
    if draft.excerpt:
        text += "\n\n" + t(language, "doc_excerpt", excerpt=draft.excerpt)
    return text + "\n\n" + t(language, "doc_hint")


async def _propose(message: Message, context: "SofiaContext", draft: Draft, language: str) -> None:
    await message.reply_text(proposal_html(draft, language), reply_markup=proposal_keyboard(draft, language))


def replied_draft(message: Message | None) -> int | None:
    """The draft whose proposal ``message`` is, read from its buttons (a reply quotes them)."""
    markup = message.reply_markup if message is not None else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            parts = (button.callback_data or "").split(":") if isinstance(button.callback_data, str) else []
            if parts[:1] == [ACTION] and len(parts) > 2 and parts[2].isdigit():
                return int(parts[2])
    return None


def _reason(error: IntakeError) -> str:
    """The text key saying why a file cannot be added."""
    if error.reason != "unreadable":
        return f"upload_{error.reason}"
    detail = error.detail.lower()
    if "text layer" in detail:
        return "upload_no_text"
    if "pdf" in detail:
        return "upload_broken_pdf"
    if "word" in detail:
        return "upload_broken_docx"
    return "upload_unreadable"


async def document_received(update: Update, context: "SofiaContext") -> None:
    """Read a file a staff member sent and propose its metadata, with buttons to confirm or correct."""
    message, user = update.effective_message, update.effective_user
    language = context.language(update)
    document = message.document
    if document.file_size and document.file_size > MAX_BYTES:
        await message.reply_text(t(language, "upload_too_big"))
        return
    try:
        # The file comes from the configured Bot API server (TELEGRAM_API_URL), never from a URL the message gives.
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except BadRequest as exc:
        too_big = "too big" in str(exc).lower()
        await message.reply_text(t(language, "upload_too_big" if too_big else "upload_download_failed"))
        return
    except (TelegramError, RuntimeError, OSError):
        log.warning("could not download a document from staff", exc_info=True)
        await message.reply_text(t(language, "upload_download_failed"))
        return
    try:
        async with typing(context.bot, message.chat_id):
            draft = await context.conversations.run(intake(context).receive, user.id, data)
    except IntakeError as exc:
        await message.reply_text(t(language, _reason(exc)))
        return
    await _propose(message, context, draft, language)


async def intercept(update: Update, context: "SofiaContext") -> bool:
    """A staff member's reply correcting a draft's title or dates; True when the text was one."""
    message, user = update.effective_message, update.effective_user
    if update.effective_chat.type != ChatType.PRIVATE or not message.text or user is None:
        return False
    if not context.conversations.is_staff(user.id) or "documents" not in context.bot_data:
        return False
    draft = intake(context).awaiting_reply(user.id, replied_draft(message.reply_to_message))
    if draft is None:
        return False
    language = context.language(update)
    try:
        draft = intake(context).apply_reply(draft, message.text)
    except ValueError as exc:
        await message.reply_text(t(language, "doc_bad_date", line=str(exc)[:100]))
        return True
    await _propose(message, context, draft, language)
    return True


async def draft_button(update: Update, context: "SofiaContext") -> None:
    """Save, change the municipality, ask for a corrected title or dates, replace or keep, cancel."""
    query, user = update.callback_query, update.effective_user
    language = context.language(update)
    await query.answer()
    if not context.conversations.is_staff(user.id):
        return
    parts = (query.data or "").split(":")
    action, draft_id = parts[1], int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else -1
    documents = intake(context)
    draft = documents.draft(draft_id)
    if draft is None or draft.user_id != user.id:
        await query.edit_message_text(t(language, "doc_gone"))
        return
    if action == "no":
        documents.cancel(draft.id)
        await query.edit_message_text(t(language, "doc_cancelled"))
    elif action == "mun":
        names = context.conversations.services.contacts.municipalities()
        await query.edit_message_reply_markup(municipality_keyboard(draft, names, language))
    elif action == "m":
        draft = documents.set_field(draft, "municipality", ":".join(parts[3:]) or None)
        await query.edit_message_text(proposal_html(draft, language), reply_markup=proposal_keyboard(draft, language))
    elif action in ("title", "dates"):
        documents.ask_for(draft.id, action)
        await query.message.reply_text(t(language, f"doc_ask_{action}"))
    elif action == "ok":
        old = documents.conflict(draft)
        if old is None:
            await _save(update, context, draft, None)
            return
        where = old.municipality or label(language, "docs_general")
        text = t(language, "doc_replace", title=old.title, municipality=where, date=old.date or label(language, "doc_missing"),
                 new_date=draft.meta.get("date") or label(language, "doc_missing"))
        await query.edit_message_text(text, reply_markup=InlineKeyboardMarkup([
            [_button(label(language, "btn_doc_replace"), "rep", draft.id)],
            [_button(label(language, "btn_doc_keep"), "keep", draft.id), _button(label(language, "btn_doc_cancel"), "no", draft.id)],
        ]))
    elif action in ("rep", "keep"):
        # What to replace is looked up again: the list may have changed since the question.
        old = documents.conflict(draft) if action == "rep" else None
        await _save(update, context, draft, old.document if old else None)


async def _save(update: Update, context: "SofiaContext", draft: Draft, replace: str | None) -> None:
    """Store and index the draft, then report passages added and a sample answer."""
    query, user = update.callback_query, update.effective_user
    language = context.language(update)
    await query.edit_message_text(t(language, "doc_indexing", title=draft.meta.get("title") or ""))
    try:
        added = await context.conversations.run(intake(context).confirm, draft.id, user.id, user.full_name, replace)
    except IntakeError as exc:
        await query.message.reply_text(t(language, "doc_gone" if exc.reason == "gone" else "upload_unreadable"))
        return
    except Exception as exc:  # noqa: BLE001 - staff should learn that nothing was saved, and why
        log.exception("adding a document failed")
        await query.message.reply_text(t(language, "doc_failed", error=type(exc).__name__))
        return
    await reply_html(query.message, added_messages(added, language))


def added_messages(added: Added, language: str) -> list[str]:
    """Passages added, what it replaced, a lapsed date, and the sample answer."""
    text = t(language, "doc_added", title=added.title, passages=added.passages)
    if added.replaced:
        text += "\n" + t(language, "doc_added_replaced", old=added.replaced)
    if added.lapse:
        text += "\n" + t(language, "doc_added_lapsed", note=added.lapse.note(language))
    if added.sample is None:
        return [text + "\n\n" + t(language, "doc_no_sample")]
    return [text, t(language, "doc_sample", question=added.sample_question), *render.answer_messages(added.sample, language)]
