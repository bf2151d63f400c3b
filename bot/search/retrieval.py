"""Hybrid retrieval: Swedish lexical matching and dense vectors, fused by how far each can be trusted."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.search.glossary import Lexicon, general
from bot.search.language import detect_language
from bot.search.lexical import LexicalIndex, QueryTerm, content_words
from bot.search.municipalities import names_in
from bot.models import Chunk, Hit
from bot.search.municipalities import MunicipalityFinder

# The index and the embedder are handed in by the knowledge base, which sits above search.
if TYPE_CHECKING:
    from bot.knowledge_base.embeddings import Embedder
    from bot.knowledge_base.index import UnitVectors, VectorStore

# Once the question names its municipality, "kommun" says nothing more about the topic.
_PLACE_WORD = re.compile(r"^(kommun|kommunen|kommuns|kommunens|municipality|municipalities|city|town)$")


@dataclass(frozen=True)
class FusionWeights:
    """How the signals are weighed. The dense share was chosen on the fitting questions, on a plateau
    (0.3-0.6 score within 0.01 of each other); `make bench` checks it on questions never tuned on."""

    # Share of the dense signal, read as where a passage sits between the farthest and the nearest of
    # the candidates: multilingual-e5's cosines crowd into a narrow band, so their raw size says little.
    dense: float = 0.45
    coverage: float = 0.35  # bonus for passages holding more of the question's weighted words
    named_municipality: float = 1.5  # passage from the municipality the question names
    other_municipality: float = 0.55  # passage from another municipality than the one named
    chosen_municipality: float = 1.12  # passage from the municipality the user chose earlier
    not_chosen_municipality: float = 0.85
    compiled_guide: float = 0.85  # Sofia's own summaries yield to the documents they summarise
    candidates: int = 40


@dataclass
class Query:
    """A question prepared for retrieval."""

    text: str
    language: str
    terms: list[QueryTerm]
    named: list[str]  # municipalities named in the question
    names: frozenset[str] = frozenset()  # other names it uses that the documents use too (Bolagsverket)
    vector: np.ndarray | None = None  # the embedding model's vector for the question, once searched

    @property
    def length(self) -> int:
        """How many words the user wrote that carry meaning (before any expansion)."""
        return len(content_words(self.text, self.language))


class HybridRetriever:
    """Searches one generation of the index."""

    def __init__(
        self,
        chunks: list[Chunk],
        store: VectorStore,
        collection: str,
        embedder: Embedder,
        weights: FusionWeights = FusionWeights(),
        aliases: dict[str, list[str]] | None = None,
        lexicon: Lexicon | None = None,
        lexical: LexicalIndex | None = None,
        units: UnitVectors | None = None,
    ) -> None:
        self.chunks = chunks
        self.store = store
        self.collection = collection
        self.embedder = embedder
        self.weights = weights
        # A generation's index as built at ingestion (bot/search/lexical_cache.py), or built here.
        self.lexical = lexical or LexicalIndex.build([lexical_text(c) for c in chunks], lexicon)
        self.units = units  # each passage's sentence vectors, when the generation keeps them
        self.municipalities = MunicipalityFinder(
            [c.municipality for c in chunks if c.municipality], aliases, others=general().municipalities
        )
        self.names = frozenset(
            n for n in names_in([c.body for c in chunks]) if not self.municipalities.is_name_word(n) and len(n) > 3
        )
        self._position = {c.id: i for i, c in enumerate(chunks)}
        self._lock = threading.Lock()

    def position(self, chunk_id: str) -> int | None:
        """Where a chunk sits in this generation's lexical index."""
        return self._position.get(chunk_id)

    def prepare(self, question: str, language: str | None = None) -> Query:
        language = language or detect_language(question)
        named = self.municipalities.find_all(question)
        terms = [
            t
            for t in self.lexical.analyzer.query_terms(question, language)
            if not self.municipalities.is_name_word(t.word) and not (named and _PLACE_WORD.match(t.word))
        ]
        # A genitive names the same body: "Coompanions rådgivning" asks about Coompanion.
        said = {w[:-1] if w.endswith("s") and w[:-1] in self.names else w for w in re.findall(r"[^\W\d_]+", question.lower())}
        names = frozenset(w for w in said if w in self.names)
        return Query(text=question, language=language, terms=terms, named=named, names=names)

    def search(
        self,
        question: str | Query,
        k: int = 5,
        municipality: str | None = None,
        mode: str = "hybrid",
        language: str | None = None,
    ) -> list[Hit]:
        """The k best passages for a question (or one already prepared); `municipality` is the user's choice."""
        query = question if isinstance(question, Query) else self.prepare(question, language)
        question = query.text
        if not self.chunks or not question.strip():
            return []
        n = len(self.chunks)
        lexical = self.lexical.scores(query.terms) if mode != "dense" else np.zeros(n, dtype=np.float32)
        dense = self._dense(query, mode)
        top_lex = float(lexical.max()) if n else 0.0
        lex_norm = lexical / top_lex if top_lex > 0 else lexical
        candidates = set(np.argsort(-lexical)[: self.weights.candidates].tolist()) if top_lex > 0 else set()
        candidates |= set(dense)
        if not candidates:
            return []
        best_dense = max(dense.values(), default=0.0)
        floor = min(dense.values(), default=0.0)
        spread = best_dense - floor
        coverage = {i: self.lexical.coverage(query.terms, i) for i in candidates}
        w_dense = max(self.weights.dense, self._untranslated(query)) if mode == "hybrid" else 0.0
        hits = []
        for i in candidates:
            d = dense.get(i, floor)
            d_norm = (d - floor) / spread if spread > 0 else 0.0
            if mode == "lexical":
                score = float(lex_norm[i])
            elif mode == "dense":
                score = d
            else:
                score = (1 - w_dense) * float(lex_norm[i]) + w_dense * d_norm + self.weights.coverage * coverage[i]
                score *= self._place_factor(self.chunks[i], query.named, municipality)
            hits.append(Hit(self.chunks[i], score, float(lex_norm[i]), d, coverage[i]))
        hits.sort(key=lambda h: (-h.score, h.chunk.document, h.chunk.position))
        return hits[:k]

    def _untranslated(self, query: Query) -> float:
        """The share of an English question's weight in words Sofia could not put into Swedish: what
        the lexical side cannot match, so the dense side must carry."""
        if query.language != "en":
            return 0.0
        weights = [(t, self.lexical.term_weight(t)) for t in query.terms]
        total = sum(w for _, w in weights)
        return sum(w for t, w in weights if t.scale < 1.0) / total if total else 0.0

    def _dense(self, query: Query, mode: str) -> dict[int, float]:
        if mode == "lexical" or not self.collection:
            return {}
        vector = query.vector = self.embedder.embed_query(query.text)
        k = min(len(self.chunks), self.weights.candidates)
        with self._lock:
            found = self.store.query(self.collection, vector, k)
        return {self._position[i]: s for i, s in found if i in self._position}

    def closest_sentence(self, hit: Hit, query: Query) -> float:
        """How close the passage's sentence nearest the question comes (the passage's own similarity
        when its sentences have no vectors, or the question was searched without the model)."""
        if self.units is None or query.vector is None:
            return hit.dense
        found = self.units.closest(hit.chunk.id, query.vector)
        return hit.dense if found is None else found

    def _place_factor(self, chunk: Chunk, named: list[str], chosen: str | None) -> float:
        place = chunk.municipality
        if not place:
            # General guidance is never hidden; a compiled guide yields to a decided document.
            return self.weights.compiled_guide if chunk.meta.get("document_type") == "guide" else 1.0
        if named:
            return self.weights.named_municipality if place in named else self.weights.other_municipality
        if chosen:
            return self.weights.chosen_municipality if place == chosen else self.weights.not_chosen_municipality
        return 1.0


def lexical_text(chunk: Chunk) -> str:
    """What lexical matching sees: the heading path (headings name the topic), then the text."""
    path = chunk.meta.get("section_path") or chunk.section
    return f"{path}\n{chunk.body}"
