"""A synthetic knowledge base of any size, made from the real documents' own sentences."""

from __future__ import annotations

import random
import re
from pathlib import Path

from bot.documents import discover, read_document
from bot.glossary import general

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
