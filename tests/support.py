"""Where things are, and settings for a test: imported by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DEV_SET = ROOT / "tests" / "data" / "dev.jsonl"  # the public sample of questions
HELDOUT = ROOT / "tests" / "data" / "heldout.jsonl"


def make_settings(data_dir: Path, knowledge_dir: Path = KNOWLEDGE, **values) -> Settings:
    """Settings from these values alone: no .env file, and the environment is scrubbed by conftest.py."""
    return Settings(_env_file=None, data_dir=data_dir, knowledge_dir=knowledge_dir, **values)
