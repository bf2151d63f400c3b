"""A second reader of requests for a person: a logistic model over the letters of the message.

The patterns in `person_request.py` name the ways of asking that have been seen. People keep finding
new ones ("kan en handläggare slå en signal till mig", "could an officer drop by our café"), and each
new batch of messages written apart from the patterns found a quarter of its requests missed. This
model reads the message as overlapping runs of two to five letters within each word, the way
scikit-learn's `TfidfVectorizer(analyzer="char_wb")` does, so "ringa upp", "ring tillbaka" and
"ringer du" share most of their runs and a new wording of an old request still scores high.

It is fitted by `python -m benchmarks.fit_person_request` on the labelled messages in
`tests/data/person_requests.jsonl` and the fitting question sets, and ships as `person_request.json`;
Sofia reads it with plain Python. Its bar is set high, from out-of-fold scores, so that it adds
requests the patterns miss without taking questions for requests.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from bot.search.municipalities import fold

MODEL_PATH = Path(__file__).with_name("person_request.json")


def letter_runs(text: str, shortest: int, longest: int) -> list[str]:
    """The runs of letters within each word, padded with a space on either side (scikit-learn's char_wb)."""
    runs = []
    for word in fold(text).split():
        padded = f" {word} "
        for n in range(shortest, longest + 1):
            offset = 0
            runs.append(padded[offset : offset + n])
            while offset + n < len(padded):
                offset += 1
                runs.append(padded[offset : offset + n])
            if offset == 0:  # the word is shorter than n: one run holds it all
                break
    return runs


@dataclass
class RequestModel:
    """The fitted weights: per letter run its idf and weight, an intercept and the bar to pass."""

    shortest: int
    longest: int
    idf: dict[str, float]
    weights: dict[str, float]
    intercept: float
    threshold: float
    fitted_on: dict[str, int]

    def probability(self, text: str) -> float:
        """How likely the message asks for a person (log-scaled counts times idf, unit length, as fitted)."""
        counts = Counter(run for run in letter_runs(text, self.shortest, self.longest) if run in self.idf)
        values = {run: (1.0 + math.log(n)) * self.idf[run] for run, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        score = self.intercept + (sum(v * self.weights.get(run, 0.0) for run, v in values.items()) / norm if norm else 0.0)
        return 1.0 / (1.0 + math.exp(-score))

    def reads_as_request(self, text: str) -> bool:
        return self.probability(text) >= self.threshold

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "RequestModel | None":
        """The fitted model, or None when there is none (the patterns then decide alone)."""
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None


@lru_cache(maxsize=1)
def shipped() -> RequestModel | None:
    return RequestModel.load()
