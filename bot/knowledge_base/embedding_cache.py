"""Passage vectors kept by what was embedded: the model's name and the sha256 of the exact text the
model read. A rebuild, a re-ingest or a staff member's new document embeds only passages whose text
is new; the rest are read back.

Two places hold them: the data directory's own cache (float32, written by every ingestion), and the
vectors shipped beside a knowledge folder (`knowledge/.embeddings/MODEL.npz`, float16, committed
with the repository), so a first start on a fresh machine need not embed the shipped documents at
all: multilingual-e5-small takes most of a minute of CPU for them here. A shipped vector is used
only for the same model and the same text, so an edited passage is embedded again whatever the file
says. `make vectors` (`python -m bot.knowledge_base.embedding_cache`) regenerates the shipped file, and
tests/test_embedding_cache.py fails when it no longer covers the shipped knowledge.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import numpy as np

if TYPE_CHECKING:
    from bot.knowledge_base.embeddings import Embedder

log = logging.getLogger(__name__)

SHIPPED_DIR = ".embeddings"  # hidden: discover() never reads it as a document
CACHE_DIR = "embedding-cache"  # under the data directory, beside index/ (whose leftovers ingestion removes)
MAX_KEPT = 50_000  # besides the current passages, this many vectors of earlier texts stay cached


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_name(model: str) -> str:
    """One file per model; its name is the model's, made safe for a path (models can be paths)."""
    return (re.sub(r"[^A-Za-z0-9._-]+", "_", model).strip("._") or "model") + ".npz"


def shipped_path(knowledge_dir: Path, model: str) -> Path:
    return knowledge_dir / SHIPPED_DIR / file_name(model)


def read_vectors(path: Path, model: str) -> dict[str, np.ndarray]:
    """The vectors in one file by text key, or nothing when it is missing, unreadable or another model's."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["model"]) != model:
                return {}
            keys = [k.decode("ascii") for k in data["keys"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError) as exc:
        log.warning("cannot read the embedding cache %s (%s); embedding again", path, exc)
        return {}
    if vectors.ndim != 2 or len(keys) != len(vectors):
        log.warning("the embedding cache %s is inconsistent; embedding again", path)
        return {}
    return dict(zip(keys, vectors))


def write_vectors(path: Path, model: str, vectors: dict[str, np.ndarray], dtype: type = np.float32) -> None:
    """Written beside and then moved into place, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(vectors)
    matrix = np.stack([vectors[k] for k in keys]).astype(dtype) if keys else np.zeros((0, 0), dtype=dtype)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.savez_compressed(fh, model=np.array(model), keys=np.array(keys, dtype="S64"), vectors=matrix)
    os.replace(tmp, path)


class EmbeddingCache:
    """What one model has embedded before: the data directory's cache over the shipped vectors."""

    def __init__(self, model: str, path: Path | None, shipped: Iterable[Path] = ()) -> None:
        self.model = model
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        for seed in shipped:
            self._vectors.update(read_vectors(seed, model))
        self._local = read_vectors(path, model) if path else {}
        self._vectors.update(self._local)
        self._added = False

    @classmethod
    def open(cls, model: str, data_dir: Path, knowledge_dirs: Iterable[Path]) -> "EmbeddingCache":
        shipped = [shipped_path(d, model) for d in knowledge_dirs if d.is_dir()]
        return cls(model, data_dir / CACHE_DIR / file_name(model), shipped)

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, text: str) -> np.ndarray | None:
        return self._vectors.get(text_key(text))

    def put(self, text: str, vector: np.ndarray) -> None:
        self._vectors[text_key(text)] = np.asarray(vector, dtype=np.float32)
        self._added = True

    def embed(self, embedder: "Embedder", texts: list[str], progress: bool, label: str = "Indexerar") -> dict[str, np.ndarray]:
        """Vectors for these texts: read back when known, the rest embedded in small batches with a
        progress bar. What is embedded is kept, even by a run cut off halfway: the next one starts there."""
        from bot.knowledge_base.progress import Progress

        missing = sorted({t for t in texts if self.get(t) is None})
        bar = Progress(len(missing), label, enabled=progress)
        step = 16  # small batches keep the bar moving: a passage takes a tenth of a second or more
        try:
            for start in range(0, len(missing), step):
                batch = missing[start : start + step]
                for text, vector in zip(batch, embedder.embed(batch)):
                    self.put(text, vector)
                bar.step(n=len(batch))
        finally:
            bar.close()
            self.save(texts)
        return {t: v for t in texts if (v := self.get(t)) is not None}

    def save(self, texts: Iterable[str]) -> None:
        """Keep the vectors of these texts (the current passages) and earlier ones up to MAX_KEPT."""
        if self.path is None:
            return
        current = {k for k in map(text_key, texts) if k in self._vectors}
        if not self._added and current <= self._local.keys():
            return  # the data directory's cache already holds every vector in use
        kept = {k: self._vectors[k] for k in current}
        for key, vector in self._local.items():
            if len(kept) >= len(current) + MAX_KEPT:
                break
            kept.setdefault(key, vector)
        try:
            write_vectors(self.path, self.model, kept)
        except OSError as exc:  # a read-only data directory: the index still builds, just slower next time
            log.warning("cannot write the embedding cache %s: %s", self.path, exc)
            return
        self._local = kept
        self._added = False


# ---- the vectors shipped with knowledge/ --------------------------------------------------


def shipped_texts(knowledge_dir: Path) -> list[str]:
    """Every text the model reads when knowledge_dir is ingested (each passage, and each of its
    sentences), as ingestion makes them."""
    from bot.knowledge_base.chunking import chunk_document, embedding_text, unit_texts
    from bot.knowledge_base.documents import DocumentError, discover, read_document

    texts = []
    for path in discover(knowledge_dir):
        try:
            document = read_document(path, knowledge_dir.resolve())
        except DocumentError:
            continue  # ingestion skips it too
        for chunk in chunk_document(document):
            texts += [embedding_text(chunk), *unit_texts(chunk)]
    return texts


def regenerate(knowledge_dir: Path, embedder: "Embedder", fresh: bool = False, progress: bool = True) -> tuple[int, int]:
    """Rewrite knowledge_dir's shipped vectors for exactly its current passages; (passages, embedded)."""
    from bot.knowledge_base.progress import announce

    path = shipped_path(knowledge_dir, embedder.name)
    known = EmbeddingCache(embedder.name, None, [] if fresh else [path])
    texts = sorted(set(shipped_texts(knowledge_dir)))
    missing = sum(known.get(t) is None for t in texts)
    if missing:
        announce(f"Embeddar {missing} av {len(texts)} texter (avsnitt och meningar) med {embedder.name} …")
    found = known.embed(embedder, texts, progress, label="Embeddar")
    write_vectors(path, embedder.name, {text_key(t): v for t, v in found.items()}, dtype=np.float16)
    return len(texts), missing


def main(argv: list[str] | None = None) -> int:
    from bot.config import Settings
    from bot.knowledge_base.embeddings import Embedder

    parser = argparse.ArgumentParser(prog="python -m bot.knowledge_base.embedding_cache", description=regenerate.__doc__)
    parser.add_argument("knowledge_dir", nargs="?", type=Path, default=Path("knowledge"))
    parser.add_argument("--fresh", action="store_true", help="embed every passage again, not only new ones")
    args = parser.parse_args(argv)
    model = Settings().embedding_model
    total, embedded = regenerate(args.knowledge_dir, Embedder(model), fresh=args.fresh, progress=sys.stderr.isatty())
    print(f"{shipped_path(args.knowledge_dir, model)}: {total} texts (passages and their sentences), {embedded} embedded now")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
