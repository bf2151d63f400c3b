"""The founder's side of talking to a person: the offer, consent, the open case, ending, rating.

A founder reaches a person by the "Prata med en människa" button, /kontakt, asking in words, or
accepting Sofia's offer after two unanswered questions. They first see exactly what would be
sent and confirm; while the case is open, what they write goes to the contact person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Message, Update

from bot.channels.telegram import case_render, keyboards
from bot.channels.telegram.delivery import post_html
from bot.channels.telegram.texts import label, t
from bot.cases.handoff import HandoffRefused

if TYPE_CHECKING:
    from bot.channels.telegram.context import SofiaContext

REFUSALS = {"not_found": "case_not_found", "closed": "case_is_closed", "sent": "case_sent_already",
            "no_contact": "case_no_contact", "not_allowed": "only_contacts", "same_chat": "case_same_chat",
            "not_closed": "case_not_found", "claimed": "case_claimed"}


def refusal(language: str, error: HandoffRefused) -> str:
    return label(language, REFUSALS.get(error.reason, "case_not_found"))


def founder_name(update: Update) -> str:
    user = update.effective_user
    return user.full_name + (f" (@{user.username})" if user.username else "")


async def offer_consent(update: Update, context: SofiaContext, answer_id: int | None = None, reply_to: Message | None = None) -> bool:
    """Show the founder what would be sent to a contact person, with Skicka / beskrivning / Avbryt.

    False when no contact chat is configured for the founder (the caller shows contact details).
    """
    user, chat = update.effective_user, update.effective_chat
    if chat is None or chat.type != "private":
        return False
    talk = context.conversations
    language = context.language(update)
    handoff = talk.handoff
    active = handoff.active_for(user.id)
    if active is not None:
        post_html(talk, update, [t(language, "already_open", code=active.code)], what="consent", quote=False)
        return True
    found = talk.case_context(user.id, language, answer_id)
    if not handoff.available(found.municipality):
        return False
    case = handoff.draft(user.id, chat.id, founder_name(update), language, found.municipality, found.question,
                         found.turns, found.answer, found.sources)
    preview = case_render.consent_preview(case)
    post_html(talk, update, [preview], keyboards.consent(case.id, language), what="consent", quote=False)
    return True


async def offer_person(update: Update, context: SofiaContext) -> None:
    """After two unanswered questions: ask whether a contact person should look at it."""
    talk = context.conversations
    if update.effective_chat.type != "private" or talk.handoff.active_for(update.effective_user.id):
        return
    if not talk.handoff.available(talk.case_context(update.effective_user.id, "sv").municipality):
        return
    language = context.language(update)
    post_html(talk, update, [t(language, "offer")], keyboards.offer(language), what="offer", quote=False)


async def intercept(update: Update, context: SofiaContext) -> bool:
    """A founder's text while a case is open (it goes to the contact person) or while Sofia waits
    for a description; True when the message was taken care of here."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if chat.type != "private" or not message.text:
        return False
    talk = context.conversations
    language = context.language(update)
    handoff = talk.handoff
    draft = handoff.describing(user.id)
    if draft is not None:
        case = handoff.describe(draft.id, user.id, message.text)
        await message.reply_text(case_render.consent_preview(case), reply_markup=keyboards.consent(case.id, language))
        return True
    case = handoff.from_founder(user.id, message.text, f"{chat.id}:{message.message_id}")
    if case is None:
        return False
    await message.reply_text(t(language, "relayed", code=case.code))
    return True


async def consent(update: Update, context: SofiaContext) -> None:
    """Skicka, Lägg till beskrivning or Avbryt on the preview: nothing is sent without Skicka."""
    query, user = update.callback_query, update.effective_user
    language = context.language(update)
    talk = context.conversations
    _, action, number = (keyboards.parse(query.data) + ["", ""])[:3]
    case_id = keyboards.number(number)
    try:
        if case_id is None:
            raise HandoffRefused("not_found")
        if action == "send":
            case = talk.handoff.confirm(case_id, user.id)
            where, _ = case_render.contact_where(case, talk.handoff)
            expect = case_render.expectation(case, talk.handoff, talk.services.settings.handoff_office_hours)
            await query.answer()
            await query.edit_message_text(t(language, "case_sent", code=case.code, where=where, expect=expect))
        elif action == "desc":
            talk.handoff.ask_description(case_id, user.id)
            await query.answer()
            await query.edit_message_reply_markup(None)
            await context.bot.send_message(query.message.chat.id, t(language, "describe_prompt"))
        else:
            talk.handoff.cancel(case_id, user.id)
            await query.answer()
            await query.edit_message_text(t(language, "consent_cancelled"))
    except HandoffRefused as error:
        await query.answer(refusal(language, error), show_alert=True)


async def offer(update: Update, context: SofiaContext) -> None:
    """Yes or no to Sofia's offer of a contact person."""
    query = update.callback_query
    language = context.language(update)
    choice = keyboards.parse(query.data)[-1]
    if choice not in ("yes", "no"):
        await query.answer(label(language, "button_invalid"), show_alert=True)
        return
    await query.answer()
    if choice != "yes":
        await query.edit_message_text(t(language, "offer_declined"))
        return
    await query.edit_message_reply_markup(None)
    if not await offer_consent(update, context):
        details = context.conversations.contact_details(context.conversations.municipality(update.effective_user.id), language)
        await context.bot.send_message(query.message.chat.id, case_render.escape(details))


async def end_case(update: Update, context: SofiaContext) -> None:
    """/avsluta: the founder ends their open case and is asked to rate the help."""
    language = context.language(update)
    case = context.conversations.handoff.end_by_founder(update.effective_user.id)
    if case is None:
        await update.effective_message.reply_text(t(language, "no_case"))
        return
    text = f"{t(language, 'ended', code=case.code)}\n\n{t(language, 'rate')}"
    await update.effective_message.reply_text(text, reply_markup=keyboards.rating(case.id))


async def rate(update: Update, context: SofiaContext) -> None:
    """A rating of 1–5 for a closed case, by its founder only."""
    query = update.callback_query
    language = context.language(update)
    _, case_id, value = (keyboards.parse(query.data) + ["", ""])[:3]
    try:
        if keyboards.number(case_id) is None or keyboards.number(value) is None:
            raise HandoffRefused("not_found")
        case = context.conversations.handoff.rate(keyboards.number(case_id), update.effective_user.id, keyboards.number(value))
    except HandoffRefused as error:
        await query.answer(refusal(language, error), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(t(language, "rated", rating=case.rating))
