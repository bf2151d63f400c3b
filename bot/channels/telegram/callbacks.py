"""Handlers for button presses: municipality, language, erasure, and the buttons under answers.

Every press is answered (answerCallbackQuery) so the client stops its spinner. Choices made on a
keyboard replace that keyboard's message with the confirmation (editMessageText); Källor and
"Prata med en människa" reply under the answer they belong to.
"""

from __future__ import annotations

from telegram import Message, Update

from bot.channels.telegram import handoff_flow, keyboards, render
from bot.channels.telegram.delivery import send_html
from bot.channels.telegram.context import SofiaContext
from bot.channels.telegram.texts import LANGUAGES, label, t
from bot.records.store import AnswerRecord


def _answer_id(data: str | None) -> int | None:
    """The answer id at the end of an answer button's data, if well formed."""
    return keyboards.number(keyboards.parse(data)[-1])


def _own_answer(update: Update, context: SofiaContext) -> AnswerRecord | None:
    """The answer a button under an answer is about, only if it was given in the chat the button
    was pressed in (ids are sequential: anyone could forge another chat's)."""
    query = update.callback_query
    answer_id = _answer_id(query.data)
    record = context.conversations.store.answer(answer_id) if answer_id is not None else None
    if record is None or query.message is None:
        return None
    owner = record.chat_id if record.chat_id is not None else record.user_id
    return record if owner == query.message.chat.id else None


def answer_keyboard(record: AnswerRecord, language: str, vote: int | None = None):
    """The buttons under a stored answer: a not-sure answer keeps the sections it offered, not sources."""
    unsure = record.kind == "not_sure"
    return keyboards.answer(record.id, language, sources=bool(record.citations) and not unsure, vote=vote,
                            sections=[c.section for c in record.citations] if unsure else ())


async def municipality_chosen(update: Update, context: SofiaContext) -> None:
    """Keep the chosen municipality (or "another one") and confirm it in place."""
    query, user = update.callback_query, update.effective_user
    talk = context.conversations
    language = context.language(update)
    name = (query.data or "").partition(":")[2]
    found = talk.services.contacts.find(name) if name else None
    await query.answer()
    if name and not found:
        await query.edit_message_text(t(language, "municipality_unknown"))
        return
    talk.store.set_municipality(user.id, found)
    text = t(language, "municipality_chosen", municipality=found) if found else t(language, "municipality_other")
    await query.edit_message_text(text)


async def language_chosen(update: Update, context: SofiaContext) -> None:
    """Keep the chosen language and confirm it in that language."""
    query = update.callback_query
    language = keyboards.parse(query.data)[-1]
    if language not in LANGUAGES:
        await stale(update, context)
        return
    await query.answer()
    context.conversations.store.set_language(update.effective_user.id, language)
    await query.edit_message_text(t(language, "language_chosen"))


async def erase_confirmed(update: Update, context: SofiaContext) -> None:
    """Erase everything stored about the user if they confirmed; say what happened."""
    query, user = update.callback_query, update.effective_user
    language = context.language(update)
    choice = keyboards.parse(query.data)[-1]
    if choice not in ("yes", "no"):
        await stale(update, context)
        return
    await query.answer()
    if choice != "yes":
        await query.edit_message_text(t(language, "erase_cancelled"))
        return
    await context.conversations.run(context.conversations.erase, user.id)
    await query.edit_message_text(t(language, "erased"))


async def sources(update: Update, context: SofiaContext) -> None:
    """Send the quoted passages behind an answer, with document, section and date."""
    query = update.callback_query
    language = context.language(update)
    record = _own_answer(update, context)
    if record is None:
        await query.answer(label(language, "sources_gone"), show_alert=True)
        return
    await query.answer()
    parts = render.sources_messages(record.citations, language)
    await send_html(context.bot, query.message.chat.id, parts, reply_to=query.message.message_id)


async def passage(update: Update, context: SofiaContext) -> None:
    """Show one of the sections a not-sure answer offered, to the person it was offered to."""
    query = update.callback_query
    language = context.language(update)
    parts = keyboards.parse(query.data)
    record = _own_answer(update, context)
    number = int(parts[1]) if len(parts) == 3 and parts[1].isdecimal() and len(parts[1]) < 3 else 0
    if record is None or record.user_id != update.effective_user.id or not 0 < number <= len(record.citations):
        await query.answer(label(language, "sources_gone"), show_alert=True)
        return
    await query.answer()
    parts = render.sources_messages([record.citations[number - 1]], language, header="section_header")
    await send_html(context.bot, query.message.chat.id, parts, reply_to=query.message.message_id)


async def feedback(update: Update, context: SofiaContext) -> None:
    """Store 👍 or 👎 for an answer and mark the choice on its keyboard."""
    query, user = update.callback_query, update.effective_user
    language = context.language(update)
    parts = keyboards.parse(query.data)
    record, vote = _own_answer(update, context), 1 if parts[1:2] == ["+"] else -1
    answer_id = record.id if record else None
    talk = context.conversations
    if answer_id is None or not talk.store.set_feedback(answer_id, user.id, vote):
        await query.answer(label(language, "sources_gone"), show_alert=True)
        return
    await query.answer(label(language, "thanks_up" if vote == 1 else "thanks_down"))
    record = talk.store.answer(answer_id)
    marked = answer_keyboard(record, language, vote) if record else None
    if marked is not None and isinstance(query.message, Message) and query.message.reply_markup != marked:
        await query.edit_message_reply_markup(marked)


async def human(update: Update, context: SofiaContext) -> None:
    """Offer to send the case to a contact person (what would be sent, for consent); where no
    contact chat is configured, show who to talk to about the answer's municipality."""
    query, user = update.callback_query, update.effective_user
    language = context.language(update)
    talk = context.conversations
    record = _own_answer(update, context)
    if record is None:  # gone, forged, or another chat's answer
        await query.answer(label(language, "sources_gone"), show_alert=True)
        return
    answer_id = record.id
    municipality = record.municipality or talk.municipality(user.id)
    await query.answer()
    if await handoff_flow.offer_consent(update, context, answer_id):
        return
    details = talk.contact_details(municipality, language)
    parts = render.plain_messages(details, t(language, "contact_header"))
    await send_html(context.bot, query.message.chat.id, parts, reply_to=query.message.message_id)


async def stale(update: Update, context: SofiaContext) -> None:
    """Answer presses of buttons Sofia does not know (stale or forged), so the client stops waiting."""
    await update.callback_query.answer(label(context.language(update), "button_invalid"), show_alert=True)
