"""Each passage's sentences are embedded with it and kept beside the generation: the answer decision
reads how close the one sentence nearest a question comes, and a generation without them still answers."""

from __future__ import annotations

import numpy as np

from bot.knowledge_base.chunking import unit_texts
from bot.knowledge_base.index import UNITS_FILE, UnitVectors
from bot.knowledge_base.ingestion import KnowledgeBase
from bot.services import build_services
from files import policy_md, write
from support import make_settings

# One passage on three topics: the answer to a question about one of them sits in one sentence.
MIXED = (
    "## Stöd till sociala företag\n\n"
    "Kommunen erbjuder en anbudsskola för sociala företag varje höst. "
    "Arbetsmarknadsenheten samordnar kommunens arbete med sociala företag. "
    "Föreningar kan hyra lokaler i kommunhuset till halva priset."
)


def _build(tmp_path, embedder):
    knowledge, data = tmp_path / "knowledge", tmp_path / "data"
    write(knowledge / "policies" / "ort-policy.md", policy_md("Ort", MIXED))
    kb = KnowledgeBase.open(make_settings(data, knowledge), embedder=embedder, ingest_if_missing=False)
    report = kb.ingest(progress=False)
    return kb, report, data


def test_a_generation_keeps_the_vectors_of_each_passage_sentences(tmp_path, embedder):
    kb, report, _ = _build(tmp_path, embedder)
    assert report.sentences_embedded >= 3
    units = UnitVectors.load(kb.root / kb.generation.name)
    assert units is not None
    chunk = next(c for c in kb.generation.chunks if "anbudsskola" in c.body)
    question = embedder.embed_query("Finns det en anbudsskola?")
    sentences = embedder.embed(unit_texts(chunk))
    nearest = float(max(v @ question / np.linalg.norm(v) / np.linalg.norm(question) for v in sentences))
    assert abs(units.closest(chunk.id, question) - nearest) < 2e-3  # float16 on disk


def test_the_sentence_nearest_the_question_comes_closer_than_the_whole_passage(tmp_path, embedder):
    kb, _, _ = _build(tmp_path, embedder)
    retriever = kb.retriever
    query = retriever.prepare("Kan en förening hyra lokaler billigt i kommunhuset?", "sv")
    hit = retriever.search(query, k=1)[0]
    assert "kommunhuset" in hit.chunk.body
    assert retriever.closest_sentence(hit, query) > hit.dense


def test_a_reingest_embeds_no_sentence_twice(tmp_path, embedder):
    kb, first, _ = _build(tmp_path, embedder)
    write(tmp_path / "knowledge" / "policies" / "by-policy.md", policy_md("By", "## Upphandling\n\nKommunen köper tjänster av sociala företag."))
    second = kb.ingest(progress=False)
    assert second.embedded == 1 and second.sentences_embedded == 1  # only By's passage and its one sentence


def test_a_generation_without_sentence_vectors_still_answers(tmp_path, embedder):
    _, _, data = _build(tmp_path, embedder)
    settings = make_settings(data, tmp_path / "knowledge")
    for folder in (data / "index").iterdir():
        if (folder / UNITS_FILE).exists():
            (folder / UNITS_FILE).write_bytes(b"not a numpy file")
    services = build_services(settings, embedder=embedder)
    retriever = services.knowledge.retriever
    assert retriever.units is None
    query = retriever.prepare("Vem samordnar arbetet med sociala företag i Ort?", "sv")
    hit = retriever.search(query, k=1)[0]
    assert retriever.closest_sentence(hit, query) == hit.dense  # the passage's own similarity stands in
    answer = services.answers.answer("Vem samordnar arbetet med sociala företag i Ort?")
    assert answer.grounded and "Arbetsmarknadsenheten samordnar" in answer.text
