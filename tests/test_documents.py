"""Reading knowledge files: every supported kind, metadata from front matter or sidecar, broken files."""

from __future__ import annotations

import pytest

from bot.knowledge_base.chunking import chunk_document
from bot.knowledge_base.documents import DocumentError, discover, read_document
from files import docx_file, pdf_bytes, policy_md, write
from support import KNOWLEDGE


def test_front_matter_becomes_metadata_and_body_keeps_headings(tmp_path):
    path = write(tmp_path / "policies" / "ort-policy.md", policy_md("Ort", "## Ansvar\n\nKommunstyrelsen ansvarar."))
    doc = read_document(path, tmp_path)
    assert doc.document == "ort-policy"
    assert doc.meta["municipality"] == "Ort"
    assert doc.meta["date"] == "2020-01-01"
    assert doc.meta["document_type"] == "policy"
    assert doc.body.startswith("# Policy för sociala företag")


def test_defaults_when_a_file_says_nothing(tmp_path):
    path = write(tmp_path / "guides" / "lokalt-stod.txt", "Lokalt stöd\n\nKommunen erbjuder rådgivning.\n")
    doc = read_document(path, tmp_path)
    assert doc.meta["title"] == "Lokalt stod"  # from the file name
    assert doc.meta["document_type"] == "guide"  # from the folder
    assert doc.meta["municipality"] is None
    assert doc.meta["date"] is None  # never a guessed date
    assert doc.meta["language"] == "sv"


def test_sidecar_metadata_for_a_pdf(tmp_path):
    (tmp_path / "plan.pdf").write_bytes(pdf_bytes(["Handlingsplan", "", "Kommunen ska erbjuda anbudsskola."]))
    write(tmp_path / "plan.meta.yaml", 'title: "Handlingsplan"\nmunicipality: "Ort"\ndate: 2019-05-01\n')
    doc = read_document(tmp_path / "plan.pdf", tmp_path)
    assert "erbjuda anbudsskola" in doc.body
    assert doc.meta["title"] == "Handlingsplan"
    assert doc.meta["municipality"] == "Ort"
    assert doc.meta["date"] == "2019-05-01"


def test_docx_headings_and_tables(tmp_path):
    path = docx_file(
        tmp_path / "riktlinje.docx",
        "Riktlinje",
        ["Kommunen samverkar med sociala företag."],
        table=[["Åtgärd", "Ansvar"], ["Anbudsskola", "KS"]],
    )
    doc = read_document(path, tmp_path)
    assert "# Riktlinje" in doc.body
    assert "| Anbudsskola | KS |" in doc.body
    chunks = chunk_document(doc)
    assert any("Anbudsskola" in c.text and c.section == "Riktlinje" for c in chunks)


def test_html_without_scripts(tmp_path):
    path = write(
        tmp_path / "sida.html",
        "<html><head><title>Stöd</title><script>alert('x')</script></head><body><nav>Meny</nav>"
        "<h2>Rådgivning</h2><p>Coompanion ger rådgivning.</p><ul><li>Gratis</li></ul></body></html>",
    )
    doc = read_document(path, tmp_path)
    assert doc.meta["title"] == "Stöd"
    assert "## Rådgivning" in doc.body and "- Gratis" in doc.body
    assert "alert" not in doc.body and "Meny" not in doc.body


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("trasig.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n garbage \x00\x01", "PDF"),
        ("latin1.txt", "Sociala företag i Växjö".encode("latin-1"), "UTF-8"),
        ("tom.md", b"---\ntitle: x\n---\n\n   \n", "no text"),
        ("trasig.docx", b"PK\x03\x04 not a zip", "Word"),
    ],
)
def test_broken_files_raise_a_readable_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(DocumentError, match=reason):
        read_document(tmp_path / name, tmp_path)


def test_discover_skips_sidecars_contacts_and_hidden_files(tmp_path):
    write(tmp_path / "a.md", "# A\n\ntext")
    write(tmp_path / "a.meta.yaml", "title: A")
    write(tmp_path / "contacts.yaml", "municipalities: {}")
    write(tmp_path / ".utkast.md", "# hidden")
    write(tmp_path / "README.md", "# about this folder")
    assert [p.name for p in discover(tmp_path)] == ["a.md"]


def test_the_shipped_policies_keep_their_metadata():
    docs = {p.stem: read_document(p, KNOWLEDGE) for p in (KNOWLEDGE / "policies").glob("*.md")}
    assert set(docs) == {
        "lulea-policy-socialt-foretagande",
        "ljungby-policy-sociala-foretag",
        "skl-kommunens-forhallningssatt",
        "timra-policy-social-ekonomi",
        "uppsala-handlingsplan-sociala-foretag",
    }
    assert docs["lulea-policy-socialt-foretagande"].meta["decided"] == "2011-04-26"
    assert docs["ljungby-policy-sociala-foretag"].meta["review_by"] == "2027-01-01"
    assert docs["skl-kommunens-forhallningssatt"].meta["municipality"] is None
    assert docs["skl-kommunens-forhallningssatt"].meta["document_type"] == "vägledning"
    assert docs["uppsala-handlingsplan-sociala-foretag"].meta["document_type"] == "handlingsplan"
