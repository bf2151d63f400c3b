"""Reading knowledge files (.md, .txt, .pdf, .docx, .html) into documents with metadata."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from bot.models import META_KEYS, Document

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm")
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".yaml", ".yml")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?)\n---[ \t]*\n?", re.DOTALL)
# Folder names that imply a document type when the file does not say.
_TYPE_BY_FOLDER = {"policies": "policy", "guides": "guide"}


class DocumentError(Exception):
    """A knowledge file that cannot be read; the message says why, for the operator."""


def discover(root: Path) -> list[Path]:
    """The knowledge files under root, in a stable order; sidecars and hidden files left out."""
    if root.is_file():
        return [root] if root.suffix.lower() in SUPPORTED_SUFFIXES else []
    files = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.name.lower() != "readme.md":
            files.append(path)
    return files


def content_hash(data: bytes, sidecar: bytes = b"") -> str:
    return hashlib.sha256(data + b"\0" + sidecar).hexdigest()[:32]


def file_hash(path: Path) -> str:
    """The hash a file is indexed under: its bytes and its sidecar's, so editing either re-indexes it."""
    sidecar = sidecar_for(path)
    return content_hash(path.read_bytes(), sidecar.read_bytes() if sidecar else b"")


def sidecar_for(path: Path) -> Path | None:
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_name(path.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def read_document(path: Path, root: Path | None = None) -> Document:
    """Parse one file; raise DocumentError with a readable reason when it is broken."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot be read ({exc.strerror})") from exc
    sidecar_path = sidecar_for(path)
    sidecar_bytes = sidecar_path.read_bytes() if sidecar_path else b""
    suffix = path.suffix.lower()
    meta: dict[str, Any] = {}
    if suffix in (".md", ".markdown", ".txt"):
        text = _decode(data)
        meta, body = split_front_matter(text)
    elif suffix == ".pdf":
        body, meta = _read_pdf(data)
    elif suffix == ".docx":
        body, meta = _read_docx(data)
    elif suffix in (".html", ".htm"):
        body, meta = _read_html(_decode(data))
    else:
        raise DocumentError(f"unsupported file type {suffix}")
    if sidecar_path:
        meta.update(_parse_yaml(sidecar_bytes.decode("utf-8", errors="replace"), sidecar_path.name))
    body = body.strip()
    if not re.search(r"\w", body):
        raise DocumentError("contains no text")
    return Document(
        document=path.stem,
        path=str(path),
        body=body,
        meta=complete_meta(meta, path, body, root),
        content_hash=content_hash(data, sidecar_bytes),
    )


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text.lstrip("\ufeff")
    return _parse_yaml(match.group(1), "front matter"), text[match.end():]


def complete_meta(meta: dict[str, Any], path: Path, body: str, root: Path | None) -> dict[str, Any]:
    """Fill every metadata key: what the file says, else a sensible default, never a guess at a fact."""
    out: dict[str, Any] = {key: _plain(meta.get(key)) for key in META_KEYS}
    for key, value in meta.items():  # keep extra keys a deployment adds
        out.setdefault(key, _plain(value))
    if not out["title"]:
        heading = re.search(r"^#{1,3}\s+(.+)$", body, re.MULTILINE)
        out["title"] = heading.group(1).strip() if heading else path.stem.replace("-", " ").capitalize()
    if not out["document_type"]:
        parts = path.relative_to(root).parts if root and path.is_relative_to(root) else path.parts
        out["document_type"] = next((_TYPE_BY_FOLDER[p] for p in parts if p in _TYPE_BY_FOLDER), "dokument")
    if not out["date"]:
        out["date"] = out["decided"] or out["valid_from"]
    out["language"] = out["language"] or "sv"
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return value.strip() or None
    return value


def _parse_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"metadata in {where} is not valid YAML") from exc
    if not isinstance(data, dict):
        raise DocumentError(f"metadata in {where} is not a mapping")
    return data


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"is not UTF-8 text (bad byte at position {exc.start})") from exc
    if "\x00" in text:
        raise DocumentError("looks like binary data, not text")
    return text


def _read_pdf(data: bytes) -> tuple[str, dict[str, Any]]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        title = info.get("/Title") if hasattr(info, "get") else None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"is not a readable PDF ({type(exc).__name__})") from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise DocumentError(f"is not a readable PDF ({type(exc).__name__})") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text.strip():
        raise DocumentError("has no text layer (a scanned PDF needs OCR first)")
    return text, ({"title": str(title)} if title else {})


def _read_docx(data: bytes) -> tuple[str, dict[str, Any]]:
    import io
    import zipfile

    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError("is not a readable Word document") from exc
    except Exception as exc:
        raise DocumentError(f"is not a readable Word document ({type(exc).__name__})") from exc
    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            level = re.match(r"(?:Heading|Rubrik)\s*(\d)", style)
            if level:
                blocks.append("#" * int(level.group(1)) + " " + text)
            elif style.startswith(("List", "Liststycke")):
                blocks.append("- " + text)
            else:
                blocks.append(text)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            rows = [[cell.text.strip().replace("\n", " ") for cell in row.cells] for row in table.rows]
            blocks.append(markdown_table(rows))
    title = document.core_properties.title
    return "\n\n".join(blocks), ({"title": title} if title else {})


def markdown_table(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


class _HtmlToMarkdown(HTMLParser):
    """Headings, paragraphs, list items and tables of an HTML page, as Markdown blocks."""

    _SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template"}
    _BLOCKS = {"p", "div", "section", "article", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title = ""
        self._buf: list[str] = []
        self._prefix = ""
        self._skip = 0
        self._row: list[str] | None = None
        self._rows: list[list[str]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCKS:
            self._flush()
            self._prefix = "#" * int(tag[1]) + " " if re.fullmatch(r"h[1-6]", tag) else ("- " if tag == "li" else "")
            if tag == "tr":
                self._row = []
        elif tag in ("td", "th"):
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(" ".join("".join(self._buf).split()))
            self._buf = []
        elif tag == "tr" and self._row is not None:
            self._rows.append(self._row)
            self._row = None
        elif tag == "table":
            self.blocks.append(markdown_table(self._rows))
            self._rows = []
        elif tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
        else:
            self._buf.append(data)

    def _flush(self) -> None:
        if self._row is not None:
            return
        text = " ".join("".join(self._buf).split())
        if text:
            self.blocks.append(self._prefix + text)
        self._buf, self._prefix = [], ""

    def close(self) -> None:
        super().close()
        self._flush()


def _read_html(text: str) -> tuple[str, dict[str, Any]]:
    parser = _HtmlToMarkdown()
    parser.feed(text)
    parser.close()
    title = " ".join(parser.title.split())
    return "\n\n".join(parser.blocks), ({"title": title} if title else {})
