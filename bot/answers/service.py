"""The answer service: intent, then retrieval, then the decision to answer or to say the documents do not."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Sequence

from bot.answers.approved import ApprovedAnswers, approved_answer
from bot.answers.compose.extractive import ExtractiveComposer, cite
from bot.knowledge_base.contacts import Contacts
from bot.answers.answer_types import asked_fact
from bot.answers.grounding import Decision, GroundingModel, GroundingPolicy, signals, states_fact
from bot.answers.intent import SEARCH_CHARS, Intent, classify
from bot.records.masking import without_personal_data
from bot.models import Answer, Hit, Suggestion, Turn
from bot.answers.replies import reply
from bot.search.retrieval import HybridRetriever, Query

if TYPE_CHECKING:
    from bot.answers.compose.llm import LLMComposer
    from bot.knowledge_base.ingestion import KnowledgeBase


_FOLLOW_UP = re.compile(
    r"^(och|men|än|hur|vad)?\s*(i|för|om|med)?\s*\w*\s*(då|där)\s*\??$|^(and|what about|how about)\b", re.IGNORECASE
)
_REFERS_BACK = re.compile(r"\b(det|den|dem|dom|där|policyn|planen|handlingsplanen|dokumentet|it|that|this|they|there)\b", re.I)


class AnswerService:
    """Answers one message; every channel calls this and renders the result."""

    def __init__(
        self,
        knowledge: "KnowledgeBase",
        contacts: Contacts,
        policy: GroundingPolicy = GroundingPolicy(),
        history_max_age_s: float = 1800,
        composer: "LLMComposer | None" = None,
        approved: ApprovedAnswers | None = None,
        grounding: GroundingModel | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.contacts = contacts
        self.policy = policy
        self.history_max_age_s = history_max_age_s
        # A language-model composer rewrites grounded answers; the extractive one stays its fallback.
        self.llm_composer = composer
        # Replies contact persons saved for reuse; consulted before the documents.
        self.approved = approved
        # The fitted grounding models (by default those shipped with Sofia), used while the embedding
        # model is the one they were fitted with; otherwise, or when set to None, the policy's rules.
        self.grounding = grounding if grounding is not None else GroundingModel.load()

    @property
    def retriever(self) -> HybridRetriever:
        # Read through the knowledge base so a re-index is seen at once.
        return self.knowledge.retriever

    @property
    def composer(self) -> ExtractiveComposer:
        """The extractive composer over the current generation's word weights."""
        return ExtractiveComposer(self.retriever.lexical)

    def answer(
        self,
        question: str,
        municipality: str | None = None,
        history: Sequence[Turn] = (),
        staff: bool = False,
        language_hint: str | None = None,
        chosen_at: float | None = None,
    ) -> Answer:
        """``chosen_at``: when the user chose ``municipality``; a choice newer than the history wins."""
        intent = classify(question, language_hint)
        lang = intent.language if intent.language in ("sv", "en") else (language_hint or "sv")
        municipality = self.contacts.find(municipality) or municipality if municipality else None
        base = dict(question=question, language=lang, municipality=municipality)
        if intent.kind in ("empty", "no_words", "too_long", "other_language"):
            text = reply(lang, intent.kind, n=len(intent.text))
            return self._done(Answer(text=text, grounded=False, handoff=False, kind="invalid", **base))
        if intent.kind in ("greeting", "thanks", "bye"):
            return self._done(Answer(text=reply(lang, intent.kind), grounded=False, handoff=False, kind="smalltalk", **base))
        retriever = self.retriever  # one generation for the whole answer, even if a re-index switches
        named = retriever.municipalities.find_all(intent.text)
        place = named[0] if len(named) == 1 else municipality
        base["municipality"] = place
        if intent.kind == "handoff":
            text = reply(lang, "handoff") + "\n\n" + self.contacts.describe(place, lang)
            if not place:
                text += "\n\n" + reply(lang, "handoff_which")
            return self._done(Answer(text=text, grounded=False, handoff=True, kind="handoff", **base))
        resolved = self._resolve(intent, history, retriever, municipality, chosen_at)
        if self.approved is not None and intent.kind == "question":
            found = self.approved.find(resolved, place, retriever.lexical.analyzer, retriever.municipalities.is_name_word)
            if found is not None:
                return self._done(approved_answer(found, base, resolved))
        query, hits = self.search(resolved, lang, municipality, retriever)
        if intent.kind == "contact":
            return self._contact(intent, place, hits, query, base)
        return self._grounded_answer(retriever, hits, query, staff, resolved, base)

    def search(
        self, question: str, language: str, municipality: str | None = None, retriever: HybridRetriever | None = None
    ) -> tuple[Query, list[Hit]]:
        """The passages an answer chooses from, searched without any personal data the question holds."""
        retriever = retriever or self.retriever
        query = retriever.prepare(without_personal_data(question)[:SEARCH_CHARS], language)
        return query, retriever.search(query, k=12, municipality=municipality)

    # ---- kinds of answer -----------------------------------------------------------------

    def _grounded_answer(
        self, retriever: HybridRetriever, hits: list[Hit], query: Query, staff: bool, resolved: str, base: dict
    ) -> Answer:
        lang = base["language"]
        decision = self._decide(hits, staff, query, base["municipality"], retriever)
        elsewhere = place_without_documents(query, retriever)
        chosen = [] if elsewhere else decision.cited
        if not chosen:
            suggestions = suggest(decision.likeliest or hits, self.policy.max_suggestions) if decision.close else []
            opening = reply(lang, "no_docs_from", m=elsewhere) + " " if elsewhere else ""
            if suggestions:
                listed = "\n".join(f"{s.number}. {describe(s, lang)}" for s in suggestions)
                text = opening + reply(lang, "not_sure" if not elsewhere else "closest") + "\n" + listed
                text += "\n\n" + reply(lang, "not_found_next")
                kind = "not_sure"
            else:
                text = (opening or reply(lang, "not_found") + "\n\n") + reply(lang, "not_found_next")
                kind = "not_found"
            return self._done(Answer(text=text, grounded=False, handoff=False, kind=kind, hits=hits,
                                     resolved_question=resolved, suggestions=suggestions, **base))
        budget = self.policy.max_citations_staff + 1 if staff else self.policy.max_citations + 1
        composer = ExtractiveComposer(retriever.lexical)
        if self.llm_composer is None:
            body, citations = composer.compose(chosen, query.terms, lang, max_sentences=budget, question=query.text)
        else:
            body, citations = self.llm_composer.compose(
                chosen, query.terms, lang, max_sentences=budget, question=resolved, fallback=composer)
        unknown = retriever.municipalities.without_documents(query.named)
        if unknown:
            body = reply(lang, "no_place_docs", m=unknown[0]) + "\n\n" + body
        return self._done(
            Answer(text="", body=body, grounded=True, handoff=False, citations=citations, kind="answer", hits=hits,
                   resolved_question=resolved, **base)
        )

    def _contact(self, intent: Intent, place: str | None, hits: list[Hit], query: Query, base: dict) -> Answer:
        lang = base["language"]
        if not place or place not in self.contacts.places:
            names = self.contacts.municipalities()
            text = reply(lang, "contact_ask", names=", ".join(names), first=names[0] if names else "Luleå")
            text += "\n\n" + self.contacts.describe(None, lang)
            return self._done(Answer(text=text, grounded=False, handoff=False, kind="contact", hits=hits, **base))
        body = reply(lang, "contact_intro", m=place) + "\n\n" + self.contacts.describe(place, lang)
        sources = [h for h in hits if h.chunk.municipality == place][:2] or self._decide(hits, False).cited[:1]
        citations = [cite(h, i + 1) for i, h in enumerate(sources)]
        if citations:
            body += "\n\n" + reply(lang, "contact_sources") + " " + " ".join(f"[{c.number}]" for c in citations)
        return self._done(
            Answer(text="", body=body, grounded=bool(citations), handoff=False, citations=citations, kind="contact",
                   hits=hits, **base)
        )

    # ---- decisions -----------------------------------------------------------------------

    def is_grounded(self, hit: Hit, language: str = "sv", words: int = 3) -> bool:
        p = self.policy
        # From short to long questions the share needed falls linearly to min_coverage_long.
        stretch = min(1.0, max(0.0, (words - 5) / (p.long_question - 5)))
        needed = p.min_coverage - stretch * (p.min_coverage - p.min_coverage_long)
        return hit.coverage >= needed

    def _decide(
        self,
        hits: list[Hit],
        staff: bool,
        query: Query | None = None,
        municipality: str | None = None,
        retriever: HybridRetriever | None = None,
    ) -> Decision:
        p = self.policy
        limit = p.max_citations_staff if staff else p.max_citations
        retriever = retriever or self.retriever
        model = self._grounding_model(retriever)
        if model is not None and query is not None:
            decision = model.decide(signals(query, hits, retriever), hits, limit, staff, municipality)
        else:
            cited = self._citable_by_rules(hits, staff, query)[:limit]
            close = bool(hits) and hits[0].coverage >= p.min_coverage_suggest
            decision = Decision(cited, float(bool(cited)), close)
        if query is not None:
            # Only a passage that states a price can answer "what does it cost", and so on.
            fact = asked_fact(query.text)
            decision.cited = [h for h in decision.cited if states_fact(fact, query, h)]
        return decision

    def _grounding_model(self, retriever: HybridRetriever) -> GroundingModel | None:
        model = self.grounding
        return model if model is not None and model.embedding_model == retriever.embedder.name else None

    def _citable_by_rules(self, hits: list[Hit], staff: bool, query: Query | None) -> list[Hit]:
        language = query.language if query else "sv"
        words = query.length if query else 3
        if not hits or not self.is_grounded(hits[0], language, words):
            return []
        top = hits[0].score
        ratio = self.policy.cite_ratio * (0.8 if staff else 1.0)
        return [h for h in hits if h.score >= ratio * top and self.is_grounded(h, language, words)]

    def _resolve(
        self, intent: Intent, history: Sequence[Turn], retriever: HybridRetriever,
        chosen: str | None = None, chosen_at: float | None = None,
    ) -> str:
        """A follow-up ("och i Timrå då?") is read together with the question before it; a
        municipality chosen after that question replaces the one it named."""
        now = time.time()
        previous = next(
            (t for t in reversed(history) if t.role == "user" and (not t.at or now - t.at <= self.history_max_age_s)), None
        )
        if previous is None:
            return intent.text
        query = retriever.prepare(intent.text, intent.language)
        content = query.terms
        if query.named and len(content) <= 1:
            earlier = previous.text
            for name in retriever.municipalities.find_all(earlier):
                earlier = re.sub(rf"\b{re.escape(name)}s?\b", query.named[0], earlier, flags=re.IGNORECASE)
            if query.named[0] not in earlier:
                earlier += f" i {query.named[0]}"
            return earlier
        if len(content) <= 2 and (_REFERS_BACK.search(intent.text) or _FOLLOW_UP.search(intent.text)):
            earlier, place = previous.text, retriever.municipalities.find_all(previous.text)
            if chosen and chosen_at is not None and chosen_at >= (previous.at or 0):
                for name in place:
                    earlier = re.sub(rf"\b{re.escape(name)}s?\b", chosen, earlier, flags=re.IGNORECASE)
                place = [chosen]
            return f"{earlier} {intent.text}" + (f" {place[0]}" if place and not query.named else "")
        return intent.text

    def _done(self, answer: Answer) -> Answer:
        if answer.body and not answer.text:
            answer.text = answer.body
            if answer.citations:
                answer.text += "\n\n" + ExtractiveComposer.sources_block(answer.citations, answer.language)
        elif answer.text and not answer.body:
            answer.body = answer.text
        return answer



def place_without_documents(query: Query, retriever: HybridRetriever) -> str | None:
    """The municipality a question asks about itself ("Vad säger Sundsvalls policy?") when Sofia has no
    documents from it: what it decided is in none of hers, however close another municipality's policy
    or the general guidance comes. A question about a place ("en förening i Östersund") is not one."""
    unknown = retriever.municipalities.without_documents(query.named)
    if unknown and len(unknown) == len(query.named) and retriever.municipalities.owned_by(query.text, unknown[0]):
        return unknown[0]
    return None


def suggest(hits: Sequence[Hit], limit: int) -> list[Suggestion]:
    """The closest sections, one per section, in rank order: offered to open, not cited as an answer."""
    seen, out = set(), []
    for hit in hits:
        c = hit.chunk
        key = (c.document, c.section)
        if key in seen:
            continue
        seen.add(key)
        out.append(Suggestion(len(out) + 1, c.document, c.title, c.municipality, c.section, c.id, c.text))
        if len(out) == limit:
            break
    return out


def describe(suggestion: Suggestion, language: str) -> str:
    """'Section «X» in Title (Place)': how a suggested section is named in any channel."""
    place = f" ({suggestion.municipality})" if suggestion.municipality else ""
    word = "section" if language == "en" else "avsnitt"
    return f"{suggestion.title}{place}, {word} «{suggestion.section}»"
