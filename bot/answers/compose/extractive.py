"""The default composer: quotes the most relevant sentences, each with its numbered source. No model needed."""

from __future__ import annotations

import re
import weakref

from bot import review_dates
from bot.answers.answer_types import asked_fact, holds_fact
from bot.knowledge_base.chunking import units
from bot.search.lexical import LexicalIndex, QueryTerm
from bot.models import Citation, Hit

MAX_SENTENCES = 4
MAX_SENTENCE_CHARS = 400
MAX_LIST_ITEMS = 8  # a longer list is quoted this far, saying how much more the source holds
CAVEAT = "⚠"  # a guide's mark on a fact that may be out of date or uncertain

_TEXT = {
    "sv": {
        "lead": "{source} säger:",
        "sources": "Källor",
        "section": "avsnitt",
        "kommun": "{m} kommun",
        "list_goes_on": "(… och {n} till i källan)",
    },
    "en": {
        "lead": "{source} says (quoted in Swedish):",
        "sources": "Sources",
        "section": "section",
        "kommun": "{m} municipality",
        "list_goes_on": "(… and {n} more in the source)",
    },
}
_DOC_TYPES = {
    "sv": {"policy": "policy", "handlingsplan": "handlingsplan", "vägledning": "vägledning", "guide": "guide"},
    "en": {"policy": "policy", "handlingsplan": "action plan", "vägledning": "guidance", "guide": "guide"},
}


def split_sentences(text: str) -> list[str]:
    """Sentences, list items and table rows of a passage, as quotable units."""
    return [unit for unit, _ in units(text)]


def source_label(hit: Hit, language: str) -> str:
    c = hit.chunk
    kind = _DOC_TYPES[language].get(c.meta.get("document_type") or "", "")
    if c.municipality:
        place = _TEXT[language]["kommun"].format(m=c.municipality)
        owner = f"{place}s" if language == "sv" and not place.endswith("s") else place
        if language == "sv":
            label = f"{owner} {kind}".strip() if kind else c.title
        else:
            label = f"{place}'s {kind}".strip() if kind else c.title
    else:
        kind = _DOC_TYPES[language].get(c.meta.get("document_type") or "", "")
        label = f"{kind.capitalize()} «{c.title}»" if kind else f"«{c.title}»"
        org = c.meta.get("organisation")
        if org and c.meta.get("document_type") != "guide":
            label += f" ({org})"
    return f"{label} ({c.date})" if c.date else label


def cite(hit: Hit, number: int) -> Citation:
    c = hit.chunk
    return Citation(
        number=number,
        document=c.document,
        title=c.title,
        municipality=c.municipality,
        section=c.section,
        date=c.date,
        quote=c.body,
        review_by=_written(c.meta.get("review_by")),
        valid_until=_written(c.meta.get("valid_until")),
    )


def _written(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def format_source(citation: Citation, language: str) -> str:
    t = _TEXT[language]
    parts = [citation.title]
    if citation.municipality:
        parts.append(citation.municipality)
    if citation.section and citation.section != citation.title:
        parts.append(f"{t['section']} «{citation.section}»")
    if citation.date:
        parts.append(citation.date)
    lapsed = review_dates.note(citation, language)  # a quote from a document past its review date says so
    return f"[{citation.number}] " + ", ".join(parts) + (f" – {lapsed}" if lapsed else "")


# Per analyzer (the lexicon it reads with), each passage's quotable units as sets of terms: worked out on
# a passage's first use, then read by the answer decision and by the quote alike. Keys are chunk ids,
# which hash the passage's text, so an edited passage is never read from here.
_UNIT_TERMS: "weakref.WeakKeyDictionary[object, dict[str, list[frozenset[str]]]]" = weakref.WeakKeyDictionary()


def unit_scores(hit: Hit, terms: list[QueryTerm], lexical: LexicalIndex) -> list[float]:
    """Per quotable unit of the passage, in order: the weight of the question's words it holds."""
    analyzer = lexical.analyzer
    known = _UNIT_TERMS.setdefault(analyzer, {})
    if hit.chunk.id not in known:
        known[hit.chunk.id] = [frozenset(analyzer.document_terms(unit)) for unit, _ in units(hit.chunk.body)]
    return [
        sum(lexical.term_weight(t) * max((w for s, w in t.alternatives.items() if s in present), default=0.0) for t in terms)
        for present in known[hit.chunk.id]
    ]


def best_sentences(
    hit: Hit, terms: list[QueryTerm], lexical: LexicalIndex, limit: int, fact: str | None = None, language: str = "sv"
) -> list[str]:
    """The passage's sentences that hold most of the question's weighted words, in reading order.

    When the question asks for a kind of fact (an amount, a percentage ...), a matching sentence that
    states one comes first: "Föreningen måste ha minst 3 medlemmar" answers "hur många medlemmar".
    A list is quoted whole, or says that it goes on; a caveat the passage gives (⚠, the fact may be out
    of date) is always quoted with it.
    """
    parts = units(hit.chunk.body)
    if not parts:
        return []
    scored = []
    for i, ((sentence, _), score) in enumerate(zip(parts, unit_scores(hit, terms, lexical))):
        states = bool(fact) and score > 0 and holds_fact(fact, sentence)
        scored.append((states, score - 0.01 * i, i, sentence))
    scored.sort(reverse=True)
    top = [s for s in scored[:limit] if s[1] > 0] or scored[:1]
    chosen = {s[2] for s in top}
    groups: dict[int, list[int]] = {}
    for i, (_, group) in enumerate(parts):
        if group is not None:
            groups.setdefault(group, []).append(i)
    shown: dict[int, int] = {}  # a list's last unit quoted -> how many of its units are left out
    for group in {parts[i][1] for i in chosen} - {None}:
        members = groups[group][: MAX_LIST_ITEMS + 1]
        chosen.update(members)
        shown[members[-1]] = len(groups[group]) - len(members)
    chosen.update(i for i, (u, _) in enumerate(parts) if u.startswith(CAVEAT))
    goes_on = _TEXT[language if language in _TEXT else "sv"]["list_goes_on"]
    quoted = []
    for i in sorted(chosen):
        quoted.append(_trim(parts[i][0]))
        if shown.get(i):
            quoted.append(goes_on.format(n=shown[i]))
    return quoted


def _trim(sentence: str) -> str:
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    return sentence[: MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + " …"


class ExtractiveComposer:
    """Builds the answer from the documents' own words: nothing is said that a passage does not say."""

    def __init__(self, lexical: LexicalIndex) -> None:
        self.lexical = lexical

    def compose(
        self,
        hits: list[Hit],
        terms: list[QueryTerm],
        language: str,
        max_sentences: int = MAX_SENTENCES,
        question: str = "",
    ) -> tuple[str, list[Citation]]:
        language = language if language in _TEXT else "sv"
        t = _TEXT[language]
        citations: list[Citation] = []
        paragraphs: list[str] = []
        budget = max_sentences
        fact = asked_fact(question) if question else None
        for hit in hits:
            # Every passage the decision chose is cited, even after a long list used up the budget:
            # dropped, the passage that answers might go unsaid. The budget decides only how much is quoted.
            limit = 2 if hit is hits[0] and budget >= 2 else 1
            sentences = best_sentences(hit, terms, self.lexical, limit=limit, fact=fact, language=language)
            if not sentences:
                continue
            number = len(citations) + 1
            citations.append(cite(hit, number))
            # A list or a caveat is quoted whole even past the budget: cut short, it would mislead.
            quoted = " ".join(f"»{s}«" if language == "en" else s for s in sentences)
            paragraphs.append(f"{t['lead'].format(source=source_label(hit, language))} {quoted} [{number}]")
            budget -= len(sentences)
        return "\n\n".join(p[0].upper() + p[1:] for p in paragraphs), citations

    @staticmethod
    def sources_block(citations: list[Citation], language: str) -> str:
        t = _TEXT[language if language in _TEXT else "sv"]
        return f"{t['sources']}:\n" + "\n".join(format_source(c, language) for c in citations)
