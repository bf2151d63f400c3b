"""Start-up: answering from the index on disk imports only what answering needs, and the exact
search over the generation's vector file finds what Chroma finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.evaluation import load_questions
from bot.index import ExactVectors
from support import DEV_SET, HELDOUT, KNOWLEDGE, ROOT

# Each takes from a third of a second (langchain) to over a second (chromadb) to import.
HEAVY = ("chromadb", "langchain_core", "langchain_text_splitters", "matplotlib", "telegram", "pypdf", "docx")

_PROBE = """
import json, os, sys
from bot.cli import main
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


def test_a_cold_ask_search_and_eval_import_no_heavy_library(kb_services, tmp_path):
    probe = _imports_of(kb_services, "ask", "Vem samordnar verksamheten i Timrå?", "--json")
    assert probe == {"code": 0, "heavy": []}
    assert _imports_of(kb_services, "search", "anbudsskola", "--json")["heavy"] == []
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"question": "Erbjuder Uppsala anbudsskola?", "kind": "out_of_scope"}) + "\n")
    assert _imports_of(kb_services, "eval", str(questions))["heavy"] == []


def test_the_index_on_disk_is_searched_without_chroma(kb_services):
    kb = kb_services.knowledge
    assert isinstance(kb.retriever.store, ExactVectors)
    assert kb.retriever.store.count("") == len(kb.generation.chunks)


def test_exact_search_finds_the_neighbours_chroma_finds(kb_services):
    """The same candidates, in the same order, as Chroma's HNSW index over the same vectors."""
    kb = kb_services.knowledge
    exact = kb.retriever.store
    questions = [q["question"] for q in load_questions(DEV_SET) + load_questions(HELDOUT) if q["question"].strip()]
    vectors = kb.embedder.embed(questions)
    k = min(40, len(kb.generation.chunks))
    for question, vector in zip(questions, vectors):
        ours = exact.query(kb.generation.collection, vector, k)
        chroma = kb.store.query(kb.generation.collection, vector, k)
        assert [i for i, _ in ours] == [i for i, _ in chroma], question
        assert max(abs(a - b) for (_, a), (_, b) in zip(ours, chroma)) < 1e-4
