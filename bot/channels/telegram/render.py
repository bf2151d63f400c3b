"""Answers, sources and lists as Telegram HTML messages.

Every piece of text from a user or a document is escaped with ``html.escape`` before it is put
between tags, and messages are split below Telegram's 4,096-character limit at paragraph
boundaries (then lines, sentences, words) so no message is refused and no tag is cut in two.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

from bot.answers.compose.extractive import format_source
from bot.models import Answer, Citation
from bot.channels.telegram.texts import label, t

# Telegram refuses messages over 4,096 characters (UTF-16 code units); keep a margin.
MESSAGE_LIMIT = 4000
# Where a text too long for one message may be cut, best first.
CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?;:])\s"), re.compile(r"\s"))


def size(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Text made safe to put between Telegram HTML tags."""
    return html.escape(text, quote=False)


def fragments(text: str, wrap: Callable[[str], str] = lambda s: s, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` escaped and wrapped (e.g. in a blockquote) in as few pieces of at most ``limit``.

    A text too long for one piece is cut at the last paragraph boundary that fits, else the last
    line, sentence or word boundary, so every piece is valid HTML on its own.
    """
    out: list[str] = []
    rest = text.strip()
    while rest:
        piece = _longest_fitting(rest, wrap, limit)
        out.append(wrap(escape(piece.strip())))
        rest = rest[len(piece) :].strip()
    return out


def _longest_fitting(text: str, wrap: Callable[[str], str], limit: int) -> str:
    """The longest start of ``text`` that fits, ending at the best boundary available."""
    fits = lambda s: size(wrap(escape(s))) <= limit  # noqa: E731
    if fits(text):
        return text
    # The longest prefix that fits, by bisection on characters (escaping only grows text).
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(text[:mid]) else (lo, mid - 1)
    prefix = text[:lo]
    for cut in CUTS:
        ends = [m.end() for m in cut.finditer(prefix) if m.end() > lo // 3]
        if ends:
            return text[: ends[-1]]
    return prefix


def pack(blocks: Iterable[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Blocks joined by ``separator`` into as few messages as fit; a block is never split."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if current and size(current) + size(separator) + size(block) > limit:
            messages.append(current)
            current = ""
        current = f"{current}{separator}{block}" if current else block
    if current:
        messages.append(current)
    return messages


def answer_messages(answer: Answer, language: str) -> list[str]:
    """An answer as HTML messages: the answer's paragraphs, then a short list of its sources."""
    blocks = fragments(answer.body or answer.text)
    if answer.citations and answer.body:
        header = t(answer.language or language, "sources_header")
        lines = "\n".join(format_source(c, answer.language) for c in answer.citations)
        sources = fragments(lines, lambda s: f"<i>{s}</i>", MESSAGE_LIMIT - size(header) - 1)
        blocks += [f"{header}\n{sources[0]}", *sources[1:]]
    return pack(blocks)


def sources_messages(citations: Sequence[Citation], language: str, header: str = "sources_header") -> list[str]:
    """The quoted passages behind an answer: which document, section and date, then the quote."""
    if not citations:
        return [t(language, "no_sources")]
    blocks = [t(language, header)]
    for citation in citations:
        head = f"<b>{escape(format_source(citation, language))}</b>"
        quotes = fragments(citation.quote, lambda s: f"<blockquote>{s}</blockquote>", MESSAGE_LIMIT - size(head) - 1)
        blocks.append(f"{head}\n{quotes[0]}" if quotes else head)
        blocks.extend(quotes[1:])
    return pack(blocks)


def plain_messages(text: str, header: str | None = None) -> list[str]:
    """Plain text from the core (e.g. contact details) as HTML messages, under an optional header."""
    blocks = fragments(text)
    return pack(([header] if header else []) + blocks)


def documents_messages(documents: Sequence[dict], language: str) -> list[str]:
    """The documents Sofia answers from, one line each: title, municipality and date."""
    if not documents:
        return [t(language, "about_none")]
    lines = [t(language, "about_header", count=len(documents))]
    for doc in documents:
        where = doc.get("municipality") or t(language, "general")
        when = doc.get("date") or t(language, "undated")
        lines.append(f"• <b>{escape(str(doc.get('title') or doc['document']))}</b> – {escape(f'{where}, {when}')}")
    return pack(lines, separator="\n")


def reindex_messages(report: object, language: str) -> list[str]:
    """What a re-index did (the report's one-line summary), and the files it could not read."""
    text = label(language, "reindex_done").format(report=report)
    failed = getattr(report, "failed", None)
    if failed:
        files = ", ".join(f"{name} ({why})" for name, why in failed)
        text += "\n" + label(language, "failed_files").format(files=files)
    return fragments(text)
