"""The answer decision: the kind of fact asked for, the fitted models, and the rules they fall back to."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from bot.answers.answer_types import asked_fact, holds_fact
from bot.answers.service import AnswerService
from bot.answers.grounding import MODEL_PATH, GroundingModel, Logistic


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Hur många procent av lönen täcker stödet?", "percent"),
        ("Vilka öppettider har Coompanion i Luleå?", "hours"),
        ("What is the e-mail address of the contact person?", "email"),
        ("Vad är telefonnumret till arbetsmarknadsförvaltningen?", "phone"),
        ("Vad kostar det att registrera en förening?", "money"),
        ("How much is the fee per month?", "money"),
        ("kostar coompanion nåt?", "money"),
        ("Vad är minsta aktiekapital för ett AB (svb)?", "money"),
        ("hur många kronor om dagen får man i starta eget-stöd", "money"),
        ("Hur många medlemmar måste en förening ha?", "amount"),
        # Profit and dividends are asked "how much" and answered as a rate as often as in kronor.
        ("What's the maximum dividend an AB (svb) can pay out?", "amount"),
        ("Hur länge har Skoopi funnits?", "duration"),
        ("How long does a nystartsjobb last?", "duration"),
        ("Hur ofta ska policyn revideras?", "frequency"),
        ("How many times did they meet the representatives?", "frequency"),
        ("Vilken förvaltning ska hjälpa till när nya företag startas?", None),  # "till när" is not "until when"
        ("Vilket datum antog kommunstyrelsen policyn?", "date"),
        ("When was Skoopi founded?", "year"),
        ("På vilken webbadress finns policyn?", "url"),
        ("Vad heter personalchefen i Luleå kommun?", "name"),
        ("Vem är ordförande i samordningsförbundet?", "name"),
        ("Who were the case officers behind Uppsala's action plan?", "name"),
        ("Vad heter SKR:s handbok om samverkan?", None),  # the name of a book, not of a person
        ("Vem betalar för arbetsträningen?", None),
        ("Vem ansvarar för stöd till sociala företag?", None),
        ("Vilket är det högsta beslutande organet?", None),
    ],
)
def test_the_kind_of_fact_a_question_asks_for(question, kind):
    assert asked_fact(question) == kind


def test_a_passage_must_state_the_kind_of_fact_asked_for():
    assert holds_fact("amount", "Ersättningen räknas på lön upp till 20 000 kr i månaden.")
    assert holds_fact("amount", "Coompanion ger kostnadsfri rådgivning.")
    assert not holds_fact("amount", "Policyn antogs 2011-04-26 enligt § 12.")  # a date is not an amount
    assert holds_fact("percent", "Stödet täcker 80 % av lönekostnaden.")
    # A sum asked in money: a count of months or a rate in percentage points does not answer it.
    assert holds_fact("money", "Coompanion ger kostnadsfri rådgivning.")
    assert holds_fact("money", "Stödet täcker 80 % av lönekostnaden.")
    assert not holds_fact("money", "Stödet gäller i 6 månader.")
    assert not holds_fact("money", "Vinsten får vara högst statslåneräntan plus 1 procentenhet.")
    assert holds_fact("amount", "Stödet gäller i 6 månader.")
    assert not holds_fact("hours", "Coompanion finns i hela landet.")
    # How long: a span of time, the year it began, the period it covers, or "until further notice".
    assert holds_fact("duration", "Skoopi har funnits sedan år 2000.")
    assert holds_fact("duration", "Handlingsplanens giltighet sträcker sig under perioden 2018-2020.")
    assert holds_fact("duration", "Giltighetstid: Tillsvidare")
    assert not holds_fact("duration", "Skoopi är en intresseorganisation för sociala företag.")
    # How often: a rate, a recurring occasion or a count of times.
    assert holds_fact("frequency", "Policyn ska revideras varje mandatperiod.")
    assert holds_fact("frequency", "Förvaltningen har träffat representationsgruppen vid fyra tillfällen.")
    assert holds_fact("frequency", "Kategorisera upphandlingar med kvartalsvis genomgång.")
    assert not holds_fact("frequency", "Arbetsmarknadsförvaltningen ansvarar för uppföljningen.")
    # A date is a day of a month; a year is enough for "vilket år".
    assert holds_fact("date", "Policyn antogs av kommunfullmäktige 2011-04-26.")
    assert not holds_fact("date", "Reviderad av kommunstyrelsen 2018-XX-XX.")
    assert holds_fact("year", "Skoopi har funnits sedan år 2000.")
    assert holds_fact("url", "Läs mer på www.coompanion.se.")
    assert not holds_fact("url", "Läs mer hos Coompanion.")
    assert holds_fact("name", "| Handläggare | Helmer Linda, Reuterdahl Karin, Öhman Carl |")
    assert not holds_fact("name", "Personalchefen är dokumentansvarig.")
    assert not holds_fact("name", "Region Stockholm och Arbetsförmedlingen samverkar. Enligt policyn ska fler anställas.")
    assert holds_fact(None, "anything at all")


def test_near_misses_on_the_right_topic_are_not_answered(kb_services):
    for question in (
        "Vilka öppettider har Coompanions kontor?",
        "Vad har Arbetsförmedlingen för telefonnummer till arbetsgivare?",
        "Hur många procent av lönen betalar Luleå kommun till ett socialt företag?",
        # A sum of money asked for: a rate in percentage points or a count of months is not one.
        "Vad är minsta aktiekapital för ett AB (svb)?",
        "hur många kronor om dagen får man i starta eget-stöd",
        # A person's name asked for: a passage naming only the role does not give it.
        "Vad heter personalchefen i Luleå kommun?",
    ):
        answer = kb_services.answers.answer(question)
        assert not answer.grounded and not answer.citations, question


def test_a_how_long_question_is_answered_by_a_span_of_time(kb_services):
    answer = kb_services.answers.answer("Hur länge har Skoopi funnits?")
    assert answer.grounded
    assert any("sedan år 2000" in c.quote for c in answer.citations)


def test_a_question_for_a_person_is_answered_by_the_passage_that_names_them(kb_services):
    answer = kb_services.answers.answer("Vilka handläggare står på Uppsalas handlingsplan för sociala företag?")
    assert answer.grounded
    assert any("Helmer Linda" in c.quote for c in answer.citations)


def test_a_price_question_is_answered_when_the_passage_states_one(kb_services):
    answer = kb_services.answers.answer("Vad kostar Coompanions rådgivning?")
    assert answer.grounded
    assert any("kostnadsfri" in c.quote for c in answer.citations)


def test_the_shipped_models_load_and_match_the_default_embedding_model(kb_services):
    model = GroundingModel.load()
    assert model is not None and kb_services.answers.grounding is not None
    assert model.embedding_model == kb_services.knowledge.retriever.embedder.name
    assert 0 < model.cite_threshold <= 1 and 0 < model.answer_threshold < 1
    assert model.fitted_on["answerable"] > 100 and model.fitted_on["out_of_scope"] > 30


def test_models_fitted_on_other_features_are_not_used(tmp_path):
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["passage_features"] = data["passage_features"][:-1]
    stale = tmp_path / "grounding.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    assert GroundingModel.load(stale) is None
    assert GroundingModel.load(tmp_path / "missing.json") is None
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert GroundingModel.load(tmp_path / "broken.json") is None


def test_another_embedding_model_falls_back_to_the_rules(kb_services):
    """The dense signal means something else for another model: the hand-set rules decide instead."""
    shipped = GroundingModel.load()
    other = AnswerService(kb_services.knowledge, kb_services.contacts, grounding=replace(shipped, embedding_model="other"))
    rules = AnswerService(kb_services.knowledge, kb_services.contacts)
    rules.grounding = None
    question = "Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?"
    assert other.answer(question).citations == rules.answer(question).citations
    assert other.answer(question).grounded
    # A question the two decide differently shows which one decided: the fitted models answer it.
    typed_fast = "vad lovar lulea komun att göra för socilaa företag i policyn"
    assert kb_services.answers.answer(typed_fast).grounded
    assert not other.answer(typed_fast).grounded and not rules.answer(typed_fast).grounded


def test_the_fitted_weights_read_with_numpy_agree_with_scikit_learn():
    from benchmarks.fit_grounding import fit_logistic

    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] - 0.5 * x[:, 1] > 0).astype(float)
    model = fit_logistic(x, y, l2=0.1)
    assert model.coef[0] > 0 > model.coef[1]
    assert ((model(x) > 0.5) == (y == 1)).mean() > 0.95


def test_refitting_gives_models_that_cite_and_refuse_and_survive_a_round_trip(kb_services, tmp_path):
    """The fitting procedure end to end, on the held-out questions: what `benchmarks.fit_grounding` does."""
    from benchmarks.fit_grounding import collect, fit, rates, score
    from bot.answers.grounding import PASSAGE_FEATURES, QUESTION_FEATURES
    from support import HELDOUT

    examples, counts = collect(kb_services, [HELDOUT])
    assert counts["answerable"] > 30 and counts["out_of_scope"] >= 5
    passage, question, answer_at, cite_at = fit(examples, question_l2=3.0)
    figures = rates(score(examples, passage, question), answer_at, cite_at)
    assert figures["gold_cited"] >= 0.8 and figures["refused"] >= 0.8, figures
    model = GroundingModel("m", list(PASSAGE_FEATURES), list(QUESTION_FEATURES), passage, question, answer_at, cite_at, counts)
    model.save(tmp_path / "grounding.json")
    assert GroundingModel.load(tmp_path / "grounding.json") == model


def test_the_answer_quotes_the_sentence_that_states_the_fact_asked_for(kb_services):
    answer = kb_services.answers.answer("Hur många medlemmar behövs för att starta en ekonomisk förening?")
    assert answer.grounded
    assert "minst 3 medlemmar" in answer.body  # not only sentences about members in general


def test_leave_one_document_out_scores_each_document_with_a_fit_that_never_saw_it(kb_services):
    """The generalisation figure `make bench` prints for "a new document", end to end on the held-out questions."""
    import benchmarks.fit_grounding as fitting
    from support import HELDOUT

    examples, _ = fitting.collect(kb_services, [HELDOUT])
    folds = fitting.document_folds(examples)
    assert sorted(i for fold in folds.values() for i in fold) == list(range(len(examples)))  # each question once
    for document, fold in folds.items():
        assert all(document in examples[i].documents for i in fold if examples[i].answerable)
    seen: list[set[str]] = []
    real_fit = fitting.fit

    def watching_fit(training, l2):
        seen.append({e.question for e in training})
        return real_fit(training, l2)

    fitting.fit = watching_fit
    try:
        overall, by_document = fitting.leave_one_document_out(examples, question_l2=3.0)
    finally:
        fitting.fit = real_fit
    assert set(by_document) == set(folds) and len(seen) == len(folds)
    for (document, fold), trained_on in zip(folds.items(), seen):
        about = {e.question for e in examples if document in e.documents}
        assert not trained_on & about, document  # no question about the document reached its fit
    assert overall["questions"] == len(examples)
    assert overall["gold_cited"] >= 0.5 and overall["refused"] >= 0.5, overall


def test_the_decision_holds_without_the_domain_word_lists(kb_services):
    """With knowledge/lexicon/ switched off, Sofia still finds and cites what is asked in Swedish (English
    leans on the English-to-Swedish terms: `make bench` shows how much)."""
    from bot.services import build_services

    bare = build_services(kb_services.settings.model_copy(update={"word_lists": False}),
                          embedder=kb_services.knowledge.embedder)
    assert bare.knowledge.retriever.lexical.analyzer.lexicon.size == 0
    for question, words in (
        ("Vem samordnar arbetet med social ekonomi i Timrå?", "Arbetsmarknadsenheten samordnar"),
        ("Erbjuder Uppsala anbudsskola för sociala företag?", "anbudsskola"),
    ):
        answer = bare.answers.answer(question)
        assert answer.grounded and any(words in c.quote for c in answer.citations), (question, answer.text)
    assert not bare.answers.answer("Hur blir vädret i Luleå i morgon?").grounded
    # An English question whose words have no Swedish counterpart is found by the dense side.
    for question, document in (
        ("Is there a special company form just for work-integration social enterprises?", "foretagsformer"),
        ("What do social enterprises typically do with their surplus, according to Timrå's policy?",
         "timra-policy-social-ekonomi"),
    ):
        assert bare.knowledge.retriever.search(question, k=1)[0].chunk.document == document, question


def test_an_answer_in_one_sentence_counts_for_more_than_the_words_spread_over_several(kb_services):
    from bot.answers.grounding import _sentence_coverage
    from bot.models import Chunk, Hit

    retriever = kb_services.knowledge.retriever
    query = retriever.prepare("Vem ansvarar för upphandlingen av arbetsträning?", "sv")
    weights = [(t, retriever.lexical.term_weight(t)) for t in query.terms]
    weights = [(t, w) for t, w in weights if w > 0]
    together = Chunk("a", "doc", "Rubrik\nKommunstyrelsen ansvarar för upphandlingen av arbetsträning.", "Rubrik", 0)
    spread = Chunk("b", "doc", "Rubrik\nKommunstyrelsen ansvarar för mycket. Upphandlingen görs årligen. "
                   "Arbetsträning erbjuds av många.", "Rubrik", 1)
    one, several = (_sentence_coverage(retriever.lexical, weights, Hit(c, 1.0)) for c in (together, spread))
    assert one > several > 0


def test_the_sections_offered_come_likeliest_first(kb_services):
    """When Sofia is not sure, she offers the sections in the order the passage model weighs them,
    not in the search's: whatever the model likes best comes first."""
    from bot.answers.grounding import signals

    shipped = GroundingModel.load()
    contrary = replace(shipped.passage, coef=[-c for c in shipped.passage.coef], bias=-shipped.passage.bias)
    unsure = replace(shipped, passage=contrary, answer_threshold=1.01, suggest_threshold=0.0)
    service = AnswerService(kb_services.knowledge, kb_services.contacts, grounding=unsure)
    question = "Kan kommunen ge oss ett startbidrag?"
    query, hits = service.search(question, "sv")
    retriever = kb_services.knowledge.retriever
    likeliest = int(np.argmax(contrary(signals(query, hits, retriever).passages)))
    assert likeliest > 0  # the contrary model disagrees with the search about which passage comes first

    answer = service.answer(question)
    assert answer.kind == "not_sure"
    first = answer.suggestions[0]
    assert (first.document, first.section) == (hits[likeliest].chunk.document, hits[likeliest].chunk.section)
