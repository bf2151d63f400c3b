"""Bad input gets a clear, friendly answer, never a traceback."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "message, kind, says",
    [
        ("", "invalid", "inget meddelande"),
        ("   \n\t ", "invalid", "inget meddelande"),
        ("🙂🙂🎉", "invalid", "inga ord"),
        ("?!?!... ---", "invalid", "inga ord"),
        ("x" * 20_000, "invalid", "för långt"),
        ("Wie gründe ich ein Sozialunternehmen in der Stadt?", "invalid", "svenska och engelska"),
        ("كيف أبدأ شركة اجتماعية؟", "invalid", "svenska och engelska"),
        # A Swedish place name in another language's question does not make the question Swedish.
        ("Qu'est-ce qu'une entreprise sociale à Luleå ?", "invalid", "svenska och engelska"),
        ("¿Qué es una empresa social en Luleå?", "invalid", "svenska och engelska"),
    ],
)
def test_unanswerable_messages_get_a_friendly_reply(kb_services, message, kind, says):
    answer = kb_services.answers.answer(message)
    assert answer.kind == kind and says in answer.text
    assert not answer.grounded and not answer.citations


@pytest.mark.parametrize(
    "message",
    [
        "<script>alert('x')</script> Vem ansvarar i Luleå?",
        "'; DROP TABLE users; -- vem ansvarar?",
        "Vem\x00 ansvarar\x1b[31m för\u200b sociala företag i Luleå?",
        "a" * 3000 + " Vem ansvarar för sociala företag i Luleå?",
    ],
)
def test_odd_text_is_answered_as_text(kb_services, message):
    answer = kb_services.answers.answer(message)
    assert answer.text
    assert answer.kind in ("answer", "not_sure", "not_found")  # searched as a question, not turned away
    assert "\x00" not in answer.text and "\x1b" not in answer.text


def test_control_characters_do_not_hide_the_question(kb_services):
    answer = kb_services.answers.answer("Vem\x00 har det\u200b övergripande ansvaret för socialt företagande i Luleå?")
    assert answer.grounded and "Kommunstyrelsen" in answer.body


def test_english_hint_for_emoji_only(kb_services):
    answer = kb_services.answers.answer("👍", language_hint="en")
    assert answer.language == "en" and "any words" in answer.text


def test_personal_data_in_a_question_does_not_hide_the_answer(kb_services):
    plain = kb_services.answers.answer("Vem samordnar arbetet med social ekonomi i Timrå?")
    with_data = kb_services.answers.answer(
        "Vem samordnar arbetet med social ekonomi i Timrå? Ring mig på 070-123 45 67 eller anna@example.se"
    )
    assert with_data.kind in ("answer", "handoff")
    if with_data.kind == "answer":
        assert [c.document for c in with_data.citations] == [c.document for c in plain.citations]
    question = kb_services.answers.answer("Vem samordnar arbetet med social ekonomi i Timrå? Mitt personnummer är 850101-1234")
    assert question.grounded and question.citations[0].document == plain.citations[0].document
