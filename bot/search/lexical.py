"""Swedish lexical matching: stems, compound parts, synonyms, English terms, and BM25 over them."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import Stemmer

from bot.search.glossary import Lexicon, general
from bot.search.municipalities import fold

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_LINKING = ("s", "e", "a", "u", "o")  # fogemorfem between parts of a Swedish compound
COMPOUND_WEIGHT = 0.6
KNOWN_COMPOUND_WEIGHT = 0.2  # parts of a compound the documents also use whole (Arbetsförmedlingen)
FORM_WEIGHT = 0.9
SYNONYM_WEIGHT = 0.45
CUE_WEIGHT = 0.3
UNTRANSLATED_SCALE = 0.35


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


class Phrases:
    """Particle verbs and phrases read as the single word the documents use."""

    def __init__(self, phrases: tuple[tuple[str, str], ...]) -> None:
        self._phrases = tuple((re.compile(pattern), re.compile(fold(pattern)), word) for pattern, word in phrases)

    def apply(self, text: str, replace: bool = False) -> str:
        """The text with the single word for each phrase it holds: added at the end (passages keep
        their own words), or, for a question, put in the phrase's place so it counts once; a question
        typed without å/ä/ö ("folja upp") is matched too."""
        lower = text.lower()
        extra = []
        folded = fold(lower) if replace else ""
        for pattern, plain, word in self._phrases:
            if pattern.search(lower):
                if replace:
                    lower = pattern.sub(word, lower)
                else:
                    extra.append(word)
            elif replace and plain.search(folded):
                extra.append(word)
        return f"{lower} {' '.join(extra)}" if extra else lower


def words(text: str, phrases: Phrases | None = None, question: bool = False) -> list[str]:
    """Lower-case words; hyphenated words are kept whole and also split. Web addresses are not words."""
    text = _URL.sub(" ", text)
    text = phrases.apply(text, replace=question) if phrases else text.lower()
    out = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        out.append(word.replace("-", "").replace("'", ""))
        if "-" in word:
            out.extend(part for part in word.split("-") if len(part) > 1)
    return out


def content_words(text: str, language: str = "sv") -> list[str]:
    """The words of a text that carry meaning, as written (no phrases, no expansion)."""
    g = general()
    stop = g.swedish_stopwords | g.question_stopwords | (g.english_stopwords if language == "en" else frozenset())
    return [w for w in _WORD.findall(_URL.sub(" ", text.lower())) if w not in stop and len(w) > 1]


@dataclass
class QueryTerm:
    """One word of a question, with the stems that count as a match for it and their weights."""

    word: str
    alternatives: dict[str, float] = field(default_factory=dict)
    parts: tuple[str, ...] = ()  # stems of the word's compound parts: each holds part of the match
    scale: float = 1.0  # how much the word counts: less for an English word Sofia cannot translate


class SwedishAnalyzer:
    """Turns text into Swedish stems, splitting compounds against the corpus vocabulary."""

    def __init__(self, vocabulary: set[str] | None = None, lexicon: Lexicon | None = None) -> None:
        lexicon = lexicon if lexicon is not None else Lexicon()
        self.lexicon = lexicon
        self._general = general()
        self._folded_stopwords = frozenset(fold(w) for w in self._general.swedish_stopwords)
        self.phrases = Phrases(lexicon.phrases)
        self._stemmer = Stemmer.Stemmer("swedish")
        self._english = Stemmer.Stemmer("english")
        self.vocabulary: set[str] = set()
        self._common = self._general.swedish_words
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._forms = self._groups(lexicon.word_forms)
        self._synonyms = self._groups(lexicon.synonyms)
        self._en = {self._english.stemWord(k): v for k, v in lexicon.en_to_sv.items()} | dict(lexicon.en_to_sv)
        self._cues = [(set(w), {self.stem(c): CUE_WEIGHT for c in cues}) for w, cues in lexicon.question_cues]
        self._folded: dict[str, str] = {}
        self._deletes: dict[str, set[str]] = {}
        self._words: set[str] = set()
        self.set_vocabulary(vocabulary or set())

    def __getstate__(self) -> dict:
        # The stemmers are C objects and the general lists are read once per process: both are
        # made again on load (bot/search/lexical_cache.py keeps a built index on disk).
        return {k: v for k, v in self.__dict__.items() if k not in ("_stemmer", "_english", "_general", "_common")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._general = general()
        self._common = self._general.swedish_words
        self._stemmer = Stemmer.Stemmer("swedish")
        self._english = Stemmer.Stemmer("english")

    def set_vocabulary(self, words_seen: set[str]) -> None:
        """The corpus's words: compounds are split, and misspellings corrected, against them."""
        self._words = set(words_seen)
        self.vocabulary = self._words | {self.stem(w) for w in words_seen}
        self._split_cache.clear()
        self._folded = {}
        self._deletes = {}

    def _spelling_index(self) -> None:
        # Built on the first unknown word, not at start-up: most questions need no correction.
        for word in sorted(self._words):
            if word.isdigit() or len(word) < 3:
                continue
            self._folded.setdefault(fold(word), word)
            if len(word) >= 4:
                for i in range(len(word)):
                    self._deletes.setdefault(word[:i] + word[i + 1 :], set()).add(word)

    def correct(self, word: str) -> str | None:
        """A corpus word for an unknown word: the same without diacritics, or one letter off."""
        if word in self.vocabulary or len(word) < 3 or word.isdigit() or self.stem(word) in self.vocabulary:
            return None
        if not self._folded and self._words:
            self._spelling_index()
        folded = self._folded.get(fold(word))
        if folded:
            return folded
        if len(word) < 5:
            return None
        candidates = set(self._deletes.get(word, ()))
        for i in range(len(word)):
            shorter = word[:i] + word[i + 1 :]
            if shorter in self.vocabulary:
                candidates.add(shorter)
            candidates.update(self._deletes.get(shorter, ()))
        candidates = {c for c in candidates if c[0] == word[0] or fold(c[0]) == fold(word[0])}
        return min(candidates, key=lambda c: (abs(len(c) - len(word)), c)) if candidates else None

    def _groups(self, groups: tuple[tuple[str, ...], ...]) -> dict[str, set[str]]:
        related: dict[str, set[str]] = {}
        for group in groups:
            stems = {self.stem(w) for w in group}
            for s in stems:
                related.setdefault(s, set()).update(stems - {s})
        return related

    def stem(self, word: str) -> str:
        stem = self._stemmer.stemWord(word)
        # The Swedish stemmer keeps the definite -n after a vowel (ekonomin, policyn) and the
        # neuter -t of adjectives (socialt, positivt, lokalt).
        if len(stem) >= 6 and stem.endswith(("in", "yn", "vt", "lt")):
            stem = stem[:-1]
        return stem

    def content_words(self, text: str) -> list[str]:
        stop = self._general.swedish_stopwords
        return [w for w in words(text, self.phrases) if w not in stop and (len(w) > 1 or w.isdigit())]

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

    def _known(self, word: str, stem: str) -> bool:
        """A word of the corpus, or a common Swedish word: a part a compound may split into."""
        return word in self.vocabulary or stem in self.vocabulary or word in self._common

    def _split(self, word: str) -> tuple[str, ...]:
        for i in range(len(word) - 4, 2, -1):  # prefer the longest head the corpus knows
            head, tail = word[:i], word[i:]
            tail_stem = self.stem(tail)
            if len(tail) < 4 or not self._known(tail, tail_stem):
                continue
            for candidate in (head, *(head[:-1] for s in _LINKING if head.endswith(s) and len(head) > 4)):
                head_stem = self.stem(candidate)
                if self._known(candidate, head_stem):
                    inner = self.compound_parts(candidate) if len(candidate) >= 8 else ()
                    return (*(inner or (head_stem,)), tail_stem)
        for i in range(4, len(word) - 4):  # else the longest known tail: "projektpengar" -> pengar
            tail = word[i:]
            if len(tail) >= 5 and self.stem(tail) in self.vocabulary:
                return (self.stem(tail),)
        return ()

    def query_terms(self, text: str, language: str = "sv") -> list[QueryTerm]:
        """The question's words, each with its stem, compound parts, synonyms and translations."""
        terms: list[QueryTerm] = []
        seen: set[str] = set()
        all_words = words(text, self.phrases, question=True)
        g = self._general
        for trigger, cues in self._cues:
            if all_words and (all_words[0] in trigger or (language == "en" and trigger & set(all_words))):
                terms.append(QueryTerm(word="", alternatives=dict(cues), scale=0.0))
        for word in all_words:
            if word in g.swedish_stopwords or word in g.question_stopwords or (language == "en" and word in g.english_stopwords):
                continue
            if len(word) < 2 and not word.isdigit():
                continue
            if word not in self.vocabulary and fold(word) in self._folded_stopwords:  # "for", "pa", "nar"
                continue
            swedish, scale = [word], 1.0
            if language == "en":
                translated = self._en.get(word, self._en.get(self._english.stemWord(word)))
                if translated == "":
                    continue
                if translated:
                    swedish = translated.split()
                elif self.stem(word) not in self.vocabulary and word not in self.vocabulary:
                    scale = UNTRANSLATED_SCALE
            term = self._term(word, swedish, scale)
            key = " ".join(sorted(term.alternatives))
            if key not in seen:
                seen.add(key)
                terms.append(term)
        return terms

    def _term(self, word: str, swedish: list[str], scale: float) -> QueryTerm:
        alternatives: dict[str, float] = {}
        parts: tuple[str, ...] = ()
        for sv in swedish:
            corrected = self.correct(sv)
            stem = self.stem(corrected or sv)
            alternatives[stem] = 1.0
            known = stem in self.vocabulary
            parts = parts or self.compound_parts(corrected or sv)
            for part in self.compound_parts(corrected or sv):
                alternatives.setdefault(part, KNOWN_COMPOUND_WEIGHT if known else COMPOUND_WEIGHT)
            for form in self._forms.get(stem, ()):
                alternatives.setdefault(form, FORM_WEIGHT)
            for syn in self._synonyms.get(stem, ()):
                alternatives.setdefault(syn, SYNONYM_WEIGHT)
        return QueryTerm(word=word, alternatives=alternatives, parts=parts, scale=scale)


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
    def build(cls, texts: list[str], lexicon: Lexicon | None = None) -> "LexicalIndex":
        analyzer = SwedishAnalyzer(lexicon=lexicon)
        analyzer.set_vocabulary({w for t in texts for w in analyzer.content_words(t)})
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
        if not own or not term.scale:  # a cue added for the kind of question, not a word the user wrote
            return 0.0
        return term.scale * max((self.idf.get(s, self.max_idf) for s in own), default=self.max_idf)

    def term_credit(self, term: QueryTerm, present: frozenset[str] | set[str]) -> float:
        """How fully a set of stems matches one question word: 1 for the word itself, less for kin."""
        direct = max((w for s, w in term.alternatives.items() if s in present and s not in term.parts), default=0.0)
        if term.parts:
            weight = max(term.alternatives.get(p, 0.0) for p in term.parts)
            direct = max(direct, weight * sum(p in present for p in term.parts) / len(term.parts))
        return direct

    def coverage(self, terms: list[QueryTerm], index: int) -> float:
        """Share of the question's weight that a passage matches (synonyms and parts count in part)."""
        present = self.term_sets[index]
        total = matched = 0.0
        for term in terms:
            weight = self.term_weight(term)
            total += weight
            matched += weight * self.term_credit(term, present)
        return matched / total if total else 0.0
