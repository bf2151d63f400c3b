"""The contact person's side: the buttons on a case card, replies, /svara and /arenden.

Only staff, listed contact persons and members of a case's contact chat (acting in that chat) can
act on a case; anyone else gets a refusal and nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
import time

from telegram import ForceReply, ReplyParameters, Update
from telegram.error import BadRequest

from bot.channels.telegram import case_render, keyboards, render
from bot.channels.telegram.delivery import send_html
from bot.channels.telegram.handoff_flow import refusal
from bot.channels.telegram.texts import label, t
from bot.answers.compose.extractive import format_source
from bot.answers.approved import ApprovedAnswer, approved_answer
from bot.cases.case_store import Case
from bot.cases.handoff import Actor, HandoffRefused

if TYPE_CHECKING:
    from bot.channels.telegram.context import SofiaContext

_CASE_ID = re.compile(r"^[Kk]-?(\d+)$")
_REPLY_COMMAND = re.compile(r"^/\S+\s+(\S+)\s*(.*)$", re.DOTALL)


def actor(update: Update) -> Actor:
    return Actor(update.effective_user.id, update.effective_chat.id, update.effective_user.full_name)


async def reply_to_case(update: Update, context: SofiaContext) -> bool:
    """A contact person's reply to a case message (card, prompt, relayed message) goes to the
    founder; True when the message was one."""
    message, chat = update.effective_message, update.effective_chat
    replied = message.reply_to_message
    handoff = context.conversations.handoff
    if not message.text or replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return False
    who = actor(update)
    if not handoff.may_act(who):
        return False
    case = handoff.case_of_message(chat.id, replied.message_id)
    if case is None:
        return False
    await _send_reply(update, context, case.id, message.text)
    return True


async def reply_command(update: Update, context: SofiaContext) -> None:
    """/svara K-17 text: send the text to the founder of case K-17."""
    message = update.effective_message
    language = context.language(update)
    if not context.conversations.handoff.may_act(actor(update)):
        await message.reply_text(t(language, "only_contacts"))
        return
    m = _REPLY_COMMAND.match(message.text or "")
    case_id = _CASE_ID.match(m.group(1)) if m else None
    if not case_id or not m.group(2).strip():
        await message.reply_text(t(language, "svara_usage"))
        return
    await _send_reply(update, context, int(case_id.group(1)), m.group(2).strip())


async def _send_reply(update: Update, context: SofiaContext, case_id: int, text: str) -> None:
    message = update.effective_message
    language = context.language(update)
    try:
        case, reply_id = context.conversations.handoff.reply(case_id, actor(update), text, f"{message.chat_id}:{message.message_id}")
    except HandoffRefused as error:
        await message.reply_text(refusal(language, error))
        return
    await message.reply_text(t(language, "reply_sent", code=case.code), reply_markup=keyboards.save_reply(reply_id, language),
                             reply_parameters=ReplyParameters(message.message_id))


async def list_cases(update: Update, context: SofiaContext) -> None:
    """/arenden: open cases with their age and owner (this contact chat's; all of them for staff
    and listed contact persons in a private chat)."""
    language = context.language(update)
    handoff = context.conversations.handoff
    who = actor(update)
    if not handoff.may_act(who):
        await update.effective_message.reply_text(t(language, "only_contacts"))
        return
    everywhere = update.effective_chat.type == "private" and not handoff.is_contact_chat(who.chat_id)
    cases = handoff.open_cases(None if everywhere else who.chat_id)
    await update.effective_message.reply_text(case_render.case_list(cases, language))


async def card_button(update: Update, context: SofiaContext) -> None:
    """Ta ärendet, Svara, Vidarebefordra (and its targets), Stäng and Spara som godkänt svar."""
    query = update.callback_query
    language = context.language(update)
    parts = keyboards.parse(query.data) + ["", ""]
    action, number, target = parts[1], keyboards.number(parts[2]), parts[3]
    handler = _ACTIONS.get(action)
    try:
        if handler is None or number is None:
            raise HandoffRefused("not_found")
        await handler(update, context, number, target)
    except HandoffRefused as error:
        await query.answer(refusal(language, error), show_alert=True)


async def _claim(update: Update, context: SofiaContext, case_id: int, _: str) -> None:
    query, who = update.callback_query, actor(update)
    handoff, language = context.conversations.handoff, context.language(update)
    before = handoff.check(case_id, who)
    if before.state == "claimed":  # a second press, or a stale card: nothing changes
        mine = before.owner_id == who.user_id
        await query.answer(t(language, "claimed_already") if mine else t(language, "claimed_by", name=before.owner_name),
                           show_alert=not mine)
        return
    case = handoff.claim(case_id, who)
    await query.answer(label(language, "claimed_note"))
    await _show_status(update, case, t(case_render.CONTACT_LANGUAGE, "card_claimed", name=case.owner_name))


async def _reply(update: Update, context: SofiaContext, case_id: int, _: str) -> None:
    query = update.callback_query
    handoff = context.conversations.handoff
    case = handoff.check(case_id, actor(update))
    await query.answer()
    prompt = await context.bot.send_message(
        query.message.chat.id, t(case_render.CONTACT_LANGUAGE, "reply_prompt", code=case.code),
        reply_markup=ForceReply(selective=True), reply_parameters=ReplyParameters(query.message.message_id),
    )
    handoff.remember_message(prompt.chat_id, prompt.message_id, case.id)


async def _forward(update: Update, context: SofiaContext, case_id: int, _: str) -> None:
    query = update.callback_query
    handoff = context.conversations.handoff
    case = handoff.check(case_id, actor(update))
    targets = [(x.name, case_render.target_label(x.name)) for x in handoff.targets() if x.chat_id != case.contact_chat_id]
    if not targets:
        raise HandoffRefused("no_contact")
    await query.answer()
    await context.bot.send_message(query.message.chat.id, t(case_render.CONTACT_LANGUAGE, "forward_pick", code=case.code),
                                   reply_markup=keyboards.forward_targets(case.id, targets))


async def _forward_to(update: Update, context: SofiaContext, case_id: int, target: str) -> None:
    query = update.callback_query
    case = context.conversations.handoff.forward(case_id, actor(update), target)
    await query.answer()
    await query.edit_message_text(t(case_render.CONTACT_LANGUAGE, "forwarded_note", code=case.code,
                                    to=case_render.target_label(target)))


async def _close(update: Update, context: SofiaContext, case_id: int, _: str) -> None:
    query = update.callback_query
    who = actor(update)
    case = context.conversations.handoff.close(case_id, who)
    await query.answer(label(case_render.CONTACT_LANGUAGE, "closed_note").format(code=case.code))
    await _show_status(update, case, t(case_render.CONTACT_LANGUAGE, "card_closed", name=who.name))


async def _save(update: Update, context: SofiaContext, reply_id: int, _: str) -> None:
    query = update.callback_query
    text = context.conversations.handoff.approval_text(reply_id, actor(update))
    await query.answer()
    quote = render.fragments(text, lambda s: f"<blockquote>{s}</blockquote>")
    parts = render.pack([t(case_render.CONTACT_LANGUAGE, "save_preview"), *quote])
    await send_html(context.bot, query.message.chat.id, parts, keyboards.confirm_save(reply_id, case_render.CONTACT_LANGUAGE),
                    reply_to=query.message.message_id)


async def _save_confirmed(update: Update, context: SofiaContext, reply_id: int, _: str) -> None:
    query = update.callback_query
    handoff = context.conversations.handoff
    reply = handoff.save_approved(reply_id, actor(update))
    source = _source_label(handoff.get(reply.case_id))
    await query.answer()
    await edit_quietly(query, f"{query.message.text_html}\n\n{t(case_render.CONTACT_LANGUAGE, 'saved', source=source)}")


async def _save_cancelled(update: Update, context: SofiaContext, reply_id: int, _: str) -> None:
    context.conversations.handoff.approval_text(reply_id, actor(update))  # the same permission as saving
    await update.callback_query.answer()
    await edit_quietly(update.callback_query, t(case_render.CONTACT_LANGUAGE, "save_cancelled"))


async def _full(update: Update, context: SofiaContext, case_id: int, _: str) -> None:
    """The whole case, in as many messages as it takes (its card had to be shortened)."""
    query = update.callback_query
    case = context.conversations.handoff.check(case_id, actor(update))
    await query.answer()
    await send_html(context.bot, query.message.chat.id, case_render.full_case(case), reply_to=query.message.message_id)


def _source_label(case: Case | None) -> str:
    """How Sofia will cite a saved answer: "Svar från kontaktperson i Uppsala, 2026-11-21"."""
    found = ApprovedAnswer(0, "", "", case.municipality if case else None, "", time.strftime("%Y-%m-%d"))
    answer = approved_answer(found, {"question": "", "language": "sv", "municipality": None}, "")
    return format_source(answer.citations[0], "sv").removeprefix("[1] ")


async def _show_status(update: Update, case: Case, status: str) -> None:
    """Put the case's state on the card the button was pressed on (a reminder gets a new keyboard only)."""
    query = update.callback_query
    message = query.message
    if message.text and message.text.startswith("🆕"):
        await edit_quietly(query, case_render.card(case, status), case_render.card_markup(case))
    else:
        await edit_quietly(query, None, case_render.card_markup(case))


async def edit_quietly(query, text: str | None, markup=None) -> None:  # noqa: ANN001
    """Edit the pressed message's text (or only its keyboard); a message already showing this
    (Telegram's "message is not modified", e.g. after a double press) is left as it is."""
    try:
        if text is None:
            await query.edit_message_reply_markup(markup)
        else:
            await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


_ACTIONS = {"claim": _claim, "reply": _reply, "fwd": _forward, "to": _forward_to, "close": _close, "save": _save,
            "saveok": _save_confirmed, "savecancel": _save_cancelled, "full": _full}
