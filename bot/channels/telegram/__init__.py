"""Sofia in Telegram: founders and staff chat with the same core the terminal uses.

This package is the only part of Sofia that imports ``telegram``.
"""

from bot.channels.telegram.app import build_application, polling, run

__all__ = ["build_application", "polling", "run"]
