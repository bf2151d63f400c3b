"""Document text full of <, > and & reaches people intact, and long replies are split to fit.

A small knowledge base of its own: one municipality whose policies and contact details are written
to break naive HTML, with titles long enough that the list of documents needs several messages.
"""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from bot.channels.telegram import build_application, polling
from bot.config import Settings
from bot.services import build_services
from telegram_harness import STAFF_ID
from telegram_html import MAX_MESSAGE_LENGTH, utf16_length

TITLE = 'Policy <b>Testby</b> & "bidrag"'
# A long subtitle: ten of these make the list of documents longer than one message.
SUBTITLE = " – om bidrag till arbetsintegrerande sociala företag" * 9
RULE = "Testby kommun ger bidrag < 5 000 kr & > 2 000 kr till arbetsintegrerande sociala företag"
CONTACT = "Kim <admin> & Co"

SECTION = (
    "{rule}, enligt beslut nr {n} i kommunstyrelsen. Bidraget <i>söks</i> hos näringslivsenheten "
    "& beslutas inom fyra veckor. Ett arbetsintegrerande socialt företag som får bidrag ska redovisa "
    "hur bidraget använts, hur många som fått arbete och vilka insatser som gjorts för dem som står "
    "långt från arbetsmarknaden. Uppföljningen sker varje år </b> och rapporteras till "
    "kommunstyrelsen tillsammans med en plan för nästa år. Företaget ska också beskriva samverkan "
    "med Arbetsförmedlingen, Coompanion och föreningslivet i Testby."
)


@pytest.fixture(scope="module")
def hostile_core(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("hostile")
    knowledge = root / "knowledge"
    (knowledge / "policies").mkdir(parents=True)
    for n in range(1, 11):
        (knowledge / "policies" / f"testby-bidrag-{n}.md").write_text(
            textwrap.dedent(f"""\
                ---
                title: '{TITLE} {n}{SUBTITLE}'
                municipality: "Testby"
                document_type: "policy"
                date: "2024-02-{n + 10}"
                ---

                # {TITLE} {n}

                ## Bidrag del {n}

                """) + SECTION.format(rule=RULE, n=n) + "\n",
            encoding="utf-8",
        )
    (knowledge / "contacts.yaml").write_text(
        textwrap.dedent(f"""\
            municipalities:
              Testby:
                contact: {{name: "{CONTACT}", email: "kim@testby.se"}}
            actors:
              Coompanion:
                description: "Rådgivning <gratis> & stöd"
            """),
        encoding="utf-8",
    )
    settings = Settings(_env_file=None, data_dir=root / "data", knowledge_dir=knowledge)
    return build_services(settings, embedder=embedder)


@pytest.fixture
async def hostile_bot(hostile_core, server, tmp_path):
    settings = hostile_core.settings.model_copy(update={"data_dir": tmp_path, "staff_ids": frozenset({STAFF_ID})})
    services = dataclasses.replace(hostile_core, settings=settings)
    application = build_application(services, base_url=server.base_url, token=server.token)
    async with polling(application):
        yield application


def assert_fits(messages) -> None:
    for message in messages:
        assert 0 < utf16_length(message.text) <= MAX_MESSAGE_LENGTH
        assert len(message.html) < 4096


async def test_document_text_is_escaped_everywhere(hostile_bot, server):
    anna = server.user("Anna")
    anna.send("/start")
    _, picker = await anna.receive(2)
    assert picker.buttons[0] == ["Testby"]
    anna.press("Testby", picker)
    await server.until(lambda: picker.edits)

    anna.send("Vilket bidrag ger Testby till arbetsintegrerande sociala företag?")
    [answer] = await anna.receive()
    assert "bidrag < 5 000 kr & > 2 000 kr" in answer.text
    assert "&lt; 5 000 kr &amp; &gt; 2 000 kr" in answer.html
    assert f"[1] {TITLE}" in answer.text

    anna.press("Källor", answer)
    [sources] = await anna.receive()
    assert f"[1] {TITLE}" in sources.text and ", Testby, avsnitt «Bidrag del" in sources.text
    assert "<i>söks</i>" in sources.text and "</b>" in sources.text

    anna.send("/kontakt")
    [contacts] = await anna.receive()
    assert CONTACT in contacts.text
    assert "Rådgivning <gratis> & stöd" in contacts.text

    assert server.sent("sendMessage", outcome="400") == []


async def test_long_lists_are_split_below_the_limit_between_lines(hostile_bot, server):
    anna = server.user("Anna")
    anna.send("/om")
    await server.until(lambda: sum(m.text.count("• ") for m in anna.unread()) == 10, what="all ten documents")
    parts = anna.unread()
    assert len(parts) >= 2
    assert_fits(parts)
    assert parts[0].text.startswith("Dokument jag svarar utifrån (10 st)")
    lines = [line for part in parts for line in part.text.split("\n")][1:]
    assert sorted(lines) == sorted(f"• {TITLE} {n}{SUBTITLE} – Testby, 2024-02-{n + 10}" for n in range(1, 11))
    assert server.sent("sendMessage", outcome="400") == []
