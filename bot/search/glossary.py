"""The word lists lexical matching reads, as data: general Swedish and English ones shipped with
Sofia (bot/search/wordlists/), and the domain's own beside the knowledge they serve (knowledge/lexicon/).

Matching must hold without the domain lists (a new document brings words nobody listed), so they
can be switched off (`SOFIA_WORD_LISTS=off`); `make bench` measures Sofia both ways.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

WORDLISTS = Path(__file__).with_name("wordlists")
# libyaml's loader reads the lists about seven times faster where PyYAML was built with it: start-up time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LEXICON_FOLDER = "lexicon"  # under the knowledge folder


def _words(name: str) -> frozenset[str]:
    text = (WORDLISTS / name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


@lru_cache(maxsize=1)
def general() -> "GeneralWords":
    """The general lists, read once: they describe the languages, not any document."""
    places = (WORDLISTS / "municipalities.txt").read_text(encoding="utf-8").splitlines()
    return GeneralWords(
        swedish_stopwords=_words("swedish-stopwords.txt"),
        english_stopwords=_words("english-stopwords.txt"),
        question_stopwords=_words("question-stopwords.txt"),
        swedish_words=_words("swedish-words.txt"),
        municipalities=tuple(p.strip() for p in places if p.strip() and not p.startswith("#")),
    )


@dataclass(frozen=True)
class GeneralWords:
    swedish_stopwords: frozenset[str]
    english_stopwords: frozenset[str]
    question_stopwords: frozenset[str]  # "hur ofta", "vad säger dokumentet": no topic in a question
    municipalities: tuple[str, ...]  # Sweden's municipalities, to recognise one without documents
    # Common Swedish words: a compound splits into them though the documents never use the part alone
    # ("projektmedel" holds "projekt", which a question's "projektpengar" shares).
    swedish_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """The domain's word lists; empty when switched off."""

    en_to_sv: dict[str, str] = field(default_factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()
    word_forms: tuple[tuple[str, ...], ...] = ()
    phrases: tuple[tuple[str, str], ...] = ()  # (regular expression on lower-case text, the word it stands for)
    question_cues: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()

    @property
    def size(self) -> int:
        return len(self.en_to_sv) + len(self.synonyms) + len(self.word_forms) + len(self.phrases) + len(self.question_cues)

    @classmethod
    def load(cls, knowledge_dir: Path | None) -> "Lexicon":
        """The lists under knowledge_dir/lexicon/; a missing file is an empty list, a broken one is
        reported and skipped, so a deployment's edit can never stop Sofia."""
        folder = Path(knowledge_dir) / LEXICON_FOLDER if knowledge_dir else None
        if folder is None or not folder.is_dir():
            return cls()

        def read(name: str, default):
            path = folder / name
            if not path.exists():
                return default
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
            except (OSError, yaml.YAMLError) as exc:
                log.warning("word list %s skipped: %s", name, exc)
                return default
            return data if isinstance(data, type(default)) else default

        try:
            return cls(
                en_to_sv={str(k).lower(): str(v or "") for k, v in read("english-swedish.yaml", {}).items()},
                synonyms=tuple(tuple(str(w) for w in g) for g in read("synonyms.yaml", []) if isinstance(g, list)),
                word_forms=tuple(tuple(str(w) for w in g) for g in read("word-forms.yaml", []) if isinstance(g, list)),
                phrases=tuple(
                    (str(p["pattern"]), str(p.get("word") or "")) for p in read("phrases.yaml", []) if isinstance(p, dict)
                ),
                question_cues=tuple(
                    (tuple(map(str, c["question"])), tuple(map(str, c["hints"])))
                    for c in read("question-cues.yaml", []) if isinstance(c, dict)
                ),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            log.warning("word lists under %s skipped: %s", folder, exc)
            return cls()
