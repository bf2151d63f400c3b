"""Fit the grounding models (bot/answers/grounding.json) on labelled questions, and print figures on questions
left out of each fit.

    python -m benchmarks.fit_grounding              # fit on the training sets and save the weights
    python -m benchmarks.fit_grounding --dry-run    # only print the figures

The question model learns which questions the documents answer (answerable against out of scope); the
passage model learns which passages answer (the gold passages against all others). Both are logistic
regressions fitted with scikit-learn; Sofia reads their weights with numpy alone. The thresholds are
those that best balance citing the gold passage against refusing what the documents do not answer.

Two ways of leaving questions out: five random folds (new questions about known documents), and leave
one document out (for each knowledge document, fitted without any question about it and scored on
those: the honest figure for a document nobody fitted on). The fresh, blind, probe and unseen sets are
never read here.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answers.answer_types import asked_fact
from bot.config import Settings
from bot.answers.evaluation import load_questions, matches_gold
from bot.answers.grounding import PASSAGE_FEATURES, QUESTION_FEATURES, RANKS, GroundingModel, Logistic, Signals, elsewhere, pick, signals, states_fact
from bot.answers.intent import classify
from bot.answers.service import place_without_documents
from bot.services import build_services

ROOT = Path(__file__).resolve().parent.parent
TRAINING_SETS = [
    ROOT / "benchmarks" / "questions" / "train.jsonl",
    ROOT / "benchmarks" / "questions" / "train2.jsonl",
    ROOT / "benchmarks" / "questions" / "train3.jsonl",
    ROOT / "benchmarks" / "questions" / "train4.jsonl",
    ROOT / "benchmarks" / "questions" / "train5.jsonl",
    ROOT / "tests" / "data" / "heldout.jsonl",
    ROOT / "tests" / "data" / "dev.jsonl",
]
LIMIT = 3  # citations a founder's answer carries
PASSAGE_L2 = 10.0
L2_GRID = (1.0, 3.0, 10.0)
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
    documents: tuple[str, ...] = ()  # the documents whose passages answer it (none when out of scope)


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
            if place_without_documents(query, services.knowledge.retriever):  # refused before any decision
                continue
            hits = hits[:RANKS]
            gold = item.get("gold") or []
            answerable = item["kind"] == "answerable"
            fact = asked_fact(query.text)
            examples.append(Example(
                question=item["question"],
                answerable=answerable,
                found=signals(query, hits, services.knowledge.retriever),
                gold=np.array([answerable and matches_gold(h.chunk.document, h.chunk.text, gold) for h in hits], dtype=bool),
                holds_fact=np.array([states_fact(fact, query, h) for h in hits], dtype=bool),
                elsewhere=elsewhere(hits, query.named[0] if len(query.named) == 1 else item.get("municipality")),
                documents=tuple(sorted({g["document"] for g in gold})) if answerable else (),
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


def fit_logistic(rows: np.ndarray, labels: np.ndarray, l2: float) -> Logistic:
    """L2-regularised logistic regression over standardised features, as weights Sofia reads with numpy."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(rows)
    # scikit-learn weighs the penalty by 1/C against the summed loss: C = 1/l2 is the same objective.
    model = LogisticRegression(C=1.0 / l2, max_iter=2000).fit(scaler.transform(rows), labels.astype(int))
    return Logistic(scaler.mean_.tolist(), scaler.scale_.tolist(), model.coef_[0].tolist(), float(model.intercept_[0]))


def fit(examples: list[Example], question_l2: float) -> tuple[Logistic, Logistic, float, float]:
    """Both models, then the thresholds that do best on the examples they were fitted on."""
    usable = [e for e in examples if len(e.found.passages)]
    passage = fit_logistic(np.vstack([e.found.passages for e in usable]),
                           np.concatenate([e.gold for e in usable]), l2=PASSAGE_L2)
    question = fit_logistic(np.vstack([e.found.question for e in usable]),
                            np.array([e.answerable for e in usable]), l2=question_l2)
    scored = score(examples, passage, question)
    return passage, question, *best_thresholds(scored)


def best_thresholds(scored: list[Scored]) -> tuple[float, float]:
    """The (answer, cite) thresholds with the best value. Which passages are cited depends on the cite
    threshold alone; the answer threshold only gates: so each cite threshold's outcomes are worked out
    once and every answer threshold is scored on them at array speed."""
    answerable = np.array([s.example.answerable for s in scored], dtype=bool)
    confidence = np.array([s.question for s in scored])
    best, thresholds = -1.0, (0.5, 0.5)
    for cite_at in CITE_GRID:
        # With the answer threshold at zero, what each question's answer would cite.
        outcomes = np.array([s.outcome(0.0, float(cite_at)) for s in scored], dtype=float).reshape(len(scored), 3)
        for answer_at in ANSWER_GRID:
            gate = confidence >= answer_at
            answered = gate & (outcomes[:, 0] > 0)
            gold = answered & (outcomes[:, 1] > 0)
            n_answerable, n_outside = answerable.sum(), (~answerable).sum()
            cited = outcomes[answered & answerable, 2]
            r = {
                "gold_cited": gold[answerable].sum() / n_answerable if n_answerable else 0.0,
                "refused": (~answered[~answerable]).sum() / n_outside if n_outside else 1.0,
                "cited": float(cited.mean()) if cited.size else 0.0,
            }
            v = value(r)
            if v > best + 1e-9:
                best, thresholds = v, (float(answer_at), float(cite_at))
    return thresholds


def score(examples: list[Example], passage: Logistic, question: Logistic) -> list[Scored]:
    return [Scored(e, float(question(e.found.question)[0]) if len(e.found.passages) else 0.0, passage(e.found.passages))
            for e in examples]


def held_out(examples: list[Example], folds: list[list[int]], question_l2: float) -> dict[str, float]:
    """Fit without each fold, score the fold: figures on questions no fit has seen."""
    outcomes: list[tuple[bool, tuple[bool, bool, int]]] = []
    for test in folds:
        left_out = set(test)
        passage, question, answer_at, cite_at = fit([e for i, e in enumerate(examples) if i not in left_out], question_l2)
        for s in score([examples[i] for i in test], passage, question):
            outcomes.append((s.example.answerable, s.outcome(answer_at, cite_at)))
    return summarise(outcomes)


def summarise(outcomes: list[tuple[bool, tuple[bool, bool, int]]]) -> dict[str, float]:
    answerable = [o for a, o in outcomes if a]
    outside = [o for a, o in outcomes if not a]
    answered = [o for o in answerable if o[0]]
    return {
        "gold_cited": float(np.mean([o[1] for o in answerable])) if answerable else 0.0,
        "answered": float(np.mean([o[0] for o in answerable])) if answerable else 0.0,
        "refused": float(np.mean([not o[0] for o in outside])) if outside else 1.0,
        "cited": float(np.mean([o[2] for o in answered])) if answered else 0.0,
        # answered from the documents, but none of the passages cited is one that answers
        "grounded_without_gold": float(np.mean([o[0] and not o[1] for o in answerable])) if answerable else 0.0,
        "questions": float(len(outcomes)),
    }


def cross_validate(examples: list[Example], question_l2: float, folds: int = 5, seed: int = 7) -> dict[str, float]:
    order = np.random.default_rng(seed).permutation(len(examples))
    return held_out(examples, [sorted(order[f::folds].tolist()) for f in range(folds)], question_l2)


def document_folds(examples: list[Example]) -> dict[str, list[int]]:
    """One fold per knowledge document: the questions it answers, and a share of the out-of-scope ones.

    A question any of whose answers lies in the document belongs to its fold, so no fit sees a question
    about the document it is scored on. Out-of-scope questions are about no document; they are dealt
    round the folds so that every fit is also scored on refusing."""
    documents = sorted({d for e in examples for d in e.documents})
    folds: dict[str, list[int]] = {d: [] for d in documents}
    outside = 0
    for i, e in enumerate(examples):
        if e.documents:
            folds[e.documents[0]].append(i)
        elif documents:
            folds[documents[outside % len(documents)]].append(i)
            outside += 1
    return folds


def leave_one_document_out(examples: list[Example], question_l2: float) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Figures on each document's questions from a fit that saw no question about it: overall and per document."""
    folds = document_folds(examples)
    # A question answered by two documents must be out of both documents' fits.
    by_document = {}
    outcomes: list[tuple[bool, tuple[bool, bool, int]]] = []
    for document, test in folds.items():
        excluded = set(test) | {i for i, e in enumerate(examples) if document in e.documents}
        passage, question, answer_at, cite_at = fit([e for i, e in enumerate(examples) if i not in excluded], question_l2)
        own = [(s.example.answerable, s.outcome(answer_at, cite_at)) for s in score([examples[i] for i in test], passage, question)]
        by_document[document] = summarise(own)
        outcomes += own
    return summarise(outcomes), by_document


# "Close to the documents' topics": as close as 49 in 50 of the questions the documents do answer. Off-topic
# questions (the weather, football) come out far below; near misses, which a section may well help, do not.
SUGGEST_QUANTILE = 0.02


def suggest_threshold(scored: list[Scored], answer_at: float) -> float:
    """From this confidence up (and below answer_at), Sofia offers the closest sections."""
    confident = np.array([s.question for s in scored if s.example.answerable])
    return round(min(float(np.quantile(confident, SUGGEST_QUANTILE)), answer_at), 3) if confident.size else answer_at


def choose_l2(examples: list[Example], report: bool = True) -> tuple[float, dict[str, float], dict[str, dict[str, float]]]:
    """The question model's regularisation, chosen on the leave-one-document-out figures, with those figures."""
    scored = []
    for l2 in L2_GRID:
        overall, by_document = leave_one_document_out(examples, l2)
        scored.append((value(overall), -l2, l2, overall, by_document))
        if report:
            print(f"  question l2 {l2:5.1f}          {overall['gold_cited']:.3f}      {overall['answered']:.3f}     "
                  f"{overall['refused']:.3f}                 {overall['cited']:.2f}")
    _, _, l2, overall, by_document = max(scored, key=lambda s: s[:3])
    return l2, overall, by_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validated figures, save nothing")
    args = parser.parse_args(argv)
    settings = Settings()
    services = build_services(settings)
    examples, counts = collect(services, TRAINING_SETS)
    print(f"questions: {counts['answerable']} answerable, {counts['out_of_scope']} out of scope")
    print("leave one document out      gold cited  answered  out of scope refused  passages cited")
    l2, _, _ = choose_l2(examples)
    cv = cross_validate(examples, l2)
    print(f"5 random folds (l2 {l2}):     {cv['gold_cited']:.3f}      {cv['answered']:.3f}     {cv['refused']:.3f}"
          f"                 {cv['cited']:.2f}")
    passage, question, answer_at, cite_at = fit(examples, l2)
    scored_all = score(examples, passage, question)
    model = GroundingModel(settings.embedding_model, list(PASSAGE_FEATURES), list(QUESTION_FEATURES),
                           passage, question, answer_at, cite_at, counts, suggest_threshold(scored_all, answer_at))
    own = rates(scored_all, answer_at, cite_at)
    print(f"fitted on all (question l2 {l2}): answer at p ≥ {answer_at}, cite at p ≥ {cite_at}, "
          f"offer the closest sections from p ≥ {model.suggest_threshold}; "
          f"on its own questions gold cited {own['gold_cited']:.3f}, refused {own['refused']:.3f}, "
          f"{own['cited']:.2f} passages cited per answer")
    print("question model, strongest weights: " + ", ".join(
        f"{n} {w:+.2f}" for n, w in sorted(zip(QUESTION_FEATURES, question.coef), key=lambda x: -abs(x[1]))[:6]))
    if not args.dry_run:
        model.save()
        print("saved bot/answers/grounding.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
