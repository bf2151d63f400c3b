"""Getting replies to people: through the outbox, in order; HTML messages; the typing indicator.

Answers to questions, the consent preview and Sofia's offer of a person are handed to the outbox
(``post_html``), which delivers them until Telegram confirms each. Other replies are sent at once
through :class:`PatientRateLimiter`, which keeps to Telegram's flood limits and waits out
``RetryAfter`` (python-telegram-bot's AIORateLimiter) and also retries requests that failed on the
network, so one lost connection does not lose a reply. The typing indicator is best effort:
Telegram counts chat actions apart from messages, so they are neither queued behind messages nor
retried (a late "typing…" is worthless).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

from telegram import InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

# Telegram shows "typing…" for about five seconds; renew it a little before that.
TYPING_EVERY_S = 4.0
# Requests sent as they come, once: not counted against the message flood limit, not retried.
BEST_EFFORT = frozenset({"sendChatAction"})
# Passed as ``rate_limit_args`` by a caller that retries failures itself (the outbox's courier):
# flood limits are still kept, but a failed request is not retried here.
CALLER_RETRIES = "caller-retries"


class PatientRateLimiter(AIORateLimiter):
    """AIORateLimiter that also retries network failures (dropped connections, 5xx) with backoff.

    Chat actions bypass it (see BEST_EFFORT).
    """

    __slots__ = ("_backoff", "_network_retries")

    def __init__(self, *, network_retries: int = 4, backoff: float = 0.5, **kwargs: Any) -> None:
        kwargs.setdefault("max_retries", 5)
        super().__init__(**kwargs)
        self._network_retries = network_retries
        self._backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # noqa: ANN001, ANN201
        if endpoint in BEST_EFFORT:
            return await callback(*args, **kwargs)
        retries = self._network_retries
        if rate_limit_args == CALLER_RETRIES:
            # Flood limits are kept, but a 429 is the caller's to wait out (the outbox keeps its
            # retry_after), as are network failures: nothing is retried here.
            return await self._run_request(chat=data.get("chat_id") is not None, group=_group(data),
                                           allow_paid_broadcast=False, callback=callback, args=args, kwargs=kwargs)
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt >= retries:
                    raise
                delay = self._backoff * 2**attempt
                attempt += 1
                log.warning("%s failed (%s); retry %d in %.1f s", endpoint, type(exc).__name__, attempt, delay)
                await asyncio.sleep(delay)


def _group(data: dict) -> int | bool:
    """The chat a request counts against for the per-group flood limit (groups have negative ids)."""
    with contextlib.suppress(TypeError, ValueError):
        chat_id = int(data.get("chat_id"))
        return chat_id if chat_id < 0 else False
    return False


async def send_html(
    bot: Any,
    chat_id: int,
    parts: Sequence[str],
    markup: InlineKeyboardMarkup | None = None,
    *,
    reply_to: int | None = None,
) -> None:
    """Send HTML messages in order, the first quoting ``reply_to``, the keyboard under the last."""
    for i, part in enumerate(parts):
        await bot.send_message(
            chat_id,
            part,
            reply_markup=markup if i == len(parts) - 1 else None,
            reply_parameters=ReplyParameters(reply_to) if reply_to and i == 0 else None,
        )


async def reply_html(message: Message, parts: Sequence[str], markup: InlineKeyboardMarkup | None = None) -> None:
    """Reply to a message with HTML messages, quoting it in groups as Telegram clients do."""
    quote = None if message.chat.type == ChatType.PRIVATE else message.message_id
    await send_html(message.get_bot(), message.chat_id, parts, markup, reply_to=quote)


def post_html(
    talk: Any, update: Update, parts: Sequence[str], markup: InlineKeyboardMarkup | None = None, *,
    what: str, done: bool = False, quote: bool = True,
) -> None:
    """Hand HTML messages for the update's chat to the outbox (``talk``: the channel's
    Conversations), which delivers them in order until Telegram confirms each, like a case's
    messages. ``what`` names them within the update (their idempotency key); ``done`` marks the
    update handled in the same transaction. In groups the first quotes the user's message."""
    chat, message = update.effective_chat, update.message
    reply_to = message.message_id if quote and message is not None and chat.type != ChatType.PRIVATE else None
    items = [(part, markup.to_dict() if markup is not None and i == len(parts) - 1 else None) for i, part in enumerate(parts)]
    # Keyed by what it answers (a chat's message ids never repeat, nor do query ids), not by the
    # update id, which Telegram may start afresh after a quiet week.
    origin = f"q{update.callback_query.id}" if update.callback_query else f"m{update.effective_message.message_id}"
    talk.post(chat.id, items, f"update:{chat.id}:{origin}:{what}", reply_to=reply_to,
              update_id=update.update_id if done else None)


@contextlib.asynccontextmanager
async def typing(bot: Any, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat until the block ends; failures to show it are ignored.

    The block's work starts at once; on leaving, the first indicator is let through so that it
    never arrives after the reply.
    """
    first_sent = asyncio.Event()

    async def keep_typing() -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            first_sent.set()
            await asyncio.sleep(TYPING_EVERY_S)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(first_sent.wait(), timeout=30)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
