"""Chunks follow the document's structure and carry its heading and metadata."""

from __future__ import annotations

from bot.knowledge_base.chunking import MAX_CHARS, chunk_document
from bot.knowledge_base.documents import read_document
from support import KNOWLEDGE
from files import policy_md, write


def _chunks(tmp_path, body: str):
    path = write(tmp_path / "ort-policy.md", policy_md("Ort", body))
    return chunk_document(read_document(path, tmp_path))


def test_each_passage_keeps_its_heading_and_metadata(tmp_path):
    chunks = _chunks(tmp_path, "## Ansvar\n\nKommunstyrelsen ansvarar.\n\n## Uppföljning\n\nFöljs upp årligen.")
    by_section = {c.section: c for c in chunks}
    assert by_section["Ansvar"].text.startswith("## Ansvar")
    assert "Kommunstyrelsen ansvarar." in by_section["Ansvar"].text
    assert by_section["Uppföljning"].meta["municipality"] == "Ort"
    assert by_section["Uppföljning"].meta["date"] == "2020-01-01"
    assert "Policy för sociala företag › Uppföljning" == by_section["Uppföljning"].meta["section_path"]


def test_table_of_contents_is_not_indexed(tmp_path):
    chunks = _chunks(tmp_path, "## Innehåll\n\nAnsvar 2\nUppföljning 3\n\n## Ansvar\n\nKS ansvarar.")
    assert [c.section for c in chunks] == ["Ansvar"]


def test_long_sections_split_at_sentences_below_the_limit(tmp_path):
    sentence = "Kommunen ska främja sociala företag genom samverkan och upphandling med sociala hänsyn. "
    chunks = _chunks(tmp_path, "## Lång\n\n" + sentence * 40)
    assert len(chunks) > 2
    assert all(len(c.text) <= MAX_CHARS + 40 for c in chunks)
    assert all(c.section == "Lång" and c.text.startswith("## Lång") for c in chunks)


def test_large_tables_repeat_their_header(tmp_path):
    rows = "\n".join(f"| Åtgärd nummer {i} om sociala företag och upphandling | KS | 2019 |" for i in range(40))
    table = "| Åtgärder | Ansvar | Tid |\n|--|--|--|\n" + rows
    chunks = _chunks(tmp_path, "## Område 5\n\n" + table)
    assert len(chunks) > 1
    assert all("| Åtgärder | Ansvar | Tid |" in c.text for c in chunks)


def test_plain_text_gets_headings_inferred(tmp_path):
    path = write(tmp_path / "plan.txt", "Bakgrund\n\nKommunen vill stödja.\n\nSyfte\n\nAtt tydliggöra rollen.\n")
    chunks = chunk_document(read_document(path, tmp_path))
    assert {c.section for c in chunks} == {"Bakgrund", "Syfte"}


def test_gold_passages_stay_whole_in_the_real_documents():
    doc = read_document(KNOWLEDGE / "policies" / "lulea-policy-socialt-foretagande.md", KNOWLEDGE)
    chunks = chunk_document(doc)
    owner = [c for c in chunks if "Kommunstyrelsen har det övergripande ansvaret" in c.text]
    assert len(owner) == 1 and owner[0].section == "Ansvarsfördelning"
