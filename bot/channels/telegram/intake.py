"""Taking updates in so that none is lost: each is kept in the inbox before Telegram learns it
arrived, and finished (or handled again after a restart) from there.

python-telegram-bot's updater puts every fetched update on the application's queue before it
asks for the next ones, and asking for the next ones is what confirms them to Telegram. The
queue here writes each update to the inbox in that ``put``, so an update is recorded before it is
confirmed; the application marks it done once it was handled. A webhook's updates pass through
the same ``put``, before the webhook request is answered.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import Application

from bot.cases.inbox import Inbox

log = logging.getLogger(__name__)


class RecordingQueue(asyncio.Queue):
    """The update queue: an update is kept in the inbox before it is queued, and a redelivered
    one (already in the inbox) is not queued again."""

    def __init__(self) -> None:
        super().__init__()
        self.inbox: Inbox | None = None  # set once the store is open (build_application)

    async def put(self, item: object) -> None:
        if self.inbox is not None and isinstance(item, Update):
            user = item.effective_user
            if not self.inbox.receive(item.update_id, user.id if user else None, item.to_dict()):
                log.info("update %s was received before; not handled again", item.update_id)
                return
        await super().put(item)

    async def replay(self, update: Update) -> None:
        """Queue an update the inbox already holds (one left pending by a stop)."""
        await super().put(update)


class SofiaApplication(Application):
    """The Application, marking each update done in the inbox once it was handled, however that
    ended (a failed update was answered with an apology; it is not tried again)."""

    async def process_update(self, update: object) -> None:
        try:
            await super().process_update(update)
        finally:
            inbox: Inbox | None = self.bot_data.get("inbox")
            if inbox is not None and isinstance(update, Update):
                inbox.finish(update.update_id)


async def replay_pending(application: Application) -> int:
    """Queue the updates a previous run received but did not finish; how many."""
    inbox: Inbox = application.bot_data["inbox"]
    queue: RecordingQueue = application.update_queue  # type: ignore[assignment]
    pending = inbox.pending()
    for _, payload in pending:
        await queue.replay(Update.de_json(payload, application.bot))
    if pending:
        log.info("handling %d update(s) left from before the restart", len(pending))
    return len(pending)
