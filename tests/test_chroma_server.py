"""The server mode: Sofia's index in a Chroma server on loopback (`chroma run`), not on local disk."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.knowledge_base.ingestion import KnowledgeBase
from support import make_settings
from files import policy_md, write

CHROMA = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    if not Path(CHROMA).exists():
        pytest.skip("the chroma command is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [CHROMA, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma run did not start")
    yield f"127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def test_ingest_and_search_through_a_chroma_server(tmp_path, embedder, chroma_server):
    knowledge = tmp_path / "knowledge"
    write(knowledge / "ort-policy.md", policy_md("Ort", "## Ansvar\n\nArbetsmarknadsenheten samordnar verksamheten."))
    settings = make_settings(tmp_path / "data", knowledge, chroma_url=chroma_server)
    kb = KnowledgeBase.open(settings, embedder=embedder)
    assert not (tmp_path / "data" / "chroma").exists()  # vectors live in the server
    assert kb.store.collections() == [kb.generation.collection]
    hit = kb.retriever.search("Vem samordnar verksamheten?", k=1, mode="dense")[0]
    assert hit.chunk.document == "ort-policy"
    write(knowledge / "ort-policy.md", policy_md("Ort", "## Ansvar\n\nSocialförvaltningen samordnar stödet."))
    report = kb.ingest(progress=False)
    assert report.updated == ["ort-policy.md"] and len(kb.store.collections()) == 1
