"""Staff keep the knowledge current from Telegram: sending documents, /dokument, dates, notices.

Each test runs the real bot against the loopback Bot API server over a small knowledge folder of
its own (Ljungby's policy, Uppsala's plan, the contacts), so adding and removing documents never
touches the session's shared index.
"""

from __future__ import annotations

from contextlib import closing

import pytest

from bot.channels.telegram import build_application, polling
from bot.services import build_services
from bot.records.store import Store
from files import docx_file, pdf_bytes
from support import make_settings, small_knowledge
from telegram_harness import STAFF_ID, settle

LOKAL_PDF = pdf_bytes([
    "Riktlinje för lokalstöd till sociala företag",
    "Beslutad av kommunfullmäktige 2025-03-10",
    "Revideras senast 2024-06-30",
    "Kommunen erbjuder arbetsintegrerande sociala företag hyresfria lokaler i upp till två år.",
    "Ansökan om lokal görs hos fastighetsavdelningen.",
])
NEW_LJUNGBY = (
    "# Policy – Gällande sociala företag\n\nLjungby kommun.\n\nAntagen av kommunfullmäktige 2026-10-01.\n\n"
    "Revideras senast 2030-01-01.\n\n## Startbidrag\n\nKommunen ger varje nytt socialt företag ett startbidrag "
    "på 40 000 kronor under det första verksamhetsåret.\n"
)


@pytest.fixture
def small_services(tmp_path, embedder):
    knowledge = small_knowledge(tmp_path)
    settings = make_settings(tmp_path / "data", knowledge, staff_ids=frozenset({STAFF_ID}))
    return build_services(settings, embedder=embedder)


@pytest.fixture
async def library_bot(server, small_services):
    application = build_application(small_services, base_url=server.base_url, token=server.token)
    async with polling(application):
        yield application


def lines_of(message) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in message.text.splitlines() if ": " in line)


async def add(staff, server, data: bytes, name: str, mime: str, municipality: str | None = None):
    """Send a file, optionally change the municipality, press Spara; the messages that report it."""
    staff.send_document(data, name, mime)
    [proposal] = await staff.receive()
    if municipality:
        staff.press("Byt kommun", proposal)
        await server.until(lambda: proposal.button_data(municipality))
        staff.press(municipality, proposal)
        await server.until(lambda: f"Kommun: {municipality}" in proposal.text)
    staff.press("✅ Spara", proposal)
    [added, *rest] = await staff.receive(3, timeout=120)
    return proposal, added, rest


async def test_staff_add_a_pdf_and_a_word_file_and_founders_are_answered_from_them(library_bot, server, small_services, tmp_path):
    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send_document(LOKAL_PDF, "../../etc/passwd.pdf")
    [proposal] = await staff.receive()
    found = lines_of(proposal)
    assert (found["Titel"], found["Kommun"]) == ("Riktlinje för lokalstöd till sociala företag", "–")
    assert (found["Beslutad"], found["Beslutad av"], found["Revideras senast"]) == ("2025-03-10", "Kommunfullmäktige", "2024-06-30")
    assert "Kommunen erbjuder arbetsintegrerande sociala företag hyresfria lokaler" in proposal.text  # the excerpt
    assert server.downloads == ["documents/file_1"]  # fetched from the configured Bot API server

    staff.press("Byt kommun", proposal)
    await server.until(lambda: proposal.button_data("Timrå"))
    staff.press("Timrå", proposal)
    await server.until(lambda: "Kommun: Timrå" in proposal.text)
    staff.press("✅ Spara", proposal)
    added, sample_intro, sample = await staff.receive(3, timeout=120)
    assert proposal.text.startswith("Sparar och indexerar «Riktlinje för lokalstöd till sociala företag»")
    assert added.text.startswith("✅ «Riktlinje för lokalstöd till sociala företag» är tillagt: 1 textavsnitt.")
    assert "enligt dokumentet skulle det ha reviderats senast 2024-06-30" in added.text
    assert sample_intro.text.startswith("Exempel. På frågan Vad säger Timrå om")
    assert "Riktlinje för lokalstöd till sociala företag, Timrå" in sample.text

    word = docx_file(tmp_path / "upload.docx", "Handlingsplan för upphandling", [
        "Ljungby kommun", "Antagen av kommunstyrelsen 2025-09-01", "Revideras senast 2028-12-31",
        "Kommunen inför en upphandlingskvot: minst 5 upphandlingar per år reserveras för arbetsintegrerande sociala företag.",
    ]).read_bytes()
    _, added_word, _ = await add(staff, server, word, "plan.docx",
                                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert added_word.text.startswith("✅ «Handlingsplan för upphandling» är tillagt:")
    assert "reviderats" not in added_word.text  # 2028 has not passed

    stored = small_services.settings.documents_dir
    assert sorted(p.name for p in stored.iterdir() if not p.name.startswith(".")) == [
        "ljungby-handlingsplan-for-upphandling.docx", "ljungby-handlingsplan-for-upphandling.meta.yaml",
        "timra-riktlinje-for-lokalstod-till-sociala-foret.meta.yaml", "timra-riktlinje-for-lokalstod-till-sociala-foret.pdf",
    ]
    assert not (tmp_path / "etc").exists() and "passwd" not in str(sorted(stored.rglob("*")))

    founder = server.user("Fia")
    founder.send("Kan vårt sociala företag få hyresfria lokaler i Timrå?")
    [answer] = await founder.receive()
    assert "hyresfria lokaler" in answer.text
    assert ("Riktlinje för lokalstöd till sociala företag, Timrå, 2025-03-10 – enligt dokumentet skulle det "
            "ha reviderats senast 2024-06-30") in answer.text
    founder.send("Har Ljungby en upphandlingskvot för sociala företag?")
    [answer] = await founder.receive()
    assert "Handlingsplan för upphandling, Ljungby" in answer.text

    with closing(Store.from_settings(small_services.settings)) as store:
        rows = store.query(lambda db: db.execute("SELECT user_id, action, document FROM document_audit ORDER BY id").fetchall())
    assert rows == [(STAFF_ID, "added", "timra-riktlinje-for-lokalstod-till-sociala-foret"),
                    (STAFF_ID, "added", "ljungby-handlingsplan-for-upphandling")]


async def test_staff_correct_the_title_and_dates_by_replying(library_bot, server):
    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send_document(LOKAL_PDF, "riktlinje.pdf")
    [proposal] = await staff.receive()
    staff.send("Lokalstöd till sociala företag", reply_to=proposal)
    [corrected] = await staff.receive()
    assert lines_of(corrected)["Titel"] == "Lokalstöd till sociala företag"
    staff.press("Rätta datum", corrected)
    [ask] = await staff.receive()
    assert ask.text.startswith("Skriv de rätta datumen")
    staff.send("revideras senast i vår")
    [bad] = await staff.receive()
    assert bad.text.startswith("Jag förstod inte «revideras senast i vår»")
    staff.send("revideras senast 2029-05-01\ngäller till 2029-12-31")
    [dated] = await staff.receive()
    assert (lines_of(dated)["Revideras senast"], lines_of(dated)["Gäller till"]) == ("2029-05-01", "2029-12-31")
    staff.press("Avbryt", dated)
    await server.until(lambda: dated.text == "Inget sparades.")
    staff.send("Vad säger Ljungby om sociala företag?")  # an ordinary question again, not a correction
    [answer] = await staff.receive()
    assert "Källor" in answer.text


async def test_replacing_asks_first_and_removing_takes_the_document_out(library_bot, server, small_services):
    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send_document(NEW_LJUNGBY.encode(), "policy.md", "text/markdown")
    [proposal] = await staff.receive()
    staff.press("✅ Spara", proposal)
    await server.until(lambda: proposal.button_data("Ersätt"))
    assert proposal.text.startswith("Det finns redan «Policy – Gällande sociala företag» (Ljungby, 2023-03-01). "
                                    "Det du skickade är daterat 2026-10-01.")
    staff.press("Ersätt", proposal)
    added, _, _ = await staff.receive(3, timeout=120)
    assert "Det ersätter «Policy – Gällande sociala företag»" in added.text

    staff.send("/dokument")
    [listing] = await staff.receive()
    ljungby = listing.text.split("Ljungby\n", 1)[1].split("\n\n", 1)[0]
    assert ljungby.count("\n") == 0 and "från kunskapsmappen" not in ljungby and "tillagt av Stina" in ljungby
    number = ljungby.split(".", 1)[0]
    staff.press(number, listing)
    [opened] = await staff.receive()
    assert opened.text.startswith("Policy – Gällande sociala företag")
    assert "Revideras senast: 2030-01-01" in opened.text and "Antagen av kommunfullmäktige 2026-10-01" in opened.text
    staff.press("🗑 Ta bort", opened)
    [confirm] = await staff.receive()
    assert confirm.text.startswith("Ta bort «Policy – Gällande sociala företag» (Ljungby)?")
    staff.press("Ja, ta bort", confirm)
    await server.until(lambda: confirm.text.startswith("🗑"))
    assert confirm.text == "🗑 «Policy – Gällande sociala företag» är borttaget: 2 textavsnitt togs bort ur indexet."

    documents = {d["municipality"] for d in small_services.knowledge.documents()}
    assert documents == {"Uppsala"}  # the old one was replaced, the new one removed
    assert all("startbidrag" not in h.chunk.text for h in small_services.knowledge.retriever.search("startbidrag", k=5))
    with closing(Store.from_settings(small_services.settings)) as store:
        actions = store.query(lambda db: db.execute("SELECT action, note FROM document_audit ORDER BY id").fetchall())
    assert [a for a, _ in actions] == ["added", "removed", "removed"]


async def test_a_founder_sending_a_file_gets_the_usual_answer_and_nothing_is_fetched(library_bot, server, small_services):
    founder = server.user("Fia")
    founder.send_document(LOKAL_PDF, "affärsplan.pdf")
    [reply] = await founder.receive()
    assert reply.text == "Jag kan bara läsa text. Skriv din fråga, så svarar jag utifrån dokumenten."
    founder.send("/dokument")
    [unknown] = await founder.receive()
    assert unknown.text.startswith("Det kommandot känner jag inte till")
    assert server.sent("getFile", outcome=None) == [] and server.downloads == []
    assert not small_services.settings.documents_dir.exists()


@pytest.mark.parametrize("data, reply", [
    (b"%PDF-1.4\n this is not a pdf \x00\x01", "PDF:en är trasig och går inte att läsa."),
    (pdf_bytes([]), "PDF:en har ingen text, bara bilder"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "Jag kan läsa PDF (med text), Word (.docx), HTML, Markdown och vanlig text."),
])
async def test_broken_image_only_or_unknown_files_get_a_clear_reply_and_change_nothing(library_bot, server, small_services, data, reply):
    before = small_services.knowledge.status()
    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send_document(data, "policy.pdf")
    [answer] = await staff.receive()
    assert answer.text.startswith(reply) and answer.text.endswith("Inget har ändrats.")
    assert small_services.knowledge.status() == before


async def test_an_oversized_file_gets_a_clear_reply_and_is_not_fetched(library_bot, server, small_services):
    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send_document(LOKAL_PDF, "stor.pdf", file_size=25 * 1024 * 1024)
    [answer] = await staff.receive()
    assert answer.text.startswith("Filen är större än 20 MB")
    assert server.sent("getFile", outcome=None) == []
    assert not small_services.settings.documents_dir.exists()


async def test_a_past_validity_date_is_shown_in_answers_and_in_the_document_list(library_bot, server):
    founder = server.user("Fia")
    founder.send("Vilka strategiska områden har Uppsala för sociala företag?")
    [answer] = await founder.receive()
    assert "Handlingsplan sociala företag, Uppsala" in answer.text
    assert "enligt dokumentet gällde det för 2018-2020" in answer.text
    english = server.user("Ed", language_code="en")
    english.send("What are Uppsala's strategic areas for social enterprises?")
    [answer] = await english.receive()
    assert "according to the document it applied for 2018-2020" in answer.text

    staff = server.user("Stina", user_id=STAFF_ID)
    staff.send("/dokument")
    [listing] = await staff.receive()
    lines = listing.text.splitlines()
    uppsala = next(line for line in lines if "Handlingsplan sociala företag" in line)
    ljungby = next(line for line in lines if "Policy – Gällande sociala företag" in line)
    assert uppsala.endswith("från kunskapsmappen ⚠️ enligt dokumentet gällde det för 2018-2020")
    assert "⚠️" not in ljungby and "❔" not in ljungby  # its review date, 2027-01-01, is still ahead
    assert lines[0] == "Dokument jag svarar utifrån (2 st)"


async def test_staff_are_told_once_when_a_review_date_has_passed(library_bot, server):
    conversations = library_bot.bot_data["conversations"]
    notices = library_bot.bot_data["reviews"]
    staff = server.user("Stina", user_id=STAFF_ID)
    told = await conversations.run(notices.announce)
    [notice] = await staff.receive()
    assert [d.document for d in told] == ["uppsala-handlingsplan-sociala-foretag"]
    assert notice.text.startswith("📅 Dags att se över")
    assert "• Handlingsplan sociala företag (Uppsala): enligt dokumentet gällde det för 2018-2020" in notice.text
    assert await conversations.run(notices.announce) == []  # the next check: nothing new
    staff.send("/status")
    [status] = await staff.receive()
    assert "Passerat revideringsdatum: Handlingsplan sociala företag (Uppsala, 2018-2020)" in status.text
    await settle(library_bot, server)
    assert [m.text for m in staff.unread()] == []
