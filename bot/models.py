"""Plain data passed between Sofia's parts: documents, chunks, hits, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bot.review_dates import outdated

# Metadata keys every document carries (front matter, sidecar or defaults).
META_KEYS = (
    "title",
    "municipality",
    "organisation",
    "document_type",
    "decided",
    "decided_by",
    "date",
    "revised",
    "valid_from",
    "valid_until",
    "review_by",
    "reference",
    "language",
)


@dataclass
class Document:
    """One knowledge file, read and parsed: its name, metadata and Markdown-ish body."""

    document: str  # file name without extension; the id citations use
    path: str
    body: str
    meta: dict[str, Any]
    content_hash: str = ""

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.document


@dataclass
class Chunk:
    """A passage of a document that retrieval returns and answers quote."""

    id: str
    document: str
    text: str  # the passage as stored (heading line + body text)
    section: str  # heading path, e.g. "Ansvar och uppföljning"
    position: int  # order within the document
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.document

    @property
    def municipality(self) -> str | None:
        return self.meta.get("municipality") or None

    @property
    def date(self) -> str | None:
        return self.meta.get("date") or None

    @property
    def body(self) -> str:
        """The passage without its leading heading line."""
        lines = self.text.split("\n", 1)
        if lines[0].startswith("#") and len(lines) > 1:
            return lines[1].strip()
        return self.text


@dataclass
class Hit:
    """A chunk with how well it matched one question."""

    chunk: Chunk
    score: float
    lexical: float = 0.0  # normalised lexical score, 0..1
    dense: float = 0.0  # cosine similarity from the embedding model
    coverage: float = 0.0  # share of the question's weighted terms the passage contains

    def to_json(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "text": c.text,
            "document": c.document,
            "title": c.title,
            "municipality": c.municipality,
            "section": c.section,
            "date": c.date,
            "score": round(self.score, 4),
        }


@dataclass
class Citation:
    """A numbered source an answer rests on."""

    number: int
    document: str
    title: str
    municipality: str | None
    section: str
    date: str | None
    quote: str
    # The document's own review and validity dates, as written, so an answer can say when they passed.
    review_by: str | None = None
    valid_until: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Suggestion:
    """A section close to a question Sofia is not sure the documents answer: offered to open, not cited."""

    number: int
    document: str
    title: str
    municipality: str | None
    section: str
    chunk_id: str  # opens the passage
    text: str  # the passage, shown when the section is opened

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "title": self.title, "municipality": self.municipality, "section": self.section}


@dataclass
class Turn:
    """One message of a conversation, kept to understand follow-up questions."""

    role: str  # "user" or "assistant"
    text: str
    municipality: str | None = None
    at: float = 0.0  # unix time


@dataclass
class Answer:
    """What Sofia replies to one message, for any channel to render."""

    question: str
    text: str  # the whole reply as plain text: the answer, then its sources
    grounded: bool
    handoff: bool
    citations: list[Citation] = field(default_factory=list)
    language: str = "sv"
    kind: str = "answer"  # answer | not_sure | not_found | handoff | contact | smalltalk | invalid
    municipality: str | None = None
    hits: list[Hit] = field(default_factory=list)
    resolved_question: str = ""  # the question as searched, after follow-up context
    body: str = ""  # the answer without the list of sources, with [n] citation markers
    suggestions: list[Suggestion] = field(default_factory=list)  # closest sections when Sofia is not sure

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "grounded": self.grounded,
            "handoff": self.handoff,
            "language": self.language,
            "kind": self.kind,
            "municipality": self.municipality,
            "citations": [
                {
                    "document": c.document,
                    "title": c.title,
                    "municipality": c.municipality,
                    "section": c.section,
                    "date": c.date,
                    "quote": c.quote,
                    "outdated": outdated(c, self.language),
                }
                for c in self.citations
            ],
            "suggestions": [s.to_json() for s in self.suggestions],
        }
