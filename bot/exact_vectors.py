"""The vectors of one index generation as a NumPy file beside its chunks, searched exactly.

Chroma stays the store the index is built into (and the one a Chroma server serves), but
importing chromadb alone takes about a second, longer than the answer itself. A knowledge base
holds hundreds to tens of thousands of passages: one matrix product over all of them takes
milliseconds and gives the true nearest neighbours, the ones Chroma's HNSW graph approximates.
So a command that answers from the index on disk reads this file instead of opening Chroma.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

VECTORS_FILE = "vectors.npy"
IDS_FILE = "vector_ids.json"


def save(folder: Path, ids: list[str], matrix: np.ndarray) -> None:
    """Write a generation's vectors; the generation's folder is new, so nobody reads them yet."""
    with open(folder / VECTORS_FILE, "wb") as fh:
        np.save(fh, np.asarray(matrix, dtype=np.float32), allow_pickle=False)
    (folder / IDS_FILE).write_text(json.dumps(ids), encoding="utf-8")


class ExactVectors:
    """Read-only: the same ``query`` as bot.index.VectorStore, over one generation's matrix."""

    def __init__(self, ids: list[str], matrix: np.ndarray) -> None:
        self.ids = ids
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        # Unit rows, so a dot product is the cosine similarity Chroma's cosine space reports.
        self.matrix = (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)

    @classmethod
    def load(cls, folder: Path) -> "ExactVectors | None":
        """The generation's vectors, or None when it was built before they were kept beside it."""
        try:
            ids = json.loads((folder / IDS_FILE).read_text(encoding="utf-8"))
            matrix = np.load(folder / VECTORS_FILE, allow_pickle=False)
        except (OSError, ValueError):
            return None
        if matrix.ndim != 2 or len(ids) != matrix.shape[0]:
            log.warning("vectors beside %s do not match their ids; searching Chroma instead", os.fspath(folder))
            return None
        return cls(ids, matrix)

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
