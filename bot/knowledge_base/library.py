"""The documents staff keep from Telegram, stored under the data directory beside knowledge/.

knowledge/ may be mounted read-only in a container, so a document sent to Sofia is written to
``<data>/documents/`` with its confirmed metadata in a sidecar (``NAME.meta.yaml``), which
ingestion reads as it reads any knowledge file. A document of knowledge/ that staff remove or
replace cannot be deleted there; it is withdrawn instead: its path is listed in
``.withdrawn.json`` and ingestion leaves it out.

Nothing here trusts what a sender says about a file: its type is read from its bytes, and its
name on disk is made from its confirmed title and municipality, never from the name it was sent
with.
"""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import yaml

from bot.models import META_KEYS

# Telegram's Bot API lets a bot download files of at most 20 MB.
MAX_BYTES = 20 * 1024 * 1024
SLUG_CHARS = 48  # short enough for a button's 64-byte callback data
_WITHDRAWN = ".withdrawn.json"
_DRAFTS = ".drafts"
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_MARKDOWN = re.compile(r"\A(?:\ufeff)?---\s*\n|^#{1,6}\s+\S", re.MULTILINE)


def sniff(data: bytes) -> str | None:
    """The kind of file by its content: ".pdf", ".docx", ".html", ".md" or ".txt"; None otherwise."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        return ".docx" if "word/document.xml" in names else None
    text = _text(data)
    if text is None:
        return None
    if _HTML.search(data[:4096]):
        return ".html"
    return ".md" if _MARKDOWN.search(text[:20000]) else ".txt"


def _text(data: bytes) -> str | None:
    """The bytes as text if they are text (UTF-8, or UTF-16 with its byte order mark)."""
    try:
        text = data.decode("utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Control characters other than whitespace mean binary data (an image, an archive).
    if re.search(r"[\x00-\x08\x0e-\x1f]", text[:8192]):
        return None
    return text


def slug(title: str, municipality: str | None) -> str:
    """A file name made from the document's title and municipality: ASCII letters, digits and dashes."""
    text = f"{municipality or 'allman'} {title}"
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:SLUG_CHARS].strip("-")
    return name or "dokument"


class Library:
    """The folder of staff-added documents, and the list of withdrawn knowledge files."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    # -- drafts: a file received, waiting for staff to confirm its metadata ----------------------

    def draft_path(self, draft_id: int, suffix: str) -> Path:
        return self.folder / _DRAFTS / f"{int(draft_id)}{suffix}"

    def write_draft(self, draft_id: int, suffix: str, data: bytes) -> Path:
        path = self.draft_path(draft_id, suffix)
        _write_atomic(path, data)
        return path

    def drop_draft(self, path: Path) -> None:
        if self.owns(path):
            path.unlink(missing_ok=True)

    # -- stored documents -------------------------------------------------------------------

    def free_name(self, base: str, taken: set[str]) -> str:
        """``base``, or ``base-2``, ``base-3`` …: a document name no other document has."""
        name, n = base, 1
        while name in taken or any(self.folder.glob(f"{name}.*")):
            n += 1
            name = f"{base}-{n}"
        return name

    def store(self, name: str, source: Path, meta: dict[str, Any]) -> Path:
        """Write the document as ``name`` with its metadata beside it; returns the document's path."""
        if not re.fullmatch(r"[a-z0-9-]+", name):
            raise ValueError("a stored document's name is made by slug()")
        path = self.folder / f"{name}{source.suffix}"
        sidecar = {key: meta.get(key) for key in META_KEYS if meta.get(key) not in (None, "")}
        # The sidecar first: a file without it would be indexed with guessed metadata.
        _write_atomic(self.folder / f"{name}.meta.yaml", yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False).encode())
        _write_atomic(path, source.read_bytes())
        return path

    def owns(self, path: Path) -> bool:
        """Whether ``path`` is inside this folder (and so may be deleted)."""
        return Path(path).resolve().is_relative_to(self.folder.resolve())

    def delete(self, path: Path) -> None:
        """Delete a stored document and its metadata."""
        path = Path(path)
        if not self.owns(path):
            raise ValueError("only documents in the data directory can be deleted")
        path.unlink(missing_ok=True)
        path.with_name(path.stem + ".meta.yaml").unlink(missing_ok=True)

    # -- withdrawn knowledge files ----------------------------------------------------------

    def withdrawn(self) -> set[str]:
        try:
            return set(json.loads((self.folder / _WITHDRAWN).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return set()

    def withdraw(self, path: Path) -> None:
        """Leave a knowledge file out of the index from now on (knowledge/ may be read-only)."""
        paths = self.withdrawn() | {str(Path(path).resolve())}
        _write_atomic(self.folder / _WITHDRAWN, json.dumps(sorted(paths), ensure_ascii=False, indent=1).encode())


def _write_atomic(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: ingestion may read the folder at any moment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
