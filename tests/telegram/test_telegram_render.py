"""Rendering: escaped HTML that Telegram accepts, split below 4,096 characters at good boundaries."""

from __future__ import annotations

import pytest

from bot.channels.telegram import keyboards, render
from bot.channels.telegram.texts import COMMANDS, TEXTS, language_of, t
from bot.models import Answer, Citation
from telegram_html import MAX_MESSAGE_LENGTH, HTMLError, parse_html, utf16_length

HOSTILE = "a < b && c > d </b> <i>kursiv</i> &amp; &lt; \"citat\" 'apostrof' <tg-spoiler>"


def visible(parts: list[str]) -> list[str]:
    """What Telegram shows for each message; fails like Telegram on broken markup or length."""
    out = []
    for part in parts:
        text = parse_html(part)
        assert 0 < utf16_length(text) <= MAX_MESSAGE_LENGTH
        out.append(text)
    return out


def citation(n: int = 1, **fields) -> Citation:
    base = dict(number=n, document="doc", title="Titel", municipality="Luleå", section="Ansvar",
                date="2011-04-26", quote="Kommunstyrelsen har ansvaret.")
    return Citation(**{**base, **fields})


def test_the_checker_refuses_what_telegram_refuses():
    for bad in ("<b>x", "x</b>", "<div>x</div>", "a < b", "a & b", "<b><i>x</b></i>"):
        with pytest.raises(HTMLError):
            parse_html(bad)
    assert parse_html("<b>a</b> &lt;&amp;&gt; <blockquote>q</blockquote>") == "a <&> q"


def test_hostile_text_is_shown_exactly():
    assert visible(render.fragments(HOSTILE)) == [HOSTILE]
    wrapped = render.fragments(HOSTILE, lambda s: f"<blockquote>{s}</blockquote>")
    assert visible(wrapped) == [HOSTILE]


def test_long_text_is_split_at_paragraph_boundaries():
    paragraphs = [f"Stycke {i}. " + "ord " * 150 for i in range(40)]
    parts = render.fragments("\n\n".join(paragraphs))
    assert len(parts) > 1
    shown = visible(parts)
    for text in shown:
        assert text.startswith("Stycke ")
        assert text.endswith("ord")
    assert "\n\n".join(shown).split() == "\n\n".join(paragraphs).split()


def test_a_paragraph_longer_than_a_message_is_split_at_sentences():
    paragraph = " ".join(f"Mening nummer {i} om sociala företag & kommunen." for i in range(300))
    shown = visible(render.fragments(paragraph))
    assert len(shown) > 1
    assert all(text.endswith("kommunen.") for text in shown)
    assert " ".join(shown) == paragraph


def test_text_without_boundaries_and_escaping_growth_still_fits():
    for text in ("x" * 9000, "&" * 5000, "<" * 5000, "🙂" * 5000):
        shown = visible(render.fragments(text))
        assert "".join(shown) == text


def test_pack_never_splits_a_block():
    blocks = [f"<b>{i}</b> " + "y" * 900 for i in range(10)]
    messages = render.pack(blocks)
    assert len(messages) == 3
    assert [b for m in messages for b in m.split("\n\n")] == blocks


def test_an_answer_shows_its_sources_after_the_body():
    answer = Answer(
        question="q", text="", grounded=True, handoff=False, body=f"Svar om {HOSTILE} [1]",
        citations=[citation(title="Policy <b>X</b> & Y")], language="sv",
    )
    [shown] = visible(render.answer_messages(answer, "sv"))
    assert shown == (
        f"Svar om {HOSTILE} [1]\n\nKällor\n[1] Policy <b>X</b> & Y, Luleå, avsnitt «Ansvar», 2011-04-26"
    )


def test_a_long_answer_is_split_and_keeps_its_sources():
    body = "\n\n".join(f"Stycke {i} [1]. " + "text " * 200 for i in range(8))
    answer = Answer(question="q", text="", grounded=True, handoff=False, body=body, citations=[citation()])
    shown = visible(render.answer_messages(answer, "sv"))
    assert len(shown) >= 2
    assert shown[-1].endswith("[1] Titel, Luleå, avsnitt «Ansvar», 2011-04-26")


def test_sources_quote_each_passage_with_document_section_and_date():
    cites = [citation(1, quote=HOSTILE), citation(2, title="Handlingsplan", municipality="Uppsala",
                                                   section="Uppföljning", date="2018-09-05", quote="Planen följs upp.")]
    [shown] = visible(render.sources_messages(cites, "sv"))
    assert shown == (
        "Källor\n\n[1] Titel, Luleå, avsnitt «Ansvar», 2011-04-26\n" + HOSTILE
        + "\n\n[2] Handlingsplan, Uppsala, avsnitt «Uppföljning», 2018-09-05\nPlanen följs upp."
    )
    assert render.sources_messages([], "en") == [t("en", "no_sources")]


def test_long_quotes_are_split_into_whole_blockquotes():
    quote = "\n\n".join("Lång mening om stöd. " * 40 for _ in range(8))
    parts = render.sources_messages([citation(quote=quote)], "sv")
    visible(parts)
    assert len(parts) > 1
    assert all(p.count("<blockquote>") == p.count("</blockquote>") >= 1 for p in parts)


def test_documents_list_one_line_each():
    docs = [{"document": "a", "title": "Policy <A>", "municipality": "Luleå", "date": "2011-04-26"},
            {"document": "b", "title": None, "municipality": None, "date": None}]
    [shown] = visible(render.documents_messages(docs, "sv"))
    assert shown == "Dokument jag svarar utifrån (2 st)\n• Policy <A> – Luleå, 2011-04-26\n• b – allmänt, odaterat"


def test_reindex_report_lists_unreadable_files_escaped():
    class Report:
        failed = [("trasig<1>.pdf", "krypterad & låst")]

        def __str__(self) -> str:
            return "0 added, 1 failed"

    [shown] = visible(render.reindex_messages(Report(), "sv"))
    assert shown == "✅ Omindexering klar: 0 added, 1 failed\nKunde inte läsas: trasig<1>.pdf (krypterad & låst)"


def test_keyboards_carry_short_callback_data():
    names = ["Luleå", "Ö" * 40]  # the second would not fit in 64 bytes: left out
    markup = keyboards.municipalities(names, "sv")
    labels = [[b.text for b in row] for row in markup.inline_keyboard]
    assert labels == [["Luleå"], ["En annan kommun"]]
    answer = keyboards.answer(123456789, "en", sources=True, vote=-1)
    assert [[b.text for b in row] for row in answer.inline_keyboard] == [["Sources", "👍", "👎 ✓"], ["Talk to a person"]]
    for row in answer.inline_keyboard:
        assert all(len(b.callback_data.encode()) <= 64 for b in row)
    assert [[b.text for b in row] for row in keyboards.answer(1, "sv", sources=False).inline_keyboard][0] == ["👍", "👎"]


def test_texts_escape_values_and_match_across_languages():
    assert t("sv", "municipality_chosen", municipality="<Å&Ä>").startswith("✅ Kommun: <b>&lt;Å&amp;Ä&gt;</b>.")
    assert set(TEXTS["sv"]) == set(TEXTS["en"])
    for language in TEXTS:
        for key, template in TEXTS[language].items():
            if not key.startswith(("btn_", "bot_")):
                parse_html(template)  # every template is valid Telegram HTML
    assert language_of(None, "en-US") == "en"
    assert language_of(None, "ar") == "sv"
    assert language_of(None, None) == "sv"
    assert language_of("en", "sv") == "en"
    assert all(len(description) <= 256 for command in COMMANDS for description in command[2:])
