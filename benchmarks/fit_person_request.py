"""Fit the model that reads requests for a person (bot/answers/person_request.json).

    python -m benchmarks.fit_person_request              # fit, print out-of-fold figures, save
    python -m benchmarks.fit_person_request --dry-run    # only print the figures

Fitted on the labelled messages in tests/data/person_requests.jsonl (requests and look-alikes) and the
questions of the fitting sets (requests for a person against everything else). The bar is the lowest
that, scored out of fold and together with the patterns, takes no fitting question for a request and
at most one look-alike in a hundred. The sets never tuned on are not read here.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from bot.answers.evaluation import load_questions
from bot.answers.person_request import matches_a_way_of_asking
from bot.answers.request_model import MODEL_PATH, RequestModel, letter_runs
from benchmarks.fit_grounding import TRAINING_SETS

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "tests" / "data" / "person_requests.jsonl"
RUNS = (2, 5)  # letters per run, shortest and longest
C = 10.0  # inverse regularisation; 3 to 30 measured alike out of fold
BARS = np.round(np.arange(0.50, 0.96, 0.05), 2)
LOOK_ALIKES_TAKEN = 0.01  # at most this share of the look-alikes taken for requests, out of fold


def messages(path: Path = MESSAGES) -> list[tuple[str, bool]]:
    """A file of labelled messages: each text, and whether it asks for a person."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["text"], bool(row["asks_for_person"])) for row in rows]


def labelled() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels (asks for a person) and whether each comes from a question set (a real question)."""
    texts, labels, questions = [], [], []
    for text, asks in messages():
        texts.append(text); labels.append(asks); questions.append(False)
    for path in TRAINING_SETS:
        for item in load_questions(path):
            texts.append(item["question"]); labels.append(item["kind"] == "handoff"); questions.append(True)
    return texts, np.array(labels), np.array(questions)


def vectorizer(texts: list[str]) -> TfidfVectorizer:
    # letter_runs folds the text and splits it the way char_wb does, so the runtime reads the same runs.
    return TfidfVectorizer(analyzer=lambda t: letter_runs(t, *RUNS), sublinear_tf=True, min_df=2).fit(texts)


def classifier() -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced")


def out_of_fold(texts: list[str], labels: np.ndarray) -> np.ndarray:
    scores = np.zeros(len(texts))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, labels):
        runs = vectorizer([texts[i] for i in train])
        model = classifier().fit(runs.transform([texts[i] for i in train]), labels[train])
        scores[test] = model.predict_proba(runs.transform([texts[i] for i in test]))[:, 1]
    return scores


def choose_bar(scores: np.ndarray, labels: np.ndarray, questions: np.ndarray, patterns: np.ndarray) -> float:
    look_alikes = ~labels & ~questions
    for bar in BARS:
        taken = (scores >= bar) | patterns
        if not (taken & ~labels & questions).any() and taken[look_alikes].mean() <= LOOK_ALIKES_TAKEN:
            return float(bar)
    return float(BARS[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the out-of-fold figures, save nothing")
    args = parser.parse_args(argv)
    texts, labels, questions = labelled()
    patterns = np.array([matches_a_way_of_asking(t) for t in texts])
    scores = out_of_fold(texts, labels)
    bar = choose_bar(scores, labels, questions, patterns)
    print(f"{labels.sum()} requests, {(~labels).sum()} others ({questions.sum()} of all from the question sets)")
    for name, taken in (("patterns", patterns), ("model, out of fold", scores >= bar), ("either", patterns | (scores >= bar))):
        print(f"{name:20s} requests {taken[labels].mean():.3f}  look-alikes taken {taken[~labels & ~questions].sum()}"
              f"  questions taken {taken[~labels & questions].sum()}")
    runs = vectorizer(texts)
    model = classifier().fit(runs.transform(texts), labels)
    names = runs.get_feature_names_out()
    fitted = RequestModel(
        RUNS[0], RUNS[1],
        {r: round(float(i), 4) for r, i in zip(names, runs.idf_)},
        {r: round(float(w), 4) for r, w in zip(names, model.coef_[0]) if abs(w) >= 1e-4},
        round(float(model.intercept_[0]), 4), bar,
        {"requests": int(labels.sum()), "others": int((~labels).sum())},
    )
    same = np.allclose([fitted.probability(t) for t in texts[:200]], model.predict_proba(runs.transform(texts[:200]))[:, 1], atol=1e-3)
    print(f"bar {bar}; {len(names)} letter runs; Sofia's reading matches scikit-learn's: {same}")
    if not same:
        return 1
    if not args.dry_run:
        fitted.save()
        print(f"saved {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
