"""Swedish lexical matching: stems, compound parts, synonyms, English terms, and BM25 over them."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import Stemmer

from bot.glossary import (
    EN_TO_SV,
    ENGLISH_STOPWORDS,
    PHRASES,
    QUESTION_STOPWORDS,
    SWEDISH_STOPWORDS,
    SYNONYM_GROUPS,
    WHO_CUES,
    WHO_WORDS,
    WORD_FORMS,
)

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_LINKING = ("s", "e", "a", "u", "o")  # fogemorfem between parts of a Swedish compound
COMPOUND_WEIGHT = 0.6
FORM_WEIGHT = 0.9
SYNONYM_WEIGHT = 0.45
WHO_WEIGHT = 0.3


_PHRASES = tuple((re.compile(pattern), word) for pattern, word in PHRASES)


def with_phrases(text: str) -> str:
    """The text with the single word for each particle verb or phrase it holds added at the end."""
    lower = text.lower()
    extra = [word for pattern, word in _PHRASES if pattern.search(lower)]
    return f"{lower} {' '.join(extra)}" if extra else lower


def words(text: str) -> list[str]:
    """Lower-case words; hyphenated words are kept whole and also split."""
    out = []
    for match in _WORD.finditer(with_phrases(text)):
        word = match.group(0)
        out.append(word.replace("-", "").replace("'", ""))
        if "-" in word:
            out.extend(part for part in word.split("-") if len(part) > 1)
    return out


@dataclass
class QueryTerm:
    """One word of a question, with the stems that count as a match for it and their weights."""

    word: str
    alternatives: dict[str, float] = field(default_factory=dict)


class SwedishAnalyzer:
    """Turns text into Swedish stems, splitting compounds against the corpus vocabulary."""

    def __init__(self, vocabulary: set[str] | None = None) -> None:
        self._stemmer = Stemmer.Stemmer("swedish")
        self._english = Stemmer.Stemmer("english")
        self.vocabulary: set[str] = vocabulary or set()
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._forms = self._groups(WORD_FORMS)
        self._synonyms = self._groups(SYNONYM_GROUPS)
        self._en = {self._english.stemWord(k): v for k, v in EN_TO_SV.items()} | dict(EN_TO_SV)

    def _groups(self, groups: tuple[tuple[str, ...], ...]) -> dict[str, set[str]]:
        related: dict[str, set[str]] = {}
        for group in groups:
            stems = {self.stem(w) for w in group}
            for s in stems:
                related.setdefault(s, set()).update(stems - {s})
        return related

    def stem(self, word: str) -> str:
        return self._stemmer.stemWord(word)

    def content_words(self, text: str) -> list[str]:
        return [w for w in words(text) if w not in SWEDISH_STOPWORDS and (len(w) > 1 or w.isdigit())]

    def document_terms(self, text: str) -> list[str]:
        """Stems of a passage plus the stems of its compounds' parts."""
        terms = []
        for word in self.content_words(text):
            stem = self.stem(word)
            terms.append(stem)
            terms.extend(self.compound_parts(word))
        return terms

    def compound_parts(self, word: str) -> tuple[str, ...]:
        """Stems of the parts of a compound word, when both parts are words of the corpus."""
        if len(word) < 8 or word.isdigit():
            return ()
        if word not in self._split_cache:
            self._split_cache[word] = self._split(word)
        return self._split_cache[word]

    def _split(self, word: str) -> tuple[str, ...]:
        best: tuple[str, ...] = ()
        for i in range(len(word) - 4, 2, -1):  # prefer the longest head
            head, tail = word[:i], word[i:]
            tail_stem = self.stem(tail)
            if len(tail) < 4 or tail_stem not in self.vocabulary:
                continue
            for candidate in (head, *(head[:-1] for s in _LINKING if head.endswith(s) and len(head) > 4)):
                head_stem = self.stem(candidate)
                if candidate in self.vocabulary or head_stem in self.vocabulary:
                    inner = self.compound_parts(candidate) if len(candidate) >= 8 else ()
                    best = (head_stem, *inner, tail_stem)
                    return best
        return best

    def query_terms(self, text: str, language: str = "sv") -> list[QueryTerm]:
        """The question's words, each with its stem, compound parts, synonyms and translations."""
        terms: list[QueryTerm] = []
        seen: set[str] = set()
        all_words = words(text)
        if all_words and all_words[0] in WHO_WORDS or "who" in all_words:
            cues = {self.stem(w): WHO_WEIGHT for w in WHO_CUES}
            terms.append(QueryTerm(word="", alternatives=cues))
        for word in all_words:
            if word in SWEDISH_STOPWORDS or word in QUESTION_STOPWORDS or (language == "en" and word in ENGLISH_STOPWORDS):
                continue
            if len(word) < 2 and not word.isdigit():
                continue
            alternatives: dict[str, float] = {}
            swedish = [word]
            if language == "en":
                translated = self._en.get(word, self._en.get(self._english.stemWord(word)))
                if translated == "":
                    continue
                if translated:
                    swedish = translated.split()
            for sv in swedish:
                stem = self.stem(sv)
                alternatives[stem] = 1.0
                for part in self.compound_parts(sv):
                    alternatives.setdefault(part, COMPOUND_WEIGHT)
                for form in self._forms.get(stem, ()):
                    alternatives.setdefault(form, FORM_WEIGHT)
                for syn in self._synonyms.get(stem, ()):
                    alternatives.setdefault(syn, SYNONYM_WEIGHT)
            key = " ".join(sorted(alternatives))
            if key in seen:
                continue
            seen.add(key)
            terms.append(QueryTerm(word=word, alternatives=alternatives))
        return terms


class LexicalIndex:
    """BM25 over analysed passages, with postings kept as arrays so a query costs little."""

    def __init__(self, analyzer: SwedishAnalyzer, documents: list[list[str]], k1: float = 0.9, b: float = 0.5):
        self.analyzer = analyzer
        self.size = len(documents)
        self.term_sets: list[frozenset[str]] = [frozenset(d) for d in documents]
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        avg = float(lengths.mean()) if self.size else 1.0
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, doc in enumerate(documents):
            norm = k1 * (1 - b + b * lengths[i] / max(avg, 1.0))
            for term, tf in Counter(doc).items():
                ids, weights = postings.setdefault(term, ([], []))
                ids.append(i)
                weights.append(tf * (k1 + 1) / (tf + norm))
        self.idf: dict[str, float] = {}
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (ids, weights) in postings.items():
            df = len(ids)
            self.idf[term] = math.log(1 + (self.size - df + 0.5) / (df + 0.5))
            self._postings[term] = (np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32))
        self.max_idf = math.log(1 + (self.size + 0.5) / 0.5) if self.size else 1.0

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        analyzer = SwedishAnalyzer()
        analyzer.vocabulary = {analyzer.stem(w) for t in texts for w in analyzer.content_words(t)} | {
            w for t in texts for w in analyzer.content_words(t)
        }
        return cls(analyzer, [analyzer.document_terms(t) for t in texts])

    def scores(self, terms: list[QueryTerm]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for term in terms:
            for stem, weight in term.alternatives.items():
                posting = self._postings.get(stem)
                if posting is not None:
                    ids, tfs = posting
                    scores[ids] += weight * self.idf[stem] * tfs
        return scores

    def term_weight(self, term: QueryTerm) -> float:
        """How much a question word says: the idf of its own stem, the most for words the corpus lacks."""
        own = [s for s, w in term.alternatives.items() if w == 1.0]
        if not own:  # a cue added for the kind of question, not a word the user wrote
            return 0.0
        return max((self.idf.get(s, self.max_idf) for s in own), default=self.max_idf)

    def coverage(self, terms: list[QueryTerm], index: int) -> float:
        """Share of the question's weight that a passage matches (synonyms and parts count in part)."""
        present = self.term_sets[index]
        total = matched = 0.0
        for term in terms:
            weight = self.term_weight(term)
            total += weight
            matched += weight * max((w for s, w in term.alternatives.items() if s in present), default=0.0)
        return matched / total if total else 0.0
