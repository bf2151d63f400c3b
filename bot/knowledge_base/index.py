"""Vector search over an index generation: the generation's own vector file, searched exactly (the
default store, nothing more to install), or Chroma (on disk under the data directory, or a Chroma
server; the optional `chroma` extra). The only module that imports chromadb.

A knowledge base holds hundreds to tens of thousands of passages: one matrix product over all of
them takes milliseconds and gives the true nearest neighbours, the ones Chroma's HNSW graph
approximates. Chroma with its dependencies is about 400 MB installed and a second to import, so
it is there for a deployment that wants a Chroma server, not for every install.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

# chromadb is imported in VectorStore.open, not here: importing it takes about a second, and a
# command that answers from the index on disk never needs it (ExactVectors serves it). The default
# install does not have it at all.

log = logging.getLogger(__name__)
COLLECTION_PREFIX = "sofia_"
VECTORS_FILE = "vectors.npy"
IDS_FILE = "vector_ids.json"
UNITS_FILE = "unit_vectors.npz"


class ChromaMissing(RuntimeError):
    """Chroma is configured but chromadb is not installed."""


def chroma_installed() -> bool:
    """Whether chromadb can be imported, without importing it (that takes a second)."""
    from importlib.util import find_spec

    return find_spec("chromadb") is not None


def chroma_missing_message(server_url: str = "") -> str:
    where = f"the Chroma server in SOFIA_CHROMA_URL ({server_url})" if server_url else "Chroma (SOFIA_VECTOR_STORE=chroma)"
    return (
        f"Sofia is configured to keep its vectors in {where}, but chromadb is not installed. "
        "Install the chroma extra: pip install 'sofia[chroma]' (in a checkout: .venv/bin/pip install -e '.[chroma]'), "
        "or unset SOFIA_CHROMA_URL and SOFIA_VECTOR_STORE to use the index's own vector file."
    )


def open_store(index_dir: Path, data_dir: Path, use_chroma: bool, server_url: str = "") -> "VectorStore | FileVectors":
    """Chroma when the deployment asks for it; otherwise each generation's own vector file."""
    if use_chroma:
        return VectorStore.open(data_dir, server_url)
    return FileVectors(index_dir)


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    # Chroma keeps only scalar values and rejects None.
    return {k: v for k, v in meta.items() if isinstance(v, (str, int, float, bool))}


class VectorStore:
    """Named collections of chunk vectors with cosine distance; one collection per index generation."""

    def __init__(self, client: Any) -> None:
        self._client = client

    @classmethod
    def open(cls, data_dir: Path, server_url: str = "") -> "VectorStore":
        try:
            import chromadb
            from chromadb.config import Settings as ChromaSettings
        except ImportError as exc:
            raise ChromaMissing(chroma_missing_message(server_url)) from exc

        settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if server_url:
            url = urlparse(server_url if "://" in server_url else f"http://{server_url}")
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1", port=url.port or 8000, ssl=url.scheme == "https", settings=settings
            )
        else:
            path = data_dir / "chroma"
            path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(path), settings=settings)
        return cls(client)

    def _collection(self, name: str, create: bool = False):
        if create:
            return self._client.get_or_create_collection(
                name=name, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        return self._client.get_collection(name=name, embedding_function=None)

    def collections(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self._client.list_collections()]

    def add(self, name: str, ids: list[str], vectors: np.ndarray, texts: list[str], metas: list[dict]) -> None:
        collection = self._collection(name, create=True)
        step = 2000  # well under Chroma's largest batch
        for start in range(0, len(ids), step):
            end = start + step
            collection.add(
                ids=ids[start:end],
                embeddings=vectors[start:end].tolist(),
                documents=texts[start:end],
                metadatas=[_clean_meta(m) for m in metas[start:end]],
            )

    def vectors(self, name: str, ids: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors by chunk id, so unchanged chunks need not be embedded again."""
        if not ids:
            return {}
        try:
            got = self._collection(name).get(ids=ids, include=["embeddings"])
        except Exception:  # the old collection is gone or unreadable: embed again
            log.warning("could not read stored vectors from %s; embedding again", name)
            return {}
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"])}

    def count(self, name: str) -> int:
        return self._collection(name).count()

    def query(self, name: str, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The k nearest chunks as (id, cosine similarity), best first."""
        collection = self._collection(name)
        result = collection.query(query_embeddings=[vector.tolist()], n_results=k, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]

    def drop(self, name: str) -> None:
        try:
            self._client.delete_collection(name)
        except Exception:  # already gone
            pass


# ---- the generation's own vectors, searched exactly -------------------------------------


def save_vectors(folder: Path, ids: list[str], matrix: np.ndarray) -> None:
    """Write a generation's vectors; the generation's folder is new, so nobody reads them yet."""
    with open(folder / VECTORS_FILE, "wb") as fh:
        np.save(fh, np.asarray(matrix, dtype=np.float32), allow_pickle=False)
    (folder / IDS_FILE).write_text(json.dumps(ids), encoding="utf-8")


def save_unit_vectors(folder: Path, ids: list[str], per_chunk: list[np.ndarray]) -> None:
    """Write each passage's sentence vectors beside the generation's passage vectors (float16: a
    similarity needs no more, and 10,000 passages hold some 50,000 sentences)."""
    sizes = [len(rows) for rows in per_chunk]
    dim = next((rows.shape[1] for rows in per_chunk if len(rows)), 0)
    matrix = np.concatenate([rows for rows in per_chunk if len(rows)]) if any(sizes) else np.zeros((0, dim))
    with open(folder / UNITS_FILE, "wb") as fh:
        np.savez(fh, ids=np.array(ids), offsets=np.cumsum([0, *sizes]), vectors=matrix.astype(np.float16))


class UnitVectors:
    """Each passage's quotable units (sentences, list items, table rows) as vectors: how close the one
    sentence nearest a question comes. An answer sits in a sentence; a passage that only shares the
    question's topic spreads it over several, and its own vector cannot tell the two apart."""

    def __init__(self, ids: list[str], offsets: np.ndarray, matrix: np.ndarray) -> None:
        self._rows = {i: (int(offsets[n]), int(offsets[n + 1])) for n, i in enumerate(ids)}
        norms = np.linalg.norm(matrix.astype(np.float32), axis=1, keepdims=True) if len(matrix) else np.ones((0, 1))
        self.matrix = (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float16)

    @classmethod
    def load(cls, folder: Path) -> "UnitVectors | None":
        """The generation's sentence vectors, or None when it was built without them."""
        try:
            with np.load(folder / UNITS_FILE, allow_pickle=False) as data:
                ids, offsets, matrix = [str(i) for i in data["ids"]], data["offsets"], data["vectors"]
        except (OSError, ValueError, KeyError):
            return None
        if len(offsets) != len(ids) + 1 or (len(ids) and int(offsets[-1]) != len(matrix)):
            log.warning("sentence vectors beside %s do not match their ids", os.fspath(folder))
            return None
        return cls(ids, offsets, matrix)

    def closest(self, chunk_id: str, vector: np.ndarray) -> float | None:
        """The highest cosine similarity between ``vector`` and one of the passage's units, if it has any."""
        start, end = self._rows.get(chunk_id, (0, 0))
        if end <= start:
            return None
        v = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(v))
        return float((self.matrix[start:end].astype(np.float32) @ (v / norm if norm else v)).max())


class ExactVectors:
    """Read-only: the same ``query`` as VectorStore, over one generation's matrix."""

    def __init__(self, ids: list[str], matrix: np.ndarray, normalise: bool = True) -> None:
        self.ids = ids
        if normalise:
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            # Unit rows, so a dot product is the cosine similarity Chroma's cosine space reports.
            matrix = matrix / np.where(norms == 0, 1.0, norms)
        self.matrix = np.asarray(matrix, dtype=np.float32)

    @classmethod
    def load(cls, folder: Path, normalise: bool = True) -> "ExactVectors | None":
        """The generation's vectors, or None when it was built before they were kept beside it."""
        try:
            ids = json.loads((folder / IDS_FILE).read_text(encoding="utf-8"))
            matrix = np.load(folder / VECTORS_FILE, allow_pickle=False)
        except (OSError, ValueError):
            return None
        if matrix.ndim != 2 or len(ids) != matrix.shape[0]:
            log.warning("vectors beside %s do not match their ids", os.fspath(folder))
            return None
        return cls(ids, matrix, normalise)

    def query(self, name: str, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The k nearest chunks as (id, cosine similarity), best first. ``name`` is unused: one file is one generation."""
        if not self.ids or k <= 0:
            return []
        v = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(v))
        similarities = self.matrix @ (v / norm if norm else v)
        k = min(k, len(self.ids))
        top = np.argpartition(-similarities, k - 1)[:k]
        top = top[np.argsort(-similarities[top], kind="stable")]
        return [(self.ids[i], float(similarities[i])) for i in top]

    def count(self, name: str) -> int:
        return len(self.ids)


class FileVectors:
    """The default store: each generation keeps its vectors in its own folder (written with the
    generation), so adding and dropping are the folder's business and reading is ExactVectors."""

    def __init__(self, index_dir: Path) -> None:
        self.root = index_dir

    def _folder(self, name: str) -> Path:
        return self.root / name.removeprefix(COLLECTION_PREFIX)

    def collections(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(COLLECTION_PREFIX + f.name for f in self.root.iterdir() if (f / VECTORS_FILE).is_file())

    def add(self, name: str, ids: list[str], vectors: np.ndarray, texts: list[str], metas: list[dict]) -> None:
        """Nothing to do: the generation's folder gets its vector file when the generation is written."""

    def vectors(self, name: str, ids: list[str]) -> dict[str, np.ndarray]:
        found = ExactVectors.load(self._folder(name), normalise=False)
        if found is None or not ids:
            return {}
        row = {i: n for n, i in enumerate(found.ids)}
        return {i: found.matrix[row[i]] for i in ids if i in row}

    def count(self, name: str) -> int:
        found = ExactVectors.load(self._folder(name))
        return found.count(name) if found else 0

    def query(self, name: str, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        found = ExactVectors.load(self._folder(name))
        return found.query(name, vector, k) if found else []

    def drop(self, name: str) -> None:
        """Nothing to do: the generation's folder goes with the generation."""
