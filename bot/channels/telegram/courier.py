"""Delivering the outbox in Telegram: answers, cards to contact chats, replies and notices.

The courier runs beside the bot while it is up. It sends each due message once per attempt,
marks it delivered only when Telegram confirmed it, and leaves failures to the outbox's backoff:
flood limits (429, waiting at least Telegram's retry_after) and server or network errors are
retried until they pass; a refusal that will not pass (chat not found, bot blocked or removed) is
put aside, and a case its contact chat refused is closed with the founder told. It also asks the
core for reminders of unclaimed cases. On stop it lets a send in flight finish, so a restart does
not send it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram import case_render
from bot.channels.telegram.delivery import CALLER_RETRIES
from bot.cases.handoff import Handoff
from bot.cases.outbox import Outgoing

log = logging.getLogger(__name__)


def _seconds(value: Any) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


class Courier:
    """The outbox's delivery loop, driven by the Telegram bot."""

    def __init__(self, bot: Any, handoff: Handoff, *, idle_s: float = 1.0) -> None:
        self.bot = bot
        self.handoff = handoff
        self.outbox = handoff.outbox
        self.idle_s = idle_s
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.outbox.subscribe(self.wake)
        self.outbox.due_now()  # what waited over a restart goes out first
        self._task = asyncio.create_task(self._run(), name="sofia-outbox")

    def wake(self) -> None:
        """New messages were enqueued (from any thread): deliver them now."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    async def stop(self, timeout: float = 30.0) -> None:
        """Finish the send in flight, then stop."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout)
            except asyncio.TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                self.handoff.remind_unclaimed()
                for message in self.outbox.due():
                    if self._stopping:
                        return
                    await self.deliver(message)
                wait = self.outbox.seconds_to_next()
            except Exception:  # noqa: BLE001 - the loop must go on; the message stays pending
                log.exception("outbox delivery failed")
                wait = self.idle_s
            if wait == 0:
                continue
            timeout = self.idle_s if wait is None else min(wait, self.idle_s)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def render(self, message: Outgoing) -> tuple[str, InlineKeyboardMarkup | None, ReplyParameters | None] | None:
        """The message's HTML, keyboard and the message it answers; None when nothing is left to send."""
        if message.kind == "message":  # an answer or notice built by a handler, sent as it is
            p = message.payload
            markup = InlineKeyboardMarkup.de_json(p["markup"], self.bot) if p.get("markup") else None
            return p["text"], markup, ReplyParameters(p["reply_to"]) if p.get("reply_to") else None
        case = self.handoff.get(message.case_id) if message.case_id is not None else None
        rendered = case_render.outgoing(message, case, self.handoff)
        return None if rendered is None else (*rendered, None)

    async def deliver(self, message: Outgoing) -> bool:
        """One attempt at one message; True when Telegram confirmed it."""
        rendered = self.render(message)
        if rendered is None:
            self.outbox.give_up(message, "nothing to send: the case is gone")
            return False
        text, markup, reply = rendered
        try:
            sent = await self.bot.send_message(message.chat_id, text, reply_markup=markup, reply_parameters=reply,
                                               rate_limit_args=CALLER_RETRIES)
        except RetryAfter as exc:
            wait = self.outbox.retry(message, "flood limit", _seconds(exc.retry_after))
            log.warning("outbox message %s hit the flood limit; retry in %.1f s", message.id, wait)
            return False
        except (BadRequest, Forbidden, ChatMigrated, InvalidToken) as exc:
            self.outbox.give_up(message, f"{type(exc).__name__}: {exc}")
            log.error("outbox message %s to chat %s refused: %s", message.id, message.chat_id, type(exc).__name__)
            if message.case_id is not None:
                self.handoff.unreachable(message.case_id, message.chat_id)  # the founder is told, with contacts
            return False
        except (NetworkError, TelegramError) as exc:
            wait = self.outbox.retry(message, f"{type(exc).__name__}: {exc}")
            log.warning("outbox message %s failed (%s); retry in %.1f s", message.id, type(exc).__name__, wait)
            return False
        self.handoff.delivered(message.id, message.chat_id, sent.message_id, message.case_id)
        return True
