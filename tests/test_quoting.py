"""What an answer quotes: a fact about what was asked, a list whole, a caveat kept."""

from __future__ import annotations

from bot.answers.answer_types import fact_about
from bot.search.municipalities import names_in
from bot.answers.compose.extractive import MAX_LIST_ITEMS, units

KAMMARKOLLEGIET = (
    "Organisationen måste vara registrerad i ett register som Kammarkollegiet för. "
    "Avgiften för registreringen är 12 000 kr."
)


def test_a_fee_for_one_body_does_not_answer_a_question_about_another():
    assert not fact_about("amount", KAMMARKOLLEGIET, {"bolagsverket"})
    assert fact_about("amount", KAMMARKOLLEGIET, {"kammarkollegiet"})
    assert fact_about("amount", KAMMARKOLLEGIET, set())  # no body named: stating a fee is enough
    assert fact_about(None, "Inget belopp alls.", {"bolagsverket"})  # no fact asked for


def test_the_heading_counts_as_saying_what_a_fact_is_about():
    assert fact_about("amount", "Avgiften är 1 000 kr.", {"bolagsverket"}, heading="Registrering hos Bolagsverket")


def test_names_are_the_words_a_corpus_capitalises_inside_sentences():
    names = names_in(["Föreningen registreras hos Bolagsverket. Coompanion ger råd.", "Det finns tre former."])
    assert {"bolagsverket"} <= names and "det" not in names and "föreningen" not in names


def test_a_list_and_the_sentence_leading_into_it_belong_together():
    passage = "Inledning här.\n\nDet finns tre former:\n\n- den första,\n- den andra,\n- den tredje.\n\nEfteråt något annat."
    parts = units(passage)
    grouped = [u for u, g in parts if g is not None]
    assert grouped == ["Det finns tre former:", "den första,", "den andra,", "den tredje."]
    assert [g for u, g in parts if u in ("Inledning här.", "Efteråt något annat.")] == [None, None]


def test_an_answer_from_a_list_quotes_the_whole_list_and_its_caveat(kb_services):
    answer = kb_services.answers.answer("Vilka former av lönebidrag finns det?")
    assert answer.grounded
    for form in ("lönebidrag för utveckling i anställning", "lönebidrag för anställning", "lönebidrag för trygghet i anställning"):
        assert form in answer.body


def test_a_fact_marked_as_possibly_out_of_date_keeps_its_caveat(kb_services):
    answer = kb_services.answers.answer("Vad heter lönebidragen nu, lönestöd eller lönebidrag?")
    assert answer.grounded
    assert "⚠" in answer.body and "inaktuell" in answer.body


def test_a_long_list_says_that_it_goes_on(kb_services):
    from bot.answers.compose.extractive import best_sentences
    from bot.models import Chunk, Hit

    items = "\n".join(f"- punkt nummer {i} om lokaler," for i in range(MAX_LIST_ITEMS + 4))
    chunk = Chunk(id="x", document="d", text=f"Stödet omfattar:\n\n{items}", section="S", position=0, meta={"title": "T"})
    lexical = kb_services.knowledge.retriever.lexical
    quoted = best_sentences(Hit(chunk, 1.0), lexical.analyzer.query_terms("Vad omfattar stödet?"), lexical, limit=1)
    assert quoted[0] == "Stödet omfattar:"
    assert quoted[-1] == "(… och 4 till i källan)"
    assert len(quoted) == MAX_LIST_ITEMS + 2


def test_every_chosen_passage_is_quoted_even_after_a_long_list(kb_services):
    from bot.answers.compose.extractive import ExtractiveComposer
    from bot.models import Chunk, Hit

    items = "\n".join(f"- punkt nummer {i} om lokaler," for i in range(6))
    listed = Chunk(id="a", document="d", text=f"Stödet omfattar:\n\n{items}", section="S", position=0, meta={"title": "T"})
    other = Chunk(id="b", document="e", text="Stödet söks hos arbetsmarknadsenheten.", section="Ansökan", position=0,
                  meta={"title": "U"})
    lexical = kb_services.knowledge.retriever.lexical
    terms = lexical.analyzer.query_terms("Vad omfattar stödet och var söks det?")
    body, citations = ExtractiveComposer(lexical).compose([Hit(listed, 1.0), Hit(other, 0.9)], terms, "sv", max_sentences=4)
    assert [c.document for c in citations] == ["d", "e"]
    assert "punkt nummer 5" in body and "Stödet söks hos arbetsmarknadsenheten. [2]" in body
