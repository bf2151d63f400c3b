"""The language-model composer: a chat model rewrites the answer from the passages the extractive path chose.

The extractive answer is always composed first and is what the user gets whenever the model's
answer cannot be trusted: a timeout, an error, no citation, or a citation of a passage the model
was not given. The model sees the passages and the question only as delimited data, with personal
identity numbers, phone numbers and e-mail addresses masked.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence

from bot.answers.compose.extractive import MAX_SENTENCES, source_label
from bot.records.masking import Masker
from bot.models import Citation, Hit

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from bot.search.lexical import QueryTerm

log = logging.getLogger(__name__)

LANGUAGES = ("sv", "en")
PROMPTS_DIR = Path(__file__).resolve().parents[3] / "prompts"
MAX_PASSAGE_CHARS = 3000
MAX_ANSWER_CHARS = 3000

# [1], [2, 3], [1; 2] – a group of citation numbers as a model writes them.
_CITATION_GROUP = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_SOURCES_TAIL = re.compile(r"\n\s*(?:\*\*)?(?:källor|källa|sources?|references?|referenser)(?:\*\*)?\s*:.*\Z", re.I | re.S)


class Composer(Protocol):
    def compose(
        self, hits: list[Hit], terms: list["QueryTerm"], language: str, max_sentences: int = MAX_SENTENCES,
        question: str = "",
    ) -> tuple[str, list[Citation]]: ...


@dataclass(frozen=True)
class Prompts:
    """The system and user templates per language; the user template has {passages} and {question}."""

    system: dict[str, str]
    user: dict[str, str]

    @classmethod
    def load(cls, directory: Path | None = None) -> "Prompts":
        directory = Path(directory) if directory else PROMPTS_DIR
        if not directory.is_absolute() and not directory.is_dir() and PROMPTS_DIR.is_dir():
            directory = PROMPTS_DIR  # the default "prompts" seen from another working directory
        system, user = {}, {}
        for lang in LANGUAGES:
            system[lang] = (directory / f"answer.{lang}.system.txt").read_text(encoding="utf-8").strip()
            user[lang] = (directory / f"answer.{lang}.user.txt").read_text(encoding="utf-8").strip()
            if "{passages}" not in user[lang] or "{question}" not in user[lang]:
                raise ValueError(f"{directory}/answer.{lang}.user.txt needs {{passages}} and {{question}}")
        return cls(system, user)

    def messages(self, language: str, passages: str, question: str) -> list["BaseMessage"]:
        from langchain_core.messages import SystemMessage
        from langchain_core.prompts import ChatPromptTemplate

        lang = language if language in LANGUAGES else "sv"
        # The system text is used as it is (no placeholders); only the user template is filled in.
        template = ChatPromptTemplate.from_messages([("human", self.user[lang])])
        return [SystemMessage(content=self.system[lang]), *template.format_messages(passages=passages, question=question)]


@dataclass(frozen=True)
class Checked:
    """A model answer that passed the check, renumbered: [1] is the first passage it cites."""

    body: str
    citations: list[Citation]


def check_answer(text: str, citations: Sequence[Citation]) -> Checked | str:
    """The answer renumbered with the citations it uses, or why it cannot be shown."""
    body = _SOURCES_TAIL.sub("", (text or "").strip()).strip()
    if not body:
        return "empty answer"
    if len(body) > MAX_ANSWER_CHARS:
        return "answer too long"
    order: list[int] = []
    for group in _CITATION_GROUP.finditer(body):
        for n in re.split(r"\s*[,;]\s*", group.group(1)):
            number = int(n)
            if not 1 <= number <= len(citations):
                return f"cites [{number}] with {len(citations)} passages given"
            if number not in order:
                order.append(number)
    if not order:
        return "no citation"
    new = {old: i + 1 for i, old in enumerate(order)}
    body = _CITATION_GROUP.sub(
        lambda m: "".join(f"[{new[int(n)]}]" for n in dict.fromkeys(re.split(r"\s*[,;]\s*", m.group(1)))), body
    )
    return Checked(body, [replace(citations[old - 1], number=new[old]) for old in order])


def _data(text: str) -> str:
    """Text placed between the prompt's delimiters cannot close or open one."""
    return text.replace("<", "‹").replace(">", "›")


class LLMComposer:
    """Rewrites the extractive answer's body with a chat model, from the same passages, with the same sources.

    `compose` has the extractive composer's shape plus the question and the extractive composer
    itself (`fallback`), whose answer is returned whenever the model's is not usable.
    """

    def __init__(
        self,
        model: "BaseChatModel",
        prompts: Prompts | None = None,
        timeout: float = 20.0,
        max_workers: int = 8,
    ) -> None:
        self.model = model
        self.prompts = prompts or Prompts.load()
        self.timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="sofia-llm")

    def compose(
        self,
        hits: list[Hit],
        terms: list["QueryTerm"],
        language: str,
        max_sentences: int = MAX_SENTENCES,
        *,
        question: str,
        fallback: Composer,
    ) -> tuple[str, list[Citation]]:
        body, citations = fallback.compose(hits, terms, language, max_sentences=max_sentences, question=question)
        if not citations:
            return body, citations
        rewritten = self.rewrite(question, language, hits, citations)
        if rewritten is None:
            return body, citations
        return rewritten.body, rewritten.citations

    def rewrite(self, question: str, language: str, hits: Sequence[Hit], citations: Sequence[Citation]) -> Checked | None:
        """The model's answer from these numbered passages, checked; None when it cannot be used."""
        masker = Masker()
        passages = "\n\n".join(self._passage(c, hits, language, masker) for c in citations)
        messages = self.prompts.messages(language, passages, _data(masker.mask(question)))
        try:
            text = self._invoke(messages)
        except FutureTimeout:
            log.warning("language model: no answer within %.1f s; extractive answer given", self.timeout)
            return None
        except Exception as exc:  # any failure of the model or its server: the user still gets an answer
            log.warning("language model failed (%s); extractive answer given", type(exc).__name__)
            return None
        checked = check_answer(masker.unmask(text), citations)
        if isinstance(checked, str):
            log.info("language model answer not used (%s); extractive answer given", checked)
            return None
        return checked

    def _invoke(self, messages: list["BaseMessage"]) -> str:
        future = self._pool.submit(self.model.invoke, messages)
        try:
            result = future.result(timeout=self.timeout)
        except FutureTimeout:
            future.cancel()
            raise
        content = result.content
        if isinstance(content, list):  # content blocks
            content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
        return str(content)

    @staticmethod
    def _passage(citation: Citation, hits: Sequence[Hit], language: str, masker: Masker) -> str:
        hit = next((h for h in hits if h.chunk.document == citation.document and h.chunk.body == citation.quote), None)
        if hit is not None:
            source = source_label(hit, language)
        else:
            source = ", ".join(p for p in (citation.title, citation.municipality, citation.date) if p)
        attrs = f'number="{citation.number}" source="{_attr(source)}"'
        if citation.section:
            attrs += f' section="{_attr(citation.section)}"'
        text = citation.quote
        if len(text) > MAX_PASSAGE_CHARS:
            text = text[:MAX_PASSAGE_CHARS].rsplit(" ", 1)[0] + " …"
        return f"<passage {attrs}>\n{_data(masker.mask(text))}\n</passage>"

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _attr(value: str) -> str:
    return _data(value).replace('"', "'").replace("\n", " ")
