"""Hybrid retrieval over the real knowledge base: Swedish forms, English questions, municipalities."""

from __future__ import annotations

import pytest

from bot.search.lexical import LexicalIndex, SwedishAnalyzer


def _top(kb_services, question, **kw):
    return kb_services.knowledge.retriever.search(question, k=5, **kw)


def test_compound_words_match_their_parts():
    index = LexicalIndex.build(["Arbetsmarknadsförvaltningen har ansvaret.", "Förvaltningen och marknaden."])
    analyzer = index.analyzer
    assert "förvaltning" in analyzer.compound_parts("arbetsmarknadsförvaltningen")
    # a question word the corpus only has inside a compound still finds it
    assert index.scores(analyzer.query_terms("socialförvaltning"))[1] > 0


def test_compounds_share_a_common_word_the_documents_never_use_alone():
    # Neither text has "projekt" on its own: the general Swedish word list lets both compounds split.
    index = LexicalIndex.build(["Utreda sökbara projektmedel för sociala företag.", "Pengar till föreningar finns."])
    assert index.analyzer.compound_parts("projektmedel")[0] == index.analyzer.compound_parts("projektpengar")[0]
    scores = index.scores(index.analyzer.query_terms("Finns det projektpengar?"))
    assert scores[0] > 0


def test_misspellings_and_missing_diacritics_are_corrected():
    analyzer = SwedishAnalyzer({"företag", "arbetsträning", "sociala", "följa"})
    assert analyzer.correct("foretag") == "företag"
    assert analyzer.correct("arbetstränning") == "arbetsträning"
    assert analyzer.correct("socilaa") == "sociala"
    assert analyzer.correct("kommun") is None  # unknown words without a close match stay as they are


@pytest.mark.parametrize(
    "question, document, phrase",
    [
        ("Vem tog fram Ljungbys policy?", "ljungby-policy-sociala-foretag", "Sunnerbo Samordningsförbund"),
        ("Who follows up Luleå's policy?", "lulea-policy-socialt-foretagande", "ansvarar för uppföljningen"),
        ("Does Uppsala offer tender training?", "uppsala-handlingsplan-sociala-foretag", "anbudsskola"),
    ],
)
def test_the_passage_that_answers_comes_first(kb_services, question, document, phrase):
    top = _top(kb_services, question)[0].chunk
    assert top.document == document and phrase in top.text


def test_named_municipality_wins_over_others_but_general_guidance_stays(kb_services):
    hits = _top(kb_services, "Vem har ansvaret för sociala företag i Timrå?")
    assert hits[0].chunk.municipality == "Timrå"
    assert {h.chunk.municipality for h in hits} <= {"Timrå", None}


def test_chosen_municipality_is_preferred_without_hiding_guidance(kb_services):
    hits = _top(kb_services, "Vilken roll kan Coompanion ha?", municipality="Luleå")
    assert any(h.chunk.municipality is None for h in hits)


def test_modes_for_the_baselines(kb_services):
    retriever = kb_services.knowledge.retriever
    question = "Vilka är Uppsala kommuns prioriterade målgrupper?"
    for mode in ("hybrid", "lexical", "dense"):
        hits = retriever.search(question, k=3, mode=mode)
        assert len(hits) == 3
        assert hits == sorted(hits, key=lambda h: -h.score)
