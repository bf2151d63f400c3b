"""Keeping the knowledge current without Telegram: dates, metadata proposals, adding, replacing,
removing, the audit and the staff notice, on a real index in a temporary folder."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.knowledge_base.document_intake import DocumentIntake, IntakeError
from bot.knowledge_base.library import sniff
from bot.knowledge_base.metadata_proposal import propose
from bot.cases.outbox import Outbox
from bot.review_dates import last_day, lapse
from bot.knowledge_base.review_notices import ReviewNotices
from bot.services import build_services
from bot.records.store import Store
from files import docx_file, pdf_bytes
from support import KNOWLEDGE, make_settings, small_knowledge

STAFF = 4242


@pytest.fixture
def core(tmp_path, embedder):
    """A small knowledge folder (Ljungby's policy, Uppsala's plan and the contacts) and its index."""
    knowledge = small_knowledge(tmp_path)
    services = build_services(make_settings(tmp_path / "data", knowledge), embedder=embedder)
    store = Store(tmp_path / "data" / "sofia.sqlite3")
    yield services, DocumentIntake(services.knowledge, services.answers, services.contacts, store), store
    store.close()


LOKAL_PDF = pdf_bytes([
    "Riktlinje för lokalstöd till sociala företag",
    "Beslutad av kommunfullmäktige 2025-03-10",
    "Revideras senast 2024-06-30",
    "Kommunen erbjuder arbetsintegrerande sociala företag hyresfria lokaler i upp till två år.",
    "Ansökan om lokal görs hos fastighetsavdelningen.",
])


def test_dates_are_read_as_written_and_pass_only_when_they_are_dates():
    assert last_day("2027-01-01") == date(2027, 1, 1)
    assert last_day("2018-2020") == date(2020, 12, 31)  # a period ends with its last year
    assert last_day("2018-XX-XX") == date(2018, 12, 31)  # never earlier than the text says
    assert last_day("varje mandatperiod") is None and last_day("Tillsvidare") is None
    ljungby = {"review_by": "2027-01-01"}
    assert lapse(ljungby, date(2027, 1, 1)) is None  # the day itself is still in time
    passed = lapse(ljungby, date(2027, 1, 2))
    assert passed.note("sv") == "enligt dokumentet skulle det ha reviderats senast 2027-01-01"
    assert passed.note("en") == "according to the document it should have been revised by 2027-01-01"
    assert lapse({"valid_until": "2018-2020"}, date(2026, 12, 2)).note("sv") == "enligt dokumentet gällde det för 2018-2020"


def test_files_are_typed_by_content_not_by_name(tmp_path):
    word = docx_file(tmp_path / "x.bin", "Plan", ["Text."]).read_bytes()
    assert sniff(LOKAL_PDF) == ".pdf" and sniff(word) == ".docx"
    assert sniff(b"<!DOCTYPE html><html><body><p>Hej</p></body></html>") == ".html"
    assert sniff("# Rubrik\n\nText om sociala företag.".encode()) == ".md"
    assert sniff("Bara text om sociala företag.".encode()) == ".txt"
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") is None  # an image, whatever its name says
    assert sniff(b"PK\x03\x04 not a zip") is None
    assert sniff("Växjö".encode("latin-1")) is None


def test_metadata_is_proposed_from_the_text_and_gaps_stay_empty():
    body = (KNOWLEDGE / "policies" / "timra-policy-social-ekonomi.md").read_text().split("---\n", 2)[2]
    meta = propose(body, {}, ["Ljungby", "Luleå", "Timrå", "Uppsala"])
    assert meta["title"] == "Policy för den sociala ekonomin och socialt företagande i Timrå kommun"
    assert (meta["municipality"], meta["organisation"], meta["document_type"]) == ("Timrå", "Timrå kommun", "policy")
    assert (meta["decided"], meta["decided_by"], meta["revised"]) == ("2015-05-26", "Kommunstyrelsen", "2018-XX-XX")
    assert meta["review_by"] is None and meta["valid_until"] is None  # "varje mandatperiod" is no date


def test_a_document_is_added_indexed_and_answers_with_its_lapsed_date(core):
    services, intake, store = core
    before = services.knowledge.status()["chunks"]
    draft = intake.receive(STAFF, LOKAL_PDF)
    assert draft.meta["decided"] == "2025-03-10" and draft.meta["review_by"] == "2024-06-30"
    assert draft.meta["municipality"] is None  # the text names none: staff choose
    draft = intake.set_field(draft, "municipality", "Timrå")
    with pytest.raises(ValueError):
        intake.apply_reply(draft, "revideras senast nästa år")
    draft = intake.apply_reply(intake.draft(draft.id), "Riktlinje för lokalstöd")
    assert intake.conflict(draft) is None
    added = intake.confirm(draft.id, STAFF, "Stina Staff")
    assert added.document == "timra-riktlinje-for-lokalstod" and added.passages >= 1
    assert services.knowledge.status()["chunks"] == before + added.passages
    stored = services.settings.documents_dir
    assert sorted(p.name for p in stored.iterdir() if not p.name.startswith(".")) == [
        "timra-riktlinje-for-lokalstod.meta.yaml", "timra-riktlinje-for-lokalstod.pdf"]
    assert added.sample is not None and added.sample.citations[0].document == added.document

    answer = services.answers.answer("Kan ett socialt företag få hyresfria lokaler?", municipality="Timrå")
    cited = next(c for c in answer.to_json()["citations"] if c["document"] == added.document)
    assert cited["outdated"] == {"field": "review_by", "date": "2024-06-30",
                                 "note": "enligt dokumentet skulle det ha reviderats senast 2024-06-30"}
    assert "– enligt dokumentet skulle det ha reviderats senast 2024-06-30" in answer.text  # the terminal's text
    [(at, user_id, name, action, document, title, note)] = intake.audit()
    assert (user_id, name, action, document, title) == (STAFF, "Stina Staff", "added", added.document, "Riktlinje för lokalstöd")


def test_replacing_withdraws_the_old_knowledge_file_and_removal_takes_a_document_out(core, tmp_path):
    services, intake, store = core
    old = next(e for e in intake.entries() if e.municipality == "Ljungby")
    text = (
        "# Policy – Gällande sociala företag\n\nLjungby kommun.\n\nAntagen av kommunfullmäktige 2026-10-01.\n\n"
        "Revideras senast 2030-01-01.\n\n## Stöd\n\nKommunen ger sociala företag ett startbidrag på 40 000 kronor.\n"
    )
    draft = intake.receive(STAFF, text.encode())
    assert intake.conflict(draft).document == old.document
    added = intake.confirm(draft.id, STAFF, "Stina Staff", replace=old.document)
    assert added.replaced == old.title
    documents = {e.document for e in intake.entries()}
    assert old.document not in documents and added.document in documents
    assert (KNOWLEDGE / "policies" / f"{old.document}.md").exists()  # withdrawn, not deleted
    assert json.loads((services.settings.documents_dir / ".withdrawn.json").read_text()) == [old.path]
    assert services.knowledge.ingest(progress=False).unchanged  # a full re-index keeps it withdrawn
    assert old.document not in {e.document for e in intake.entries()}

    removed = intake.remove(added.document, STAFF, "Stina Staff")
    assert removed == added.passages
    assert added.document not in {e.document for e in intake.entries()}
    hits = services.knowledge.retriever.search("startbidrag 40 000 kronor", k=5)
    assert all(h.chunk.document != added.document for h in hits)
    assert [row[3] for row in intake.audit()] == ["removed", "removed", "added"]


def test_broken_image_only_and_unknown_files_change_nothing(core):
    services, intake, store = core
    before = services.knowledge.status()
    for data, reason, detail in (
        (b"%PDF-1.4\n this is not a pdf \x00\x01", "unreadable", "PDF"),
        (pdf_bytes([]), "unreadable", "text layer"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unsupported", ""),
    ):
        with pytest.raises(IntakeError) as caught:
            intake.receive(STAFF, data)
        assert caught.value.reason == reason and detail in caught.value.detail
    assert services.knowledge.status() == before
    drafts = services.settings.documents_dir / ".drafts"
    assert not drafts.exists() or list(drafts.iterdir()) == []
    assert store.query(lambda db: db.execute("SELECT COUNT(*) FROM document_drafts").fetchone()) == (0,)


def test_staff_are_told_once_when_a_review_date_passes(core):
    services, intake, store = core
    outbox = Outbox(store)
    notices = ReviewNotices(store, outbox, services.knowledge, frozenset({STAFF, 77}))
    first = notices.announce(today=date(2026, 12, 31))
    assert [d.document for d in first] == ["uppsala-handlingsplan-sociala-foretag"]  # 2018-2020 has passed
    assert notices.announce(today=date(2026, 12, 31)) == []  # the next day: nothing new
    passed = notices.announce(today=date(2027, 1, 2))  # Ljungby's review date has now passed
    assert [d.document for d in passed] == ["ljungby-policy-sociala-foretag"]
    assert notices.announce(today=date(2027, 1, 3)) == []
    messages = outbox.due(limit=10) + []
    assert {m.chat_id for m in messages} == {STAFF, 77} and all(m.kind == "review_due" for m in messages)
    assert outbox.counts()["pending"] == 4  # two notices, one message to each staff member
