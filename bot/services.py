"""The core, assembled: what every channel (terminal, command line, Telegram) is handed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answers.service import AnswerService
from bot.answers.approved import ApprovedAnswers
from bot.config import Settings
from bot.knowledge_base.contacts import Contacts
from bot.knowledge_base.embeddings import Embedder
from bot.knowledge_base.ingestion import KnowledgeBase

if TYPE_CHECKING:
    from bot.answers.compose.llm import LLMComposer


@dataclass
class Services:
    """Dependencies a channel needs, passed in as one value."""

    settings: Settings
    knowledge: KnowledgeBase
    answers: AnswerService
    contacts: Contacts


def build_services(
    settings: Settings, *, ingest_if_missing: bool = True, embedder: Embedder | None = None, progress: bool = False
) -> Services:
    """Open the index (building it from knowledge/ on first use, with a progress bar when asked) and wire the answer service."""
    knowledge = KnowledgeBase.open(settings, ingest_if_missing=ingest_if_missing, embedder=embedder, progress=progress)
    contacts = Contacts.load(settings.contacts_path)
    answers = AnswerService(
        knowledge, contacts, history_max_age_s=settings.history_max_age_s, composer=build_llm_composer(settings),
        approved=ApprovedAnswers(settings.database_path),
    )
    return Services(settings=settings, knowledge=knowledge, answers=answers, contacts=contacts)


def build_llm_composer(settings: Settings) -> "LLMComposer | None":
    """The language-model composer when SOFIA_LLM_MODEL is set; otherwise None (extractive answers only)."""
    from bot.answers.compose.models import build_chat_model, spec_from_settings

    spec = spec_from_settings(settings)
    if spec is None:
        return None
    from bot.answers.compose.llm import LLMComposer, Prompts

    return LLMComposer(build_chat_model(spec), Prompts.load(settings.prompts_dir), timeout=settings.llm_timeout)
