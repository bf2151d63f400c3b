"""The callback context every handler of the channel receives: the conversations and the user's
language at hand.

It has a module of its own because every flow (handlers, casework, handoff, documents, insight)
needs its type, and handlers.py, which routes to those flows, imports them: kept there, the flows
and handlers.py imported each other.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackContext, ExtBot

from bot.channels.telegram.conversation import Conversations
from bot.channels.telegram.texts import DEFAULT_LANGUAGE


class SofiaContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The callback context, with the channel's conversations at hand."""

    @property
    def conversations(self) -> Conversations:
        return self.bot_data["conversations"]

    def language(self, update: Update) -> str:
        """The language to answer this update's user in."""
        user = update.effective_user
        return self.conversations.language(user.id, user.language_code) if user else DEFAULT_LANGUAGE
