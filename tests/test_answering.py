"""Answers a user would read: grounded with numbered sources, honest when the documents are silent."""

from __future__ import annotations

import re
import time

from bot.models import Turn


def _ask(kb_services, question, **kw):
    return kb_services.answers.answer(question, **kw)


def test_grounded_answer_quotes_the_document_with_numbered_sources(kb_services):
    answer = _ask(kb_services, "Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?")
    assert answer.grounded and not answer.handoff and answer.kind == "answer"
    assert "Kommunstyrelsen har det övergripande ansvaret" in answer.body
    assert "[1]" in answer.body
    first = answer.citations[0]
    assert (first.document, first.municipality, first.section, first.date) == (
        "lulea-policy-socialt-foretagande", "Luleå", "Ansvarsfördelning", "2011-04-26")
    assert "Källor:" in answer.text
    assert "[1] Policy – Socialt företagande, Luleå, avsnitt «Ansvarsfördelning», 2011-04-26" in answer.text
    # every [n] in the text refers to a citation
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.body)}
    assert numbers == {c.number for c in answer.citations}


def test_english_question_gets_english_frame_and_swedish_quote(kb_services):
    answer = _ask(kb_services, "Who is responsible for following up Luleå's social enterprise policy?")
    assert answer.grounded and answer.language == "en"
    assert "says (quoted in Swedish)" in answer.body
    assert "Arbetsmarknadsförvaltningen ansvarar för uppföljningen" in answer.body
    assert "Sources:" in answer.text


def test_a_table_that_holds_every_word_asked_about_answers(kb_services):
    answer = _ask(kb_services, "Vem tog fram Ljungbys policy?")
    assert answer.grounded
    assert "Sunnerbo Samordningsförbund" in answer.body


def test_lower_case_without_diacritics_is_understood(kb_services):
    answer = _ask(kb_services, "hur ofta ska timras policy revideras")
    assert answer.grounded and answer.municipality == "Timrå"
    assert any("revideras varje mandatperiod" in c.quote for c in answer.citations)


def test_out_of_scope_says_so_and_points_to_people(kb_services):
    for question in ("Vad kostar ett nytt pass hos polisen?", "What is the weather in Stockholm tomorrow?"):
        answer = _ask(kb_services, question)
        assert not answer.grounded and answer.kind == "not_found" and not answer.citations
        assert "Coompanion" in answer.text and "Arbetsförmedlingen" in answer.text
    assert "hittar jag inget svar" in _ask(kb_services, "Vad kostar ett nytt pass hos polisen?").text
    assert "can't find an answer" in _ask(kb_services, "What is the weather in Stockholm tomorrow?").text


def test_a_question_on_the_documents_topics_they_may_not_answer_gets_sections_to_open(kb_services):
    # Far below the answer bar, but as close to the documents as almost every question they answer.
    for question in ("Kan kommunen ge oss ett startbidrag?", "Hur skriver man en affärsplan för ett socialt företag?"):
        answer = _ask(kb_services, question)
        assert not answer.grounded and answer.kind == "not_sure" and not answer.citations
        assert answer.text.startswith("Jag är inte säker på att dokumenten svarar på exakt det.")
        assert len(answer.suggestions) >= 2 and "1. " in answer.text


def test_how_many_is_not_answered_without_an_amount(kb_services):
    answer = _ask(kb_services, "Hur många sociala företag finns det i Luleå idag?")
    assert not answer.grounded


def test_requests_for_a_person_are_recognised_in_both_languages(kb_services):
    for question in (
        "Jag vill prata med en människa om mitt företag",
        "Kan någon ringa upp mig?",
        "I want to talk to a real person about my case",
        "Can I speak with someone at the municipality?",
        "Finns det någon jag kan ringa?",
        "Jag vill inte prata med en bot",
        "Skicka mitt ärende till en handläggare",
        "How do I get in touch with a caseworker?",
        "Jag vill ha ett personligt möte",
    ):
        answer = _ask(kb_services, question, municipality="Uppsala")
        assert answer.handoff and answer.kind == "handoff", question
        assert "Uppsala" in answer.text and "Coompanion" in answer.text


def test_questions_about_contact_persons_are_answered_not_handed_off(kb_services):
    why = _ask(kb_services, "Varför är det bra med en kontaktperson i kommunen för sociala företag?")
    assert why.grounded and not why.handoff
    who = _ask(kb_services, "Vem är min kontaktperson i Uppsala?")
    assert who.kind == "contact" and not who.handoff
    assert "Helmer Linda" in who.text and who.citations


def test_greetings_and_thanks_get_a_short_reply_without_search(kb_services):
    hello = _ask(kb_services, "Hej!")
    assert hello.kind == "smalltalk" and "Sofia" in hello.text and not hello.citations
    assert _ask(kb_services, "thanks!").language == "en"
    assert _ask(kb_services, "Tack så mycket").text.startswith("Varsågod")


def test_follow_up_is_read_with_the_question_before(kb_services):
    first = "Vem samordnar arbetet med sociala företag i Luleå?"
    history = [Turn("user", first, "Luleå", time.time()), Turn("assistant", "…", "Luleå", time.time())]
    follow = _ask(kb_services, "och i Timrå då?", history=history)
    assert follow.municipality == "Timrå"
    assert follow.grounded and follow.citations[0].municipality == "Timrå"
    stale = [Turn("user", first, "Luleå", time.time() - 7200)]
    assert _ask(kb_services, "och i Timrå då?", history=stale).resolved_question != follow.resolved_question


def test_staff_see_more_passages(kb_services):
    founder = _ask(kb_services, "Vad säger dokumenten om reserverade kontrakt i upphandling?")
    staff = _ask(kb_services, "Vad säger dokumenten om reserverade kontrakt i upphandling?", staff=True)
    assert len(staff.citations) >= len(founder.citations)
    assert len({c.document for c in staff.citations}) >= 2


def test_a_municipality_without_documents_is_said_plainly(kb_services):
    answer = _ask(kb_services, "Kan kommunen reservera upphandlingar för sociala företag i Göteborg?")
    assert answer.grounded and answer.text.startswith("Jag har inga dokument från Göteborg.")
    assert all(c.municipality is None for c in answer.citations)  # general guidance, not another town's policy


def test_what_a_municipality_without_documents_decided_is_not_answered_from_others(kb_services):
    answer = _ask(kb_services, "Vad säger Sundsvalls kommuns policy om upphandling från sociala företag?")
    assert not answer.grounded and not answer.citations
    assert answer.text.startswith("Jag har inga dokument från Sundsvall, så vad som gäller där kan jag inte säga.")
    assert answer.suggestions  # the closest sections, to open
    english = _ask(kb_services, "What does Östersund's policy say about social enterprises?")
    assert not english.grounded and english.text.startswith("I have no documents from Östersund")
    # Off the documents' topics: said plainly, nothing offered.
    weather = _ask(kb_services, "Vad blir vädret i Sundsvalls kommun i helgen?")
    assert not weather.grounded and not weather.suggestions


def test_a_municipality_is_told_from_a_place_in_it():
    from bot.search.glossary import general
    from bot.search.municipalities import MunicipalityFinder

    finder = MunicipalityFinder(["Luleå"], others=general().municipalities)
    assert finder.owned_by("Har Östersunds kommun någon policy?", "Östersund")
    assert finder.owned_by("What does Sundsvall's policy say?", "Sundsvall")
    assert finder.owned_by("Vad står i Göteborgs stads riktlinjer?", "Göteborg")
    assert not finder.owned_by("Hur startar jag en förening i Östersund?", "Östersund")
    assert not finder.owned_by("Is there a cooperative in Sundsvall?", "Sundsvall")


def test_a_municipality_chosen_after_a_question_wins_over_the_history(kb_services):
    import io

    from bot.channels.terminal import TerminalChat

    script = ("Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?\n"
              "/kommun Uppsala\nFinns det anbudsskola?\n")
    out = io.StringIO()
    TerminalChat(kb_services, stdin=io.StringIO(script), stdout=out).run()
    last = out.getvalue().split("Vald kommun: Uppsala")[-1]
    assert "Uppsala" in last and "Luleå" not in last
