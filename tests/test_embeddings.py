"""The embedding seam with both engines: multilingual-e5 by default, sentence-transformers for a named model."""

from __future__ import annotations

import numpy as np
import pytest

from bot.config import DEFAULT_EMBEDDING_MODEL
from bot.knowledge_base.embeddings import MINILM, Embedder
from bot.knowledge_base.ingestion import KnowledgeBase
from files import policy_md, write
from support import make_settings

QUESTION = "Vem samordnar arbetet med sociala företag?"
ON_TOPIC = "Arbetsmarknadsenheten samordnar kommunens stöd till sociala företag."
OFF_TOPIC = "Vädret i Luleå är kallt och snöigt på vintern."


def _unit_rows(vectors: np.ndarray) -> bool:
    return bool(np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3))


def test_the_default_model_reads_swedish_without_torch(embedder):
    assert embedder.name == DEFAULT_EMBEDDING_MODEL
    passages = embedder.embed([ON_TOPIC, OFF_TOPIC])
    question = embedder.embed_query(QUESTION)
    assert passages.shape == (2, 384) and _unit_rows(passages)
    on, off = passages @ question
    assert on > off
    # An English question about the same thing finds the Swedish passage too.
    assert passages[0] @ embedder.embed_query("Who coordinates support for social enterprises?") > passages[1] @ question
    assert embedder.embed([" ", ""]).shape == (2, 384)  # blank text gives a vector, never an error


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    pytest.importorskip("sentence_transformers", reason="the sentence-transformers extra is not installed")
    return Embedder(MINILM)


def test_a_named_model_is_read_by_sentence_transformers(minilm):
    vectors = minilm.embed([ON_TOPIC, OFF_TOPIC])
    assert vectors.shape == (2, 384) and _unit_rows(vectors)
    assert vectors[0] @ minilm.embed_query("Who coordinates social enterprises?") > vectors[1] @ minilm.embed_query(
        "Who coordinates social enterprises?")


def test_an_index_built_with_a_named_model_answers_and_is_rebuilt_for_another(tmp_path, minilm, embedder):
    knowledge = tmp_path / "knowledge"
    write(knowledge / "policies" / "ort-policy.md", policy_md("Ort", f"## Ansvar\n\n{ON_TOPIC}"))
    write(knowledge / "policies" / "by-policy.md", policy_md("By", "## Väder\n\n" + OFF_TOPIC))
    data = tmp_path / "data"
    kb = KnowledgeBase.open(make_settings(data, knowledge, embedding_model=MINILM), embedder=minilm)
    assert kb.status()["embedding_model"] == MINILM
    assert kb.retriever.search(QUESTION, k=1, mode="dense")[0].chunk.document == "ort-policy"
    # Switching back to the default model re-embeds everything rather than mixing two models' vectors.
    kb = KnowledgeBase.open(make_settings(data, knowledge), embedder=embedder)
    assert kb.status()["embedding_model"] == DEFAULT_EMBEDDING_MODEL
    assert kb.retriever.search(QUESTION, k=1, mode="dense")[0].chunk.document == "ort-policy"
