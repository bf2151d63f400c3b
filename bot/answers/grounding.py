"""Whether the documents answer a question, and which passages do: two small logistic models.

Hand-set thresholds on one signal at a time (coverage here, a dense floor there) fitted the questions
they were tuned on and missed new wording. Two models weigh the same signals together: one asks whether
the question is answered at all (from its best passage and the candidates around it), the other which
passages answer it. Both are fitted on labelled questions (`python -m benchmarks.fit_grounding`) and ship
as `grounding.json`. The dense signal means something only for the embedding model they were fitted with,
so with another model Sofia falls back to the hand-set rules in `GroundingPolicy` below.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from bot.answers.answer_types import asked_fact, fact_about
from bot.answers.compose.extractive import unit_scores
from bot.models import Hit

if TYPE_CHECKING:
    from bot.search.retrieval import HybridRetriever, Query

MODEL_PATH = Path(__file__).with_name("grounding.json")
RANKS = 6  # passages scored per question; further ones are never cited
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")

PASSAGE_FEATURES = (
    "coverage",  # share of the question's weighted words the passage holds
    "dense",  # cosine similarity from the embedding model
    "dense_gap",  # how far below the best dense similarity among the candidates
    "lexical",  # BM25, relative to the best passage
    "score_ratio",  # fused score, relative to the best passage
    "rank",
    "missing",  # the heaviest asked-about word the passage lacks, as a share of the rarest possible
    "evidence",  # matched word weight, absolute: two rare words found say more than one common one
    "words",  # log of the number of meaningful words in the question
    "english",
    "guide",  # Sofia's own summary rather than a decided document
    "fact_missing",  # the question asks for a price, a percentage, a time... and the passage states none
    "other_place",  # the question names a municipality and the passage is another's
    "coverage_x_dense",
    "sentence_coverage",  # the share of the question's weighted words that one sentence of the passage holds
    "sentence_dense",  # cosine similarity of the passage's sentence nearest the question
)
# The question model reads the best passage's features and these, over all candidates.
QUESTION_FEATURES = PASSAGE_FEATURES + (
    "best_coverage", "best_dense", "fact_found", "best_sentence_coverage", "best_sentence_dense",
)


@dataclass
class Signals:
    """What the models read about one question: a row per passage and one for the question."""

    passages: np.ndarray  # len(hits) x PASSAGE_FEATURES
    question: np.ndarray  # QUESTION_FEATURES


def signals(query: "Query", hits: Sequence[Hit], retriever: "HybridRetriever") -> Signals:
    hits = list(hits)[:RANKS]
    rows = np.zeros((len(hits), len(PASSAGE_FEATURES)), dtype=np.float64)
    if not hits:
        return Signals(rows, np.zeros(len(QUESTION_FEATURES)))
    lexical = retriever.lexical
    weights = [(t, lexical.term_weight(t)) for t in query.terms]
    weights = [(t, w) for t, w in weights if w > 0]
    top_score = hits[0].score or 1.0
    best_dense = max(h.dense for h in hits)
    fact = asked_fact(query.text)
    holds = [states_fact(fact, query, h) for h in hits]
    words = math.log1p(query.length)
    # In a message of several sentences (a story, then the question) the best-covered sentence speaks
    # for it: words of the story that the documents lack do not make the question unanswerable.
    parts = _SENTENCE_END.split(query.text)
    sentences = [retriever.prepare(part, query.language).terms for part in parts] if len(parts) > 1 else []
    sentences = [(terms, [(t, lexical.term_weight(t)) for t in terms]) for terms in sentences if len(terms) >= 2]
    for r, hit in enumerate(hits):
        position = retriever.position(hit.chunk.id)
        present = lexical.term_sets[position] if position is not None else frozenset()
        coverage, terms = hit.coverage, weights
        for sentence, weighted in sentences if position is not None else []:
            share = lexical.coverage(sentence, position)
            if share > coverage:
                coverage, terms = share, weighted
        missing = max((w * (1 - lexical.term_credit(t, present)) for t, w in terms), default=0.0) / lexical.max_idf
        credits = [(w, lexical.term_credit(t, present)) for t, w in weights]
        evidence = sum(w * c for w, c in credits) / lexical.max_idf
        place = hit.chunk.municipality
        rows[r] = (
            coverage,
            hit.dense,
            best_dense - hit.dense,
            hit.lexical,
            hit.score / top_score,
            r,
            missing,
            evidence,
            words,
            float(query.language == "en"),
            float(hit.chunk.meta.get("document_type") == "guide"),
            float(not holds[r]),
            float(bool(query.named) and bool(place) and place not in query.named),
            coverage * hit.dense,
            _sentence_coverage(lexical, weights, hit),
            retriever.closest_sentence(hit, query),
        )
    best = rows.max(axis=0)
    question = np.concatenate([rows[0], [best[0], best_dense, float(any(holds)), best[-2], best[-1]]])
    return Signals(rows, question)


def _sentence_coverage(lexical, weights: list, hit: Hit) -> float:
    """How much of the question one sentence holds: an answer tends to sit in one sentence, while a
    passage that merely shares the topic spreads the question's words over several."""
    total = sum(w for _, w in weights)
    if not total:
        return 0.0
    return max(unit_scores(hit, [t for t, _ in weights], lexical), default=0.0) / total


def states_fact(fact: str | None, query: "Query", hit: Hit) -> bool:
    """Does the passage state the kind of fact asked for, about what the question names?"""
    return fact_about(fact, hit.chunk.body, query.names, hit.chunk.section)


@dataclass(frozen=True)
class GroundingPolicy:
    """When passages answer a question, for an embedding model the fitted decision was not fitted for.

    Each model's similarities have a scale of their own (MiniLM's answerable questions sit near 0.6,
    e5's near 0.9), so these rules read only how much of the question a passage holds."""

    min_coverage: float = 0.5  # share of the question's weighted words the best passage holds
    min_coverage_long: float = 0.35  # ... for a long question, whose story dilutes the share
    long_question: int = 10  # words
    cite_ratio: float = 0.75  # cite further passages scoring at least this share of the best
    min_coverage_suggest: float = 0.34  # below the bar but this close: offer the closest sections
    max_suggestions: int = 3
    max_citations: int = 3
    max_citations_staff: int = 8


# A founder's answer cites another municipality's passage only if it is nearly as likely to answer as
# the likeliest passage: a weaker passage from elsewhere says little to someone who chose their own.
RELATIVE_BAR = 0.5


def pick(
    question: float,
    passages: np.ndarray,
    answer_at: float,
    cite_at: float,
    limit: int,
    staff: bool = False,
    elsewhere: Sequence[bool] = (),
    places: Sequence[str | None] = (),
) -> list[int]:
    """Which passages to cite (indices, in rank order), or none when the question model says no.

    `elsewhere` marks passages from another municipality than the one the user chose or named. Staff
    compare municipalities, so they get every passage over half the bar, and each municipality's
    likeliest passage (`places`) from a tenth of it: what each one's documents say closest to the
    question, even where a policy words it its own way ("KS är ansvarig"). The likeliest passage is
    always cited when the question is answered.
    """
    if not len(passages) or question < answer_at:
        return []
    best = float(passages.max())
    chosen = []
    for i, p in enumerate(passages):
        if staff:
            bar = cite_at / 2
        else:
            bar = max(cite_at, RELATIVE_BAR * best) if i < len(elsewhere) and elsewhere[i] else cite_at
        if p >= bar:
            chosen.append(i)
    if staff:
        likeliest: dict[str, int] = {}
        for i, place in enumerate(places[: len(passages)]):
            if place and (place not in likeliest or passages[i] > passages[likeliest[place]]):
                likeliest[place] = i
        chosen = sorted(set(chosen) | {i for i in likeliest.values() if passages[i] >= cite_at / 10})
    return (chosen or [int(passages.argmax())])[:limit]


def elsewhere(hits: Sequence[Hit], place: str | None) -> list[bool]:
    """Per passage: is it another municipality's than `place`?"""
    return [bool(place and h.chunk.municipality and h.chunk.municipality != place) for h in hits]


@dataclass
class Logistic:
    """Weights over standardised features, as benchmarks/fit_grounding.py fits them."""

    mean: list[float]
    scale: list[float]
    coef: list[float]
    bias: float

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.zeros(0)
        z = (np.atleast_2d(rows) - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(z @ np.asarray(self.coef) + self.bias)))


@dataclass
class Decision:
    """Whether and what to cite for one question."""

    cited: list[Hit]
    confidence: float  # the question model's probability that the documents answer it
    close: bool  # near enough the documents' topics to offer the closest sections when not answered
    # The passages, likeliest to answer first: the sections offered when Sofia is not sure come in this
    # order (left out by document, the gold passage is among the first three for 0.86 of the questions
    # not answered, against 0.81 in retrieval's order). Empty when no model weighed them.
    likeliest: list[Hit] = field(default_factory=list)


@dataclass
class GroundingModel:
    """Both models, and the thresholds chosen when they were fitted."""

    embedding_model: str
    passage_features: list[str]
    question_features: list[str]
    passage: Logistic
    question: Logistic
    answer_threshold: float  # the question model must reach this for Sofia to answer
    cite_threshold: float  # passages are cited from this probability up (the likeliest always)
    fitted_on: dict[str, int]  # how many questions of each kind it was fitted on
    # Below the answer threshold but from this one up, the question is close to the documents' topics:
    # Sofia says she is not sure and offers the closest sections instead of a bare refusal.
    suggest_threshold: float = 1.0

    def decide(self, found: Signals, hits: Sequence[Hit], limit: int, staff: bool = False,
               place: str | None = None) -> "Decision":
        """The passages to cite, in rank order (none when the question is not answered), and how close it came."""
        if not len(found.passages):
            return Decision([], 0.0, False)
        question = float(self.question(found.question)[0])
        passages = self.passage(found.passages)
        chosen = pick(question, passages, self.answer_threshold, self.cite_threshold, limit, staff,
                      elsewhere(hits, place), [h.chunk.municipality for h in hits])
        likeliest = [hits[i] for i in np.argsort(-passages, kind="stable")] + list(hits[len(passages):])
        return Decision([hits[i] for i in chosen], question, question >= self.suggest_threshold, likeliest)

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "GroundingModel | None":
        """The fitted models, or None when there are none or they were fitted on other features."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["passage"], data["question"] = Logistic(**data["passage"]), Logistic(**data["question"])
            model = cls(**data)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        same = tuple(model.passage_features) == PASSAGE_FEATURES and tuple(model.question_features) == QUESTION_FEATURES
        return model if same else None
