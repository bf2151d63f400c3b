"""Ingestion into a temporary folder, with the default store (each generation's own vector file)
and with a real Chroma store: incremental, robust, never half-built."""

from __future__ import annotations

import pytest

from bot.knowledge_base.embeddings import Embedder
from bot.knowledge_base.ingestion import KnowledgeBase
from support import make_settings
from files import pdf_bytes, policy_md, write


@pytest.fixture(autouse=True, params=["file", "chroma"])
def vector_store(request, monkeypatch):
    if request.param == "chroma":
        pytest.importorskip("chromadb", reason="the chroma extra is not installed (make test installs it)")
    monkeypatch.setenv("SOFIA_VECTOR_STORE", request.param)
    return request.param


@pytest.fixture
def folders(tmp_path):
    knowledge = tmp_path / "knowledge"
    write(knowledge / "policies" / "ort-policy.md", policy_md("Ort", "## Ansvar\n\nArbetsmarknadsenheten samordnar verksamheten."))
    write(knowledge / "policies" / "by-policy.md", policy_md("By", "## Upphandling\n\nKommunen erbjuder anbudsskola för sociala företag."))
    return knowledge, tmp_path / "data"


def _open(folders, embedder, **kw) -> KnowledgeBase:
    knowledge, data = folders
    return KnowledgeBase.open(make_settings(data, knowledge), embedder=embedder, **kw)


def _documents(kb: KnowledgeBase) -> set[str]:
    return {d["document"] for d in kb.documents()}


def test_first_use_builds_the_index_and_it_persists(folders, embedder):
    kb = _open(folders, embedder)
    assert _documents(kb) == {"ort-policy", "by-policy"}
    assert kb.retriever.search("Vem samordnar verksamheten?", k=1)[0].chunk.document == "ort-policy"
    reopened = _open(folders, embedder, ingest_if_missing=False)
    assert reopened.status()["chunks"] == kb.status()["chunks"] > 0
    assert reopened.store.count(reopened.generation.collection) == reopened.status()["chunks"]


def test_unchanged_files_are_skipped_and_changed_ones_reindexed(folders, embedder):
    knowledge, _ = folders
    kb = _open(folders, embedder)
    again = kb.ingest(progress=False)
    assert again.unchanged == ["by-policy.md", "ort-policy.md"] and not again.changed and again.embedded == 0

    write(knowledge / "policies" / "ort-policy.md", policy_md("Ort", "## Ansvar\n\nSocialförvaltningen har ansvaret för stödet."))
    report = kb.ingest(progress=False)
    assert report.updated == ["ort-policy.md"] and report.unchanged == ["by-policy.md"]
    assert report.embedded == 1  # only the changed passage
    hit = kb.retriever.search("Vem har ansvaret för stödet?", k=1)[0]
    assert "Socialförvaltningen" in hit.chunk.text


def test_a_moved_knowledge_folder_is_indexed_once(folders, embedder):
    knowledge, data = folders
    kb = _open(folders, embedder)
    chunks = kb.status()["chunks"]
    moved = knowledge.parent / "mounted-elsewhere"
    knowledge.rename(moved)
    again = KnowledgeBase.open(make_settings(data, moved), embedder=embedder)
    assert again.status()["chunks"] == chunks and _documents(again) == {"ort-policy", "by-policy"}
    hits = again.retriever.search("Vem samordnar verksamheten?", k=5)
    assert len({h.chunk.id for h in hits}) == len(hits) and sum(h.chunk.document == "ort-policy" for h in hits) == 1


def test_deleted_files_leave_the_index(folders, embedder):
    knowledge, _ = folders
    kb = _open(folders, embedder)
    (knowledge / "policies" / "by-policy.md").unlink()
    report = kb.ingest(progress=False)
    assert report.removed == ["by-policy.md"]
    assert _documents(kb) == {"ort-policy"}
    assert all(h.chunk.document != "by-policy" for h in kb.retriever.search("anbudsskola", k=5))
    assert len(kb.store.collections()) == 1  # the old generation is gone


def test_a_broken_file_is_reported_by_name_and_the_rest_indexed(folders, embedder):
    knowledge, _ = folders
    (knowledge / "trasig.pdf").write_bytes(b"%PDF-1.4\n this is not a pdf \x00\x01")
    (knowledge / "latin1.txt").write_bytes("Växjö".encode("latin-1"))
    (knowledge / "plan.pdf").write_bytes(pdf_bytes(["Handlingsplan", "", "Kommunen ska inventera upphandlingar."]))
    kb = _open(folders, embedder, ingest_if_missing=False)
    report = kb.ingest(progress=False)
    failed = dict(report.failed)
    assert set(failed) == {"trasig.pdf", "latin1.txt"}
    assert "PDF" in failed["trasig.pdf"] and "UTF-8" in failed["latin1.txt"]
    assert _documents(kb) == {"ort-policy", "by-policy", "plan"}


class _FailingEmbedder(Embedder):
    """The real model, but the run is cut off after the first batch (a crash, a full disk, Ctrl-C)."""

    def __init__(self, real: Embedder) -> None:
        super().__init__(real.name, engine=real.load())
        self.calls = 0

    def embed(self, texts):
        self.calls += 1
        if self.calls > 1:
            raise KeyboardInterrupt
        return super().embed(texts)


def test_an_interrupted_run_leaves_the_previous_index_answering(folders, embedder):
    knowledge, data = folders
    kb = _open(folders, embedder)
    before = kb.status()
    for i in range(70):  # enough new passages for more than one embedding batch
        write(knowledge / "extra" / f"ny-{i}.md", f"# Ny {i}\n\nSociala företag i kvarter {i} får lokalstöd nummer {i}.")
    broken = KnowledgeBase.open(make_settings(data, knowledge), embedder=_FailingEmbedder(embedder), ingest_if_missing=False)
    with pytest.raises(KeyboardInterrupt):
        broken.ingest(progress=False)
    survivor = _open(folders, embedder, ingest_if_missing=False)
    assert survivor.status() == before
    assert survivor.retriever.search("Vem samordnar verksamheten?", k=1)[0].chunk.document == "ort-policy"
    report = survivor.ingest(progress=False)  # the next run cleans up and completes
    assert len(report.added) == 70
    assert len(survivor.store.collections()) == 1
    assert sorted(p.name for p in (data / "index").iterdir() if p.is_dir()) == [survivor.generation.name]


def test_explicit_paths_index_only_those(folders, embedder, tmp_path):
    knowledge, data = folders
    other = write(tmp_path / "annat" / "extra.md", "# Extra\n\nMikrofonden ger kreditgarantier.")
    kb = _open(folders, embedder)
    kb.ingest([other.parent], progress=False)
    assert _documents(kb) == {"ort-policy", "by-policy", "extra"}  # the other files stay


def test_a_missing_path_is_a_clear_error(folders, embedder, tmp_path):
    kb = _open(folders, embedder)
    with pytest.raises(FileNotFoundError, match="finns-inte"):
        kb.ingest([tmp_path / "finns-inte"], progress=False)
