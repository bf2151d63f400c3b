"""Helpers for the Telegram tests and the load benchmark: paths, the staff id, waiting for quiet."""

from __future__ import annotations

from pathlib import Path

from bot.services import Services
from bot.records.store import Store

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
STAFF_ID = 4242


def store_of(services: Services) -> Store:
    """A second handle on the test's store, to check what was kept."""
    return Store.from_settings(services.settings)


async def settle(application, server, rounds: int = 3) -> None:
    """Wait until every update was fetched and handled: nothing queued, nothing in progress."""
    quiet = 0

    def idle() -> bool:
        nonlocal quiet
        busy = (
            server.pending_updates()
            or not application.update_queue.empty()
            or application.update_processor.current_concurrent_updates
        )
        quiet = 0 if busy else quiet + 1
        return quiet >= rounds

    await server.until(idle, what="the bot to finish handling updates")
