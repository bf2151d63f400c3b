"""Start-up: answering from the index on disk imports only what answering needs, loads the lexical
index built at ingestion instead of building it, and the exact search over the generation's vector
file finds what Chroma finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.answers.evaluation import load_questions
from bot.knowledge_base.index import ExactVectors
from bot.knowledge_base.ingestion import KnowledgeBase
from bot.search.lexical import LexicalIndex
from bot.search.lexical_cache import LEXICAL_FILE, PLAIN_FILE
from support import DEV_SET, HELDOUT, KNOWLEDGE, ROOT, make_settings

# Each takes from a third of a second (langchain) to over a second (chromadb) to import.
HEAVY = ("chromadb", "langchain_core", "langchain_text_splitters", "matplotlib", "telegram", "pypdf", "docx")

_PROBE = """
import json, os, sys
from bot.channels.cli import main
code = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & set(os.environ["HEAVY"].split()))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def _imports_of(kb_services, *args: str) -> dict:
    env = {**os.environ, "SOFIA_DATA_DIR": str(kb_services.settings.data_dir), "SOFIA_KNOWLEDGE_DIR": str(KNOWLEDGE),
           "PYTHONIOENCODING": "utf-8", "HEAVY": " ".join(HEAVY)}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _lexical_file(kb_services):
    kb = kb_services.knowledge
    return kb.root / kb.generation.name / LEXICAL_FILE


def test_a_cold_ask_search_and_eval_import_no_heavy_library(kb_services, tmp_path):
    lexical = _lexical_file(kb_services)
    before = lexical.stat().st_mtime_ns
    probe = _imports_of(kb_services, "ask", "Vem samordnar verksamheten i Timrå?", "--json")
    assert probe == {"code": 0, "heavy": []}
    assert lexical.stat().st_mtime_ns == before  # loaded as ingestion built it, not built again
    assert _imports_of(kb_services, "search", "anbudsskola", "--json")["heavy"] == []
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"question": "Erbjuder Uppsala anbudsskola?", "kind": "out_of_scope"}) + "\n")
    assert _imports_of(kb_services, "eval", str(questions))["heavy"] == []


def test_the_index_on_disk_is_searched_without_chroma(kb_services):
    kb = kb_services.knowledge
    assert isinstance(kb.retriever.store, ExactVectors)
    assert kb.retriever.store.count("") == len(kb.generation.chunks)


def test_a_cold_start_loads_the_lexical_index_ingestion_built(kb_services, monkeypatch):
    kb = kb_services.knowledge
    assert _lexical_file(kb_services).is_file()

    def no_building(*args, **kwargs):
        raise AssertionError("the lexical index was built again at start")

    monkeypatch.setattr(LexicalIndex, "build", no_building)
    cold = KnowledgeBase.open(kb.settings, embedder=kb.embedder, ingest_if_missing=False)
    question = "Vem samordnar verksamheten i Timrå?"
    loaded = [h.chunk.id for h in cold.retriever.search(question, k=5)]
    assert loaded == [h.chunk.id for h in kb.retriever.search(question, k=5)]


def test_with_and_without_word_lists_each_keep_their_own_lexical_index(kb_services):
    kb = kb_services.knowledge
    before = _lexical_file(kb_services).stat().st_mtime_ns
    plain = KnowledgeBase.open(kb.settings.model_copy(update={"word_lists": False}), embedder=kb.embedder,
                               ingest_if_missing=False)
    assert plain.retriever.search("anbudsskola", k=1)
    assert (kb.root / kb.generation.name / PLAIN_FILE).is_file()
    assert _lexical_file(kb_services).stat().st_mtime_ns == before  # neither rebuilds the other's


def test_a_lexical_index_of_another_version_is_built_again(kb_services, tmp_path):
    kb = kb_services.knowledge
    folder = tmp_path / "index" / kb.generation.name
    folder.mkdir(parents=True)
    for name in ("chunks.jsonl", "manifest.json", "vectors.npy", "vector_ids.json"):
        (folder / name).write_bytes((kb.root / kb.generation.name / name).read_bytes())
    (tmp_path / "index" / "current.json").write_text(json.dumps({"generation": kb.generation.name}))
    (folder / LEXICAL_FILE).write_bytes(b"an-older-version\n" + _lexical_file(kb_services).read_bytes().split(b"\n", 1)[1])
    settings = make_settings(tmp_path, kb.settings.knowledge_dir)
    other = KnowledgeBase.open(settings, embedder=kb.embedder, ingest_if_missing=False)
    assert other.retriever.search("anbudsskola", k=1)
    assert (folder / LEXICAL_FILE).read_bytes().split(b"\n", 1)[0] == _lexical_file(kb_services).read_bytes().split(b"\n", 1)[0]


def test_exact_search_finds_the_neighbours_chroma_finds(kb_services, tmp_path):
    """The same candidates, in the same order, as Chroma's HNSW index over the same vectors."""
    pytest.importorskip("chromadb", reason="the chroma extra is not installed (make test installs it)")
    kb = KnowledgeBase.open(make_settings(tmp_path / "chroma-data", vector_store="chroma"), embedder=kb_services.knowledge.embedder)
    assert (tmp_path / "chroma-data" / "chroma").is_dir()
    exact = kb.retriever.store
    questions = [q["question"] for q in load_questions(DEV_SET) + load_questions(HELDOUT) if q["question"].strip()]
    vectors = kb.embedder.embed(questions)
    k = min(40, len(kb.generation.chunks))
    for question, vector in zip(questions, vectors):
        ours = exact.query(kb.generation.collection, vector, k)
        chroma = kb.store.query(kb.generation.collection, vector, k)
        assert [i for i, _ in ours] == [i for i, _ in chroma], question
        assert max(abs(a - b) for (_, a), (_, b) in zip(ours, chroma)) < 1e-4
