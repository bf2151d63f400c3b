"""Fit the grounding models (bot/grounding.json) on labelled questions, and print cross-validated figures.

    python -m benchmarks.fit_grounding              # fit on the training sets and save the weights
    python -m benchmarks.fit_grounding --dry-run    # only print the cross-validated figures

The question model learns which questions the documents answer (answerable against out of scope); the
passage model learns which passages answer (the gold passages against all others). The thresholds are
those that best balance citing the gold passage against refusing what the documents do not answer.
The figures are measured on questions left out of each fit (five folds), so they say how the procedure
does on new questions. The fresh and blind sets are never read here.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer_types import asked_fact, holds_fact
from bot.config import Settings
from bot.evaluation import load_questions, matches_gold
from bot.grounding import PASSAGE_FEATURES, QUESTION_FEATURES, RANKS, GroundingModel, Logistic, Signals, elsewhere, pick, signals
from bot.intent import classify
from bot.services import build_services

ROOT = Path(__file__).resolve().parent.parent
TRAINING_SETS = [
    ROOT / "benchmarks" / "questions" / "train.jsonl",
    ROOT / "benchmarks" / "questions" / "train2.jsonl",
    ROOT / "benchmarks" / "questions" / "train3.jsonl",
    ROOT / "tests" / "data" / "heldout.jsonl",
    ROOT.parent / "shared" / "eval" / "dev.jsonl",
]
LIMIT = 3  # citations a founder's answer carries
PASSAGE_L2 = 10.0
ANSWER_GRID = np.round(np.arange(0.20, 0.90, 0.025), 3)
CITE_GRID = np.round(np.arange(0.10, 0.70, 0.05), 3)


@dataclass
class Example:
    """One question as the answer path sees it."""

    question: str
    answerable: bool
    found: Signals
    gold: np.ndarray  # per passage: does it answer
    holds_fact: np.ndarray  # per passage: states the kind of fact asked for (a price, a percentage...)
    elsewhere: list[bool]  # per passage: another municipality's than the one chosen or named


def collect(services, paths: list[Path]) -> tuple[list[Example], dict[str, int]]:
    examples, counts = [], {"answerable": 0, "out_of_scope": 0}
    for path in paths:
        if not path.exists():
            print(f"(skipping {path}: not found)", file=sys.stderr)
            continue
        for item in load_questions(path):
            if item["kind"] == "handoff":
                continue
            intent = classify(item["question"])
            if intent.kind != "question":  # greetings, requests for a person, contact look-ups never reach grounding
                continue
            language = intent.language if intent.language in ("sv", "en") else "sv"
            query, hits = services.answers.search(intent.text, language, item.get("municipality"))
            hits = hits[:RANKS]
            gold = item.get("gold") or []
            answerable = item["kind"] == "answerable"
            fact = asked_fact(query.text)
            examples.append(Example(
                question=item["question"],
                answerable=answerable,
                found=signals(query, hits, services.knowledge.retriever),
                gold=np.array([answerable and matches_gold(h.chunk.document, h.chunk.text, gold) for h in hits], dtype=bool),
                holds_fact=np.array([holds_fact(fact, h.chunk.body) for h in hits], dtype=bool),
                elsewhere=elsewhere(hits, query.named[0] if len(query.named) == 1 else item.get("municipality")),
            ))
            counts[item["kind"]] += 1
    return examples, counts


@dataclass
class Scored:
    """An example with both models' probabilities."""

    example: Example
    question: float
    passages: np.ndarray

    def outcome(self, answer_at: float, cite_at: float) -> tuple[bool, bool, int]:
        """(answered, gold cited, passages cited), as GroundingModel.choose and the answer service decide."""
        chosen = np.array(pick(self.question, self.passages, answer_at, cite_at, LIMIT, False, self.example.elsewhere),
                          dtype=int)
        if chosen.size == 0:
            return False, False, 0
        chosen = chosen[self.example.holds_fact[chosen]]
        return bool(chosen.size), bool(self.example.gold[chosen].any()), int(chosen.size)


def rates(scored: list[Scored], answer_at: float, cite_at: float) -> dict[str, float]:
    answerable = [s.outcome(answer_at, cite_at) for s in scored if s.example.answerable]
    outside = [s.outcome(answer_at, cite_at) for s in scored if not s.example.answerable]
    return {
        "gold_cited": float(np.mean([o[1] for o in answerable])) if answerable else 0.0,
        "answered": float(np.mean([o[0] for o in answerable])) if answerable else 0.0,
        "refused": float(np.mean([not o[0] for o in outside])) if outside else 1.0,
        "cited": float(np.mean([o[2] for o in answerable if o[0]])) if any(o[0] for o in answerable) else 0.0,
    }


def value(r: dict[str, float]) -> float:
    """What the thresholds are chosen for: the gold passage cited, the unanswerable refused, few strays."""
    return r["gold_cited"] + r["refused"] - 0.05 * r["cited"]


def fit(examples: list[Example], question_l2: float) -> tuple[Logistic, Logistic, float, float]:
    """Both models, then the thresholds that do best on the examples they were fitted on."""
    usable = [e for e in examples if len(e.found.passages)]
    passage = Logistic.fit(np.vstack([e.found.passages for e in usable]),
                           np.concatenate([e.gold for e in usable]).astype(float), l2=PASSAGE_L2)
    question = Logistic.fit(np.vstack([e.found.question for e in usable]),
                            np.array([e.answerable for e in usable], dtype=float), l2=question_l2)
    scored = score(examples, passage, question)
    best, thresholds = -1.0, (0.5, 0.5)
    for answer_at in ANSWER_GRID:
        for cite_at in CITE_GRID:
            v = value(rates(scored, answer_at, cite_at))
            if v > best + 1e-9:
                best, thresholds = v, (float(answer_at), float(cite_at))
    return passage, question, *thresholds


def score(examples: list[Example], passage: Logistic, question: Logistic) -> list[Scored]:
    return [Scored(e, float(question(e.found.question)[0]) if len(e.found.passages) else 0.0, passage(e.found.passages))
            for e in examples]


def cross_validate(examples: list[Example], question_l2: float, folds: int = 5, seed: int = 7) -> dict[str, float]:
    order = np.random.default_rng(seed).permutation(len(examples))
    outcomes: list[tuple[bool, tuple[bool, bool, int]]] = []
    for fold in range(folds):
        test = set(order[fold::folds].tolist())
        passage, question, answer_at, cite_at = fit([e for i, e in enumerate(examples) if i not in test], question_l2)
        for s in score([examples[i] for i in sorted(test)], passage, question):
            outcomes.append((s.example.answerable, s.outcome(answer_at, cite_at)))
    answerable = [o for a, o in outcomes if a]
    outside = [o for a, o in outcomes if not a]
    return {
        "gold_cited": float(np.mean([o[1] for o in answerable])),
        "answered": float(np.mean([o[0] for o in answerable])),
        "refused": float(np.mean([not o[0] for o in outside])),
        "cited": float(np.mean([o[2] for o in answerable if o[0]])),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validated figures, save nothing")
    args = parser.parse_args(argv)
    settings = Settings()
    services = build_services(settings)
    examples, counts = collect(services, TRAINING_SETS)
    print(f"questions: {counts['answerable']} answerable, {counts['out_of_scope']} out of scope")
    print("cross-validated (5 folds)   gold cited  answered  out of scope refused  passages cited")
    scored = []
    for l2 in (1.0, 3.0, 10.0):
        cv = cross_validate(examples, l2)
        scored.append((value(cv), -l2, l2))
        print(f"  question l2 {l2:5.1f}          {cv['gold_cited']:.3f}      {cv['answered']:.3f}     {cv['refused']:.3f}                 {cv['cited']:.2f}")
    l2 = max(scored)[2]
    passage, question, answer_at, cite_at = fit(examples, l2)
    model = GroundingModel(settings.embedding_model, list(PASSAGE_FEATURES), list(QUESTION_FEATURES),
                           passage, question, answer_at, cite_at, counts)
    own = rates(score(examples, passage, question), answer_at, cite_at)
    print(f"fitted on all (question l2 {l2}): answer at p ≥ {answer_at}, cite at p ≥ {cite_at}; "
          f"on its own questions gold cited {own['gold_cited']:.3f}, refused {own['refused']:.3f}, "
          f"{own['cited']:.2f} passages cited per answer")
    print("question model, strongest weights: " + ", ".join(
        f"{n} {w:+.2f}" for n, w in sorted(zip(QUESTION_FEATURES, question.coef), key=lambda x: -abs(x[1]))[:6]))
    if not args.dry_run:
        model.save()
        print("saved bot/grounding.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
