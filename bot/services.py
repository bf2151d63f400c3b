"""The core, assembled: what every channel (terminal, command line, Telegram) is handed."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering import AnswerService
from bot.config import Settings
from bot.contacts import Contacts
from bot.embeddings import Embedder
from bot.knowledge import KnowledgeBase


@dataclass
class Services:
    """Dependencies a channel needs, passed in as one value."""

    settings: Settings
    knowledge: KnowledgeBase
    answers: AnswerService
    contacts: Contacts


def build_services(settings: Settings, *, ingest_if_missing: bool = True, embedder: Embedder | None = None) -> Services:
    """Open the index (building it from knowledge/ on first use) and wire the answer service."""
    knowledge = KnowledgeBase.open(settings, ingest_if_missing=ingest_if_missing, embedder=embedder)
    contacts = Contacts.load(settings.contacts_path)
    answers = AnswerService(knowledge, contacts, history_max_age_s=settings.history_max_age_s)
    return Services(settings=settings, knowledge=knowledge, answers=answers, contacts=contacts)
