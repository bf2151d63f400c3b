"""Handlers for commands and messages: each reads the update and hands the work to the core.

Founders: /start, /kommun, /kontakt, /hjalp, /om, /sprak, /radera (with English aliases) and
questions. Staff: /status and /reindex (/statistik and /obesvarade are in insight.py). Anything that is not text gets a polite answer in a
private chat and silence in a group, where Sofia only answers when mentioned or replied to.
"""

from __future__ import annotations

import logging
import re

from telegram import Message, MessageEntity, Update
from telegram.ext.filters import MessageFilter

from bot.channels.telegram import casework, document_flow, document_list, handoff_flow, keyboards, render
from bot.channels.telegram.context import SofiaContext
from bot.channels.telegram.delivery import post_html, reply_html, typing
from bot.channels.telegram.texts import t

log = logging.getLogger(__name__)


class AddressedToSofia(MessageFilter):
    """Group messages that mention the bot or reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".lower()
        return any(text.lower() == mention for text in message.parse_entities([MessageEntity.MENTION]).values())


def question_text(message: Message, username: str) -> str:
    """The message's text without the @mention that addressed it to Sofia."""
    text = message.text or ""
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip() if username else text


# -- founders -------------------------------------------------------------------------------


async def start(update: Update, context: SofiaContext) -> None:
    """Greet in the user's language, say what Sofia can and cannot do, and ask for the municipality."""
    language = context.language(update)
    name = update.effective_user.first_name if update.effective_user else ""
    await update.effective_message.reply_text(t(language, "greeting", name=name))
    await choose_municipality(update, context)


async def choose_municipality(update: Update, context: SofiaContext) -> None:
    """Offer the municipalities in the knowledge base as buttons."""
    language = context.language(update)
    names = context.conversations.services.contacts.municipalities()
    await update.effective_message.reply_text(
        t(language, "choose_municipality"), reply_markup=keyboards.municipalities(names, language)
    )


async def contact(update: Update, context: SofiaContext) -> None:
    """Show contact persons for the chosen municipality, Coompanion and Arbetsförmedlingen."""
    language = context.language(update)
    talk = context.conversations
    details = talk.contact_details(talk.municipality(update.effective_user.id), language)
    await reply_html(update.effective_message, render.plain_messages(details, t(language, "contact_header")))
    await handoff_flow.offer_consent(update, context)


async def help_command(update: Update, context: SofiaContext) -> None:
    """Explain how to ask and list the commands."""
    await update.effective_message.reply_text(t(context.language(update), "help"))


async def about(update: Update, context: SofiaContext) -> None:
    """List the documents Sofia answers from, with their dates."""
    language = context.language(update)
    documents = context.conversations.services.knowledge.documents()
    await reply_html(update.effective_message, render.documents_messages(documents, language))


async def choose_language(update: Update, context: SofiaContext) -> None:
    """Offer Swedish and English."""
    await update.effective_message.reply_text(
        t(context.language(update), "choose_language"), reply_markup=keyboards.languages()
    )


async def erase(update: Update, context: SofiaContext) -> None:
    """Ask for confirmation before erasing everything stored about the user."""
    language = context.language(update)
    await update.effective_message.reply_text(
        t(language, "erase_confirm"), reply_markup=keyboards.erase_confirmation(language)
    )


async def question(update: Update, context: SofiaContext) -> None:
    """Answer a question from the documents, with its sources and buttons (through the outbox)."""
    message, user = update.effective_message, update.effective_user
    language = context.language(update)
    # Taken before anything can wait, so that a later message's answer cannot overtake this one's.
    async with context.conversations.turn(user.id):
        if (
            await casework.reply_to_case(update, context)
            or await document_flow.intercept(update, context)
            or await handoff_flow.intercept(update, context)
        ):
            return
        async with typing(context.bot, message.chat_id):
            text = question_text(message, context.bot.username)
            reply = await context.conversations.ask(user.id, text, language, message.chat_id)
        markup = None
        if reply.answer_id is not None:
            markup = keyboards.answer(reply.answer_id, language, sources=bool(reply.answer.citations),
                                      sections=[s.section for s in reply.answer.suggestions])
        post_html(context.conversations, update, render.answer_messages(reply.answer, language), markup,
                  what="answer", done=True)
        if reply.answer.handoff:
            await handoff_flow.offer_consent(update, context)
        elif reply.offer_person:
            await handoff_flow.offer_person(update, context)


async def only_text(update: Update, context: SofiaContext) -> None:
    """Say politely that Sofia reads text only (photos, voice notes, stickers, files, places)."""
    await update.effective_message.reply_text(t(context.language(update), "only_text"))


async def unknown_command(update: Update, context: SofiaContext) -> None:
    """Point to /hjalp for commands Sofia does not have."""
    await update.effective_message.reply_text(t(context.language(update), "unknown_command"))


# -- staff ----------------------------------------------------------------------------------


async def status(update: Update, context: SofiaContext) -> None:
    """Show documents, passages, last ingestion, uptime, feedback, the outbox and version."""
    language = context.language(update)
    figures = context.conversations.status()
    figures["last_ingest"] = figures.get("last_ingest") or t(language, "never")
    text = t(language, "status", **figures)
    if reviews := document_list.status_line(context, language):
        text += "\n\n" + reviews
    if figures["outbox_dead"]:
        # Dead messages are never retried: without this line nobody would learn of them.
        text += "\n\n" + t(language, "status_dead", dead=figures["outbox_dead"])
    if figures["unreachable"]:
        text += "\n\n" + t(language, "status_unreachable", cases=figures["unreachable"])
    await update.effective_message.reply_text(text)


async def reindex(update: Update, context: SofiaContext) -> None:
    """Re-index the knowledge files and report what changed."""
    language = context.language(update)
    message = update.effective_message
    job = context.conversations.start_reindex()
    if job is None:
        await message.reply_text(t(language, "reindex_busy"))
        return
    await message.reply_text(t(language, "reindex_started"))
    try:
        report = await job
    except Exception as exc:  # noqa: BLE001 - the staff member should see why
        log.exception("re-index failed")
        await message.reply_text(t(language, "reindex_failed", error=f"{type(exc).__name__}: {exc}"))
        return
    await reply_html(message, render.reindex_messages(report, language))


# -- failures -------------------------------------------------------------------------------


async def on_error(update: object, context: SofiaContext) -> None:
    """Log a failed update (without message text) and tell the user something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.callback_query is not None:
        # A press must be answered or the client spins; if it was answered already Telegram
        # refuses this second answer, which is fine.
        try:
            await update.callback_query.answer(t(context.language(update), "button_invalid"), show_alert=True)
        except Exception:  # noqa: BLE001 - answered before
            pass
        return
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, t(context.language(update), "error"))
    except Exception:  # noqa: BLE001 - the apology is best effort
        log.warning("could not tell chat about the failed update %s", update_id)
