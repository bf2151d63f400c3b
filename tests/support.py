"""Where things are, and settings for a test: imported by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DEV_SET = ROOT / "tests" / "data" / "dev.jsonl"  # the public sample of questions
HELDOUT = ROOT / "tests" / "data" / "heldout.jsonl"


def make_settings(data_dir: Path, knowledge_dir: Path = KNOWLEDGE, **values) -> Settings:
    """Settings from these values alone: no .env file, and the environment is scrubbed by conftest.py."""
    return Settings(_env_file=None, data_dir=data_dir, knowledge_dir=knowledge_dir, **values)


def small_knowledge(root: Path) -> Path:
    """A knowledge folder of two real policies (Ljungby's and Uppsala's plan), the contacts and the
    domain's word lists: small enough to index in a test, real enough to answer from."""
    knowledge = root / "knowledge"
    (knowledge / "policies").mkdir(parents=True)
    for name in ("ljungby-policy-sociala-foretag.md", "uppsala-handlingsplan-sociala-foretag.md"):
        shutil.copy(KNOWLEDGE / "policies" / name, knowledge / "policies" / name)
    shutil.copy(KNOWLEDGE / "contacts.yaml", knowledge / "contacts.yaml")
    shutil.copytree(KNOWLEDGE / "lexicon", knowledge / "lexicon")
    return knowledge
