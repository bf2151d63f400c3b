"""A synthetic knowledge base of any size, made from the real documents' own sentences."""

from __future__ import annotations

import random
import re
from pathlib import Path

from bot.knowledge_base.documents import discover, read_document
from bot.search.glossary import general

HEADINGS = ("Ansvar", "Syfte", "Upphandling", "Samverkan", "Uppföljning", "Finansiering", "Målgrupper", "Definition")


def sentences(knowledge: Path) -> list[str]:
    out = []
    for path in discover(knowledge):
        body = read_document(path, knowledge).body
        for sentence in re.split(r"(?<=[.!?])\s+", re.sub(r"[#|*]", " ", body)):
            sentence = " ".join(sentence.split())
            if 40 <= len(sentence) <= 300:
                out.append(sentence)
    return out


def write_corpus(knowledge: Path, target: Path, chunks: int, seed: int = 7) -> int:
    """Files of eight sections each, about one passage a section, in the documents' own language."""
    rng = random.Random(seed)
    pool = sentences(knowledge)
    files = max(1, chunks // len(HEADINGS))
    target.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        place = rng.choice(general().municipalities)
        parts = [
            f'---\ntitle: "Riktlinje {n} för sociala företag"\nmunicipality: "{place}"\n'
            f'document_type: "policy"\ndate: "20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"\n---\n',
            f"# Riktlinje {n} för sociala företag i {place}\n",
        ]
        for heading in HEADINGS:
            text = " ".join(rng.sample(pool, 3))
            parts.append(f"## {heading}\n\n{text[:620]}\n")
        (target / f"syntetisk-{n:05d}.md").write_text("\n".join(parts), encoding="utf-8")
    return files


class SentenceMeanEmbedder:
    """Vectors for the synthetic corpus: each passage the mean of its sentences' vectors, every pool
    sentence embedded once. Embedding 10,000 passages one by one would take the e5 model most of an
    hour on two cores, and the corpus is there to measure search at that size, not ingestion (which
    `make bench` measures on the real documents)."""

    def __init__(self, embedder, pool: list[str]) -> None:
        import numpy as np

        self.name = embedder.name
        self._embedder = embedder
        unique = sorted(set(pool))
        self._vectors = dict(zip(unique, embedder.embed(unique)))
        self._np = np

    def embed(self, texts: list[str]):
        np = self._np
        rows = []
        for text in texts:
            # A passage holds whole pool sentences; one of its sentences may be a pool sentence cut short.
            found = [v for s, v in self._vectors.items() if s in text or text in s] or [self._embedder.embed([text])[0]]
            mean = np.mean(found, axis=0)
            rows.append(mean / (np.linalg.norm(mean) or 1.0))
        return np.asarray(rows, dtype=np.float32)

    def embed_query(self, text: str):
        return self._embedder.embed_query(text)
