"""Passage vectors by model and exact text: the ones shipped with knowledge/ cover it and equal a fresh
embedding, a first build of the shipped knowledge embeds nothing, and a re-ingest embeds only new text."""

from __future__ import annotations

import numpy as np

from bot.config import DEFAULT_EMBEDDING_MODEL
from bot.knowledge_base.embedding_cache import (
    CACHE_DIR,
    EmbeddingCache,
    file_name,
    read_vectors,
    shipped_path,
    shipped_texts,
    text_key,
    write_vectors,
)
from bot.knowledge_base.ingestion import KnowledgeBase
from files import policy_md, write
from support import KNOWLEDGE, make_settings

SHIPPED = shipped_path(KNOWLEDGE, DEFAULT_EMBEDDING_MODEL)


def test_the_shipped_vectors_cover_exactly_the_shipped_knowledge():
    texts = shipped_texts(KNOWLEDGE)
    shipped = read_vectors(SHIPPED, DEFAULT_EMBEDDING_MODEL)
    missing = [t[:80] for t in texts if text_key(t) not in shipped]
    assert not missing, f"{len(missing)} passages of knowledge/ have no shipped vector: run `make vectors`"
    assert set(shipped) == {text_key(t) for t in texts}, "knowledge/.embeddings holds stale vectors: run `make vectors`"


def test_shipped_vectors_equal_a_fresh_embedding(embedder):
    texts = shipped_texts(KNOWLEDGE)
    sample = [texts[0], texts[len(texts) // 2], texts[-1]]
    shipped = read_vectors(SHIPPED, DEFAULT_EMBEDDING_MODEL)
    fresh = embedder.embed(sample)
    for text, vector in zip(sample, fresh):
        cached = shipped[text_key(text)]
        cosine = float(cached @ vector / (np.linalg.norm(cached) * np.linalg.norm(vector)))
        assert cosine > 0.9999 and np.abs(cached - vector).max() < 2e-3  # float16 on disk


def test_vectors_are_only_read_back_for_the_same_model_and_text(tmp_path):
    path = tmp_path / file_name("model-a")
    write_vectors(path, "model-a", {text_key("en text"): np.ones(4, dtype=np.float32)})
    assert EmbeddingCache("model-a", None, [path]).get("en text") is not None
    assert EmbeddingCache("model-a", None, [path]).get("en text.") is None
    assert EmbeddingCache("model-b", None, [path]).get("en text") is None
    assert file_name("/models/My Model") == "models_My_Model.npz"


def test_a_first_build_of_the_shipped_knowledge_embeds_nothing(tmp_path, embedder):
    kb = KnowledgeBase.open(make_settings(tmp_path / "data"), embedder=embedder, ingest_if_missing=False)
    report = kb.ingest(progress=False)
    assert report.chunks > 100 and report.embedded == 0 and report.sentences_embedded == 0
    hit = kb.retriever.search("Vem samordnar verksamheten i Timrå?", k=1)[0]
    assert hit.chunk.municipality == "Timrå"


def test_a_reingest_embeds_only_new_text_and_a_lost_index_is_rebuilt_from_the_cache(tmp_path, embedder):
    knowledge, data = tmp_path / "knowledge", tmp_path / "data"
    write(knowledge / "ort.md", policy_md("Ort", "## Ansvar\n\nArbetsmarknadsenheten samordnar.\n\n## Stöd\n\nKommunen ger lokalstöd."))
    settings = make_settings(data, knowledge)
    kb = KnowledgeBase.open(settings, embedder=embedder, ingest_if_missing=False)
    first = kb.ingest(progress=False)
    assert first.embedded == first.chunks > 0
    assert (data / CACHE_DIR / file_name(embedder.name)).is_file()

    write(knowledge / "by.md", policy_md("By", "## Upphandling\n\nKommunen erbjuder anbudsskola."))
    second = kb.ingest(progress=False)
    assert second.embedded == second.chunks - first.chunks  # only By's passages

    # Staff re-upload the same text under another name: nothing to embed.
    (knowledge / "by.md").rename(knowledge / "by-kopia.md")
    assert kb.ingest(progress=False).embedded == 0

    # The index is lost (a new volume, a version upgrade): the cache still has every vector.
    for folder in (data / "index").iterdir():
        if folder.is_dir():
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    (data / "index" / "current.json").unlink()
    again = KnowledgeBase.open(settings, embedder=embedder, ingest_if_missing=False)
    report = again.ingest(progress=False)
    assert report.embedded == 0 and report.chunks == second.chunks
    assert again.retriever.search("anbudsskola", k=1)[0].chunk.municipality == "By"
