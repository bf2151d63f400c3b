"""Structure-aware chunks: a document's sections, each passage keeping its heading and metadata."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.models import Chunk, Document

CHUNKER_VERSION = "4"  # 4: a generation keeps its passages' sentence vectors
TARGET_CHARS = 700
MAX_CHARS = 1100
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# Tables of contents list every heading with a page number: they match everything and answer nothing.
_TOC_TITLES = {"innehåll", "innehållsförteckning", "contents", "table of contents"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"«(])")


@dataclass
class Section:
    path: list[str]  # heading texts from the top down
    lines: list[str]

    @property
    def heading(self) -> str:
        return self.path[-1] if self.path else ""


def chunk_document(doc: Document) -> list[Chunk]:
    """Split a document into passages that follow its headings, tables and paragraphs."""
    body = doc.body if has_headings(doc.body) else infer_headings(doc.body)
    chunks: list[Chunk] = []
    for section in split_sections(body, doc.title):
        if _clean_heading(section.heading).lower() in _TOC_TITLES:
            continue
        for text in pack_blocks(blocks_of(section.lines)):
            heading = _clean_heading(section.heading)
            stored = f"## {heading}\n\n{text}" if heading else text
            position = len(chunks)
            digest = hashlib.sha1(stored.encode()).hexdigest()[:10]
            chunks.append(
                Chunk(
                    id=f"{doc.document}:{position}:{digest}",
                    document=doc.document,
                    text=stored,
                    section=heading,
                    position=position,
                    meta={**doc.meta, "section_path": " › ".join(_clean_heading(p) for p in section.path)},
                )
            )
    return chunks


def has_headings(text: str) -> bool:
    return any(_HEADING.match(line) for line in text.splitlines())


def _clean_heading(text: str) -> str:
    return re.sub(r"[*_`]+", "", text).strip()


def split_sections(body: str, title: str) -> list[Section]:
    """Group lines under their heading; text before the first heading belongs to the title."""
    sections = [Section(path=[title], lines=[])]
    stack: list[tuple[int, str]] = []
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            level, text = len(match.group(1)), match.group(2)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text))
            sections.append(Section(path=[t for _, t in stack], lines=[]))
        else:
            sections[-1].lines.append(line)
    return [s for s in sections if any(line.strip() for line in s.lines)]


def blocks_of(lines: list[str]) -> list[str]:
    """Paragraphs, list items and whole tables, in order."""
    blocks: list[str] = []
    current: list[str] = []
    in_table = False
    for line in lines + [""]:
        is_table = line.lstrip().startswith("|")
        if not line.strip() or is_table != in_table:
            if current:
                blocks.append("\n".join(current).strip())
            current = []
            in_table = is_table and bool(line.strip())
            if not line.strip():
                continue
        if _is_table_rule(line) or _is_empty_row(line):
            in_table = True
            continue
        current.append(line.rstrip())
        in_table = is_table
    return [b for b in blocks if b]


def _is_table_rule(line: str) -> bool:
    return bool(re.fullmatch(r"\s*\|?[\s:|-]*-[\s:|-]*\|?\s*", line))


def _is_empty_row(line: str) -> bool:
    return line.strip().startswith("|") and not re.search(r"\w", line)


def pack_blocks(blocks: list[str]) -> list[str]:
    """Join small blocks up to TARGET_CHARS; split blocks longer than MAX_CHARS."""
    pieces: list[str] = []
    for block in blocks:
        pieces.extend(_split_long(block) if len(block) > MAX_CHARS else [block])
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) + 2 > TARGET_CHARS:
            chunks.append(current)
            current = piece
        else:
            current = f"{current}\n\n{piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks


def _split_long(block: str) -> list[str]:
    if block.lstrip().startswith("|"):
        return _split_table(block)
    # Imported here: langchain takes a third of a second to import, and only ingestion splits text.
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=TARGET_CHARS, chunk_overlap=0, separators=["\n", ". ", "; ", ", ", " "], keep_separator="end"
    )
    return [p.strip() for p in splitter.split_text(block) if p.strip()]


def _split_table(block: str) -> list[str]:
    rows = block.splitlines()
    header, body = rows[0], rows[1:]
    parts, current = [], [header]
    for row in body:
        if len("\n".join(current)) + len(row) > TARGET_CHARS and len(current) > 1:
            parts.append("\n".join(current))
            current = [header]
        current.append(row)
    parts.append("\n".join(current))
    return parts


def infer_headings(body: str) -> str:
    """Mark likely headings in plain text (PDF, .txt): short lines standing alone, without a full stop."""
    lines = body.splitlines()
    out = []
    for i, line in enumerate(lines):
        text = line.strip()
        prev_blank = i == 0 or not lines[i - 1].strip()
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
        looks_like_heading = (
            3 <= len(text) <= 70
            and prev_blank
            and next_blank
            and text[0].isupper()
            and not text.endswith((".", ",", ";", ":"))
            and not text.startswith(("-", "•", "*", "|"))
            and len(text.split()) <= 9
            and not re.search(r"\d{4}-\d{2}-\d{2}|\t", text)
        )
        out.append(f"## {text}" if looks_like_heading else line)
    return "\n".join(out)


def embedding_text(chunk: Chunk) -> str:
    """What the embedding model reads of a passage: its document's title and section with the body."""
    body = " ".join(chunk.body.replace("|", " ").split())
    return f"{chunk.title}. {chunk.section}. {body}"


def unit_texts(chunk: Chunk) -> list[str]:
    """What the embedding model reads of each of a passage's quotable units: the unit as written."""
    return [unit for unit, _ in units(chunk.body)]


def units(text: str) -> list[tuple[str, int | None]]:
    """Quotable units, each with the list it belongs to: the items of one bulleted list, and the
    sentence that leads into it ("Det finns tre former:"), share a number; other units have None."""
    out: list[tuple[str, int | None]] = []
    lists = 0
    in_list = False
    for block in re.split(r"\n\s*\n|\n(?=\s*[-•*]\s)|\n(?=\|)|\n(?=⚠)", text):
        block = block.strip()
        if not block or re.fullmatch(r"[|\s:-]+", block):
            in_list = False
            continue
        if block.startswith("|"):
            cells = [c.strip() for c in block.strip("|").split("|")]
            out.append((" – ".join(c for c in cells if c), None))
            in_list = False
            continue
        item = bool(re.match(r"[-•*]\s+", block))
        block = re.sub(r"^[-•*]\s+", "", " ".join(block.split()))
        sentences = [s.strip() for s in _SENTENCE_END.split(block) if s.strip()]
        if item:
            if not in_list:
                lists += 1
                # The sentence just before a list that ends in a colon introduces it.
                if out and out[-1][1] is None and out[-1][0].endswith(":"):
                    out[-1] = (out[-1][0], lists)
            in_list = True
            out.extend((s, lists) for s in sentences)
        else:
            in_list = False
            out.extend((s, None) for s in sentences)
    return [(u, g) for u, g in out if re.search(r"\w{3}", u)]
